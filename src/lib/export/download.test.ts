import { describe, expect, it } from 'vitest';
import { exportFileName, localDate } from './download.ts';

describe('exportFileName', () => {
  const d = new Date(2026, 10, 23, 23, 59); // 23 November 2026, late evening local time
  it('names each export in Chinese with the local date', () => {
    expect(localDate(d)).toBe('2026-11-23');
    expect(exportFileName('wide', d)).toBe('年报数据_宽表_2026-11-23.csv');
    expect(exportFileName('long', d)).toBe('年报数据_长表_2026-11-23.csv');
    expect(exportFileName('audit', d)).toBe('年报审核表_2026-11-23.csv');
    expect(exportFileName('json', d)).toBe('年报库_2026-11-23.json');
  });
  it('says how many reports a selection holds', () => {
    expect(exportFileName('wide', new Date(2027, 0, 5), 12)).toBe('年报数据_宽表_所选12份_2027-01-05.csv');
  });
});

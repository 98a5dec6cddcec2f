/** The compact summary: what it holds, and that it reads back exactly what was written. */
import { describe, expect, it } from 'vitest';
import { FIELD_IDS } from '../form/model.ts';
import type { Entry } from '../model/entry.ts';
import { storeFixtures } from './__fixtures__/reports.ts';
import { SUMMARY_FORMAT, decodeSummary, encodeSummary, summarize } from './summary.ts';

const [A] = storeFixtures();
const entry = (over: Partial<Entry> = {}): Entry => ({
  id: A.sha,
  file: A.name,
  size: A.bytes.length,
  addedAt: '2026-01-05T00:00:00.000Z',
  report: A.report,
  corrections: {},
  officeOverride: null,
  ...over,
});

describe('summary', () => {
  it('keeps the publication date and the narrative hashes the cross-report audit needs', () => {
    const narrative = { part1: ['a1b2c3d4', '0f0f0f0f'], part5: ['12345678'] };
    const e = entry({ report: { ...A.report, meta: { ...A.report.meta, published: '2025-01-20', narrative } } });
    const s = summarize(e, true);
    expect(s.published).toBe('2025-01-20');
    expect(s.narrative).toEqual(narrative);
    const stored = encodeSummary(s);
    expect(typeof stored.narrative).toBe('string');
    expect(decodeSummary(stored)).toEqual(s);
    const none = summarize(entry({ report: { ...A.report, meta: { ...A.report.meta, published: null, narrative: undefined } } }), true);
    expect(decodeSummary(encodeSummary(none))).toMatchObject({ published: null, narrative: null });
  });

  it('stores the 200 values as one JSON array in form order and reads them back exactly', () => {
    const e = entry({
      corrections: {
        's4.review.total': { value: 3.5, original: 0, note: '', at: '2026-01-06T00:00:00.000Z' },
        's3.new.natural': { value: '/', original: 71, note: '', at: '2026-01-06T00:00:00.000Z' },
        's2.regulations.made': { value: null, original: 0, note: '', at: '2026-01-06T00:00:00.000Z' },
      },
    });
    const s = summarize(e, true);
    expect(s.corrected).toEqual(['s2.regulations.made', 's3.new.natural', 's4.review.total']);
    const stored = encodeSummary(s);
    expect(FIELD_IDS).toHaveLength(200);
    expect(stored.format).toBe(SUMMARY_FORMAT);
    expect(SUMMARY_FORMAT.startsWith('3:200:')).toBe(true);
    const values = JSON.parse(stored.values) as unknown[];
    expect(values).toHaveLength(200);
    expect(values[FIELD_IDS.indexOf('s3.new.natural')]).toBe('/');
    expect(values[FIELD_IDS.indexOf('s4.review.total')]).toBe(3.5);
    expect(values[FIELD_IDS.indexOf('s2.regulations.made')]).toBeNull();
    expect(values[FIELD_IDS.indexOf('s3.new.total')]).toBe(74);
    expect('fields' in stored).toBe(false);
    expect(decodeSummary(stored)).toEqual(s);
    // '/' in the 自然人 cell of row 一 leaves its row and column relations uncheckable; 行政复议 总计 3.5
    // against items summing to 0 fails.
    expect(s.checks).toEqual({ ok: 39, failed: 1, unchecked: 2 });
  });

  it('builds the fields of a read summary on first use, and they spread, clone and stringify as data', () => {
    const e = entry({ corrections: { 's3.new.natural': { value: '/', original: 71, note: '', at: '2026-01-06T00:00:00.000Z' } } });
    const s = summarize(e, true);
    const d = decodeSummary(encodeSummary(s))!;
    expect(Object.getOwnPropertyDescriptor(d, 'fields')!.get).toBeTypeOf('function');
    expect(d.fields).toBe(d.fields);
    expect(d.fields['s3.new.natural']).toBe('/');
    expect(d.fields['s3.new.total']).toBe(74);
    expect(Object.keys(d.fields)).toEqual([...FIELD_IDS]);
    const spread = { ...d, office: '平潭' };
    expect(Object.getOwnPropertyDescriptor(spread, 'fields')!.value).toEqual(s.fields);
    expect(structuredClone(d).fields).toEqual(s.fields);
    expect(JSON.parse(JSON.stringify(d)).fields).toEqual(s.fields);
  });

  it('reads nothing from another format or a wrong number of values', () => {
    const stored = encodeSummary(summarize(entry(), true));
    expect(decodeSummary({ ...stored, format: '1:199:0' })).toBeNull();
    expect(decodeSummary({ ...stored, values: JSON.stringify([1, 2, 3]) })).toBeNull();
  });

  it('lists the issues as codes, and carries the corrections', () => {
    const report = {
      ...A.report,
      issues: [
        { severity: 'warning' as const, code: 'cut.ambiguous', message: '…', field: 's3.new.natural' },
        { severity: 'info' as const, code: 'cell.blank', message: '…' },
        { severity: 'error' as const, code: 'table.not_found', message: '…', fields: ['s3.new.total'] },
      ],
    };
    const corrections = { 's3.new.total': { value: 75, original: 74, note: '核对原件', at: '2026-01-06T00:00:00.000Z' } };
    const s = summarize(entry({ report, corrections }), true);
    expect(s.issueCodes).toEqual(['warning:cut.ambiguous@s3.new.natural', 'info:cell.blank', 'error:table.not_found']);
    expect(s.issues).toEqual({ error: 1, warning: 1, info: 1 });
    expect(s.corrections).toEqual(corrections);
    expect(decodeSummary(encodeSummary(s))).toEqual(s);
  });

  it('has no check counts when the tables were not found', () => {
    const s = summarize(entry({ report: { ...A.report, checks: [] } }), false);
    expect(s.checks).toBeNull();
    expect(s.hasOriginal).toBe(false);
  });
});

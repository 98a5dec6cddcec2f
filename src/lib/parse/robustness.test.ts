/** The parser never throws on content: whatever arrives, a result whose issues say what is wrong. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIELD_IDS } from '../form/model.ts';
import { FIXTURES, seeds } from '../../../tests/unit/fixtures.ts';
import { parseReport } from './parse-report.ts';

const corpusText = (name: string) => readFileSync(path.join(FIXTURES, 'corpus', 'raw', `${name}.txt`), 'utf8');
const codes = (t: string | Uint8Array) => parseReport(t, { nowYear: 2026 }).issues.map((i) => i.code);

describe('bad content', () => {
  it('empty text: no tables, no office, no year', () => {
    const r = parseReport('', { nowYear: 2026 });
    expect(r.office).toBeNull();
    expect(r.year).toBeNull();
    expect(Object.keys(r.fields)).toHaveLength(200);
    expect(r.issues.map((i) => i.code)).toEqual(expect.arrayContaining(['office.missing', 'year.missing', 'text.no_chinese']));
  });
  it('empty bytes', () => expect(codes(new Uint8Array())).toContain('year.missing'));
  it('random binary bytes', () => {
    const b = new Uint8Array(50_000);
    let x = 7;
    for (let i = 0; i < b.length; i++) b[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
    expect(() => parseReport(b)).not.toThrow();
  });
  it('a Chinese document that is not a report', () => {
    const c = codes('关于召开2024年度工作总结会议的通知\n各科室：\n定于12月30日召开工作总结会议，请准时参加。\n办公室\n2024年12月20日');
    expect(c).toContain('table.not_found');
  });
  it('a report with prose but no tables', () => {
    const text = seeds()[0].text.split('二、主动公开政府信息情况')[0];
    const r = parseReport(text, { nowYear: 2026 });
    expect(r.office).toBe('卫滨区解放路街道办事处');
    expect(r.issues.map((i) => i.code)).toContain('table.not_found');
    expect(FIELD_IDS.every((id) => r.fields[id] === null)).toBe(true);
  });
  it('a report whose part 三 is cut off half way: the rows not found are null with an error', () => {
    const text = seeds()[0].text.split('（四） 无法提供')[0].split('(四) 无法提供')[0];
    const r = parseReport(text, { nowYear: 2026 });
    expect(r.fields['s3.new.total']).toBe(0);
    expect(r.fields['s3.total.total']).toBeNull();
    expect(r.issues.filter((i) => i.code === 'row.missing').length).toBeGreaterThan(5);
  });
  it('a 20 MB text file', () => {
    const text = seeds()[2].text + '\n' + '本年度各项工作稳步推进，群众满意度持续提升。'.repeat(900_000);
    expect(text.length).toBeGreaterThan(19_000_000);
    const r = parseReport(text, { nowYear: 2026 });
    expect(r.fields['s3.new.total']).toBe(101);
  });
  it('a 1 MB line of digits', () => {
    expect(() => parseReport('一、本年新收政府信息公开申请数量' + '7'.repeat(1_000_000))).not.toThrow();
  });
  it('giant numbers are kept as numbers and the arithmetic still runs', () => {
    const text = seeds()[0].text.replace('行政许可\t0', '行政许可\t123456789012');
    expect(parseReport(text).fields['s2.licensing']).toBe(123456789012);
  });
  it('a number of 400 digits is kept as the cell text, never as Infinity (npm run fuzz)', () => {
    let k = 0;
    const text = corpusText('049').replace(/\d+/g, (m) => (++k % 4 === 0 ? '9'.repeat(400) : m));
    const r = parseReport(text, { nowYear: 2026 });
    const values = Object.values(r.fields);
    expect(values.filter((v) => typeof v === 'number' && !Number.isFinite(v))).toEqual([]);
    expect(values.filter((v) => v === '9'.repeat(400)).length).toBeGreaterThan(0);
  });
  it('rows of 40- and 400-digit runs are cut in bounded time (a cell cut from a run has at most 15 digits)', () => {
    let k = 0;
    const text = corpusText('035').replace(/\d+/g, (m) => (++k % 4 === 0 ? '9'.repeat(400) : k % 4 === 2 ? '1'.repeat(40) : m));
    const t0 = performance.now();
    const r = parseReport(text, { nowYear: 2026 });
    expect(performance.now() - t0).toBeLessThan(8000); // 14 s before, 1.7 s after, on a loaded 2-core machine
    for (const v of Object.values(r.fields)) if (typeof v === 'number') expect(String(v).replace(/\D/g, '').length).toBeLessThanOrEqual(15);
  });
  it('a year in the future or before 2008 is not taken as the report year', () => {
    const r = parseReport('某某局2035年政府信息公开工作年度报告\n正文', { nowYear: 2026 });
    expect(r.year).toBeNull();
    expect(r.issues.map((i) => i.code)).toContain('year.missing');
  });
});

describe('encodings', () => {
  const seed002 = seeds().find((f) => f.name.startsWith('002'))!;
  const base = parseReport(seed002.text, { nowYear: 2026 });
  const utf16 = (s: string, be: boolean, bom: boolean) => {
    const out = new Uint8Array((s.length + (bom ? 1 : 0)) * 2);
    const all = (bom ? '\ufeff' : '') + s;
    for (let i = 0; i < all.length; i++) {
      const c = all.charCodeAt(i);
      out[2 * i + (be ? 1 : 0)] = c & 0xff;
      out[2 * i + (be ? 0 : 1)] = c >> 8;
    }
    return out;
  };
  const cases: [string, Uint8Array, string][] = [
    ['UTF-8 with BOM', new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(seed002.text)]), 'utf-8'],
    ['UTF-16LE with BOM', utf16(seed002.text, false, true), 'utf-16le'],
    ['UTF-16BE with BOM', utf16(seed002.text, true, true), 'utf-16be'],
    ['UTF-16LE without BOM', utf16(seed002.text, false, false), 'utf-16le'],
    ['GB18030', new Uint8Array(readFileSync(path.join(FIXTURES, 'encodings', '002.gb18030.txt'))), 'gb18030'],
  ];
  for (const [name, bytes, enc] of cases) {
    it(`${name}: same fields, and the encoding is said`, () => {
      const r = parseReport(bytes, { nowYear: 2026 });
      expect(r.meta.encoding).toBe(enc);
      expect(r.fields).toEqual(base.fields);
      expect(r.office).toBe('浉河区人民政府');
      if (enc !== 'utf-8') expect(r.issues.find((i) => i.code === 'text.encoding')?.message).toContain(enc.toUpperCase());
    });
  }
  it('GBK (a crawler text of 003)', () => {
    const r = parseReport(new Uint8Array(readFileSync(path.join(FIXTURES, 'encodings', '003.gbk.txt'))), { nowYear: 2026 });
    expect(r.meta.encoding).toBe('gb18030');
    expect(r.fields['s3.new.total']).toBe(218);
  });
});

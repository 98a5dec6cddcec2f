/**
 * The library table's rows on a generated library of 600 reports (tests/unit/export-fixtures.ts: 12 offices, years
 * 2021–2025, blanks, text cells, corrections, failed checks), read back as the app reads them (encoded, decoded):
 * filters give the rows an independent reading of the summaries gives, sorting orders them, and the two metrics
 * are computed from the values only when read.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { generatedEntries } from '../../../tests/unit/export-fixtures.ts';
import { computeMetric, metricDef } from '../analyze/metrics.ts';
import { officeLevel } from '../analyze/office.ts';
import { decodeSummary, encodeSummary, summarize, type EntrySummary } from '../store/summary.ts';
import { filterRows, rowOf, sortRows, warmMetrics, type LibraryRow } from './library-rows.ts';

const summaries: EntrySummary[] = generatedEntries(600).map((e) => decodeSummary(encodeSummary(summarize(e, false)))!);
const rows = summaries.map(rowOf);
const ids = (rs: readonly LibraryRow[]) => rs.map((r) => r.id).sort();
const idsWhere = (p: (s: EntrySummary) => boolean) => summaries.filter(p).map((s) => s.id).sort();

/** A copy of a summary that counts reads of its fields. */
function counted(s: EntrySummary): { s: EntrySummary; reads: () => number } {
  let n = 0;
  const fields = s.fields;
  const c = { ...s };
  Object.defineProperty(c, 'fields', {
    get: () => {
      n++;
      return fields;
    },
  });
  return { s: c, reads: () => n };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('library rows', () => {
  it('filters by text in the office, file or year, by year, level and problems', () => {
    const text = (q: string) => ids(filterRows(rows, { text: q }));
    const has = (s: EntrySummary, q: string) => [s.office ?? '', s.file, String(s.year ?? '')].some((x) => x.toLowerCase().includes(q));
    for (const q of ['街道', '淮安市', '12', '2023']) {
      const want = idsWhere((s) => has(s, q));
      expect(want.length, q).toBeGreaterThan(0);
      expect(want.length, q).toBeLessThan(600);
      expect(text(q), q).toEqual(want);
      // Case and the spaces around it do not matter.
      expect(text(` ${q.toUpperCase()} `), q).toEqual(want);
    }
    expect(text('不存在的机关')).toEqual([]);

    const in2023 = idsWhere((s) => s.year === 2023);
    expect(in2023.length).toBeGreaterThan(50);
    expect(ids(filterRows(rows, { year: 2023 }))).toEqual(in2023);
    const county = idsWhere((s) => !!s.office && officeLevel(s.office) === '县级');
    expect(county.length).toBeGreaterThan(0);
    expect(ids(filterRows(rows, { level: '县级' }))).toEqual(county);
    const problems = idsWhere((s) => (s.checks?.failed ?? 0) > 0 || s.issues.error > 0);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.length).toBeLessThan(600);
    expect(ids(filterRows(rows, { problems: true }))).toEqual(problems);
    expect(ids(filterRows(rows, { text: '街道', year: 2023, problems: true }))).toEqual(
      idsWhere((s) => has(s, '街道') && s.year === 2023 && ((s.checks?.failed ?? 0) > 0 || s.issues.error > 0)),
    );
    expect(ids(filterRows(rows, {}))).toEqual(ids(rows));
  });

  it('sorts by applications (unknown last either way), by office in Chinese order, by year', () => {
    for (const desc of [true, false]) {
      const sorted = sortRows([...rows], 'applications', desc);
      const known = sorted.filter((r) => r.applications !== null);
      expect(known.length).toBeGreaterThan(0);
      expect(sorted.slice(known.length).every((r) => r.applications === null)).toBe(true);
      for (let i = 1; i < known.length; i++)
        expect(desc ? known[i - 1].applications! >= known[i].applications! : known[i - 1].applications! <= known[i].applications!).toBe(true);
    }
    const zh = new Intl.Collator('zh-CN');
    const byOffice = sortRows([...rows], 'office', false);
    for (let i = 1; i < byOffice.length; i++) expect(zh.compare(byOffice[i - 1].office, byOffice[i].office)).toBeLessThanOrEqual(0);
    const byYear = sortRows([...rows], 'year', true).map((r) => r.year);
    expect(byYear.filter((y) => y !== null)).toEqual(byYear.filter((y) => y !== null).sort((a, b) => b! - a!));
    expect(byYear.slice(byYear.findIndex((y) => y === null)).every((y) => y === null)).toBe(true);
  });

  it('computes 申请总数 and 公开率 from the values when first read, once', () => {
    const { s, reads } = counted(summaries[7]);
    const row = rowOf(s);
    expect(row.office).toBe(s.office ?? '（未识别）');
    expect(reads()).toBe(0);
    expect(row.applications).toBe(computeMetric(metricDef('applications'), summaries[7].fields));
    expect(row.applications).toBe(row.applications);
    expect(reads()).toBe(1);
    expect(row.disclosure).toBe(computeMetric(metricDef('disclosure_rate'), summaries[7].fields));
    expect(reads()).toBe(2);
    expect(rowOf(s)).toBe(row);
  });

  it('computes every row’s metrics in slices once started, and stops when cancelled', () => {
    vi.useFakeTimers();
    const copies = summaries.slice(0, 60).map(counted);
    const fresh = copies.map((c) => rowOf(c.s));
    const cancel = warmMetrics(fresh, 100, 25);
    vi.advanceTimersByTime(99);
    expect(copies.filter((c) => c.reads() > 0)).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(copies.map((c) => c.reads())).toEqual([...Array(25).fill(2), ...Array(35).fill(0)]);
    cancel();
    vi.runAllTimers();
    expect(copies.filter((c) => c.reads() > 0)).toHaveLength(25);

    const others = summaries.slice(60, 120).map(counted);
    warmMetrics(others.map((c) => rowOf(c.s)), 0, 25);
    vi.runAllTimers();
    expect(others.every((c) => c.reads() === 2)).toBe(true);
  });
});

import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, type Expected } from '../../../tests/unit/fixtures.ts';
import { A, B, B_SPACED, C, generatedLibrary, handLibrary, makeEntry } from './__fixtures__/library.ts';
import {
  OTHER_LABEL,
  VIEW_LIMITS,
  buildDataset,
  compareYears,
  filterRows,
  metricSeries,
  officeSeries,
  officeYearMatrix,
  rankOffices,
  regions,
  stackByOffice,
  stackByYear,
} from './aggregate.ts';

const ds = buildDataset(handLibrary());
const rowsOf = (rows: { office: string; year: number }[]) => rows.map((r) => `${r.office} ${r.year}`);

describe('buildDataset', () => {
  it('has one row per office and year, sorted by name then year', () => {
    // 原 (U+539F) sorts before 淮 (U+6DEE).
    expect(rowsOf(ds.rows)).toEqual([
      `${C} 2022`, `${C} 2023`, `${C} 2024`,
      `${A} 2022`, `${A} 2023`, `${A} 2024`,
      `${B} 2022`, `${B} 2023`, `${B} 2024`,
    ]);
    expect(ds.years).toEqual([2022, 2023, 2024]);
    expect(ds.offices.map((o) => [o.name, o.level])).toEqual([
      [C, '乡镇级'],
      [A, '市级'],
      [B, '县级'],
    ]);
  });
  it('merges differently spaced names and says so, under the most used spelling', () => {
    expect(ds.merged).toHaveLength(1);
    expect(ds.merged[0].name).toBe(B);
    expect(ds.merged[0].variants).toEqual([B_SPACED, B]);
    expect(ds.rows.find((r) => r.entryId === 'b23')!.office).toBe(B);
  });
  it('keeps the latest of two reports for one office and year, and lists the other', () => {
    expect(ds.duplicates).toEqual([{ office: C, year: 2024, kept: 'c24', dropped: ['c24old'] }]);
    expect(ds.skipped).toEqual([{ entryId: 'nobody', reason: 'no_office' }]);
  });
  it('uses the user’s office override and skips a report without a year', () => {
    const d = buildDataset([
      makeEntry('x', '某县人民政府', 2024, {}, { officeOverride: A }),
      makeEntry('y', A, null, {}),
    ]);
    expect(d.rows.map((r) => r.office)).toEqual([A]);
    expect(d.skipped).toEqual([{ entryId: 'y', reason: 'no_year' }]);
  });
  it('computes metrics on the corrected fields (C 2024: （一）1 corrected to 2)', () => {
    const c24 = ds.rows.find((r) => r.entryId === 'c24')!;
    expect(c24.metrics.disclosure_rate).toBe(60); // (2 + 1) ÷ 5, not (1 + 1) ÷ 5
  });
});

describe('filters', () => {
  it('by year, office (any spelling), level and region prefix', () => {
    expect(rowsOf(filterRows(ds, { years: [2023] }))).toEqual([`${C} 2023`, `${A} 2023`, `${B} 2023`]);
    expect(filterRows(ds, { offices: [B_SPACED] }).map((r) => r.entryId)).toEqual(['b22', 'b23', 'b24']);
    expect(filterRows(ds, { levels: ['乡镇级'] }).map((r) => r.entryId)).toEqual(['c22', 'c23', 'c24']);
    expect(filterRows(ds, { region: '淮安市' }).map((r) => r.entryId)).toEqual(['a22', 'a23', 'a24', 'b22', 'b23', 'b24']);
    expect(filterRows(ds, { region: '淮安市清江浦区', years: [2022, 2024] }).map((r) => r.entryId)).toEqual(['b22', 'b24']);
    expect(filterRows(ds, {})).toHaveLength(9);
  });
  it('lists the region prefixes with their office counts', () => {
    expect(regions(ds)).toEqual([
      { prefix: '原州区', offices: 1 },
      { prefix: '原州区南关街道', offices: 1 },
      { prefix: '淮安市', offices: 2 },
      { prefix: '淮安市清江浦区', offices: 1 },
    ]);
  });
});

describe('one office across years', () => {
  it('gives one series per metric', () => {
    const s = officeSeries(ds, A, ['applications', 'disclosure_rate'])!;
    expect(s.title).toBe(A);
    expect(s.years).toEqual([2022, 2023, 2024]);
    expect(s.series[0]).toEqual({ key: 'applications', label: '申请总数', unit: '件', values: [54, 84, 104] });
    expect(s.series[1].values).toEqual([72, 62.5, 64]); // 36/50, 50/80, 64/100
    expect(s.missingYears).toEqual([]);
  });
  it('shows a missing year as a gap, and a blank as null', () => {
    const lib = handLibrary().filter((e) => e.id !== 'b23');
    const s = officeSeries(buildDataset(lib), B, ['disclosure_rate', 'applications'])!;
    expect(s.years).toEqual([2022, 2023, 2024]);
    expect(s.series[0].values).toEqual([50, null, null]); // 2024: （二）部分公开 blank
    expect(s.series[1].values).toEqual([10, null, 32]);
    expect(s.missingYears).toEqual([2023]);
  });
  it('is null for an unknown office', () => expect(officeSeries(ds, '不存在的机关', ['applications'])).toBeNull());
  it('several offices for one metric', () => {
    const s = metricSeries(ds, 'review_correction_rate', [A, B_SPACED, '不存在的机关']);
    expect(s.series.map((x) => x.label)).toEqual([A, B]);
    expect(s.series[0].values).toEqual([25, 50, null]); // 1/(4−0), 2/(5−1), 0 cases
    expect(s.series[1].values).toEqual([null, 0, null]); // 0/1 in 2023
    expect(s.title).toBe('复议纠错率');
  });
});

describe('offices side by side in one year', () => {
  it('ranks by a metric, top N with the rest pooled as 其他', () => {
    const r = rankOffices(ds, 2023, 'disclosure_rate', { n: 1 });
    expect(r.all.map((x) => [x.office, x.rank])).toEqual([[A, 1], [B, 2], [C, 3]]);
    expect(r.all[1].value).toBeCloseTo(500 / 9, 10); // 10/18
    expect(r.shown.map((x) => x.office)).toEqual([A]);
    expect(r.rest).toEqual({ label: OTHER_LABEL, offices: 2, value: 55 }); // (10 + 1) ÷ (18 + 2)
    expect(r.missing).toEqual([]);
  });
  it('bottom N, and offices without a value listed apart', () => {
    const r = rankOffices(ds, 2024, 'disclosure_rate', { order: 'asc' });
    expect(r.all.map((x) => [x.office, x.value])).toEqual([[C, 60], [A, 64]]);
    expect(r.rest).toBeNull();
    expect(r.missing).toEqual([B]);
  });
  it('ties share a rank and are ordered by name', () => {
    const r = rankOffices(ds, 2022, 'review_total');
    expect(r.all.map((x) => [x.office, x.value, x.rank])).toEqual([[A, 4, 1], [C, 0, 2], [B, 0, 2]]);
  });
  it('filters by level and region', () => {
    expect(rankOffices(ds, 2022, 'applications', { filter: { region: '淮安市' } }).all.map((x) => x.value)).toEqual([54, 10]);
    expect(rankOffices(ds, 2022, 'applications', { filter: { levels: ['县级', '乡镇级'] } }).all.map((x) => x.office)).toEqual([B, C]);
  });
  it('clamps N to the bar limit', () => {
    expect(rankOffices(ds, 2022, 'applications', { n: 999 }).shown).toHaveLength(3);
    expect(rankOffices(ds, 2022, 'applications', { n: 0 }).shown).toHaveLength(1);
  });
});

describe('office × year matrix', () => {
  it('orders rows by mean value and pools the rest per year', () => {
    // means: A (72 + 62.5 + 64) / 3 = 66.17; C (50 + 60) / 2 = 55; B (50 + 55.56) / 2 = 52.78
    const m = officeYearMatrix(ds, 'disclosure_rate', { n: 2 });
    expect(m.years).toEqual([2022, 2023, 2024]);
    expect(m.offices).toEqual([A, C]);
    expect(m.values).toEqual([
      [72, 62.5, 64],
      [null, 50, 60],
    ]);
    expect(m.rest!.offices).toBe(1);
    expect(m.rest!.values[0]).toBe(50);
    expect(m.rest!.values[1]).toBeCloseTo(500 / 9, 10);
    expect(m.rest!.values[2]).toBeNull();
    expect(m.rest!.value).toBeCloseTo(1500 / 28, 10); // (5 + 10) ÷ (10 + 18)
    expect([m.min, m.max]).toEqual([50, 72]);
  });
  it('can order by name and has no 其他 when all fit', () => {
    const m = officeYearMatrix(ds, 'applications', { sort: 'name' });
    expect(m.offices).toEqual([C, A, B]);
    expect(m.values).toEqual([
      [0, 2, 5],
      [54, 84, 104],
      [10, 20, 32],
    ]);
    expect(m.rest).toBeNull();
  });
});

describe('stacked applicant and outcome types', () => {
  it('applicants of offices in one year (一、本年新收 by column)', () => {
    const s = stackByOffice(ds, 'applicants', 2024);
    expect(s.categories).toEqual([A, B, C]);
    expect(s.segments.map((g) => g.label)).toEqual(['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他']);
    expect(s.segments.map((g) => g.values[0])).toEqual([70, 20, 1, 1, 4, 4]);
    expect(s.segments[0].values).toEqual([70, 27, 5]);
    expect(s.totals).toEqual([100, 30, 5]);
    expect(s.rest).toBeNull();
  });
  it('outcomes with the rest pooled, blanks left out and counted', () => {
    const s = stackByOffice(ds, 'outcomes', 2024, { n: 1 });
    expect(s.categories).toEqual([A, OTHER_LABEL]);
    expect(s.segments.map((g) => g.label)).toEqual(['（一）予以公开', '（二）部分公开', '（三）不予公开', '（四）无法提供', '（五）不予处理', '（六）其他处理']);
    expect(s.segments.map((g) => g.values)).toEqual([
      [60, 26], // B 24 + C 2 (corrected)
      [4, 1], // B blank, C 1
      [6, 2],
      [24, 5],
      [4, 1],
      [2, 0],
    ]);
    expect(s.rest).toEqual({ label: OTHER_LABEL, offices: 2, missing: 1 });
  });
  it('shares: % of the segment sum, null for a category with a blank', () => {
    const s = stackByOffice(ds, 'outcomes', 2024, { mode: 'share' });
    expect(s.categories).toEqual([A, B, C]);
    expect(s.segments.map((g) => g.values[0])).toEqual([60, 4, 6, 24, 4, 2]); // A's sum is 100
    expect(s.segments.map((g) => g.values[1])).toEqual([null, null, null, null, null, null]);
    expect(s.segments.map((g) => g.values[2])).toEqual([40, 20, 0, 20, 20, 0]); // 2,1,0,1,1,0 of 5
  });
  it('one office across years', () => {
    const s = stackByYear(ds, 'outcomes', A)!;
    expect(s.by).toBe('year');
    expect(s.categories).toEqual(['2022', '2023', '2024']);
    expect(s.segments[0].values).toEqual([30, 40, 60]);
    expect(s.segments[5].values).toEqual([0, 2, 2]);
  });
});

describe('two years of one office', () => {
  it('lists every changed field with old → new and delta, in form order', () => {
    const c = compareYears(ds, A, 2022, 2023)!;
    expect(c.changes.map((x) => [x.field, x.from, x.to, x.delta])).toEqual([
      ['s2.normative.made', 3, '/', null],
      ['s3.new.natural', 40, 60, 20],
      ['s3.new.commercial', 5, 10, 5],
      ['s3.new.legal', 3, 5, 2],
      ['s3.new.other_org', 2, 5, 3],
      ['s3.new.total', 50, 80, 30],
      ['s3.granted.total', 30, 40, 10],
      ['s3.partial.total', 6, 10, 4],
      ['s3.denied.law.total', 2, 4, 2],
      ['s3.unable.no_info.total', 10, 20, 10],
      ['s3.ignored.duplicate.total', 2, 4, 2],
      ['s3.other.other.total', 0, 2, 2],
      ['s3.total.total', 50, 80, 30],
      ['s4.review.upheld', 3, 2, -1],
      ['s4.review.corrected', 1, 2, 1],
      ['s4.review.pending', 0, 1, 1],
      ['s4.review.total', 4, 5, 1],
    ]);
    expect(c.unchanged).toBe(183);
    expect(c.changes[1].label).toBe('一、本年新收·自然人');
    const dr = c.metrics.find((m) => m.metric === 'disclosure_rate')!;
    expect([dr.from, dr.to, dr.delta]).toEqual([72, 62.5, -9.5]);
    const nm = c.metrics.find((m) => m.metric === 'normative_made')!;
    expect([nm.from, nm.to, nm.delta]).toEqual([3, null, null]);
  });
  it('a blank that became a number has no delta; a missing year gives null', () => {
    const c = compareYears(ds, B_SPACED, 2023, 2024)!;
    expect(c.office).toBe(B);
    expect(c.changes.find((x) => x.field === 's3.partial.total')).toEqual({ field: 's3.partial.total', label: '（二）部分公开·总计', from: 2, to: null, delta: null });
    expect(compareYears(ds, A, 2021, 2022)).toBeNull();
  });
});

describe('on the real corpus (平潭综合实验区, values from the expected files)', () => {
  const dir = path.join(FIXTURES, 'corpus', 'expected');
  const lib = readdirSync(dir).map((f) => {
    const e = JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as Expected;
    return makeEntry(f, e.office, e.year, e.fields as never);
  });
  const real = buildDataset(lib);
  it('finds 8 offices, all in the region, none merged', () => {
    expect(real.offices).toHaveLength(8);
    expect(filterRows(real, { region: '平潭综合实验区' })).toHaveLength(12);
    expect(real.merged).toEqual([]);
  });
  it('the zone’s own reports over the years: 公开率 and 复议纠错率', () => {
    const s = officeSeries(real, '平潭综合实验区', ['disclosure_rate', 'review_correction_rate'])!;
    expect(s.years).toEqual([2019, 2020, 2021, 2022, 2023, 2024]);
    expect(s.missingYears).toEqual([2020, 2021, 2023]);
    // 2019: (7 + 1) / 23; 2022: (21 + 9) / 75; 2024: (71 + 29) / 218
    expect(s.series[0].values.map((v) => (v === null ? null : Math.round(v * 100) / 100))).toEqual([34.78, null, null, 40, null, 45.87]);
    // 2022: 1 / (2 − 0); 2024: 1 / (7 − 1)
    expect(s.series[1].values.map((v) => (v === null ? null : Math.round(v * 100) / 100))).toEqual([null, null, null, 50, null, 16.67]);
  });
  it('ranks 2023 by 申请总数', () => {
    const r = rankOffices(real, 2023, 'applications');
    expect(r.all.map((x) => [x.office, x.value, x.rank])).toEqual([
      ['平潭综合实验区社会事业局', 1, 1],
      ['平潭综合实验区金井片区管理局', 1, 1],
      ['平潭综合实验区海坛片区管理局', 0, 3],
    ]);
  });
});

describe('a generated library of 1,000 offices × 6 years', () => {
  const big = buildDataset(generatedLibrary(1000, 6));
  it('has every office and year once', () => {
    expect(big.rows).toHaveLength(6000);
    expect(big.offices).toHaveLength(1000);
    expect(big.years).toEqual([2019, 2020, 2021, 2022, 2023, 2024]);
    expect(new Set(big.offices.map((o) => o.level))).toEqual(new Set(['市级', '县级', '乡镇级']));
  });
  it('views stay within their limits, with the rest in 其他', () => {
    const r = rankOffices(big, 2024, 'applications', { n: 500 });
    expect(r.shown).toHaveLength(VIEW_LIMITS.bars);
    expect(r.rest!.offices + r.shown.length + r.missing.length).toBe(1000);
    expect(r.rest!.value).toBe(r.all.slice(VIEW_LIMITS.bars).reduce((a, x) => a + x.value, 0));
    const m = officeYearMatrix(big, 'disclosure_rate');
    expect(m.offices).toHaveLength(VIEW_LIMITS.heatmapRows);
    expect(m.rest!.offices).toBe(1000 - VIEW_LIMITS.heatmapRows);
    const s = stackByOffice(big, 'applicants', 2024, { n: 100 });
    expect(s.categories).toHaveLength(VIEW_LIMITS.stackBars + 1);
    // The pooled 其他 plus the shown bars add up to the year's total of 一、本年新收.
    const all = filterRows(big, { years: [2024] }).reduce((a, x) => a + (x.fields['s3.new.total'] as number), 0);
    expect(s.totals.reduce((a, b) => a + b, 0)).toBe(all);
    expect(metricSeries(big, 'applications', big.offices.slice(0, 20).map((o) => o.name)).series).toHaveLength(VIEW_LIMITS.lines);
  });
});

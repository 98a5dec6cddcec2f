import { describe, expect, it } from 'vitest';
import { FIELD_IDS, emptyFields, type Fields } from '../form/model.ts';
import { effectiveFields } from '../model/entry.ts';
import { makeEntry } from './__fixtures__/library.ts';
import { METRICS, METRIC_BY_ID, computeMetrics, formatMetric, metricDef, poolMetric } from './metrics.ts';

/**
 * A small report written out by hand (总计 column of part 三, part 四, part 二):
 * 一 10 (自然人 8, 商业企业 1, 法律服务机构 1), 二 2; （一）5 （二）1 （三）2 （四）2 （五）1 （六）0 → （七）11; 四 1.
 * 复议 维持 2 纠正 1 其他 0 未结 1 总计 4; 直接起诉 1/0/0/0/1; 复议后起诉 0/1/0/1/2.
 */
function handReport(): Fields {
  const f = emptyFields();
  const set = (o: Record<string, number | string | null>) => Object.assign(f, o);
  set({ 's3.new.natural': 8, 's3.new.commercial': 1, 's3.new.research': 0, 's3.new.social': 0, 's3.new.legal': 1, 's3.new.other_org': 0, 's3.new.total': 10 });
  set({ 's3.carried.total': 2, 's3.granted.total': 5, 's3.partial.total': 1 });
  set({ 's3.denied.secret.total': 0, 's3.denied.law.total': 1, 's3.denied.safety.total': 0, 's3.denied.third_party.total': 0 });
  set({ 's3.denied.internal.total': 0, 's3.denied.process.total': 1, 's3.denied.enforcement.total': 0, 's3.denied.query.total': 0 });
  set({ 's3.unable.no_info.total': 2, 's3.unable.need_create.total': 0, 's3.unable.unclear.total': 0 });
  set({ 's3.ignored.petition.total': 0, 's3.ignored.duplicate.total': 1, 's3.ignored.publication.total': 0, 's3.ignored.massive.total': 0, 's3.ignored.confirm.total': 0 });
  set({ 's3.other.overdue_correction.total': 0, 's3.other.overdue_fee.total': 0, 's3.other.other.total': 0 });
  set({ 's3.total.total': 11, 's3.carryforward.total': 1 });
  set({ 's4.review.upheld': 2, 's4.review.corrected': 1, 's4.review.other': 0, 's4.review.pending': 1, 's4.review.total': 4 });
  set({ 's4.suit_direct.upheld': 1, 's4.suit_direct.corrected': 0, 's4.suit_direct.other': 0, 's4.suit_direct.pending': 0, 's4.suit_direct.total': 1 });
  set({ 's4.suit_after_review.upheld': 0, 's4.suit_after_review.corrected': 1, 's4.suit_after_review.other': 0, 's4.suit_after_review.pending': 1, 's4.suit_after_review.total': 2 });
  set({ 's2.regulations.made': 0, 's2.regulations.valid': 2, 's2.normative.made': 3, 's2.normative.valid': 40 });
  set({ 's2.licensing': 120, 's2.punishment': 35, 's2.coercion': 0, 's2.fees': 1.25 });
  return f;
}

describe('metric definitions', () => {
  it('have unique ids, Chinese names and formulas, and read only canonical fields', () => {
    expect(new Set(METRICS.map((m) => m.id)).size).toBe(METRICS.length);
    for (const m of METRICS) {
      expect(m.name).toMatch(/[\u4e00-\u9fff]/);
      expect(m.formula).toMatch(/[\u4e00-\u9fff]/);
      for (const id of m.fields) expect(FIELD_IDS).toContain(id);
      expect(m.kind === 'rate').toBe(m.unit === '%');
    }
  });

  it('name the metrics the issue asks for', () => {
    const names = METRICS.map((m) => m.name);
    for (const n of ['申请总数', '办结数', '公开率', '不予公开率', '无法提供率', '不予处理率', '结转率', '自然人申请占比', '法人或其他组织申请占比', '复议纠错率', '诉讼纠错率', '复议诉讼总数', '规范性文件制发数', '现行有效规范性文件数', '行政许可决定数', '行政处罚决定数', '行政强制决定数', '行政事业性收费金额'])
      expect(names).toContain(n);
  });

  it('state the formula with the form labels', () => {
    expect(metricDef('disclosure_rate').formula).toBe('（（一）予以公开 + （二）部分公开）÷（七）总计 × 100%（总计列）');
    expect(metricDef('review_correction_rate').formula).toBe('行政复议·结果纠正 ÷（行政复议·总计 − 行政复议·尚未审结）× 100%');
    expect(metricDef('fees').unit).toBe('万元');
    expect(() => metricDef('nope')).toThrow(/unknown metric/);
  });
});

describe('every metric on a hand-written report', () => {
  const v = computeMetrics(handReport());
  it.each([
    ['applications', 12],
    ['new', 10],
    ['handled', 11],
    ['natural_applications', 8],
    ['org_applications', 2],
    ['natural_share', 80],
    ['org_share', 20],
    ['review_total', 4],
    ['suit_total', 3],
    ['review_suit_total', 7],
    ['regulations_made', 0],
    ['regulations_valid', 2],
    ['normative_made', 3],
    ['normative_valid', 40],
    ['licensing', 120],
    ['punishment', 35],
    ['coercion', 0],
    ['fees', 1.25],
    ['other_rate', 0],
    ['suit_correction_rate', 50],
  ])('%s = %s', (id, expected) => expect(v[id]).toBe(expected));
  it.each([
    ['carryforward_rate', 100 / 12], // 1 ÷ (10 + 2)
    ['disclosure_rate', 600 / 11], // (5 + 1) ÷ 11
    ['denied_rate', 200 / 11], // (1 + 1) ÷ 11
    ['unable_rate', 200 / 11],
    ['ignored_rate', 100 / 11],
    ['review_correction_rate', 100 / 3], // 1 ÷ (4 − 1)
  ])('%s ≈ %s', (id, expected) => expect(v[id]).toBeCloseTo(expected, 10));
  it('computes every defined metric', () => expect(Object.keys(v).sort()).toEqual(METRICS.map((m) => m.id).sort()));
});

describe('blanks and text cells give no value, never 0', () => {
  it('a blank 二、上年结转 voids 申请总数 and 结转率 only', () => {
    const f = { ...handReport(), 's3.carried.total': null };
    const v = computeMetrics(f);
    expect(v.applications).toBeNull();
    expect(v.carryforward_rate).toBeNull();
    expect(v.handled).toBe(11);
    expect(v.disclosure_rate).toBeCloseTo(600 / 11, 10);
  });
  it('a "/" in one 不予公开 sub-row voids 不予公开率 but not 公开率', () => {
    const v = computeMetrics({ ...handReport(), 's3.denied.query.total': '/' });
    expect(v.denied_rate).toBeNull();
    expect(v.disclosure_rate).toBeCloseTo(600 / 11, 10);
  });
  it('"-" in 尚未审结 voids 复议纠错率 but not 行政复议数', () => {
    const v = computeMetrics({ ...handReport(), 's4.review.pending': '-' });
    expect(v.review_correction_rate).toBeNull();
    expect(v.review_total).toBe(4);
    expect(v.review_suit_total).toBe(7);
  });
  it('a text fee ("无") and a blank 行政许可 stay null', () => {
    const v = computeMetrics({ ...handReport(), 's2.fees': '无', 's2.licensing': null });
    expect(v.fees).toBeNull();
    expect(v.licensing).toBeNull();
    expect(v.punishment).toBe(35);
  });
  it('an empty report gives null everywhere', () => {
    const v = computeMetrics(emptyFields());
    for (const m of METRICS) expect(v[m.id]).toBeNull();
  });
  it('non-finite numbers are not values', () => {
    expect(computeMetrics({ ...handReport(), 's2.punishment': Number.NaN }).punishment).toBeNull();
  });
});

describe('zero denominators give null', () => {
  const zero = (): Fields => {
    const f = handReport();
    for (const id of FIELD_IDS) if (id.startsWith('s3.') || id.startsWith('s4.')) f[id] = 0;
    return f;
  };
  it('a report with no applications has counts of 0 and no rates', () => {
    const v = computeMetrics(zero());
    expect(v.applications).toBe(0);
    expect(v.handled).toBe(0);
    for (const id of ['disclosure_rate', 'denied_rate', 'unable_rate', 'ignored_rate', 'other_rate', 'carryforward_rate', 'natural_share', 'org_share', 'review_correction_rate', 'suit_correction_rate'])
      expect(v[id]).toBeNull();
  });
  it('复议纠错率 is null when every case is still pending (总计 − 尚未审结 = 0)', () => {
    const v = computeMetrics({ ...handReport(), 's4.review.upheld': 0, 's4.review.corrected': 0, 's4.review.pending': 3, 's4.review.total': 3 });
    expect(v.review_correction_rate).toBeNull();
    expect(v.review_total).toBe(3);
  });
  it('a negative denominator from an inconsistent report is no rate either', () => {
    expect(computeMetrics({ ...handReport(), 's4.review.pending': 5 }).review_correction_rate).toBeNull();
  });
});

describe('corrections', () => {
  it('metrics read the corrected value, not the parsed one', () => {
    const f = handReport();
    const e = makeEntry('x', '某县', 2024, f, { corrections: { 's3.granted.total': 6, 's3.carried.total': null } });
    const v = computeMetrics(effectiveFields(e));
    expect(v.disclosure_rate).toBeCloseTo(700 / 11, 10); // (6 + 1) ÷ 11
    expect(v.applications).toBeNull();
    expect(computeMetrics(f).disclosure_rate).toBeCloseTo(600 / 11, 10);
  });
  it('a correction can fill a blank', () => {
    const f = { ...handReport(), 's3.partial.total': null };
    expect(computeMetrics(f).disclosure_rate).toBeNull();
    const e = makeEntry('x', '某县', 2024, f, { corrections: { 's3.partial.total': 1 } });
    expect(computeMetrics(effectiveFields(e)).disclosure_rate).toBeCloseTo(600 / 11, 10);
  });
});

describe('poolMetric', () => {
  it('pools rates as Σ num ÷ Σ den, leaving out reports with no value', () => {
    const a = handReport(); // (5 + 1) / 11
    const b = { ...handReport(), 's3.granted.total': 1, 's3.partial.total': 0, 's3.total.total': 9 }; // 1 / 9
    const c = { ...handReport(), 's3.partial.total': null };
    const p = poolMetric(metricDef('disclosure_rate'), [a, b, c]);
    expect(p.value).toBeCloseTo(700 / 20, 10); // (6 + 1) ÷ (11 + 9), not the mean of 54.5% and 11.1%
    expect(p.used).toBe(2);
    expect(p.missing).toBe(1);
  });
  it('sums counts and decimal fees without float noise', () => {
    const f1 = { ...handReport(), 's2.fees': 0.1 };
    const f2 = { ...handReport(), 's2.fees': 0.2 };
    expect(poolMetric(metricDef('fees'), [f1, f2]).value).toBe(0.3);
    expect(poolMetric(metricDef('applications'), [f1, f2, { ...f2, 's3.new.total': null }])).toEqual({ value: 24, used: 2, missing: 1 });
  });
  it('gives null when no report has a value', () => {
    expect(poolMetric(metricDef('disclosure_rate'), [emptyFields()])).toEqual({ value: null, used: 0, missing: 1 });
    expect(poolMetric(metricDef('disclosure_rate'), [])).toEqual({ value: null, used: 0, missing: 0 });
  });
});

describe('formatMetric', () => {
  it('formats by unit and shows — for no value', () => {
    expect(formatMetric(metricDef('disclosure_rate'), 600 / 11)).toBe('54.5%');
    expect(formatMetric(metricDef('applications'), 12)).toBe('12 件');
    expect(formatMetric(metricDef('fees'), 32.78149)).toBe('32.7815 万元');
    expect(formatMetric(metricDef('fees'), 0.1 + 0.2, false)).toBe('0.3');
    expect(formatMetric(metricDef('applications'), null)).toBe('—');
    expect(METRIC_BY_ID.get('handled')?.name).toBe('办结数');
  });
});

/**
 * Metrics derived from one report's fields (with the user's corrections applied: pass `effectiveFields(entry)`),
 * each with a Chinese name, unit and the formula the UI shows beside it. Pure.
 *
 * Null-safety is the rule: a metric is `null`, never 0, when any cell it reads is blank or text (`/`, `-`, `无`),
 * and a rate is `null` when its denominator is 0 (or negative, which only an inconsistent report can give).
 * Part 三 metrics read the 总计 column. Rates are percentages (0–100, unrounded); `formatMetric` rounds for display.
 * Rates keep their numerator and denominator so that groups of reports (其他 in a ranking, a region) can be
 * pooled honestly as Σ numerator ÷ Σ denominator instead of averaging rates.
 */
import { S3_ROWS, type Fields } from '../form/model.ts';

export type MetricUnit = '件' | '%' | '万元';
/** `count` and `amount` pool by summing; `rate` pools as Σ num ÷ Σ den. */
export type MetricKind = 'count' | 'rate' | 'amount';
export type MetricGroup = 'applications' | 'outcomes' | 'applicants' | 'review' | 'part2';

export const METRIC_GROUP_LABELS: Record<MetricGroup, string> = {
  applications: '申请与办结',
  outcomes: '办理结果',
  applicants: '申请人构成',
  review: '行政复议与行政诉讼',
  part2: '主动公开（第二部分）',
};

export interface MetricDef {
  id: string;
  /** Chinese name shown in the UI. */
  name: string;
  unit: MetricUnit;
  kind: MetricKind;
  group: MetricGroup;
  /** The formula in Chinese, naming fields as the form prints them. */
  formula: string;
  /** Every field the metric reads. */
  fields: readonly string[];
  /** For a rate: the numerator and denominator (counts); value = 100 × num ÷ den. */
  num?: readonly string[];
  den?: readonly string[];
  /** For a rate whose denominator is a difference (复议纠错率: 总计 − 尚未审结): fields subtracted from `den`. */
  denMinus?: readonly string[];
}

const rowsOf = (group: string): string[] => S3_ROWS.filter((r) => r.group === group).map((r) => r.key);
const t = (row: string): string => `s3.${row}.total`;
const ts = (rows: readonly string[]): string[] => rows.map(t);

const DENIED = ts(rowsOf('denied'));
const UNABLE = ts(rowsOf('unable'));
const IGNORED = ts(rowsOf('ignored'));
const OTHER = ts(rowsOf('other'));
const ORG_COLUMNS = ['commercial', 'research', 'social', 'legal', 'other_org'] as const;
const NEW_ORG = ORG_COLUMNS.map((c) => `s3.new.${c}`);
const SUITS = ['suit_direct', 'suit_after_review'] as const;

function count(
  id: string,
  name: string,
  group: MetricGroup,
  fields: readonly string[],
  formula: string,
  unit: MetricUnit = '件',
): MetricDef {
  return { id, name, unit, kind: unit === '万元' ? 'amount' : 'count', group, formula, fields, num: fields };
}

function rate(
  id: string,
  name: string,
  group: MetricGroup,
  num: readonly string[],
  den: readonly string[],
  formula: string,
  denMinus: readonly string[] = [],
): MetricDef {
  const fields = [...new Set([...num, ...den, ...denMinus])];
  return { id, name, unit: '%', kind: 'rate', group, formula, fields, num, den, denMinus };
}

const PER_HANDLED = '÷（七）总计 × 100%（总计列）';

/** Every metric, in the order the UI lists them. */
export const METRICS: readonly MetricDef[] = [
  count('applications', '申请总数', 'applications', [t('new'), t('carried')], '一、本年新收 + 二、上年结转（总计列）'),
  count('new', '本年新收申请数', 'applications', [t('new')], '一、本年新收（总计列）'),
  count('handled', '办结数', 'applications', [t('total')], '（七）总计（总计列）'),
  rate(
    'carryforward_rate',
    '结转率',
    'applications',
    [t('carryforward')],
    [t('new'), t('carried')],
    '四、结转下年度继续办理 ÷（一、本年新收 + 二、上年结转）× 100%（总计列）',
  ),
  rate('disclosure_rate', '公开率', 'outcomes', [t('granted'), t('partial')], [t('total')], `（（一）予以公开 + （二）部分公开）${PER_HANDLED}`),
  rate('denied_rate', '不予公开率', 'outcomes', DENIED, [t('total')], `（三）不予公开 1–8 项之和 ${PER_HANDLED}`),
  rate('unable_rate', '无法提供率', 'outcomes', UNABLE, [t('total')], `（四）无法提供 1–3 项之和 ${PER_HANDLED}`),
  rate('ignored_rate', '不予处理率', 'outcomes', IGNORED, [t('total')], `（五）不予处理 1–5 项之和 ${PER_HANDLED}`),
  rate('other_rate', '其他处理率', 'outcomes', OTHER, [t('total')], `（六）其他处理 1–3 项之和 ${PER_HANDLED}`),
  count('natural_applications', '自然人申请数', 'applicants', ['s3.new.natural'], '一、本年新收·自然人'),
  count('org_applications', '法人或其他组织申请数', 'applicants', NEW_ORG, '一、本年新收·商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他'),
  rate('natural_share', '自然人申请占比', 'applicants', ['s3.new.natural'], [t('new')], '一、本年新收·自然人 ÷ 一、本年新收·总计 × 100%'),
  rate(
    'org_share',
    '法人或其他组织申请占比',
    'applicants',
    NEW_ORG,
    [t('new')],
    '一、本年新收·法人或其他组织（五列之和）÷ 一、本年新收·总计 × 100%',
  ),
  count('review_total', '行政复议数', 'review', ['s4.review.total'], '行政复议·总计'),
  count('suit_total', '行政诉讼数', 'review', SUITS.map((g) => `s4.${g}.total`), '行政诉讼·未经复议直接起诉·总计 + 复议后起诉·总计'),
  count(
    'review_suit_total',
    '复议诉讼总数',
    'review',
    ['s4.review.total', ...SUITS.map((g) => `s4.${g}.total`)],
    '行政复议·总计 + 行政诉讼（两类）·总计',
  ),
  rate(
    'review_correction_rate',
    '复议纠错率',
    'review',
    ['s4.review.corrected'],
    ['s4.review.total'],
    '行政复议·结果纠正 ÷（行政复议·总计 − 行政复议·尚未审结）× 100%',
    ['s4.review.pending'],
  ),
  rate(
    'suit_correction_rate',
    '诉讼纠错率',
    'review',
    SUITS.map((g) => `s4.${g}.corrected`),
    SUITS.map((g) => `s4.${g}.total`),
    '行政诉讼（两类）·结果纠正之和 ÷（两类·总计之和 − 两类·尚未审结之和）× 100%',
    SUITS.map((g) => `s4.${g}.pending`),
  ),
  count('regulations_made', '规章制发数', 'part2', ['s2.regulations.made'], '规章·本年制发件数'),
  count('regulations_valid', '现行有效规章数', 'part2', ['s2.regulations.valid'], '规章·现行有效件数'),
  count('normative_made', '规范性文件制发数', 'part2', ['s2.normative.made'], '行政规范性文件·本年制发件数'),
  count('normative_valid', '现行有效规范性文件数', 'part2', ['s2.normative.valid'], '行政规范性文件·现行有效件数'),
  count('licensing', '行政许可决定数', 'part2', ['s2.licensing'], '行政许可·本年处理决定数量'),
  count('punishment', '行政处罚决定数', 'part2', ['s2.punishment'], '行政处罚·本年处理决定数量'),
  count('coercion', '行政强制决定数', 'part2', ['s2.coercion'], '行政强制·本年处理决定数量'),
  count('fees', '行政事业性收费金额', 'part2', ['s2.fees'], '行政事业性收费·本年收费金额', '万元'),
];

export type MetricId = string;
export const METRIC_BY_ID: ReadonlyMap<string, MetricDef> = new Map(METRICS.map((m) => [m.id, m]));

export function metricDef(id: MetricId): MetricDef {
  const m = METRIC_BY_ID.get(id);
  if (!m) throw new Error(`unknown metric ${id}`);
  return m;
}

/** A cell as a number, or null when it is blank, text or not finite. */
export function cellNumber(f: Fields, id: string): number | null {
  const v = f[id];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Float noise from decimal fees (0.1 + 0.2) must not show: round sums to 1e-6, as relations.ts does. */
const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/** Sum of the cells, or null if any is blank or text. */
export function sumCells(f: Fields, ids: readonly string[]): number | null {
  let s = 0;
  for (const id of ids) {
    const v = cellNumber(f, id);
    if (v === null) return null;
    s += v;
  }
  return round6(s);
}

/** A rate's numerator and denominator, each null when a cell is blank or text. */
export function rateParts(m: MetricDef, f: Fields): { num: number | null; den: number | null } {
  if (m.kind !== 'rate') throw new Error(`${m.id} is not a rate`);
  const num = sumCells(f, m.num!);
  const d = sumCells(f, m.den!);
  const minus = sumCells(f, m.denMinus ?? []);
  return { num, den: d === null || minus === null ? null : round6(d - minus) };
}

/** 100 × num ÷ den, or null for a missing part or a denominator ≤ 0. */
export function ratio(num: number | null, den: number | null): number | null {
  return num === null || den === null || den <= 0 ? null : (100 * num) / den;
}

export function computeMetric(m: MetricDef, f: Fields): number | null {
  if (m.kind !== 'rate') return sumCells(f, m.num!);
  const p = rateParts(m, f);
  return ratio(p.num, p.den);
}

/** Every metric for one field map (with corrections applied). */
export function computeMetrics(f: Fields): Record<MetricId, number | null> {
  const out: Record<string, number | null> = {};
  for (const m of METRICS) out[m.id] = computeMetric(m, f);
  return out;
}

/**
 * One value for a group of reports: counts and amounts summed, rates pooled as Σ num ÷ Σ den. Reports whose value
 * is null (a blank cell, a zero denominator) are left out and counted in `missing`, so a group total never
 * silently reads a blank as 0.
 */
export function poolMetric(m: MetricDef, fieldMaps: readonly Fields[]): { value: number | null; used: number; missing: number } {
  let used = 0;
  let missing = 0;
  let a = 0;
  let b = 0;
  for (const f of fieldMaps) {
    if (m.kind === 'rate') {
      const p = rateParts(m, f);
      if (ratio(p.num, p.den) === null) {
        missing++;
        continue;
      }
      a += p.num!;
      b += p.den!;
    } else {
      const v = computeMetric(m, f);
      if (v === null) {
        missing++;
        continue;
      }
      a += v;
    }
    used++;
  }
  if (used === 0) return { value: null, used, missing };
  return { value: m.kind === 'rate' ? ratio(a, b) : round6(a), used, missing };
}

/** Display text by unit: `—` for no value, % with one decimal, 件 as integers, 万元 with up to 4 decimals. */
export function formatValue(unit: MetricUnit, v: number | null, withUnit = true): string {
  if (v === null) return '—';
  if (unit === '%') return `${v.toFixed(1)}${withUnit ? '%' : ''}`;
  const s = String(unit === '万元' ? Math.round(v * 1e4) / 1e4 : Math.round(v * 1e6) / 1e6);
  return withUnit ? `${s} ${unit}` : s;
}

export function formatMetric(m: MetricDef, v: number | null, withUnit = true): string {
  return formatValue(m.unit, v, withUnit);
}

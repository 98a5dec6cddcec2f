/**
 * From library entries to the models the comparison views draw: one office across years, offices side by side in
 * one year (ranked, top/bottom N plus 其他), an office × year matrix, stacked applicant and outcome types, and a
 * two-year comparison of one office. Pure; the chart configurations (ui/charts/chart-config.ts) read these models.
 *
 * Offices are matched by `normalizeOffice` (spaces, full/half width); when that merges differently typed names the
 * dataset says so (`merged`). One report per office and year is used; the others are listed in `duplicates`.
 * Groups of offices (其他, regions) are pooled with `poolMetric`: counts summed, rates as Σ num ÷ Σ den, blanks
 * left out and counted, never read as 0.
 */
import {
  FIELD_IDS,
  S3_APPLICANT_COLUMNS,
  S3_COLUMN_LABELS,
  S3_GROUP_LABELS,
  S3_ROWS,
  shortFieldLabel,
  type CellValue,
  type Fields,
} from '../form/model.ts';
import { effectiveFields, officeOf, type Entry } from '../model/entry.ts';
import {
  METRICS,
  computeMetrics,
  metricDef,
  poolMetric,
  sumCells,
  type MetricId,
  type MetricUnit,
} from './metrics.ts';
import { divisionsOf, normalizeOffice, officeLevel, type Division, type OfficeLevel } from './office.ts';

/** What a chart can show and stay readable; views clamp their N to these. */
export const VIEW_LIMITS = {
  /** Bars in a ranking (then one more for 其他). */
  bars: 30,
  /** Offices in a stacked bar chart (then 其他). */
  stackBars: 20,
  /** Office rows in a heat map (then 其他). */
  heatmapRows: 40,
  /** Lines (or bar series) over years. */
  lines: 8,
} as const;

/** The label of the bucket that pools the offices not shown. */
export const OTHER_LABEL = '其他';

export type AnalyzableEntry = Pick<Entry, 'id' | 'addedAt' | 'report' | 'corrections' | 'officeOverride'>;

export interface OfficeInfo {
  /** `normalizeOffice` of the name: the identity used for matching. */
  key: string;
  /** Display name: the spelling most reports use (ties: the first in code-point order). */
  name: string;
  /** Every spelling seen, sorted; more than one means names were merged. */
  variants: string[];
  level: OfficeLevel | null;
  divisions: Division[];
}

export interface DataRow {
  entryId: string;
  officeKey: string;
  office: string;
  year: number;
  level: OfficeLevel | null;
  /** Fields with the user's corrections applied. */
  fields: Fields;
  metrics: Record<MetricId, number | null>;
}

export interface Dataset {
  /** One row per office and year, sorted by office name then year. */
  rows: DataRow[];
  offices: OfficeInfo[];
  years: number[];
  /** Offices whose reports carry differently typed names that normalisation merged: say so in the UI. */
  merged: OfficeInfo[];
  /** Several reports for one office and year: the latest added is used. */
  duplicates: { office: string; year: number; kept: string; dropped: string[] }[];
  /** Entries that cannot be placed: no office or no year read. */
  skipped: { entryId: string; reason: 'no_office' | 'no_year' }[];
}

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function buildDataset(entries: readonly AnalyzableEntry[]): Dataset {
  const skipped: Dataset['skipped'] = [];
  const spellings = new Map<string, Map<string, number>>();
  const slots = new Map<string, AnalyzableEntry[]>();
  for (const e of entries) {
    const raw = officeOf(e)?.trim();
    if (!raw) {
      skipped.push({ entryId: e.id, reason: 'no_office' });
      continue;
    }
    if (e.report.year === null) {
      skipped.push({ entryId: e.id, reason: 'no_year' });
      continue;
    }
    const key = normalizeOffice(raw);
    let sp = spellings.get(key);
    if (!sp) spellings.set(key, (sp = new Map()));
    sp.set(raw, (sp.get(raw) ?? 0) + 1);
    const slot = `${key}\u0000${e.report.year}`;
    const list = slots.get(slot);
    if (list) list.push(e);
    else slots.set(slot, [e]);
  }
  const offices = new Map<string, OfficeInfo>();
  for (const [key, sp] of spellings) {
    const variants = [...sp.keys()].sort(byCodePoint);
    const name = variants.reduce((best, v) => (sp.get(v)! > sp.get(best)! ? v : best), variants[0]);
    offices.set(key, { key, name, variants, level: officeLevel(name), divisions: divisionsOf(name) });
  }
  const rows: DataRow[] = [];
  const duplicates: Dataset['duplicates'] = [];
  for (const list of slots.values()) {
    const sorted = [...list].sort((a, b) => byCodePoint(b.addedAt, a.addedAt) || byCodePoint(a.id, b.id));
    const e = sorted[0];
    const info = offices.get(normalizeOffice(officeOf(e)!.trim()))!;
    if (sorted.length > 1)
      duplicates.push({ office: info.name, year: e.report.year!, kept: e.id, dropped: sorted.slice(1).map((d) => d.id) });
    const fields = effectiveFields(e);
    rows.push({
      entryId: e.id,
      officeKey: info.key,
      office: info.name,
      year: e.report.year!,
      level: info.level,
      fields,
      metrics: computeMetrics(fields),
    });
  }
  rows.sort((a, b) => byCodePoint(a.office, b.office) || a.year - b.year);
  duplicates.sort((a, b) => byCodePoint(a.office, b.office) || a.year - b.year);
  const officeList = [...offices.values()].sort((a, b) => byCodePoint(a.name, b.name));
  return {
    rows,
    offices: officeList,
    years: [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b),
    merged: officeList.filter((o) => o.variants.length > 1),
    duplicates,
    skipped,
  };
}

export interface Filter {
  years?: readonly number[];
  /** Office names in any spelling (matched after normalisation). */
  offices?: readonly string[];
  /** `null` selects offices whose level the name does not tell. */
  levels?: readonly (OfficeLevel | null)[];
  /** Keep offices whose name starts with this (normalised), e.g. `平潭综合实验区`. */
  region?: string;
}

export function filterRows(ds: Dataset, filter: Filter = {}): DataRow[] {
  const years = filter.years?.length ? new Set(filter.years) : null;
  const offices = filter.offices?.length ? new Set(filter.offices.map(normalizeOffice)) : null;
  const levels = filter.levels?.length ? new Set(filter.levels) : null;
  const region = filter.region ? normalizeOffice(filter.region) : '';
  return ds.rows.filter(
    (r) =>
      (!years || years.has(r.year)) &&
      (!offices || offices.has(r.officeKey)) &&
      (!levels || levels.has(r.level)) &&
      (!region || r.officeKey.startsWith(region)),
  );
}

/** Region prefixes the offices' names start with (every division prefix), with the number of offices in each. */
export function regions(ds: Dataset): { prefix: string; offices: number }[] {
  const n = new Map<string, number>();
  for (const o of ds.offices) for (const d of o.divisions) n.set(d.prefix, (n.get(d.prefix) ?? 0) + 1);
  return [...n].map(([prefix, offices]) => ({ prefix, offices })).sort((a, b) => byCodePoint(a.prefix, b.prefix));
}

function findOffice(ds: Dataset, office: string): OfficeInfo | null {
  const key = normalizeOffice(office);
  return ds.offices.find((o) => o.key === key) ?? null;
}

const range = (lo: number, hi: number): number[] => Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);

// ---------------------------------------------------------------------------------------------------------------
// Over years

export interface YearSeries {
  title: string;
  years: number[];
  series: { key: string; label: string; unit: MetricUnit; values: (number | null)[] }[];
  /** Years inside the range shown for which a report is missing (a gap, not a 0). */
  missingYears: number[];
}

/** One office across years, one series per metric. Years: every year from its first report to its last. */
export function officeSeries(ds: Dataset, office: string, metrics: readonly MetricId[], filter: Filter = {}): YearSeries | null {
  const info = findOffice(ds, office);
  if (!info) return null;
  const rows = filterRows(ds, { ...filter, offices: [info.key] });
  const years = rows.length ? range(rows[0].year, rows[rows.length - 1].year) : [];
  const at = new Map(rows.map((r) => [r.year, r]));
  const shown = filter.years?.length ? years.filter((y) => filter.years!.includes(y)) : years;
  return {
    title: info.name,
    years: shown,
    series: metrics.slice(0, VIEW_LIMITS.lines).map((id) => {
      const m = metricDef(id);
      return { key: id, label: m.name, unit: m.unit, values: shown.map((y) => at.get(y)?.metrics[id] ?? null) };
    }),
    missingYears: shown.filter((y) => !at.has(y)),
  };
}

/** Several offices across years for one metric, one series per office (at most VIEW_LIMITS.lines). */
export function metricSeries(ds: Dataset, metric: MetricId, offices: readonly string[], filter: Filter = {}): YearSeries {
  const m = metricDef(metric);
  const infos = offices.map((o) => findOffice(ds, o)).filter((o): o is OfficeInfo => o !== null);
  const unique = [...new Map(infos.map((o) => [o.key, o])).values()].slice(0, VIEW_LIMITS.lines);
  const rows = filterRows(ds, { ...filter, offices: unique.map((o) => o.key) });
  const years = rows.length ? range(Math.min(...rows.map((r) => r.year)), Math.max(...rows.map((r) => r.year))) : [];
  const shown = filter.years?.length ? years.filter((y) => filter.years!.includes(y)) : years;
  const at = new Map(rows.map((r) => [`${r.officeKey}\u0000${r.year}`, r]));
  return {
    title: m.name,
    years: shown,
    series: unique.map((o) => ({
      key: o.key,
      label: o.name,
      unit: m.unit,
      values: shown.map((y) => at.get(`${o.key}\u0000${y}`)?.metrics[metric] ?? null),
    })),
    missingYears: shown.filter((y) => unique.some((o) => !at.has(`${o.key}\u0000${y}`))),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Offices side by side

export interface RankItem {
  office: string;
  officeKey: string;
  value: number;
  /** 1-based; ties share a rank (1, 2, 2, 4). */
  rank: number;
}

export interface Pooled {
  label: string;
  /** Offices pooled. */
  offices: number;
  /** Counts summed, rates as Σ num ÷ Σ den. */
  value: number | null;
}

export interface Ranking {
  metric: MetricId;
  year: number;
  order: 'desc' | 'asc';
  /** Every office with a value, sorted (for the ranking table). */
  all: RankItem[];
  /** The first N of `all` (for the bars). */
  shown: RankItem[];
  /** The offices after the first N, pooled; null when all are shown. */
  rest: Pooled | null;
  /** Offices with a report that year but no value (blank cell, zero denominator). */
  missing: string[];
}

/**
 * Offices in one year sorted by a metric: `order: 'desc'` gives the top N, `'asc'` the bottom N (N clamped to
 * VIEW_LIMITS.bars); ties by office name.
 */
export function rankOffices(
  ds: Dataset,
  year: number,
  metric: MetricId,
  opts: { n?: number; order?: 'desc' | 'asc'; filter?: Filter } = {},
): Ranking {
  const m = metricDef(metric);
  const order = opts.order ?? 'desc';
  const n = Math.max(1, Math.min(opts.n ?? 20, VIEW_LIMITS.bars));
  const rows = filterRows(ds, { ...opts.filter, years: [year] });
  const valued = rows.filter((r) => r.metrics[metric] !== null);
  const sign = order === 'desc' ? -1 : 1;
  valued.sort((a, b) => sign * (a.metrics[metric]! - b.metrics[metric]!) || byCodePoint(a.office, b.office));
  const all: RankItem[] = [];
  valued.forEach((r, i) => {
    const value = r.metrics[metric]!;
    const prev = all[i - 1];
    all.push({ office: r.office, officeKey: r.officeKey, value, rank: prev && prev.value === value ? prev.rank : i + 1 });
  });
  const restRows = valued.slice(n);
  return {
    metric,
    year,
    order,
    all,
    shown: all.slice(0, n),
    rest: restRows.length
      ? { label: OTHER_LABEL, offices: restRows.length, value: poolMetric(m, restRows.map((r) => r.fields)).value }
      : null,
    missing: rows.filter((r) => r.metrics[metric] === null).map((r) => r.office),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Office × year matrix

export interface Matrix {
  metric: MetricId;
  years: number[];
  offices: string[];
  /** values[i][j]: office i, year j; null when there is no report or no value. */
  values: (number | null)[][];
  /** The offices beyond the row limit pooled per year; null when all are shown. */
  rest: (Pooled & { values: (number | null)[] }) | null;
  /** Smallest and largest value shown (rows and 其他), null when there is none. */
  min: number | null;
  max: number | null;
}

/**
 * One metric for offices × years. With more offices than `n` (clamped to VIEW_LIMITS.heatmapRows) the rows kept
 * are those with the highest mean over the years shown, the rest pooled per year into 其他. Rows are ordered by
 * that mean (`sort: 'value'`, default) or by name.
 */
export function officeYearMatrix(
  ds: Dataset,
  metric: MetricId,
  opts: { n?: number; sort?: 'value' | 'name'; filter?: Filter } = {},
): Matrix {
  const m = metricDef(metric);
  const rows = filterRows(ds, opts.filter);
  const years = [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b);
  const col = new Map(years.map((y, j) => [y, j]));
  const byOffice = new Map<string, { office: string; cells: (DataRow | null)[] }>();
  for (const r of rows) {
    let o = byOffice.get(r.officeKey);
    if (!o) byOffice.set(r.officeKey, (o = { office: r.office, cells: years.map(() => null) }));
    o.cells[col.get(r.year)!] = r;
  }
  const mean = (cells: (DataRow | null)[]): number | null => {
    const vs = cells.map((c) => c?.metrics[metric] ?? null).filter((v): v is number => v !== null);
    return vs.length ? vs.reduce((a, b) => a + b, 0) / vs.length : null;
  };
  const ranked = [...byOffice.values()]
    .map((o) => ({ ...o, mean: mean(o.cells) }))
    .sort((a, b) => (b.mean ?? -Infinity) - (a.mean ?? -Infinity) || byCodePoint(a.office, b.office));
  const n = Math.max(1, Math.min(opts.n ?? VIEW_LIMITS.heatmapRows, VIEW_LIMITS.heatmapRows));
  const kept = ranked.slice(0, n);
  if ((opts.sort ?? 'value') === 'name') kept.sort((a, b) => byCodePoint(a.office, b.office));
  const restOffices = ranked.slice(n);
  const values = kept.map((o) => o.cells.map((c) => c?.metrics[metric] ?? null));
  const rest = restOffices.length
    ? {
        label: OTHER_LABEL,
        offices: restOffices.length,
        values: years.map((_, j) =>
          poolMetric(
            m,
            restOffices.flatMap((o) => (o.cells[j] ? [o.cells[j]!.fields] : [])),
          ).value,
        ),
        value: poolMetric(m, restOffices.flatMap((o) => o.cells.flatMap((c) => (c ? [c.fields] : [])))).value,
      }
    : null;
  const all = [...values.flat(), ...(rest?.values ?? [])].filter((v): v is number => v !== null);
  return {
    metric,
    years,
    offices: kept.map((o) => o.office),
    values,
    rest,
    min: all.length ? Math.min(...all) : null,
    max: all.length ? Math.max(...all) : null,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Stacked applicant and outcome types

export type StackKind = 'applicants' | 'outcomes';

export interface StackSegment {
  key: string;
  label: string;
  /** Field ids summed for this segment (total column for outcomes, the 本年新收 row for applicants). */
  fields: readonly string[];
}

/** Applicants: the six columns of 一、本年新收. Outcomes: the six groups （一）…（六）, total column. */
export const STACK_SEGMENTS: Record<StackKind, readonly StackSegment[]> = {
  applicants: S3_APPLICANT_COLUMNS.map((c) => ({ key: c, label: S3_COLUMN_LABELS[c], fields: [`s3.new.${c}`] })),
  outcomes: Object.entries(S3_GROUP_LABELS).map(([g, label]) => ({
    key: g,
    label,
    fields: S3_ROWS.filter((r) => r.group === g).map((r) => `s3.${r.key}.total`),
  })),
};

export const STACK_TITLES: Record<StackKind, string> = {
  applicants: '申请人类型（本年新收）',
  outcomes: '办理结果（总计列）',
};

export interface Stack {
  kind: StackKind;
  /** Categories are offices in one year, or years of one office. */
  by: 'office' | 'year';
  /** The office (by year) or the year (by office). */
  of: string;
  /** Offices (one year) or years (one office). */
  categories: string[];
  segments: { key: string; label: string; values: (number | null)[] }[];
  /** Sum of the known segments per category. */
  totals: number[];
  /** `share`: values are % of the category's segment sum (null when a segment is blank). */
  mode: 'count' | 'share';
  /** Offices beyond the limit pooled as the last category (already included in `categories`); null if none. */
  rest: { label: string; offices: number; missing: number } | null;
}

function segmentValues(kind: StackKind, f: Fields): (number | null)[] {
  return STACK_SEGMENTS[kind].map((s) => sumCells(f, s.fields));
}

function toShare(vals: (number | null)[][]): (number | null)[][] {
  return vals.map((v) => {
    if (v.some((x) => x === null)) return v.map(() => null);
    const s = (v as number[]).reduce((a, b) => a + b, 0);
    return v.map((x) => (s === 0 ? null : (100 * x!) / s));
  });
}

function buildStack(
  kind: StackKind,
  by: Stack['by'],
  of: string,
  categories: string[],
  perCategory: (number | null)[][],
  mode: 'count' | 'share',
  rest: Stack['rest'],
): Stack {
  const totals = perCategory.map((v) => v.reduce<number>((a, b) => a + (b ?? 0), 0));
  const vals = mode === 'share' ? toShare(perCategory) : perCategory;
  return {
    kind,
    by,
    of,
    categories,
    segments: STACK_SEGMENTS[kind].map((s, k) => ({ key: s.key, label: s.label, values: vals.map((v) => v[k]) })),
    totals,
    mode,
    rest,
  };
}

/**
 * Offices in one year, stacked by applicant or outcome type; the `n` offices with the largest sum (clamped to
 * VIEW_LIMITS.stackBars) in that order, the others pooled into 其他 (blank cells left out and counted in
 * `rest.missing`).
 */
export function stackByOffice(
  ds: Dataset,
  kind: StackKind,
  year: number,
  opts: { n?: number; mode?: 'count' | 'share'; filter?: Filter } = {},
): Stack {
  const rows = filterRows(ds, { ...opts.filter, years: [year] });
  const per = rows.map((r) => ({ r, v: segmentValues(kind, r.fields) }));
  const sum = (v: (number | null)[]) => v.reduce<number>((a, b) => a + (b ?? 0), 0);
  per.sort((a, b) => sum(b.v) - sum(a.v) || byCodePoint(a.r.office, b.r.office));
  const n = Math.max(1, Math.min(opts.n ?? 15, VIEW_LIMITS.stackBars));
  const kept = per.slice(0, n);
  const restRows = per.slice(n);
  const categories = kept.map((p) => p.r.office);
  const values = kept.map((p) => p.v);
  let rest: Stack['rest'] = null;
  if (restRows.length) {
    let missing = 0;
    const pooled = STACK_SEGMENTS[kind].map((_, k) =>
      restRows.reduce((a, p) => {
        if (p.v[k] === null) {
          missing++;
          return a;
        }
        return a + p.v[k]!;
      }, 0),
    );
    categories.push(OTHER_LABEL);
    values.push(pooled);
    rest = { label: OTHER_LABEL, offices: restRows.length, missing };
  }
  return buildStack(kind, 'office', String(year), categories, values, opts.mode ?? 'count', rest);
}

/** One office across years, stacked by applicant or outcome type (a missing year is a category of nulls). */
export function stackByYear(
  ds: Dataset,
  kind: StackKind,
  office: string,
  opts: { mode?: 'count' | 'share'; filter?: Filter } = {},
): Stack | null {
  const s = officeSeries(ds, office, [], opts.filter);
  if (!s) return null;
  const rows = filterRows(ds, { ...opts.filter, offices: [office] });
  const at = new Map(rows.map((r) => [r.year, r]));
  const values = s.years.map((y) => {
    const r = at.get(y);
    return r ? segmentValues(kind, r.fields) : STACK_SEGMENTS[kind].map(() => null);
  });
  return buildStack(kind, 'year', s.title, s.years.map(String), values, opts.mode ?? 'count', null);
}

// ---------------------------------------------------------------------------------------------------------------
// Two years of one office

export interface FieldChange {
  field: string;
  /** The field as the form prints it (shortFieldLabel). */
  label: string;
  from: CellValue;
  to: CellValue;
  /** to − from when both are numbers. */
  delta: number | null;
}

export interface MetricChange {
  metric: MetricId;
  name: string;
  unit: MetricUnit;
  from: number | null;
  to: number | null;
  /** to − from; for a rate, in percentage points (百分点). */
  delta: number | null;
}

export interface YearComparison {
  office: string;
  from: number;
  to: number;
  /** Every field whose value differs, in form order. */
  changes: FieldChange[];
  /** Fields with the same value in both years (200 − changes). */
  unchanged: number;
  metrics: MetricChange[];
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/**
 * Every field of one office that changed between two years (old → new, delta), and every metric. Null when the
 * office has no report for one of the years. (Cross-report findings such as carried ≠ carryforward belong to
 * validation; the view shows them beside this list.)
 */
export function compareYears(ds: Dataset, office: string, from: number, to: number): YearComparison | null {
  const key = normalizeOffice(office);
  const a = ds.rows.find((r) => r.officeKey === key && r.year === from);
  const b = ds.rows.find((r) => r.officeKey === key && r.year === to);
  if (!a || !b) return null;
  const changes: FieldChange[] = [];
  for (const id of FIELD_IDS) {
    const x = a.fields[id] ?? null;
    const y = b.fields[id] ?? null;
    if (x === y) continue;
    changes.push({
      field: id,
      label: shortFieldLabel(id),
      from: x,
      to: y,
      delta: typeof x === 'number' && typeof y === 'number' ? round6(y - x) : null,
    });
  }
  return {
    office: a.office,
    from,
    to,
    changes,
    unchanged: FIELD_IDS.length - changes.length,
    metrics: METRICS.map((m) => {
      const x = a.metrics[m.id];
      const y = b.metrics[m.id];
      return { metric: m.id, name: m.name, unit: m.unit, from: x, to: y, delta: x !== null && y !== null ? y - x : null };
    }),
  };
}

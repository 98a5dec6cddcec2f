/**
 * State of the comparison page: the filters (year, office, level, region prefix), the chosen view and each view's
 * settings, and the chart models derived from them. Every model is a lazy `$derived`, so only the view on screen
 * computes anything; the dataset is rebuilt only when the library changes. The components only read and set it.
 */
import {
  VIEW_LIMITS,
  buildDataset,
  compareYears,
  filterRows,
  officeSeries,
  officeYearMatrix,
  rankOffices,
  regions,
  stackByOffice,
  stackByYear,
  type Dataset,
  type Filter,
  type OfficeInfo,
  type Stack,
  type StackKind,
} from '../../analyze/aggregate.ts';
import { METRICS, metricDef, type MetricDef } from '../../analyze/metrics.ts';
import { normalizeOffice, type OfficeLevel } from '../../analyze/office.ts';
import { effectiveFields, officeOf, type Entry } from '../../model/entry.ts';
import { auditReports, type AuditResult, type Finding } from '../../validate/audit.ts';
import { MAX_UNITS, heatmapChart, rankingChart, stackChart, yearChart } from '../charts/chart-config.ts';

export type ViewId = 'years' | 'ranking' | 'heatmap' | 'stack' | 'diff';

export const VIEWS: readonly { id: ViewId; label: string }[] = [
  { id: 'years', label: '单个机关历年' },
  { id: 'ranking', label: '机关横向比较' },
  { id: 'heatmap', label: '机关 × 年份热力图' },
  { id: 'stack', label: '申请人与办理结果构成' },
  { id: 'diff', label: '两年对比' },
];

/** `''`: every level; `'unknown'`: offices whose name does not tell their level. */
export type LevelChoice = OfficeLevel | '' | 'unknown';

/** Region prefixes offered in the filter's list: those shared by at least this many offices (any prefix may be typed). */
const REGION_MIN_OFFICES = 2;
const REGION_LIST_MAX = 300;

/** An office key nothing normalises to: an office filter that matches no office must select no row (an empty list selects all). */
const NO_OFFICE = '\u0000';

/**
 * Whether a pooled 其他 bar can stand beside the bars shown: a sum over hundreds of offices dwarfs them (every bar
 * a sliver), so by default 其他 is drawn only when it is at most this many times the largest bar shown.
 */
export const OTHER_MAX_RATIO = 2;

function otherFits(other: number | null, shown: readonly number[]): boolean {
  const max = Math.max(0, ...shown.map(Math.abs));
  return other === null || Math.abs(other) <= OTHER_MAX_RATIO * max;
}

/** The stack without its last, pooled 其他 category. */
export function withoutRest(s: Stack): Stack {
  if (!s.rest) return s;
  const k = s.categories.length - 1;
  return {
    ...s,
    categories: s.categories.slice(0, k),
    segments: s.segments.map((g) => ({ ...g, values: g.values.slice(0, k) })),
    totals: s.totals.slice(0, k),
    rest: null,
  };
}

export class CompareState {
  view: ViewId = $state('years');

  // Filters
  /** Years selected; empty: every year. */
  years: number[] = $state([]);
  /** Part of an office name; empty: every office. */
  officeText = $state('');
  level: LevelChoice = $state('');
  region = $state('');

  // View settings. Unset choices (null, '') fall back to a default that fits the filters.
  office = $state('');
  metrics: string[] = $state(['applications', 'handled', 'disclosure_rate']);
  yearsType: 'line' | 'bar' = $state('line');
  rankYear: number | null = $state(null);
  rankMetric = $state('disclosure_rate');
  rankOrder: 'desc' | 'asc' = $state('desc');
  rankN = $state(20);
  heatMetric = $state('disclosure_rate');
  heatN: number = $state(VIEW_LIMITS.heatmapRows);
  heatSort: 'value' | 'name' = $state('value');
  stackKind: StackKind = $state('applicants');
  stackBy: 'office' | 'year' = $state('office');
  stackMode: 'count' | 'share' = $state('count');
  stackYear: number | null = $state(null);
  stackN = $state(15);
  /** Draw the pooled 其他 bar: true / false as the user ticked it, null: automatic. */
  rankOther: boolean | null = $state(null);
  stackOther: boolean | null = $state(null);
  diffFrom: number | null = $state(null);
  diffTo: number | null = $state(null);

  /** Entries put in by the test hook (test-hooks.ts) instead of the library; null: the library. */
  injected: readonly Entry[] | null = $state.raw(null);
  readonly #library: () => readonly Entry[];

  constructor(library: () => readonly Entry[]) {
    this.#library = library;
  }

  readonly entries: readonly Entry[] = $derived.by(() => this.injected ?? this.#library());
  readonly dataset: Dataset = $derived(buildDataset(this.entries));

  readonly regionChoices = $derived(
    regions(this.dataset)
      .filter((r) => r.offices >= REGION_MIN_OFFICES)
      .sort((a, b) => b.offices - a.offices)
      .slice(0, REGION_LIST_MAX),
  );

  /** Offices the office, level and region filters keep (years aside). */
  readonly officeChoices: OfficeInfo[] = $derived.by(() => {
    const text = normalizeOffice(this.officeText);
    const region = normalizeOffice(this.region);
    return this.dataset.offices.filter(
      (o) =>
        (!text || o.variants.some((v) => normalizeOffice(v).includes(text))) &&
        (!region || o.key.startsWith(region)) &&
        (this.level === '' || (this.level === 'unknown' ? o.level === null : o.level === this.level)),
    );
  });

  readonly filter: Filter = $derived.by(() => ({
    years: [...this.years],
    levels: this.level === '' ? undefined : [this.level === 'unknown' ? null : this.level],
    region: this.region.trim() || undefined,
    offices: this.officeText.trim() ? (this.officeChoices.length ? this.officeChoices.map((o) => o.key) : [NO_OFFICE]) : undefined,
  }));

  /** Years with a report after the filters, ascending. */
  readonly yearChoices: number[] = $derived([...new Set(filterRows(this.dataset, this.filter).map((r) => r.year))].sort((a, b) => a - b));

  readonly currentOffice: OfficeInfo | null = $derived(
    this.officeChoices.find((o) => o.key === this.office) ?? this.officeChoices[0] ?? null,
  );

  /** A chosen year if it is still offered, else the latest. */
  #year(chosen: number | null): number | null {
    const ys = this.yearChoices;
    return chosen !== null && ys.includes(chosen) ? chosen : (ys[ys.length - 1] ?? null);
  }

  // ---- one office across years

  readonly chosenMetrics: MetricDef[] = $derived(this.metrics.map(metricDef));

  /** Whether a metric may be ticked: at most VIEW_LIMITS.lines series and MAX_UNITS units in one chart. */
  canPick(id: string): boolean {
    if (this.metrics.includes(id)) return true;
    const units = new Set(this.chosenMetrics.map((m) => m.unit));
    return this.metrics.length < VIEW_LIMITS.lines && (units.has(metricDef(id).unit) || units.size < MAX_UNITS);
  }

  toggleMetric(id: string): void {
    if (this.metrics.includes(id)) this.metrics = this.metrics.filter((m) => m !== id);
    else if (this.canPick(id)) this.metrics = METRICS.map((m) => m.id).filter((m) => m === id || this.metrics.includes(m));
  }

  readonly yearsSpec = $derived.by(() => {
    const o = this.currentOffice;
    if (!o || !this.metrics.length) return null;
    const s = officeSeries(this.dataset, o.key, this.metrics, this.filter);
    return s && s.years.length ? (this.yearsType === 'line' ? yearChart(s, 'line') : yearChart(s, 'bar')) : null;
  });

  // ---- offices side by side in one year

  readonly rankYearShown: number | null = $derived(this.#year(this.rankYear));
  readonly ranking = $derived(
    this.rankYearShown === null
      ? null
      : rankOffices(this.dataset, this.rankYearShown, this.rankMetric, { n: this.rankN, order: this.rankOrder, filter: this.filter }),
  );
  /** Whether the 其他 bar is drawn: the user's choice, else automatic (see `otherFits`). */
  readonly rankOtherShown: boolean = $derived.by(() => {
    const r = this.ranking;
    if (!r?.rest) return false;
    if (this.rankOther !== null) return this.rankOther;
    return metricDef(r.metric).kind === 'rate' || otherFits(r.rest.value, r.shown.map((x) => x.value));
  });
  readonly rankingSpec = $derived(
    this.ranking && this.ranking.all.length ? rankingChart(this.rankOtherShown ? this.ranking : { ...this.ranking, rest: null }) : null,
  );

  // ---- office × year

  readonly matrix = $derived(officeYearMatrix(this.dataset, this.heatMetric, { n: this.heatN, sort: this.heatSort, filter: this.filter }));
  readonly heatmapSpec = $derived(this.matrix.offices.length ? heatmapChart(this.matrix) : null);

  // ---- stacked types

  readonly stackYearShown: number | null = $derived(this.#year(this.stackYear));
  readonly stack: Stack | null = $derived.by(() => {
    const opts = { mode: this.stackMode, filter: this.filter };
    if (this.stackBy === 'year') {
      const o = this.currentOffice;
      return o ? stackByYear(this.dataset, this.stackKind, o.key, opts) : null;
    }
    return this.stackYearShown === null ? null : stackByOffice(this.dataset, this.stackKind, this.stackYearShown, { ...opts, n: this.stackN });
  });
  /** The 其他 bar's total (count mode), for the note when it is not drawn. */
  readonly stackOtherTotal: number | null = $derived(this.stack?.rest ? this.stack.totals[this.stack.totals.length - 1] : null);
  readonly stackOtherShown: boolean = $derived.by(() => {
    const s = this.stack;
    if (!s?.rest) return false;
    if (this.stackOther !== null) return this.stackOther;
    return s.mode === 'share' || otherFits(this.stackOtherTotal, s.totals.slice(0, -1));
  });
  readonly stackSpec = $derived(
    this.stack && this.stack.categories.length ? stackChart(this.stackOtherShown ? this.stack : withoutRest(this.stack)) : null,
  );

  // ---- two years of one office

  /** Years with a report of the current office (the year filter does not apply: any two years can be compared). */
  readonly officeYears: number[] = $derived.by(() => {
    const key = this.currentOffice?.key;
    return key ? this.dataset.rows.filter((r) => r.officeKey === key).map((r) => r.year) : [];
  });
  readonly diffYears: { from: number | null; to: number | null } = $derived.by(() => {
    const ys = this.officeYears;
    const to = this.diffTo !== null && ys.includes(this.diffTo) ? this.diffTo : (ys[ys.length - 1] ?? null);
    const from =
      this.diffFrom !== null && ys.includes(this.diffFrom) && this.diffFrom !== to
        ? this.diffFrom
        : (ys.filter((y) => to === null || y < to).pop() ?? ys.find((y) => y !== to) ?? null);
    return { from, to };
  });
  readonly comparison = $derived.by(() => {
    const { from, to } = this.diffYears;
    const o = this.currentOffice;
    return o && from !== null && to !== null ? compareYears(this.dataset, o.key, from, to) : null;
  });

  /**
   * Cross-report findings over the whole library (corrections and merged names applied); null until computed.
   * The audit groups every office's spellings, so it reads all reports (about 0.5 s for 6,000 in Chromium): it runs
   * once per library, after the two-year tables are on screen (`requestAudit`).
   */
  audit: AuditResult | null = $state.raw(null);
  #auditOf: readonly Entry[] | null = null;

  /** Starts the audit of the current entries after the next frame, unless it is done or under way. */
  requestAudit(): void {
    const entries = this.entries;
    if (this.#auditOf === entries) return;
    this.#auditOf = entries;
    this.audit = null;
    requestAnimationFrame(() =>
      setTimeout(() => {
        if (this.#auditOf !== entries) return;
        this.audit = auditReports(entries.map((e) => ({ ...e.report, office: officeOf(e), fields: effectiveFields(e) })));
      }),
    );
  }

  /** The findings about the current office; those naming one of the two years compared first. */
  readonly officeFindings: { finding: Finding; concernsYears: boolean }[] | null = $derived.by(() => {
    const o = this.currentOffice;
    if (!this.audit) return null;
    if (!o) return [];
    const names = new Set(o.variants.map(normalizeOffice));
    const { from, to } = this.diffYears;
    return this.audit.findings
      .filter((f) => f.office !== null && names.has(normalizeOffice(f.office)))
      .map((finding) => ({ finding, concernsYears: finding.years.some((y) => y === from || y === to) }))
      .sort((a, b) => Number(b.concernsYears) - Number(a.concernsYears));
  });
}

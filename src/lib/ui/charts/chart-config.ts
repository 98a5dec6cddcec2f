/**
 * Chart.js configurations for the comparison views, as pure functions of the analysis models
 * (analyze/aggregate.ts): lines or bars over years, sorted horizontal bars, a heat map and stacked bars. The Svelte
 * component that owns Chart.js registers exactly CHART_PARTS and passes `config` to `new Chart`; this module only
 * imports Chart.js types, so it runs and is tested in Node.
 *
 * Heat map: Chart.js has no matrix chart without a plugin, so the heat map is a horizontal floating-bar chart, one
 * dataset per year whose bars span [j, j + 1] on a linear x axis with `grouped: false`: every office × year cell is
 * a rectangle coloured from a fixed sequential palette. It is a canvas like the other charts, so it exports to PNG
 * the same way, and its values are in `table` for CSV.
 *
 * Readability at scale: the models are already bounded (aggregate.ts VIEW_LIMITS: ≤ 30 bars, ≤ 20 stacked bars,
 * ≤ 40 heat-map rows, each plus one 其他 row, ≤ 8 lines); long office names are shortened on the axis (the full
 * name is in the tooltip and the table). Colours are fixed (no random, no Chart.js Colors plugin) and animation is
 * off, so two renders of the same data are identical.
 */
import type { ChartConfiguration, TooltipItem } from 'chart.js';
import { metricDef, formatValue, type MetricUnit } from '../../analyze/metrics.ts';
import {
  STACK_SEGMENTS,
  STACK_TITLES,
  type Matrix,
  type Ranking,
  type Stack,
  type StackKind,
  type YearSeries,
} from '../../analyze/aggregate.ts';

/** The Chart.js registrables these configurations use: the component registers exactly these. */
export const CHART_PARTS = [
  'BarController',
  'BarElement',
  'LineController',
  'LineElement',
  'PointElement',
  'CategoryScale',
  'LinearScale',
  'Legend',
  'Title',
  'SubTitle',
  'Tooltip',
] as const satisfies readonly (keyof typeof import('chart.js'))[];

/** Okabe–Ito colours (distinguishable with colour-blindness), in the order series get them. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#56B4E9', '#CC79A7', '#F0E442', '#000000'] as const;
/** The pooled 其他 bar or row. */
export const OTHER_COLOR = '#9E9E9E';
/** ColorBrewer Blues, light to dark: heat-map bins. */
export const HEAT_COLORS = ['#EFF3FF', '#C6DBEF', '#9ECAE1', '#6BAED6', '#4292C6', '#2171B5', '#084594'] as const;
/** A heat-map cell with no value (no report, blank cell, zero denominator). */
export const NO_VALUE_COLOR = '#D9D9D9';

/** Fixed colours per stacked segment, so a category has the same colour in every chart. */
export const SEGMENT_COLORS: Record<StackKind, Record<string, string>> = {
  applicants: {
    natural: '#0072B2',
    commercial: '#E69F00',
    research: '#009E73',
    social: '#CC79A7',
    legal: '#D55E00',
    other_org: '#9E9E9E',
  },
  outcomes: {
    granted: '#009E73',
    partial: '#8FD3B8',
    denied: '#D55E00',
    unable: '#E69F00',
    ignored: '#CC79A7',
    other: '#9E9E9E',
  },
};

/** Axis labels longer than this are shortened with … (full names stay in tooltips and tables). */
export const MAX_LABEL_CHARS = 14;
/** Units one chart can show: one axis on each side. */
export const MAX_UNITS = 2;

export type BarPoint = number | [number, number] | null;
export type BarConfig = ChartConfiguration<'bar', BarPoint[], string>;
export type LineConfig = ChartConfiguration<'line', (number | null)[], string>;
export type TableCell = string | number | null;

export interface ChartSpec<C = BarConfig | LineConfig> {
  config: C;
  /** Suggested canvas height in CSS pixels (bar charts grow with their bars). */
  height: number;
  /** The chart's data, header row first, for CSV export. */
  table: TableCell[][];
}

export function shortLabel(s: string, max = MAX_LABEL_CHARS): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

const OTHER_LABEL_NOTE = '其他：未列出机关的合计（比率按分子之和 ÷ 分母之和计算）。';
const otherLabel = (label: string, offices: number): string => `${label}（${offices} 个机关）`;

/** The bin colour of a value in [min, max]: 7 equal-width bins; one value only → the middle bin. */
export function heatColor(v: number | null, min: number | null, max: number | null): string {
  if (v === null || min === null || max === null) return NO_VALUE_COLOR;
  if (max === min) return HEAT_COLORS[3];
  const i = Math.floor(((v - min) / (max - min)) * HEAT_COLORS.length);
  return HEAT_COLORS[Math.max(0, Math.min(HEAT_COLORS.length - 1, i))];
}

const BASE = { responsive: true, maintainAspectRatio: false, animation: false } as const;

// ---------------------------------------------------------------------------------------------------------------

/** Lines (or grouped bars) over years: one series per metric or per office; a second unit gets a right axis. */
export function yearChart(s: YearSeries, type: 'line'): ChartSpec<LineConfig>;
export function yearChart(s: YearSeries, type: 'bar'): ChartSpec<BarConfig>;
export function yearChart(s: YearSeries, type: 'line' | 'bar' = 'line'): ChartSpec {
  const units = [...new Set(s.series.map((x) => x.unit))];
  if (units.length > MAX_UNITS) throw new Error(`a chart shows at most ${MAX_UNITS} units, got ${units.join(', ')}`);
  const axisOf = (u: MetricUnit) => (units.indexOf(u) === 0 ? 'y' : 'y1');
  const labels = s.years.map(String);
  const datasets = s.series.map((x, i) => ({
    label: `${x.label}（${x.unit}）`,
    data: x.values,
    borderColor: PALETTE[i % PALETTE.length],
    backgroundColor: PALETTE[i % PALETTE.length],
    yAxisID: axisOf(x.unit),
  }));
  const axis = (u: MetricUnit, right: boolean) => ({
    type: 'linear' as const,
    position: right ? ('right' as const) : ('left' as const),
    beginAtZero: true,
    title: { display: true, text: u },
    grid: { drawOnChartArea: !right },
  });
  const scales = {
    x: { type: 'category' as const },
    ...(units[0] ? { y: axis(units[0], false) } : {}),
    ...(units[1] ? { y1: axis(units[1], true) } : {}),
  };
  const plugins = {
    title: { display: true, text: s.title },
    subtitle: { display: s.missingYears.length > 0, text: `缺少报告的年份：${s.missingYears.join('、')}` },
    legend: { display: true, position: 'bottom' as const },
    tooltip: {
      callbacks: {
        label: (c: TooltipItem<'line' | 'bar'>) =>
          `${s.series[c.datasetIndex].label}：${formatValue(s.series[c.datasetIndex].unit, s.series[c.datasetIndex].values[c.dataIndex])}`,
      },
    },
  };
  const table: TableCell[][] = [
    ['年份', ...datasets.map((d) => d.label)],
    ...s.years.map((y, j) => [y, ...s.series.map((x) => x.values[j])]),
  ];
  if (type === 'line') {
    const config: LineConfig = {
      type: 'line',
      data: { labels, datasets: datasets.map((d) => ({ ...d, spanGaps: false, pointRadius: 3 })) },
      options: { ...BASE, scales, plugins },
    };
    return { config, height: 360, table };
  }
  const config: BarConfig = {
    type: 'bar',
    data: { labels, datasets },
    options: { ...BASE, scales, plugins },
  };
  return { config, height: 360, table };
}

/** Offices in one year as sorted horizontal bars: the shown N, then 其他 in grey. */
export function rankingChart(r: Ranking): ChartSpec<BarConfig> {
  const m = metricDef(r.metric);
  const labels = [...r.shown.map((x) => x.office), ...(r.rest ? [otherLabel(r.rest.label, r.rest.offices)] : [])];
  const values = [...r.shown.map((x) => x.value), ...(r.rest ? [r.rest.value] : [])];
  const colors = [...r.shown.map(() => PALETTE[0]), ...(r.rest ? [OTHER_COLOR] : [])];
  const notes = [`${m.name} = ${m.formula}`];
  if (r.rest) notes.push(OTHER_LABEL_NOTE);
  if (r.missing.length) notes.push(`另有 ${r.missing.length} 个机关无数值（空白单元格或分母为 0），未列入。`);
  const config: BarConfig = {
    type: 'bar',
    data: {
      labels,
      datasets: [{ label: `${m.name}（${m.unit}）`, data: values, backgroundColor: colors, borderColor: colors, barPercentage: 0.8 }],
    },
    options: {
      ...BASE,
      indexAxis: 'y',
      scales: {
        x: { type: 'linear', beginAtZero: true, title: { display: true, text: m.unit } },
        y: { type: 'category', ticks: { autoSkip: false, callback: (v) => shortLabel(labels[Number(v)] ?? '') } },
      },
      plugins: {
        title: { display: true, text: `${m.name}：${r.year} 年${r.order === 'desc' ? '最高' : '最低'}的 ${r.shown.length} 个机关` },
        subtitle: { display: true, text: notes },
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: (items) => labels[items[0]?.dataIndex ?? 0] ?? '',
            label: (c) => formatValue(m.unit, values[c.dataIndex] ?? null),
          },
        },
      },
    },
  };
  return {
    config,
    height: Math.max(160, 26 * labels.length + 110),
    table: [
      ['排名', '机关', `${m.name}（${m.unit}）`],
      ...r.shown.map((x): TableCell[] => [x.rank, x.office, x.value]),
      ...(r.rest ? [[null, labels[labels.length - 1], r.rest.value]] : []),
    ],
  };
}

/** The office × year matrix as a heat map of floating bars (see the module comment). */
export function heatmapChart(mx: Matrix): ChartSpec<BarConfig> {
  const m = metricDef(mx.metric);
  const labels = [...mx.offices, ...(mx.rest ? [otherLabel(mx.rest.label, mx.rest.offices)] : [])];
  const rows = [...mx.values, ...(mx.rest ? [mx.rest.values] : [])];
  const n = mx.years.length;
  const datasets = mx.years.map((y, j) => ({
    label: String(y),
    data: rows.map((): BarPoint => [j, j + 1]),
    backgroundColor: rows.map((r) => heatColor(r[j], mx.min, mx.max)),
    borderColor: '#FFFFFF',
    borderWidth: 1,
    barPercentage: 1,
    categoryPercentage: 1,
    grouped: false,
  }));
  const legend =
    mx.min === null
      ? '无数值'
      : `颜色由浅到深：${formatValue(m.unit, mx.min)} 至 ${formatValue(m.unit, mx.max)}；灰色：无数值`;
  const config: BarConfig = {
    type: 'bar',
    data: { labels, datasets },
    options: {
      ...BASE,
      indexAxis: 'y',
      scales: {
        x: {
          type: 'linear',
          position: 'top',
          min: 0,
          max: n,
          grid: { display: false },
          // Ticks every 0.5: label the cell centres (j + 0.5) with their year, the edges with nothing. No auto-skip:
          // on a narrow canvas Chart.js would drop every other tick, i.e. every year label.
          ticks: {
            stepSize: 0.5,
            autoSkip: false,
            callback: (v) => {
              const j = Number(v) - 0.5;
              return Number.isInteger(j) && j >= 0 && j < n ? String(mx.years[j]) : '';
            },
          },
        },
        y: {
          type: 'category',
          grid: { display: false },
          ticks: { autoSkip: false, callback: (v) => shortLabel(labels[Number(v)] ?? '') },
        },
      },
      plugins: {
        title: { display: true, text: `${m.name}（${m.unit}）：机关 × 年份` },
        subtitle: { display: true, text: legend },
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: (items) => labels[items[0]?.dataIndex ?? 0] ?? '',
            label: (c) => `${mx.years[c.datasetIndex]} 年：${formatValue(m.unit, rows[c.dataIndex]?.[c.datasetIndex] ?? null)}`,
          },
        },
      },
    },
  };
  return {
    config,
    height: Math.max(160, 22 * labels.length + 110),
    table: [['机关', ...mx.years], ...rows.map((r, i): TableCell[] => [labels[i], ...r])],
  };
}

/** Stacked bars of applicant or outcome types: horizontal for offices (long names), vertical for years. */
export function stackChart(s: Stack): ChartSpec<BarConfig> {
  const unit: MetricUnit = s.mode === 'share' ? '%' : '件';
  const horizontal = s.by === 'office';
  const labels = s.categories.map((c, i) =>
    s.rest && i === s.categories.length - 1 ? otherLabel(s.rest.label, s.rest.offices) : c,
  );
  const valueAxis = {
    type: 'linear' as const,
    stacked: true,
    beginAtZero: true,
    ...(s.mode === 'share' ? { max: 100 } : {}),
    title: { display: true, text: unit },
  };
  const categoryAxis = {
    type: 'category' as const,
    stacked: true,
    ticks: { autoSkip: false, callback: (v: number | string) => shortLabel(labels[Number(v)] ?? '') },
  };
  const segs = STACK_SEGMENTS[s.kind];
  const title = `${STACK_TITLES[s.kind]}${s.mode === 'share' ? '构成（%）' : ''}：${s.by === 'office' ? `${s.of} 年` : s.of}`;
  const notes: string[] = [];
  if (s.rest) notes.push(OTHER_LABEL_NOTE);
  if (s.rest?.missing) notes.push(`其他中有 ${s.rest.missing} 个空白单元格未计入。`);
  const config: BarConfig = {
    type: 'bar',
    data: {
      labels,
      datasets: s.segments.map((seg) => ({
        label: seg.label,
        data: seg.values,
        backgroundColor: SEGMENT_COLORS[s.kind][seg.key],
        borderColor: SEGMENT_COLORS[s.kind][seg.key],
        stack: 'stack',
      })),
    },
    options: {
      ...BASE,
      indexAxis: horizontal ? 'y' : 'x',
      scales: horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
      plugins: {
        title: { display: true, text: title },
        subtitle: { display: notes.length > 0, text: notes },
        legend: { display: true, position: 'bottom' },
        tooltip: {
          callbacks: {
            title: (items) => labels[items[0]?.dataIndex ?? 0] ?? '',
            label: (c) => `${segs[c.datasetIndex].label}：${formatValue(unit, s.segments[c.datasetIndex].values[c.dataIndex])}`,
          },
        },
      },
    },
  };
  return {
    config,
    height: horizontal ? Math.max(200, 26 * labels.length + 140) : 380,
    table: [
      [s.by === 'office' ? '机关' : '年份', ...s.segments.map((g) => `${g.label}（${unit}）`)],
      ...labels.map((l, i): TableCell[] => [l, ...s.segments.map((g) => g.values[i])]),
    ],
  };
}

import * as chartjs from 'chart.js';
import type { TooltipItem } from 'chart.js';
import { describe, expect, it } from 'vitest';
import { A, B, C, generatedLibrary, handLibrary } from '../../analyze/__fixtures__/library.ts';
import {
  VIEW_LIMITS,
  buildDataset,
  metricSeries,
  officeSeries,
  officeYearMatrix,
  rankOffices,
  stackByOffice,
  stackByYear,
} from '../../analyze/aggregate.ts';
import {
  CHART_PARTS,
  HEAT_COLORS,
  NO_VALUE_COLOR,
  OTHER_COLOR,
  PALETTE,
  SEGMENT_COLORS,
  heatColor,
  heatmapChart,
  rankingChart,
  shortLabel,
  stackChart,
  yearChart,
  type BarConfig,
  type LineConfig,
} from './chart-config.ts';

const ds = buildDataset(handLibrary());

/* Chart.js calls callbacks with `this` bound to a scale or tooltip; ours ignore it, so tests call them plainly. */
type Fn = (...args: unknown[]) => unknown;
const call = (f: unknown, ...args: unknown[]) => (f as Fn)(...args);
const item = (datasetIndex: number, dataIndex: number) => ({ datasetIndex, dataIndex }) as TooltipItem<'bar'>;

/** The Chart.js registrables a configuration needs. */
function partsNeeded(c: BarConfig | LineConfig): Set<string> {
  const need = new Set<string>(c.type === 'bar' ? ['BarController', 'BarElement'] : ['LineController', 'LineElement', 'PointElement']);
  for (const s of Object.values(c.options?.scales ?? {}))
    need.add({ category: 'CategoryScale', linear: 'LinearScale' }[(s as { type: string }).type] ?? `?${(s as { type: string }).type}`);
  const p = c.options?.plugins ?? {};
  if (p.title?.display) need.add('Title');
  if (p.subtitle) need.add('SubTitle');
  if (p.legend?.display) need.add('Legend');
  if (p.tooltip) need.add('Tooltip');
  return need;
}

describe('CHART_PARTS', () => {
  it('names real Chart.js exports', () => {
    for (const p of CHART_PARTS) expect(typeof (chartjs as Record<string, unknown>)[p], p).not.toBe('undefined');
  });
  it('is exactly what the configurations use', () => {
    const configs = [
      yearChart(officeSeries(ds, A, ['applications', 'disclosure_rate'])!, 'line').config,
      yearChart(officeSeries(ds, A, ['applications'])!, 'bar').config,
      rankingChart(rankOffices(ds, 2023, 'disclosure_rate', { n: 1 })).config,
      heatmapChart(officeYearMatrix(ds, 'disclosure_rate')).config,
      stackChart(stackByOffice(ds, 'outcomes', 2024)).config,
      stackChart(stackByYear(ds, 'applicants', A)!).config,
    ];
    const used = new Set(configs.flatMap((c) => [...partsNeeded(c)]));
    expect([...used].sort()).toEqual([...CHART_PARTS].sort());
  });
});

describe('yearChart', () => {
  it('one office: one dataset per metric, years as labels, a right axis for the second unit', () => {
    const { config, table, height } = yearChart(officeSeries(ds, A, ['applications', 'disclosure_rate'])!, 'line');
    expect(config.type).toBe('line');
    expect(config.data.labels).toEqual(['2022', '2023', '2024']);
    expect(config.data.datasets.map((d) => [d.label, d.data, d.yAxisID, d.borderColor])).toEqual([
      ['申请总数（件）', [54, 84, 104], 'y', PALETTE[0]],
      ['公开率（%）', [72, 62.5, 64], 'y1', PALETTE[1]],
    ]);
    const scales = config.options!.scales as Record<string, { position?: string; title?: { text: string } }>;
    expect([scales.y.position, scales.y.title!.text, scales.y1.position, scales.y1.title!.text]).toEqual(['left', '件', 'right', '%']);
    expect(config.options!.plugins!.title!.text).toBe(A);
    expect(config.options!.plugins!.subtitle!.display).toBe(false);
    expect(table).toEqual([
      ['年份', '申请总数（件）', '公开率（%）'],
      [2022, 54, 72],
      [2023, 84, 62.5],
      [2024, 104, 64],
    ]);
    expect(call(config.options!.plugins!.tooltip!.callbacks!.label, item(1, 1))).toBe('公开率：62.5%');
    expect(height).toBe(360);
  });
  it('a missing year is a gap (null), named in the subtitle; a blank shows —', () => {
    const lib = handLibrary().filter((e) => e.id !== 'b23');
    const { config } = yearChart(officeSeries(buildDataset(lib), B, ['disclosure_rate'])!, 'bar');
    expect(config.type).toBe('bar');
    expect(config.data.datasets[0].data).toEqual([50, null, null]);
    expect(config.options!.plugins!.subtitle).toEqual({ display: true, text: '缺少报告的年份：2023' });
    expect(call(config.options!.plugins!.tooltip!.callbacks!.label, item(0, 2))).toBe('公开率：—');
  });
  it('several offices for one metric', () => {
    const { config } = yearChart(metricSeries(ds, 'applications', [A, B, C]), 'line');
    expect(config.data.datasets.map((d) => [d.label, d.data])).toEqual([
      [`${A}（件）`, [54, 84, 104]],
      [`${B}（件）`, [10, 20, 32]],
      [`${C}（件）`, [0, 2, 5]],
    ]);
    expect(Object.keys(config.options!.scales!)).toEqual(['x', 'y']);
  });
  it('refuses a third unit', () => {
    expect(() => yearChart(officeSeries(ds, A, ['applications', 'disclosure_rate', 'fees'])!, 'line')).toThrow(/at most 2 units/);
  });
});

describe('rankingChart', () => {
  it('sorted horizontal bars, 其他 last in grey, formula in the subtitle', () => {
    const { config, table } = rankingChart(rankOffices(ds, 2023, 'disclosure_rate', { n: 1 }));
    expect(config.options!.indexAxis).toBe('y');
    expect(config.data.labels).toEqual([A, '其他（2 个机关）']);
    expect(config.data.datasets[0].data).toEqual([62.5, 55]);
    expect(config.data.datasets[0].backgroundColor).toEqual([PALETTE[0], OTHER_COLOR]);
    expect(config.options!.plugins!.title!.text).toBe('公开率：2023 年最高的 1 个机关');
    expect((config.options!.plugins!.subtitle!.text as string[])[0]).toBe('公开率 = （（一）予以公开 + （二）部分公开）÷（七）总计 × 100%（总计列）');
    expect(table).toEqual([
      ['排名', '机关', '公开率（%）'],
      [1, A, 62.5],
      [null, '其他（2 个机关）', 55],
    ]);
    expect(call(config.options!.plugins!.tooltip!.callbacks!.label, item(0, 1))).toBe('55.0%');
  });
  it('bottom N says so and counts the offices without a value', () => {
    const { config } = rankingChart(rankOffices(ds, 2024, 'disclosure_rate', { order: 'asc' }));
    expect(config.data.labels).toEqual([C, A]);
    expect(config.options!.plugins!.title!.text).toBe('公开率：2024 年最低的 2 个机关');
    expect(config.options!.plugins!.subtitle!.text).toContain('另有 1 个机关无数值（空白单元格或分母为 0），未列入。');
  });
  it('shortens long names on the axis only', () => {
    const long = '平潭综合实验区海坛片区管理局综合办公室';
    expect(shortLabel(long)).toBe('平潭综合实验区海坛片区管理…'); // 13 characters + …
    expect([...shortLabel(long)]).toHaveLength(14);
    expect(shortLabel(A)).toBe(A);
    const { config } = rankingChart(rankOffices(ds, 2022, 'applications'));
    const y = config.options!.scales!.y as { ticks: { callback: unknown } };
    expect(call(y.ticks.callback, 0)).toBe(A);
  });
});

describe('heatmapChart', () => {
  const m = officeYearMatrix(ds, 'disclosure_rate', { n: 2 });
  const { config, table } = heatmapChart(m);
  it('one floating-bar dataset per year, one row per office plus 其他', () => {
    expect(config.type).toBe('bar');
    expect(config.data.labels).toEqual([A, C, '其他（1 个机关）']);
    expect(config.data.datasets.map((d) => d.label)).toEqual(['2022', '2023', '2024']);
    expect(config.data.datasets[1].data).toEqual([[1, 2], [1, 2], [1, 2]]);
    expect(config.data.datasets.every((d) => d.grouped === false && d.barPercentage === 1)).toBe(true);
  });
  it('colours each cell by its bin between min 50 and max 72; grey for no value', () => {
    // A: 72 → top bin; 62.5 → (12.5 / 22) × 7 = 3.98 → bin 3; 64 → 4.45 → bin 4. C 2022 none; 50 → bin 0; 60 → 3.18 → bin 3.
    // 其他 (B): 50 → bin 0; 55.56 → 1.77 → bin 1; 2024 none.
    expect(config.data.datasets.map((d) => d.backgroundColor)).toEqual([
      [HEAT_COLORS[6], NO_VALUE_COLOR, HEAT_COLORS[0]],
      [HEAT_COLORS[3], HEAT_COLORS[0], HEAT_COLORS[1]],
      [HEAT_COLORS[4], HEAT_COLORS[3], NO_VALUE_COLOR],
    ]);
    expect(config.options!.plugins!.subtitle!.text).toBe('颜色由浅到深：50.0% 至 72.0%；灰色：无数值');
  });
  it('labels the cell centres with their years and tells each value in the tooltip', () => {
    const x = config.options!.scales!.x as { ticks: { callback: unknown }; min: number; max: number };
    expect([x.min, x.max]).toEqual([0, 3]);
    expect([0, 0.5, 1, 1.5, 2.5, 3].map((v) => call(x.ticks.callback, v))).toEqual(['', '2022', '', '2023', '2024', '']);
    expect(call(config.options!.plugins!.tooltip!.callbacks!.label, item(2, 1))).toBe('2024 年：60.0%');
    expect(call(config.options!.plugins!.tooltip!.callbacks!.title, [item(0, 0)])).toBe(A);
  });
  it('carries the values in the table', () => {
    expect(table[0]).toEqual(['机关', 2022, 2023, 2024]);
    expect(table[1]).toEqual([A, 72, 62.5, 64]);
    expect(table[2]).toEqual([C, null, 50, 60]);
    expect(table[3][0]).toBe('其他（1 个机关）');
  });
  it('bins: equal widths, one value → middle, none → grey', () => {
    expect([0, 14.2, 14.3, 50, 85.8, 100].map((v) => heatColor(v, 0, 100))).toEqual([
      HEAT_COLORS[0], HEAT_COLORS[0], HEAT_COLORS[1], HEAT_COLORS[3], HEAT_COLORS[6], HEAT_COLORS[6],
    ]);
    expect(heatColor(5, 5, 5)).toBe(HEAT_COLORS[3]);
    expect(heatColor(null, 0, 1)).toBe(NO_VALUE_COLOR);
  });
});

describe('stackChart', () => {
  it('offices: horizontal stacked bars, fixed colours per segment', () => {
    const { config, table } = stackChart(stackByOffice(ds, 'applicants', 2024, { n: 1 }));
    expect(config.options!.indexAxis).toBe('y');
    expect(config.data.labels).toEqual([A, '其他（2 个机关）']);
    expect(config.data.datasets.map((d) => [d.label, d.data, d.backgroundColor])).toEqual([
      ['自然人', [70, 32], SEGMENT_COLORS.applicants.natural],
      ['商业企业', [20, 3], SEGMENT_COLORS.applicants.commercial],
      ['科研机构', [1, 0], SEGMENT_COLORS.applicants.research],
      ['社会公益组织', [1, 0], SEGMENT_COLORS.applicants.social],
      ['法律服务机构', [4, 0], SEGMENT_COLORS.applicants.legal],
      ['其他', [4, 0], SEGMENT_COLORS.applicants.other_org],
    ]);
    const scales = config.options!.scales as Record<string, { stacked: boolean; type: string }>;
    expect([scales.x.type, scales.x.stacked, scales.y.type, scales.y.stacked]).toEqual(['linear', true, 'category', true]);
    expect(config.options!.plugins!.title!.text).toBe('申请人类型（本年新收）：2024 年');
    expect(table[0]).toEqual(['机关', '自然人（件）', '商业企业（件）', '科研机构（件）', '社会公益组织（件）', '法律服务机构（件）', '其他（件）']);
    expect(table[2]).toEqual(['其他（2 个机关）', 32, 3, 0, 0, 0, 0]);
  });
  it('shares of one office across years: vertical, capped at 100%', () => {
    const { config } = stackChart(stackByYear(ds, 'outcomes', A, { mode: 'share' })!);
    expect(config.options!.indexAxis).toBe('x');
    expect(config.data.labels).toEqual(['2022', '2023', '2024']);
    expect(config.data.datasets[0].data).toEqual([60, 50, 60]); // 30/50, 40/80, 60/100
    expect((config.options!.scales!.y as { max: number }).max).toBe(100);
    expect(config.options!.plugins!.title!.text).toBe(`办理结果（总计列）构成（%）：${A}`);
    expect(call(config.options!.plugins!.tooltip!.callbacks!.label, item(0, 1))).toBe('（一）予以公开：50.0%');
  });
  it('notes blanks left out of 其他', () => {
    const { config } = stackChart(stackByOffice(ds, 'outcomes', 2024, { n: 1 }));
    expect(config.options!.plugins!.subtitle!.text).toContain('其他中有 1 个空白单元格未计入。');
  });
});

describe('1,000 offices × 6 years', () => {
  const big = buildDataset(generatedLibrary(1000, 6));
  const bars = (c: BarConfig | LineConfig) => (c.data.labels ?? []).length;
  it('every chart stays bounded', () => {
    expect(bars(rankingChart(rankOffices(big, 2024, 'applications', { n: 1000 })).config)).toBe(VIEW_LIMITS.bars + 1);
    const heat = heatmapChart(officeYearMatrix(big, 'disclosure_rate', { n: 1000 }));
    expect(bars(heat.config)).toBe(VIEW_LIMITS.heatmapRows + 1);
    expect(heat.config.data.datasets).toHaveLength(6);
    expect(heat.height).toBeLessThanOrEqual(22 * 41 + 110);
    expect(bars(stackChart(stackByOffice(big, 'outcomes', 2024, { n: 1000 })).config)).toBe(VIEW_LIMITS.stackBars + 1);
    const lines = yearChart(metricSeries(big, 'applications', big.offices.map((o) => o.name)), 'line').config;
    expect(lines.data.datasets).toHaveLength(VIEW_LIMITS.lines);
    expect(new Set(lines.data.datasets.map((d) => d.borderColor)).size).toBe(VIEW_LIMITS.lines);
  });
  it('is deterministic: the same library gives the same configuration', () => {
    const again = buildDataset(generatedLibrary(1000, 6));
    const a = heatmapChart(officeYearMatrix(big, 'disclosure_rate'));
    const b = heatmapChart(officeYearMatrix(again, 'disclosure_rate'));
    expect(JSON.stringify(b.config)).toBe(JSON.stringify(a.config));
    expect(b.table).toEqual(a.table);
  });
});

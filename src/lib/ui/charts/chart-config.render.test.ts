/**
 * The configurations run through real Chart.js (registering only CHART_PARTS) on a no-op canvas: no pixels, but
 * the layout is Chart.js's own, so bar lengths, stacking and the heat-map grid can be asserted.
 */
import * as chartjs from 'chart.js';
import { Chart, type ChartConfiguration } from 'chart.js';
import { describe, expect, it } from 'vitest';
import { A, generatedLibrary, handLibrary } from '../../analyze/__fixtures__/library.ts';
import { buildDataset, metricSeries, officeSeries, officeYearMatrix, rankOffices, stackByOffice } from '../../analyze/aggregate.ts';
import { fakeCanvas } from './__fixtures__/fake-canvas.ts';
import { CHART_PARTS, heatmapChart, rankingChart, stackChart, yearChart, type ChartSpec } from './chart-config.ts';

Chart.register(...CHART_PARTS.map((p) => chartjs[p]));

interface Box {
  x: number;
  y: number;
  base: number;
  height: number;
  width: number;
}

function render(spec: ChartSpec, width = 800): Chart {
  return new Chart(fakeCanvas(width, spec.height) as never, spec.config as ChartConfiguration);
}
const boxes = (c: Chart, dataset: number): Box[] => c.getDatasetMeta(dataset).data as unknown as Box[];

const ds = buildDataset(handLibrary());

describe('rendered by Chart.js with only CHART_PARTS registered', () => {
  it('ranking: bar lengths are proportional to the values', () => {
    const c = render(rankingChart(rankOffices(ds, 2023, 'disclosure_rate', { n: 1 })));
    const [a, other] = boxes(c, 0);
    expect(a.base).toBeCloseTo(other.base, 6); // both start at 0
    expect((a.x - a.base) / (other.x - other.base)).toBeCloseTo(62.5 / 55, 2); // Chart.js snaps bar ends to whole pixels
    expect(a.y).toBeLessThan(other.y); // sorted top to bottom, 其他 last
    c.destroy();
  });

  it('heat map: the cells tile a grid, one column per year', () => {
    const c = render(heatmapChart(officeYearMatrix(ds, 'disclosure_rate')));
    const cols = [0, 1, 2].map((j) => boxes(c, j));
    for (let i = 0; i < 3; i++) {
      expect(cols[1][i].base).toBeCloseTo(cols[0][i].x, 6);
      expect(cols[2][i].base).toBeCloseTo(cols[1][i].x, 6);
      expect(cols[2][i].x - cols[2][i].base).toBeCloseTo(cols[0][i].x - cols[0][i].base, 6);
      expect(cols[0][i].y).toBeCloseTo(cols[2][i].y, 6);
    }
    const area = c.chartArea;
    expect(cols[0][0].base).toBeCloseTo(area.left, 6);
    expect(cols[2][0].x).toBeCloseTo(area.right, 6);
    expect(c.scales.x.ticks.filter((t) => t.label).map((t) => t.label)).toEqual(['2022', '2023', '2024']);
    c.destroy();
  });

  it('stacked bars: segments follow one another', () => {
    const c = render(stackChart(stackByOffice(ds, 'applicants', 2024)));
    const natural = boxes(c, 0)[0];
    const commercial = boxes(c, 1)[0];
    expect(commercial.base).toBeCloseTo(natural.x, 6);
    expect((commercial.x - commercial.base) / (natural.x - natural.base)).toBeCloseTo(20 / 70, 2);
    c.destroy();
  });

  it('lines over years with a second axis', () => {
    const c = render(yearChart(officeSeries(ds, A, ['applications', 'disclosure_rate'])!, 'line'));
    expect(Object.keys(c.scales).sort()).toEqual(['x', 'y', 'y1']);
    const pts = boxes(c, 0);
    expect(pts).toHaveLength(3);
    expect(pts[0].y).toBeGreaterThan(pts[2].y); // 54 below 104
    c.destroy();
  });

  it('heat map on a phone-wide canvas: every year keeps its label', () => {
    const six = buildDataset(generatedLibrary(3, 6));
    const c = render(heatmapChart(officeYearMatrix(six, 'applications')), 340);
    expect(c.scales.x.ticks.filter((t) => t.label).map((t) => t.label)).toEqual(['2019', '2020', '2021', '2022', '2023', '2024']);
    c.destroy();
  });

  it('every view of 1,000 offices × 6 years lays out with its bounded rows', () => {
    const big = buildDataset(generatedLibrary(1000, 6));
    const specs = [
      rankingChart(rankOffices(big, 2024, 'applications', { n: 1000 })),
      heatmapChart(officeYearMatrix(big, 'disclosure_rate')),
      stackChart(stackByOffice(big, 'outcomes', 2024, { n: 1000 })),
      yearChart(metricSeries(big, 'applications', big.offices.map((o) => o.name)), 'line'),
    ];
    const elements = specs.map((s) => {
      const c = render(s);
      const n = c.data.datasets.reduce((a, _, i) => a + c.getDatasetMeta(i).data.length, 0);
      c.destroy();
      return n;
    });
    expect(elements).toEqual([31, 41 * 6, 21 * 6, 8 * 6]);
  });
});

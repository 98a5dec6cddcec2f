/**
 * `npm run bench [-- SECTION…]`: the figures the issues ask for, measured and printed (the README quotes them).
 * Sections: parse (text parser over the corpus, seeds and generated reports); analyze (metrics, comparison views
 * and chart configurations for 1,000 offices × 6 years, plus Chart.js layout on a no-op canvas); validate (checks,
 * diagnosis, sanity and prose per report, and how often diagnosis names the injected mistake).
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseReport } from '../src/lib/parse/parse-report.ts';
import { benchApp } from './bench-app.ts';
import { benchPdf } from './bench-pdf.ts';
import { SHAPES, renderText } from '../tests/gen/shapes.ts';
import { generateFields, generateIdentity, rng } from '../tests/gen/values.ts';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const FIX = path.join(ROOT, 'tests', 'fixtures');

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

function timeEach(texts: string[], rounds: number): number[] {
  const per: number[] = [];
  for (const t of texts) {
    parseReport(t); // warm
    const ms: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const t0 = performance.now();
      parseReport(t);
      ms.push(performance.now() - t0);
    }
    per.push(median(ms));
  }
  return per;
}

function benchParse(): void {
  const corpus = readdirSync(path.join(FIX, 'corpus', 'raw')).map((f) => readFileSync(path.join(FIX, 'corpus', 'raw', f), 'utf8'));
  const seeds = readdirSync(path.join(FIX, 'seeds'))
    .filter((f) => f.endsWith('.txt'))
    .map((f) => readFileSync(path.join(FIX, 'seeds', f), 'utf8'));
  const generated: Record<string, string[]> = {};
  for (const shape of SHAPES)
    generated[shape] = Array.from({ length: 60 }, (_, i) => {
      const r = rng(50_000 + i);
      return renderText({ ...generateIdentity(r), fields: generateFields(r) }, shape, r);
    });
  const rows: [string, string[]][] = [['corpus (12 real)', corpus], ['seeds (5 real)', seeds], ...SHAPES.map((s): [string, string[]] => [`generated ${s} (60)`, generated[s]])];
  console.log('\n## parse (Node, text → Report incl. checks)\n');
  console.log('| input | median ms/report | p90 ms | reports/s | MB/s |');
  console.log('|---|---|---|---|---|');
  for (const [name, texts] of rows) {
    const per = timeEach(texts, 15);
    const total = per.reduce((a, b) => a + b, 0);
    const bytes = texts.reduce((a, t) => a + Buffer.byteLength(t), 0);
    console.log(`| ${name} | ${median(per).toFixed(2)} | ${pct(per, 0.9).toFixed(2)} | ${Math.round((texts.length / total) * 1000)} | ${((bytes / 1e6) / (total / 1000)).toFixed(1)} |`);
  }
}

/** Median and p90 of `rounds` timed runs of `f` (after one warm-up run). */
function timeRuns(f: () => unknown, rounds: number): { med: number; p90: number } {
  f();
  const ms: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    f();
    ms.push(performance.now() - t0);
  }
  return { med: median(ms), p90: pct(ms, 0.9) };
}

async function benchAnalyze(): Promise<void> {
  const { generatedLibrary } = await import('../src/lib/analyze/__fixtures__/library.ts');
  const A = await import('../src/lib/analyze/aggregate.ts');
  const C = await import('../src/lib/ui/charts/chart-config.ts');
  const chartjs = await import('chart.js');
  const { fakeCanvas } = await import('../src/lib/ui/charts/__fixtures__/fake-canvas.ts');
  chartjs.Chart.register(...C.CHART_PARTS.map((p) => chartjs[p]));
  const lib = generatedLibrary(1000, 6);
  const ds = A.buildDataset(lib);
  const offices = ds.offices.map((o) => o.name);
  const views: [string, () => import('../src/lib/ui/charts/chart-config.ts').ChartSpec][] = [
    ['one office over years (line, 3 metrics)', () => C.yearChart(A.officeSeries(ds, offices[0], ['applications', 'handled', 'disclosure_rate'])!, 'line')],
    ['8 offices over years (line)', () => C.yearChart(A.metricSeries(ds, 'disclosure_rate', offices.slice(0, 8)), 'line')],
    ['ranking, top 30 + 其他 (bars)', () => C.rankingChart(A.rankOffices(ds, 2024, 'disclosure_rate', { n: 30 }))],
    ['office × year heat map, 40 + 其他 rows', () => C.heatmapChart(A.officeYearMatrix(ds, 'disclosure_rate'))],
    ['applicant types, 20 + 其他 (stacked)', () => C.stackChart(A.stackByOffice(ds, 'applicants', 2024, { n: 20 }))],
    ['outcome types, 20 + 其他 (stacked, %)', () => C.stackChart(A.stackByOffice(ds, 'outcomes', 2024, { n: 20, mode: 'share' }))],
  ];
  console.log('\n## analyze (Node, 1,000 offices × 6 years = 6,000 reports)\n');
  console.log('| step | median ms | p90 ms | Chart.js layout, median ms |');
  console.log('|---|---|---|---|');
  const row = (name: string, t: { med: number; p90: number }, layout = '') =>
    console.log(`| ${name} | ${t.med.toFixed(2)} | ${t.p90.toFixed(2)} | ${layout} |`);
  row('dataset: corrections applied + 26 metrics × 6,000 reports', timeRuns(() => A.buildDataset(lib), 10));
  for (const [name, build] of views) {
    const layout = timeRuns(() => {
      const spec = build();
      new chartjs.Chart(fakeCanvas(800, spec.height) as never, spec.config as never).destroy();
    }, 20);
    row(`${name}: model + config`, timeRuns(build, 20), layout.med.toFixed(2));
  }
  row('two-year comparison of one office', timeRuns(() => A.compareYears(ds, offices[0], 2023, 2024), 20));
}

/** validate: time of validateReport per report (checks, diagnosis, sanity, prose) and diagnosis accuracy. */
async function benchValidate(): Promise<void> {
  const { evaluateRelations } = await import('../src/lib/form/relations.ts');
  const { validateReport } = await import('../src/lib/validate/validate.ts');
  const { explainChecks } = await import('../src/lib/validate/diagnose.ts');
  const { ERROR_KINDS, injectError } = await import('../src/lib/validate/inject-errors.ts');
  const { pick } = await import('../tests/gen/values.ts');
  const real = [
    ...readdirSync(path.join(FIX, 'corpus', 'raw')).map((f) => path.join(FIX, 'corpus', 'raw', f)),
    ...readdirSync(path.join(FIX, 'seeds')).filter((f) => f.endsWith('.txt')).map((f) => path.join(FIX, 'seeds', f)),
  ].map((f) => parseReport(readFileSync(f, 'utf8'), { nowYear: 2026 }));
  const injected = Array.from({ length: 300 }, (_, i) => {
    const r = rng(80_000 + i);
    const fields = generateFields(r, { scale: 2 });
    injectError(fields, ERROR_KINDS[i % ERROR_KINDS.length], r);
    return parseReport(renderText({ ...generateIdentity(r), fields }, 'tabs', r), { nowYear: 2026 });
  });
  console.log('\n## validate (Node, Report → issues: checks, diagnosis, sanity, prose)\n');
  console.log('| input | median ms/report | p90 ms |');
  console.log('|---|---|---|');
  for (const [name, reps] of [['corpus + seeds (17 real)', real], ['generated, one injected mistake each (300)', injected]] as const) {
    const per = reps.map((rep) => {
      const ms: number[] = [];
      for (let k = 0; k < 15; k++) {
        const t0 = performance.now();
        validateReport(rep, { nowYear: 2026 });
        ms.push(performance.now() - t0);
      }
      return median(ms);
    });
    console.log(`| ${name} | ${median(per).toFixed(3)} | ${pct(per, 0.9).toFixed(3)} |`);
  }
  console.log('\n| injected mistake (generated reports) | cases | right cells suggested, alone | right cells among the suggestions |');
  console.log('|---|---|---|---|');
  for (const kind of ERROR_KINDS) {
    let n = 0;
    let alone = 0;
    let among = 0;
    let s3 = 0;
    let s3Alone = 0;
    for (let i = 0; n < 3000; i++) {
      const r = rng(10_000 + i + 1_000_000 * ERROR_KINDS.indexOf(kind));
      const f = generateFields(r, { scale: pick(r, [1, 2, 3] as const) });
      const inj = injectError(f, kind, r);
      const checks = evaluateRelations(f);
      if (!inj || checks.every((c) => c.ok !== false)) continue;
      n++;
      const e = explainChecks(f, checks);
      const gives = (fix: Record<string, number>) =>
        Object.keys(fix).length === Object.keys(inj.truth).length && Object.entries(inj.truth).every(([k, v]) => fix[k] === v);
      const right = e.unique && gives(e.best[0].fix);
      if (right) alone++;
      if (e.best.some((x) => gives(x.fix))) among++;
      if (Object.keys(inj.truth).every((id) => id.startsWith('s3.'))) {
        s3++;
        if (right) s3Alone++;
      }
    }
    const p = (x: number, of = n) => `${((100 * x) / of).toFixed(1)}%`;
    console.log(`| ${kind} | ${n} | ${p(alone)} | ${p(among)} |`);
    if (kind === 'cell') console.log(`| cell, part 三 only | ${s3} | ${p(s3Alone, s3)} | |`);
  }
}

const SECTIONS: Record<string, () => void | Promise<void>> = { pdf: () => benchPdf(FIX), app: () => benchApp(ROOT), parse: benchParse, analyze: benchAnalyze, validate: benchValidate };
/** store: the library with 5,000 entries on fake-indexeddb and in memory (src/lib/store/__fixtures__/bench.ts). */
SECTIONS.store = async () => (await import('../src/lib/store/__fixtures__/bench.ts')).benchStore();
/** charts: each comparison view rendered in headless Chromium, 1,000 offices × 6 years (scripts/bench-charts.ts). */
SECTIONS.charts = async () => (await import('./bench-charts.ts')).benchCharts();
/** export: import a wide CSV of 5,000 reports into the built app, then time each export (scripts/bench-export.ts). */
SECTIONS.export = async () => (await import('./bench-export.ts')).benchExport(ROOT);
/** library: 5,000 reports in the built app: open, filter, sort, wide CSV, long tasks, heap (scripts/bench-library.ts). */
SECTIONS.library = async () => (await import('./bench-library.ts')).benchLibrary(ROOT);
/** cli: `parse` on 200 distinct PDFs with --jobs 1 and 2, and as two separate processes (scripts/lib/bench-cli.ts). */
SECTIONS.cli = async () => (await import('./lib/bench-cli.ts')).benchCli(ROOT);

/** size: the production build's start-up JavaScript (limit 80 kB gzip), lazy chunks, precache and folder (scripts/bench-size.ts). */
SECTIONS.size = async () => void (await import('./bench-size.ts')).benchSize();

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
for (const name of wanted.length ? wanted : Object.keys(SECTIONS)) {
  const run = SECTIONS[name];
  if (!run) {
    console.error(`unknown section ${name}; known: ${Object.keys(SECTIONS).join(', ')}`);
    process.exit(2);
  }
  await run();
}

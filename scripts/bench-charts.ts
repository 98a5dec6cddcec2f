/**
 * `npm run bench -- charts`: the comparison views in headless Chromium with 1,000 offices × 6 years. Builds the
 * app, serves it (tests/e2e/harness.mjs), opens `?test-hooks#/compare`, puts a generated library in through
 * `window.__nianbao_loadEntries` (src/lib/ui/compare/test-hooks.ts), then switches between the views and times,
 * in the page, from the click to the chart drawn (Svelte updating the models and the DOM, then Chart.js layout and
 * drawing: ChartCanvas's `data-rendered-at`), and Chart.js alone (`data-render-ms`).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const OFFICES = 1000;
const YEARS = 6;
const ROUNDS = 7;
const LIMIT_MS = 500;

interface Step {
  name: string;
  /** Tab to click, then settings to apply inside the page before timing (select test id → value). */
  tab: string;
  set?: Record<string, string>;
  chart: string | null;
}

const STEPS: Step[] = [
  { name: 'one office over years (line, 3 metrics)', tab: 'years', chart: 'chart-years' },
  { name: 'ranking, top 30 + 其他 (bars) and the ranking table (first 100 of 1,000 rows)', tab: 'ranking', set: { 'rank-n': '30' }, chart: 'chart-ranking' },
  { name: 'office × year heat map, 40 + 其他 rows', tab: 'heatmap', chart: 'chart-heatmap' },
  { name: 'applicant types, 20 + 其他 (stacked)', tab: 'stack', set: { 'stack-kind': 'applicants', 'stack-mode': 'count', 'stack-n': '20' }, chart: 'chart-stack' },
  { name: 'outcome types, 20 + 其他 (stacked, %)', tab: 'stack', set: { 'stack-kind': 'outcomes', 'stack-mode': 'share', 'stack-n': '20' }, chart: 'chart-stack' },
  { name: 'two-year comparison of one office (tables; findings follow)', tab: 'diff', chart: null },
];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export async function benchCharts(): Promise<void> {
  const { build } = await import('vite');
  const { generatedLibrary } = await import('../src/lib/analyze/__fixtures__/library.ts');
  // A path the type checker does not follow: harness.mjs is plain JavaScript for node:test.
  const harness = await import(pathToFileURL(path.join(ROOT, 'tests', 'e2e', 'harness.mjs')).href);
  await build({ root: ROOT, logLevel: 'warn' });
  const { server, base } = await harness.startServer();
  const { ctx } = await harness.launch();
  try {
    const page = await ctx.newPage();
    const w = harness.watch(page, base);
    await page.goto(`${base}?test-hooks#/compare`);
    await page.waitForFunction(() => typeof (window as { __nianbao_loadEntries?: unknown }).__nianbao_loadEntries === 'function');
    let t0 = performance.now();
    const lib = generatedLibrary(OFFICES, YEARS);
    console.error(`generated ${lib.length} entries in ${(performance.now() - t0).toFixed(0)} ms`);
    t0 = performance.now();
    // Served to the page as a same-origin file (page.route answers it from here; nothing touches the network):
    // passing ~40 MB through page.evaluate takes Playwright tens of seconds.
    const json = JSON.stringify(lib);
    await page.route('**/__bench-library.json', (route: { fulfill: (r: object) => Promise<void> }) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: json }),
    );
    const load = await page.evaluate(async () => {
      const entries = await (await fetch('./__bench-library.json')).json();
      const t = performance.now();
      const rows = (window as unknown as { __nianbao_loadEntries: (e: unknown) => number }).__nianbao_loadEntries(entries);
      return { rows, ms: performance.now() - t, mb: 0 };
    });
    load.mb = json.length / 1e6;
    const transfer = performance.now() - t0 - load.ms;
    console.error(`library in the page after ${(performance.now() - t0).toFixed(0)} ms`);
    await page.getByTestId('tab-years').waitFor();

    /** Click a tab (or change a control) and time until the view is on screen. */
    const timed = (step: Step, action: 'tab' | [string, string]) =>
      page.evaluate(
        async ({ step, action }: { step: Step; action: 'tab' | [string, string] }) => {
          const t0 = performance.now();
          if (action === 'tab') (document.querySelector(`[data-testid="tab-${step.tab}"]`) as HTMLElement).click();
          else {
            const el = document.querySelector(`[data-testid="${action[0]}"]`) as HTMLInputElement | HTMLSelectElement;
            el.value = action[1];
            el.dispatchEvent(new Event(el.tagName === 'SELECT' ? 'change' : 'input', { bubbles: true }));
          }
          // No named inner functions here: tsx would wrap them in a helper the page does not have.
          for (;;) {
            await new Promise((r) => setTimeout(r, 0));
            if (!step.chart) {
              const total = performance.now() - t0;
              while (!document.querySelector('[data-testid="diff-findings"]')) await new Promise((r) => setTimeout(r, 5));
              return { total, chart: null, findings: performance.now() - t0 };
            }
            const canvas = document.querySelector(`[data-testid="${step.chart}"] canvas`);
            const at = Number(canvas?.getAttribute('data-rendered-at') ?? 0);
            if (at > t0) return { total: at - t0, chart: Number(canvas!.getAttribute('data-render-ms')), findings: null };
            if (performance.now() - t0 > 30_000) throw new Error(`${step.name}: no chart after 30 s`);
          }
        },
        { step, action },
      );

    // The first chart also loads Chart.js.
    const first = await timed({ ...STEPS[1] }, 'tab');
    const findings: number[] = [];
    const rows: [string, { total: number[]; chart: number[] }][] = STEPS.map((s) => [s.name, { total: [], chart: [] }]);
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, step] of STEPS.entries()) {
        const open = await page.getByTestId(`tab-${step.tab}`).getAttribute('aria-selected');
        let last = open === 'true' ? null : await timed(step, 'tab');
        // Settings that differ from what the view shows are applied one by one; the last change is timed.
        for (const [id, value] of Object.entries(step.set ?? {})) {
          const current = await page.getByTestId(id).inputValue();
          if (current !== value) last = await timed(step, [id, value]);
        }
        if (!last) throw new Error(`${step.name}: nothing to time (same tab and settings as the step before)`);
        rows[i][1].total.push(last.total);
        if (last.findings !== null) findings.push(last.findings);
        if (last.chart !== null) rows[i][1].chart.push(last.chart);
      }
    }
    console.log(`\n## charts (headless Chromium, ${OFFICES.toLocaleString('en')} offices × ${YEARS} years = ${load.rows.toLocaleString('en')} reports)\n`);
    console.log(`library into the page: ${transfer.toFixed(0)} ms (${load.mb.toFixed(0)} MB of JSON from Node); dataset (corrections + 26 metrics): ${load.ms.toFixed(0)} ms`);
    console.log(`first chart, including loading Chart.js: ${first.total.toFixed(0)} ms\n`);
    console.log(`| view | click → chart drawn, median ms | max ms | Chart.js layout + drawing, median ms |`);
    console.log('|---|---|---|---|');
    let over = 0;
    for (const [name, t] of rows) {
      const max = Math.max(...t.total);
      if (max >= LIMIT_MS) over++;
      console.log(`| ${name} | ${median(t.total).toFixed(1)} | ${max.toFixed(1)} | ${t.chart.length ? median(t.chart).toFixed(1) : ''} |`);
    }
    console.log(
      `| cross-report findings of that office (audit of all ${load.rows.toLocaleString('en')} reports, after the tables): first time | ${findings[0].toFixed(1)} | | |`,
    );
    console.log(`| the same, audit already done for this library | ${median(findings.slice(1)).toFixed(1)} | ${Math.max(...findings.slice(1)).toFixed(1)} | |`);
    console.log(`\n${ROUNDS} rounds; each view ${over ? `NOT always under ${LIMIT_MS} ms (${over} over)` : `under ${LIMIT_MS} ms every time`}.`);
    if (w.foreign.length) throw new Error(`requests to other origins: ${w.foreign.join(', ')}`);
    if (w.errors.length) throw new Error(`page errors: ${w.errors.join('; ')}`);
    if (over) process.exitCode = 1;
  } finally {
    await ctx.close();
    await server.close();
  }
}

/**
 * The comparison page in a real Chromium: 3 offices × 3 years of generated reports (tests/gen: consistent random
 * fields, written as tab-separated text, with a blank fee cell and a table copied from the year before) imported
 * through the file input, then every view. Each chart is checked on the data it was given, which ChartCanvas puts
 * on the canvas as `data-chart` JSON (labels, datasets, data table), against figures computed here from the
 * generated fields with the formulas written out (not with src/lib/analyze). A screenshot of each view is saved in
 * a temporary directory (printed) to be looked at. No request may leave the page's origin.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { tsImport } from 'tsx/esm/api';
import { launch, startServer, watch } from './harness.mjs';

const { generateFields, rng } = await tsImport('../gen/values.ts', import.meta.url);
const { renderText } = await tsImport('../gen/shapes.ts', import.meta.url);

const A = '淮安市人民政府'; // 市级
const B = '淮安市清江浦区人民政府'; // 县级
const C = '淮安市清江浦区清河街道办事处'; // 乡镇级
const OFFICES = [A, B, C];
const YEARS = [2022, 2023, 2024];

/** fields[office][year]: B 2024 leaves 行政事业性收费 blank; C 2024 repeats C 2023's tables exactly. */
const fields = {};
OFFICES.forEach((o, i) => {
  fields[o] = {};
  for (const y of YEARS) fields[o][y] = generateFields(rng(900 + i * 10 + y), { scale: 2 });
});
fields[B][2024]['s2.fees'] = null;
fields[C][2024] = { ...fields[C][2023] };

// The figures, written out from the form (总计 column), independently of src/lib/analyze.
const v = (o, y, id) => fields[o][y][id];
const applications = (o, y) => v(o, y, 's3.new.total') + v(o, y, 's3.carried.total');
const handled = (o, y) => v(o, y, 's3.total.total');
const disclosed = (o, y) => v(o, y, 's3.granted.total') + v(o, y, 's3.partial.total');
const disclosure = (o, y) => (handled(o, y) > 0 ? (100 * disclosed(o, y)) / handled(o, y) : null);
const APPLICANT_COLUMNS = ['natural', 'commercial', 'research', 'social', 'legal', 'other_org'];
const OUTCOME_ROWS = {
  granted: ['granted'],
  partial: ['partial'],
  denied: ['secret', 'law', 'safety', 'third_party', 'internal', 'process', 'enforcement', 'query'].map((r) => `denied.${r}`),
  unable: ['no_info', 'need_create', 'unclear'].map((r) => `unable.${r}`),
  ignored: ['petition', 'duplicate', 'publication', 'massive', 'confirm'].map((r) => `ignored.${r}`),
  other: ['overdue_correction', 'overdue_fee', 'other'].map((r) => `other.${r}`),
};
const outcome = (o, y, g) => OUTCOME_ROWS[g].reduce((s, r) => s + v(o, y, `s3.${r}.total`), 0);

const close = (actual, expected, what) => {
  assert.equal(actual.length, expected.length, what);
  expected.forEach((e, i) =>
    e === null ? assert.equal(actual[i], null, `${what}[${i}]`) : assert.ok(Math.abs(actual[i] - e) < 1e-9, `${what}[${i}]: ${actual[i]} ≠ ${e}`),
  );
};

let server;
let base;
let ctx;
let page;
let w;
const shots = fs.mkdtempSync(path.join(os.tmpdir(), 'compare-shots-'));

before(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compare-reports-'));
  const files = [];
  OFFICES.forEach((o, i) =>
    YEARS.forEach((y) => {
      const file = path.join(dir, `${i}-${y}.txt`);
      fs.writeFileSync(file, renderText({ office: o, year: y, fields: fields[o][y] }, 'tabs', rng(5000 + i * 10 + y)));
      files.push(file);
    }),
  );
  ({ server, base } = await startServer());
  ({ ctx } = await launch());
  page = await ctx.newPage();
  w = watch(page, base);
  await page.goto(base);
  await page.getByTestId('file-input').setInputFiles(files);
  await page.getByTestId('batch-done').waitFor({ timeout: 90_000 });
  assert.match(await page.getByTestId('batch-done').textContent(), /9 份已读取/);
  assert.ok(!w.requests.some((u) => /\/assets\/chart-/.test(u)), 'Chart.js is not loaded before a chart is shown');
  await page.getByRole('link', { name: '比较分析' }).click();
  await page.getByTestId('compare-view').waitFor();
  console.log(`# screenshots: ${shots}`);
});
after(async () => {
  await ctx?.close();
  await server?.close();
});

const canvasOf = (testid) => page.getByTestId(testid).locator('canvas');

/** Runs `action` (if any), waits until the chart has been drawn again, and returns the data it was given. */
async function drawn(testid, action) {
  const before = action && (await canvasOf(testid).count()) ? await canvasOf(testid).getAttribute('data-rendered-at') : null;
  await action?.();
  await page.waitForFunction(
    ([id, b]) => {
      const at = document.querySelector(`[data-testid="${id}"] canvas`)?.getAttribute('data-rendered-at');
      return !!at && at !== b;
    },
    [testid, before],
  );
  const chart = JSON.parse(await canvasOf(testid).getAttribute('data-chart'));
  const ms = Number(await page.waitForFunction((id) => document.querySelector(`[data-testid="${id}"] canvas`)?.getAttribute('data-render-ms'), testid).then((h) => h.jsonValue()));
  assert.ok(ms >= 0 && ms < 500, `${testid} drawn in ${ms} ms`);
  return chart;
}

async function shot(name) {
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

async function download(button) {
  const [d] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return { name: d.suggestedFilename(), bytes: fs.readFileSync(await d.path()) };
}

describe('comparison views with 3 offices × 3 years', () => {
  it('one office across years: chosen metrics, formulas, at most two units, the year filter, a blank as a gap', async () => {
    assert.equal(await page.getByTestId('compare-summary').textContent(), '3 个机关 · 9 份报告 · 2022–2024 年');
    let c = await drawn('chart-years');
    assert.equal(c.type, 'line');
    assert.equal(c.title, A);
    assert.deepEqual(c.labels, ['2022', '2023', '2024']);
    assert.deepEqual(c.datasets.map((d) => d.label), ['申请总数（件）', '办结数（件）', '公开率（%）']);
    close(c.datasets[0].data, YEARS.map((y) => applications(A, y)), '申请总数');
    close(c.datasets[1].data, YEARS.map((y) => handled(A, y)), '办结数');
    close(c.datasets[2].data, YEARS.map((y) => disclosure(A, y)), '公开率');
    const formulas = await page.getByTestId('formulas').textContent();
    assert.match(formulas, /申请总数 = 一、本年新收 \+ 二、上年结转（总计列）/);
    assert.match(formulas, /公开率 = （（一）予以公开 \+ （二）部分公开）÷（七）总计 × 100%（总计列）/);
    // 件 and % are chosen: a third unit (万元) cannot be added.
    assert.ok(await page.locator('input[data-metric="fees"]').isDisabled());
    assert.ok(await page.locator('input[data-metric="review_total"]').isEnabled());
    await shot('1-years');

    // Office B, 公开率 and 行政事业性收费: B 2024's blank fee cell is a gap, not 0.
    c = await drawn('chart-years', () => page.getByTestId('office-select').selectOption({ label: B }));
    assert.equal(c.title, B);
    await page.locator('input[data-metric="applications"]').uncheck();
    await page.locator('input[data-metric="handled"]').uncheck();
    c = await drawn('chart-years', () => page.locator('input[data-metric="fees"]').check());
    assert.deepEqual(c.datasets.map((d) => d.label), ['公开率（%）', '行政事业性收费金额（万元）']);
    close(c.datasets[1].data, [v(B, 2022, 's2.fees'), v(B, 2023, 's2.fees'), null], '收费');
    close(c.datasets[0].data, YEARS.map((y) => disclosure(B, y)), '公开率 B');
    c = await drawn('chart-years', () => page.getByTestId('years-type').selectOption('bar'));
    assert.equal(c.type, 'bar');
    await shot('1-years-bars-blank');

    // Year filter: 2023 and 2024 only.
    await page.getByTestId('year-chip').filter({ hasText: '2023' }).click();
    c = await drawn('chart-years', () => page.getByTestId('year-chip').filter({ hasText: '2024' }).click());
    assert.deepEqual(c.labels, ['2023', '2024']);
    await page.getByRole('button', { name: '清除筛选' }).click();
  });

  it('offices side by side: sorted bars, the ranking table, bottom N with 其他 pooled, level and region filters', async () => {
    await page.getByTestId('tab-ranking').click();
    let c = await drawn('chart-ranking');
    const by2024 = [...OFFICES].sort((x, y) => disclosure(y, 2024) - disclosure(x, 2024));
    assert.equal(c.indexAxis, 'y');
    assert.equal(c.title, `公开率：2024 年最高的 3 个机关`);
    assert.deepEqual(c.labels, by2024);
    close(c.datasets[0].data, by2024.map((o) => disclosure(o, 2024)), '公开率 2024');
    const rows = await page.getByTestId('ranking-table').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent.trim())));
    assert.deepEqual(rows, by2024.map((o, i) => [String(i + 1), o, disclosure(o, 2024).toFixed(1)]));
    assert.match(await page.getByTestId('formulas').textContent(), /公开率 = /);
    await shot('2-ranking');

    // Bottom 1 in 2023: the lowest office, then the other two pooled as Σ(公开) ÷ Σ(办结), not a mean of rates.
    await page.getByTestId('rank-year').selectOption('2023');
    await page.getByTestId('rank-order').selectOption('asc');
    c = await drawn('chart-ranking', () => page.getByTestId('rank-n').fill('1'));
    const asc = [...OFFICES].sort((x, y) => disclosure(x, 2023) - disclosure(y, 2023));
    const rest = asc.slice(1);
    assert.deepEqual(c.labels, [asc[0], '其他（2 个机关）']);
    const pooled = (100 * rest.reduce((s, o) => s + disclosed(o, 2023), 0)) / rest.reduce((s, o) => s + handled(o, 2023), 0);
    close(c.datasets[0].data, [disclosure(asc[0], 2023), pooled], '最低 1 + 其他');
    assert.deepEqual(c.table.at(-1), [null, '其他（2 个机关）', c.datasets[0].data[1]]);

    // The chart's data as CSV and the picture as PNG.
    const csv = await download(page.getByTestId('chart-ranking').getByTestId('export-csv'));
    assert.equal(csv.name, '公开率 2023 年排名.csv');
    const text = csv.bytes.toString('utf8');
    assert.ok(text.startsWith('\ufeff排名,机关,公开率（%）\r\n'), text);
    assert.equal(text.split('\r\n')[1], `1,${asc[0]},${disclosure(asc[0], 2023)}`);
    const png = await download(page.getByTestId('chart-ranking').getByTestId('export-png'));
    assert.equal(png.name, '公开率 2023 年排名.png');
    assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

    // Level 县级 keeps B only; the region prefix 淮安市清江浦区 keeps B and C.
    await page.getByTestId('rank-n').fill('20');
    await page.getByTestId('rank-order').selectOption('desc');
    c = await drawn('chart-ranking', () => page.getByTestId('filter-level').selectOption('县级'));
    assert.deepEqual(c.labels, [B]);
    assert.equal(await page.getByTestId('filter-count').textContent().then((s) => s.trim()), '1 / 3 个机关');
    await page.getByTestId('filter-level').selectOption('');
    c = await drawn('chart-ranking', () => page.getByTestId('filter-region').fill('淮安市清江浦区'));
    assert.deepEqual([...c.labels].sort(), [B, C].sort());
    await page.getByRole('button', { name: '清除筛选' }).click();
  });

  it('office × year heat map: every cell, rows by mean, darkest colour for the largest value', async () => {
    await page.getByTestId('tab-heatmap').click();
    const c = await drawn('chart-heatmap');
    const mean = (o) => YEARS.reduce((s, y) => s + disclosure(o, y), 0) / YEARS.length;
    const order = [...OFFICES].sort((x, y) => mean(y) - mean(x));
    assert.deepEqual(c.labels, order);
    assert.deepEqual(c.table[0], ['机关', ...YEARS]);
    c.table.slice(1).forEach((row, i) => {
      assert.equal(row[0], order[i]);
      close(row.slice(1), YEARS.map((y) => disclosure(order[i], y)), `热力图 ${order[i]}`);
    });
    // One dataset per year; each bar spans its column [j, j + 1].
    assert.deepEqual(c.datasets.map((d) => d.label), ['2022', '2023', '2024']);
    assert.deepEqual(c.datasets[1].data[0], [1, 2]);
    const cells = OFFICES.flatMap((o) => YEARS.map((y) => ({ o, y, x: disclosure(o, y) })));
    const hi = cells.reduce((a, b) => (b.x > a.x ? b : a));
    const lo = cells.reduce((a, b) => (b.x < a.x ? b : a));
    assert.equal(c.datasets[YEARS.indexOf(hi.y)].backgroundColor[order.indexOf(hi.o)], '#084594');
    assert.equal(c.datasets[YEARS.indexOf(lo.y)].backgroundColor[order.indexOf(lo.o)], '#EFF3FF');
    await shot('3-heatmap');
  });

  it('stacked applicant and outcome types, by office and by year', async () => {
    await page.getByTestId('tab-stack').click();
    let c = await drawn('chart-stack');
    const bySize = [...OFFICES].sort((x, y) => v(y, 2024, 's3.new.total') - v(x, 2024, 's3.new.total'));
    assert.deepEqual(c.labels, bySize);
    assert.deepEqual(c.datasets.map((d) => d.label), ['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他']);
    APPLICANT_COLUMNS.forEach((col, k) => close(c.datasets[k].data, bySize.map((o) => v(o, 2024, `s3.new.${col}`)), col));
    await shot('4-stack-applicants');

    await page.getByTestId('stack-kind').selectOption('outcomes');
    c = await drawn('chart-stack', () => page.getByTestId('stack-mode').selectOption('share'));
    const groups = Object.keys(OUTCOME_ROWS);
    const byHandled = [...OFFICES].sort((x, y) => handled(y, 2024) - handled(x, 2024));
    assert.deepEqual(c.labels, byHandled);
    groups.forEach((g, k) => close(c.datasets[k].data, byHandled.map((o) => (100 * outcome(o, 2024, g)) / handled(o, 2024)), g));
    byHandled.forEach((_, i) => assert.ok(Math.abs(groups.reduce((s, _, k) => s + c.datasets[k].data[i], 0) - 100) < 1e-9));
    await shot('4-stack-outcomes-share');

    await page.getByTestId('stack-mode').selectOption('count');
    c = await drawn('chart-stack', () => page.getByTestId('stack-by').selectOption('year'));
    assert.equal(c.indexAxis, 'x');
    assert.deepEqual(c.labels, ['2022', '2023', '2024']);
    assert.equal(c.title, `办理结果（总计列）：${B}`); // the office chosen in the first view
    close(c.datasets[0].data, YEARS.map((y) => v(B, y, 's3.granted.total')), '予以公开 B');
    await shot('4-stack-by-year');
  });

  it('two years of one office: every changed field, metric deltas, and the cross-report findings', async () => {
    await page.getByTestId('tab-diff').click();
    await page.getByTestId('office-select').selectOption({ label: A });
    const changed = Object.keys(fields[A][2024]).filter((k) => fields[A][2024][k] !== fields[A][2023][k]);
    assert.equal(await page.getByTestId('diff-summary').textContent(), `字段变化：${changed.length} 个字段不同，${200 - changed.length} 个相同`);
    const row = page.getByTestId('diff-fields').locator('tr[data-field="s3.new.total"]');
    const d = v(A, 2024, 's3.new.total') - v(A, 2023, 's3.new.total');
    assert.deepEqual(await row.locator('td').allTextContents(), ['一、本年新收·总计', String(v(A, 2023, 's3.new.total')), String(v(A, 2024, 's3.new.total')), d > 0 ? `+${d}` : String(d)]);
    assert.equal(await page.getByTestId('diff-fields').locator('tbody tr').count(), changed.length);
    const rate = page.getByTestId('diff-metrics').locator('tr[data-metric="disclosure_rate"] td');
    const pp = disclosure(A, 2024) - disclosure(A, 2023);
    assert.equal(await rate.nth(3).textContent(), `${pp > 0 ? '+' : ''}${pp.toFixed(1)} 个百分点`);
    // Relation 5: 二、上年结转 of 2024 against 四、结转下年度 of 2023, per column.
    const carriedBreaks = [...APPLICANT_COLUMNS, 'total'].some((col) => v(A, 2024, `s3.carried.${col}`) !== v(A, 2023, `s3.carryforward.${col}`));
    assert.ok(carriedBreaks, 'the generated reports do not chain (a precondition of this test)');
    assert.ok(await page.getByTestId('diff-findings').locator('li[data-code="series.carried"]').count());
    await shot('5-diff');

    // C 2024 repeats C 2023: no field changed, and the copied table is a finding.
    await page.getByTestId('office-select').selectOption({ label: C });
    assert.equal(await page.getByTestId('diff-summary').textContent(), '字段变化：0 个字段不同，200 个相同');
    const copied = page.getByTestId('diff-findings').locator('li[data-code="series.copied_table"]');
    assert.ok((await copied.count()) >= 1);
    assert.match(await copied.first().textContent(), /2023、2024/);
    await shot('5-diff-copied');
  });

  it('fits a phone screen: no horizontal scrolling of the page', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const tab of ['ranking', 'heatmap', 'diff']) {
      await page.getByTestId(`tab-${tab}`).click();
      if (tab !== 'diff') await drawn(`chart-${tab}`);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `${tab}: page is ${width} px wide`);
      await shot(`6-phone-${tab}`);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('asked no other origin and logged no error; Chart.js came in its own chunk', () => {
    assert.deepEqual(w.foreign, []);
    assert.deepEqual(w.errors, []);
    assert.ok(w.requests.some((u) => /\/assets\/chart-[\w-]+\.js$/.test(u)));
  });
});

/**
 * Hosting and offline use in a real Chromium (issue 9). The built app (dist/) is copied and served by a plain
 * static server written here (fixed MIME types, no SPA fallback, no Vite) under a sub-path with a non-ASCII
 * segment. One visit installs the service worker; then, with the server shut down and the browser offline, the
 * page reloads and imports a PDF whose text needs the GB CMaps (predefined UniGB-UCS2-H, font not embedded:
 * without the CMaps pdf.js returns no text at all), a real PDF, a text report and the sample reports; they are
 * stored and still there after another reload. A new build is announced and takes over on 刷新, and the old
 * cache is deleted. `vite dev` registers no service worker and runs under the (dev) CSP.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { tsImport } from 'tsx/esm/api';
import { createServer } from 'vite';
import { cmapReportPdf } from './cmap-pdf.mjs';
import { FIXTURES, ROOT, importFiles, launch, watch } from './harness.mjs';

const { generateFields, rng } = await tsImport('../gen/values.ts', import.meta.url);
const { renderText } = await tsImport('../gen/shapes.ts', import.meta.url);

const fx = (...p) => path.join(FIXTURES, ...p);
const cleanup = [];
after(async () => {
  for (const f of cleanup.reverse()) await f();
});

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.pdf': 'application/pdf',
};

/** A minimal static file server for `dir` under `prefix` (like nginx with a `location` block); `close()` takes it down. */
async function staticServer(dir, prefix) {
  const sockets = new Set();
  const hits = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    const pathname = decodeURIComponent(url.pathname);
    hits.push(pathname);
    if (pathname === prefix.slice(0, -1)) return res.writeHead(301, { Location: encodeURI(prefix) }).end();
    if (!pathname.startsWith(prefix)) return res.writeHead(404).end();
    const rel = pathname.slice(prefix.length) || 'index.html';
    const file = path.join(dir, rel);
    if (!file.startsWith(dir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' });
    fs.createReadStream(file).pipe(res);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}${encodeURI(prefix)}`;
  let open = true;
  const close = () =>
    new Promise((resolve) => {
      if (!open) return resolve();
      open = false;
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  cleanup.push(close);
  return { url, hits, close };
}

/** A copy of dist/ that a test may change (a new build) without touching the shared one. */
function copyDist() {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'sw.js'))) throw new Error('dist/sw.js missing: run npx vite build first');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-site-'));
  fs.cpSync(path.join(ROOT, 'dist'), dir, { recursive: true });
  return dir;
}


const rowOf = (page, office) => page.getByTestId('library-row').filter({ has: page.getByTestId('row-office').getByText(office, { exact: true }) });
const cell = async (row, id) => (await row.getByTestId(id).textContent()).trim();

/** The page's service-worker cache: its names, and the paths (relative to `base`) of what it holds. */
const cacheState = (page, base) =>
  page.evaluate(async (base) => {
    const names = await caches.keys();
    const held = [];
    for (const n of names) for (const r of await (await caches.open(n)).keys()) held.push(decodeURI(r.url.slice(base.length)));
    return { names, held, controller: navigator.serviceWorker.controller?.scriptURL ?? null };
  }, base);

describe('offline', () => {
  it('after one visit from a sub-path, reloads and imports PDFs (CMaps included) and text with the server down', async () => {
    const dir = copyDist();
    const site = await staticServer(dir, '/tools/年报分析/');
    const { ctx } = await launch();
    cleanup.push(() => ctx.close());
    const page = await ctx.newPage();
    const w = watch(page, site.url);
    const all = [];
    ctx.on('request', (r) => all.push(r.url()));

    await page.goto(site.url);
    await page.getByRole('heading', { name: '年报分析' }).waitFor();
    await page.getByTestId('notices').getByText(/已可离线使用/).waitFor({ timeout: 60_000 });
    const before = await cacheState(page, site.url);
    assert.equal(before.controller, site.url + 'sw.js');
    assert.equal(before.names.length, 1);
    assert.match(before.names[0], /^nianbao-[0-9a-f]{12}$/);
    const held = new Set(before.held);
    // The shell, every built chunk (app, both pdf.js builds and workers, Chart.js), the GB CMaps, the samples.
    for (const f of ['index.html', 'pdfjs/cmaps/UniGB-UCS2-H.bcmap', 'pdfjs/cmaps/Adobe-GB1-UCS2.bcmap', 'pdfjs/cmaps/UniCNS-UCS2-H.bcmap', 'examples/huaian_2024.pdf'])
      assert.ok(held.has(f), `${f} is precached`);
    for (const f of fs.readdirSync(path.join(dir, 'assets'))) assert.ok(held.has(`assets/${f}`), `assets/${f} is precached`);
    assert.ok(!held.has('sw.js'));
    assert.deepEqual(before.held.filter((f) => f.startsWith('pdfjs/standard_fonts/') || f.startsWith('pdfjs/wasm/')), []);
    assert.deepEqual(before.held.filter((f) => f.startsWith('pdfjs/cmaps/') && !/GB|CNS|B5|HK|ETen|ETHK/.test(f)), []);

    // Off: the server is gone and the browser is offline.
    await site.close();
    await ctx.setOffline(true);
    const failed = [];
    ctx.on('requestfailed', (r) => failed.push(`${r.url()} ${r.failure()?.errorText}`));
    const hitsBefore = site.hits.length;

    await page.reload();
    await page.getByRole('heading', { name: '年报分析' }).waitFor();
    const fields = generateFields(rng(77));
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cmap-'));
    const cmapPdf = path.join(tmp, 'cmap_stsong.pdf');
    fs.writeFileSync(cmapPdf, cmapReportPdf(renderText({ office: '某某县人民政府', year: 2024, fields }, 'tabs', rng(78))));
    await importFiles(page, [cmapPdf, fx('pdf', 'huaian_2024.pdf'), fx('corpus', 'raw', '020.txt')]);
    assert.match(await page.getByTestId('batch-done').textContent(), /3 份已读取/);
    const cmapRow = rowOf(page, '某某县人民政府');
    assert.equal(await cell(cmapRow, 'row-year'), '2024');
    assert.equal(await cell(cmapRow, 'row-applications'), String(fields['s3.new.total'] + fields['s3.carried.total']));
    assert.equal(await cell(cmapRow, 'row-checks'), '全部相符');
    assert.equal(await cell(rowOf(page, '淮安市人民政府'), 'row-applications'), '3153');
    assert.equal(await cell(rowOf(page, '平潭综合实验区经济发展局'), 'row-year'), '2021');

    // The sample reports are precached too (their PDF is the huaian report already imported).
    await page.getByTestId('load-examples').click();
    await page.getByTestId('batch-done').getByText(/3 份已读取，1 份重复/).waitFor({ timeout: 90_000 });

    // A PDF value's page region is drawn by the page's own pdf.js and its worker, both from the cache.
    await cmapRow.getByTestId('row-office').click();
    await page.getByTestId('report-view').waitFor();
    await page.locator('[data-field="s3.new.total"]').click();
    await page.getByTestId('cell-panel').getByText('第 1 页').waitFor();
    await page.waitForFunction(() => (document.querySelector('.srcbox canvas')?.height ?? 0) > 20, null, { timeout: 30_000 });
    // Nothing failed to load (leaving the page below aborts the pdf.js worker's requests, which is no failure).
    assert.deepEqual(failed, []);

    // Stored: still there after another offline reload.
    await page.goto(site.url + '#/');
    await page.reload();
    await page.getByTestId('library-count').getByText('共 6 份').waitFor();

    assert.equal(site.hits.length, hitsBefore);
    assert.deepEqual(w.foreign, []);
    assert.deepEqual(all.filter((u) => !u.startsWith('http://127.0.0.1:') && !u.startsWith('data:') && !u.startsWith('blob:')), []);
    assert.deepEqual(w.errors, []);
    await ctx.setOffline(false);
    await page.close();
  });

  it('announces a new build, switches to it on 刷新 and deletes the old cache', async () => {
    const dir = copyDist();
    const site = await staticServer(dir, '/app/');
    const { ctx } = await launch();
    cleanup.push(() => ctx.close());
    const page = await ctx.newPage();
    await page.goto(site.url);
    await page.getByTestId('notices').getByText(/已可离线使用/).waitFor({ timeout: 60_000 });
    const v1 = (await cacheState(page, site.url)).names;
    assert.equal(v1.length, 1);

    // Deploy "build 2": another index.html, and a service worker with its own cache name (as a real build gets).
    const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
    fs.writeFileSync(path.join(dir, 'index.html'), html.replace('<title>', '<meta name="test-build" content="2" />\n    <title>'));
    const sw = fs.readFileSync(path.join(dir, 'sw.js'), 'utf8');
    assert.ok(sw.includes(v1[0]));
    fs.writeFileSync(path.join(dir, 'sw.js'), sw.replaceAll(v1[0], 'nianbao-000000000002'));

    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    const notice = page.getByTestId('notices').locator('.notice').filter({ hasText: '有新版本，刷新后生效' });
    await notice.waitFor({ timeout: 60_000 });
    // Until the user says so, the page keeps running the build it loaded.
    assert.equal(await page.locator('meta[name="test-build"]').count(), 0);
    assert.deepEqual((await cacheState(page, site.url)).names.sort(), [v1[0], 'nianbao-000000000002'].sort());

    await notice.getByRole('button', { name: '刷新' }).click();
    await page.locator('meta[name="test-build"]').waitFor({ state: 'attached', timeout: 30_000 });
    await page.getByRole('heading', { name: '年报分析' }).waitFor();
    await page.waitForFunction(async () => (await caches.keys()).length === 1, null, { timeout: 10_000 });
    assert.deepEqual((await cacheState(page, site.url)).names, ['nianbao-000000000002']);
    await page.close();
  });
});

describe('vite dev', () => {
  it('registers no service worker, runs under the dev CSP with no violation, and imports a report', async () => {
    const server = await createServer({ root: ROOT, logLevel: 'silent', server: { port: 0, host: '127.0.0.1', strictPort: false } });
    await server.listen();
    cleanup.push(() => server.close());
    const base = `http://127.0.0.1:${server.httpServer.address().port}/`;
    const { ctx } = await launch();
    cleanup.push(() => ctx.close());
    const page = await ctx.newPage();
    await page.addInitScript(() => {
      globalThis.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => globalThis.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const w = watch(page, base);
    await page.goto(base);
    await page.getByRole('heading', { name: '年报分析' }).waitFor({ timeout: 60_000 });
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(csp, /style-src 'self' 'unsafe-inline'/);
    assert.match(csp, /script-src 'self';/);
    await importFiles(page, [fx('corpus', 'raw', '035.txt')]);
    assert.match(await page.getByTestId('batch-done').textContent(), /1 份已读取/);
    // Give a (wrongly) registered worker time to show up.
    await page.waitForTimeout(500);
    assert.deepEqual(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), 0);
    assert.deepEqual(await page.evaluate(() => globalThis.__csp), []);
    assert.deepEqual(w.foreign, []);
    await page.close();
  });
});

/**
 * Security in a real Chromium (issue 9), on the built app (dist/, served by vite preview):
 * - a whole session (load, sample reports, PDF, web page, Word and text reports, a report and a PDF page region,
 *   the comparison page with a chart and its exports, the help page) requests nothing outside the page's origin,
 *   counting the service worker's and the workers' requests, and breaks no rule of the Content-Security-Policy,
 *   which is live: an injected inline script does not run and eval throws;
 * - report text is never rendered as HTML: reports (text and web page) whose office name, prose and a cell hold
 *   `<script>`, `<img onerror>` and `javascript:` payloads are shown literally, with no dialog, no script run and
 *   no element created (with the CSP bypassed, so this checks the rendering itself, not the CSP);
 * - the source never renders HTML and runs pdf.js without eval (static checks).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { tsImport } from 'tsx/esm/api';
import { FIXTURES, ROOT, importFiles, launch, startServer } from './harness.mjs';

const { generateFields, rng } = await tsImport('../gen/values.ts', import.meta.url);
const { renderText } = await tsImport('../gen/shapes.ts', import.meta.url);

const fx = (...p) => path.join(FIXTURES, ...p);
let server;
let base;
before(async () => {
  ({ server, base } = await startServer());
});
after(async () => {
  await server?.close();
});


/** Collects `securitypolicyviolation` events from the first script on (an init script runs before the app's). */
const CSP_LISTENER = () => {
  globalThis.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) =>
    globalThis.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
  );
};

/** The policy in the built index.html, as { directive: [sources] }. */
function builtPolicy() {
  const html = fs.readFileSync(path.join(ROOT, 'dist', 'index.html'), 'utf8');
  const m = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
  assert.ok(m, 'dist/index.html carries a CSP meta tag');
  return Object.fromEntries(
    m[1]
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([k, ...v]) => [k, v]),
  );
}

describe('content security policy', () => {
  it('forbids other origins, eval and inline scripts; styles only from files', () => {
    const p = builtPolicy();
    assert.deepEqual(p['default-src'], ["'self'"]);
    assert.deepEqual(p['script-src'], ["'self'"]);
    assert.deepEqual(p['style-src'], ["'self'"]);
    assert.deepEqual(p['connect-src'], ["'self'"]);
    assert.deepEqual(p['worker-src'], ["'self'"]);
    assert.deepEqual(p['img-src'], ["'self'", 'data:']);
    assert.deepEqual(p['object-src'], ["'none'"]);
    assert.deepEqual(p['base-uri'], ["'self'"]);
    assert.deepEqual(p['form-action'], ["'none'"]);
  });
});

describe('no network', () => {
  it('a full session asks no other origin and breaks no CSP rule; the policy is enforced', async () => {
    const { ctx } = await launch();
    const origin = new URL(base).origin;
    const requests = [];
    // Context-wide: the page, its workers and the service worker.
    ctx.on('request', (r) => requests.push(r.url()));
    const page = await ctx.newPage();
    await page.addInitScript(CSP_LISTENER);
    const errors = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(String(e)));
    const downloads = [];
    page.on('download', (d) => downloads.push(d.suggestedFilename()));

    await page.goto(base);
    await page.getByRole('heading', { name: '年报分析' }).waitFor();
    await page.getByTestId('notices').getByText(/已可离线使用/).waitFor({ timeout: 60_000 });

    // Sample reports (text + PDF), then PDF, web page, Word and text files.
    await page.getByTestId('load-examples').click();
    await page.getByTestId('batch-done').getByText(/4 份已读取/).waitFor({ timeout: 90_000 });
    await importFiles(page, [
      fx('pdf', 'gen_county_pagebreak_wqy.pdf'),
      fx('html', 'gen_city_web.html'),
      fx('docx', 'gen_province_lo.docx'),
      fx('seeds', '002_0d5fbfa6f6b06582.txt'),
    ]);
    assert.match(await page.getByTestId('batch-done').textContent(), /4 份已读取/);
    await page.getByTestId('library-count').getByText('共 8 份').waitFor();

    // A PDF report and the page region a value came from (pdf.js on the page, with its own worker).
    await page.getByTestId('row-office').filter({ hasText: '淮安市人民政府' }).click();
    await page.getByTestId('report-view').waitFor();
    await page.locator('[data-field="s3.new.total"]').click();
    await page.waitForFunction(() => (document.querySelector('.srcbox canvas')?.height ?? 0) > 20, null, { timeout: 30_000 });
    // A text report and the line a value came from.
    await page.goto(base + '#/');
    await page.getByTestId('row-office').filter({ hasText: '平潭综合实验区市场监督管理局' }).click();
    await page.locator('[data-field="s3.new.natural"]').click();
    await page.getByTestId('source-lines').locator('mark').waitFor();

    // The comparison page: a chart (Chart.js loaded on demand) and its exports.
    await page.getByRole('link', { name: '比较分析' }).click();
    await page.getByTestId('compare-view').waitFor();
    await page.locator('canvas[data-render-ms]').first().waitFor({ timeout: 30_000 });
    const chart = page.locator('canvas[data-render-ms]').first().locator('xpath=ancestor::*[.//*[@data-testid="export-csv"]][1]');
    await Promise.all([page.waitForEvent('download'), chart.getByTestId('export-csv').click()]);
    await Promise.all([page.waitForEvent('download'), chart.getByTestId('export-png').click()]);

    // The library's own exports.
    await page.getByRole('link', { name: '报告库' }).click();
    for (const name of ['导出宽表 CSV', '导出审核表', '导出 JSON（完整报告库）'])
      await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);

    await page.getByRole('link', { name: '帮助' }).click();
    await page.getByTestId('help').waitFor();

    assert.ok(requests.length > 50, `${requests.length} requests recorded`);
    assert.deepEqual(
      requests.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin),
      [],
    );
    assert.equal(downloads.length, 5);
    assert.deepEqual(await page.evaluate(() => globalThis.__cspViolations), []);
    assert.deepEqual(errors, []);

    // The policy is live: an inline script is refused (and reported), eval throws.
    const inline = await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'globalThis.__inlineRan = true';
      document.head.append(s);
      return globalThis.__inlineRan === true;
    });
    assert.equal(inline, false);
    // (Code Playwright evaluates may eval; a task the page runs later may not.)
    const evaluated = await page.evaluate(
      () =>
        new Promise((resolve) =>
          setTimeout(() => {
            try {
              resolve(String((0, eval)('1 + 1')));
            } catch (e) {
              resolve(e.name);
            }
          }),
        ),
    );
    assert.equal(evaluated, 'EvalError');
    await page.waitForFunction(() => globalThis.__cspViolations.length >= 2);
    const v = await page.evaluate(() => globalThis.__cspViolations);
    assert.ok(v.some((x) => x.startsWith('script-src-elem inline')), v.join('\n'));
    assert.ok(v.some((x) => x.startsWith('script-src eval')), v.join('\n'));
    await ctx.close();
  });
});

// ---------------------------------------------------------------------------------------------- XSS

const OFFICE = '<script>alert(1)</script>某某县<img src=x onerror=alert(1)>人民政府';
/** What the parser keeps of OFFICE (it removes spaces from names). */
const OFFICE_READ = '<script>alert(1)</script>某某县<imgsrc=xonerror=alert(1)>人民政府';
const PROSE = '（二）依申请公开。<script>globalThis.__xss = "prose-script"; alert(1)</script><img src=x onerror=alert(1)>全年共收到政府信息公开申请99999件<script>alert(1)</script>，<img src=x onerror="globalThis.__xss = \'prose-img\'; alert(1)">均按期答复，详见javascript:alert(1)。';
const CELL_IMG = '<img src=x onerror="globalThis.__xss = \'cell\'; alert(1)">';
const CELL_JS = 'javascript:alert(1)';

/** A generated report as text with payloads in the title (office), part 一 and two part-二 cells. */
function payloadText() {
  const fields = generateFields(rng(5));
  fields['s2.regulations.made'] = CELL_IMG;
  fields['s2.regulations.repealed'] = CELL_JS;
  const text = renderText({ office: OFFICE, year: 2024, fields }, 'tabs', rng(6));
  const prose = /（二）依申请公开。[^\n]*/;
  assert.match(text, prose);
  return text.replace(prose, PROSE);
}

const esc = (s) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
/**
 * The web-page fixture with the payloads as text (escaped, so they are characters of the page's text) in the
 * title, a paragraph and a part-二 cell, plus live ones as markup (a script element, an image with onerror, a
 * javascript: link) that text extraction must drop.
 */
function payloadHtml() {
  let html = fs.readFileSync(fx('html', 'gen_city_web.html'), 'utf8');
  html = html.replaceAll('某某市人民政府2024年', `某某市${esc('<script>alert(1)</script>')}人民政府2024年`);
  html = html.replace(
    '<h2 class="part">一、总体情况</h2>',
    `<h2 class="part">一、总体情况</h2>\n<p class="body">附注：${esc('<img src=x onerror=alert(1)>')} ${esc(CELL_JS)}</p>` +
      `<script>globalThis.__xss = 'html-script'; alert(1)</script><img src=x onerror="globalThis.__xss = 'html-img'; alert(1)">` +
      `<a href="javascript:globalThis.__xss='html-link'">链接</a>`,
  );
  const row = /(<td[^>]*>\s*规章\s*<\/td>\s*<td[^>]*>)([^<]*)(<\/td>)/;
  assert.match(html, row);
  return html.replace(row, `$1${esc(CELL_IMG)}$3`);
}

describe('report text is never rendered as HTML', () => {
  it('office names, prose and cells with <script>, <img onerror> and javascript: are shown as text', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xss-'));
    fs.writeFileSync(path.join(dir, 'payload.txt'), payloadText());
    fs.writeFileSync(path.join(dir, 'payload.html'), payloadHtml());
    // CSP bypassed: the page's own rendering must be safe, whatever the policy.
    const { ctx } = await launch(undefined, { bypassCSP: true });
    const page = await ctx.newPage();
    const dialogs = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(base);
    await page.getByRole('heading', { name: '年报分析' }).waitFor();
    await importFiles(page, [path.join(dir, 'payload.txt'), path.join(dir, 'payload.html')]);
    assert.match(await page.getByTestId('batch-done').textContent(), /2 份已读取/);

    // The library shows both names literally.
    const offices = (await page.getByTestId('row-office').allTextContents()).map((s) => s.trim()).sort();
    assert.deepEqual(offices, [OFFICE_READ, '某某市<script>alert(1)</script>人民政府'].sort());

    // The text report: its name, the prose quoted in an issue, and the line of a cell, all as text.
    await page.getByTestId('row-office').filter({ hasText: '某某县' }).click();
    await page.getByTestId('report-view').waitFor();
    assert.equal(await page.getByTestId('report-office').textContent(), OFFICE_READ);
    // The number disagrees with the table: the cell's issue quotes the sentence, tags and all.
    await page.locator('[data-field="s3.new.total"]').click();
    const issue = await page.getByTestId('cell-panel').textContent();
    assert.ok(issue.includes('正文称“>全年共收到政府信息公开申请99999件<script>alert”'), issue);
    await page.locator('[data-field="s2.regulations.valid"]').click();
    await page.getByTestId('source-lines').locator('mark').waitFor();
    const lines = await page.getByTestId('source-lines').textContent();
    assert.ok(lines.includes(CELL_IMG) && lines.includes(CELL_JS), lines);

    // The web page: its name and the escaped cell, as text; the live markup was dropped with the page's markup.
    await page.goto(base + '#/');
    await page.getByTestId('row-office').filter({ hasText: '某某市' }).click();
    await page.getByTestId('report-view').waitFor();
    assert.equal(await page.getByTestId('report-office').textContent(), '某某市<script>alert(1)</script>人民政府');
    await page.locator('[data-field="s2.regulations.valid"]').click();
    await page.getByTestId('source-lines').locator('mark').waitFor();
    const htmlLines = await page.getByTestId('source-lines').textContent();
    assert.ok(htmlLines.includes(CELL_IMG), htmlLines);
    assert.ok(!htmlLines.includes('html-script') && !htmlLines.includes('html-img'));

    // Nothing ran, nothing was created, nothing was fetched.
    await page.waitForTimeout(300);
    assert.deepEqual(dialogs, []);
    assert.equal(await page.evaluate(() => globalThis.__xss), undefined);
    const dom = await page.evaluate(() => ({
      scripts: [...document.querySelectorAll('body script')].length,
      imgs: [...document.querySelectorAll('img')].length,
      jsLinks: [...document.querySelectorAll('[href]')].filter((e) => /^\s*javascript:/i.test(e.getAttribute('href'))).length,
      handlers: [...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => a.name)),
    }));
    assert.deepEqual(dom, { scripts: 0, imgs: 0, jsLinks: 0, handlers: [] });
    assert.deepEqual(requests.filter((u) => /\/x$/.test(u)), []);
    await ctx.close();
  });
});

// ---------------------------------------------------------------------------------------------- source

function sources(dir) {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && /\.(ts|svelte)$/.test(d.name) && !d.name.endsWith('.test.ts'))
    .map((d) => path.join(d.parentPath ?? d.path, d.name));
}

describe('source', () => {
  const files = sources(path.join(ROOT, 'src'));
  const read = (f) => fs.readFileSync(f, 'utf8');

  it('never renders markup: no {@html}, innerHTML, outerHTML, insertAdjacentHTML or document.write', () => {
    assert.ok(files.length > 50);
    const hits = files.flatMap((f) =>
      read(f)
        .split('\n')
        .map((l, i) => [l, i])
        .filter(([l]) => /\{@html|\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write/.test(l))
        .map(([l, i]) => `${path.relative(ROOT, f)}:${i + 1}: ${l.trim()}`),
    );
    assert.deepEqual(hits, []);
  });

  it('opens every PDF with isEvalSupported: false and no scripting, XFA, annotation or XFA layer', () => {
    const callers = files.filter((f) => /\.getDocument\(/.test(read(f)));
    assert.deepEqual(callers.map((f) => path.relative(ROOT, f)).sort(), ['src/lib/ingest/pdf.ts', 'src/lib/ingest/render-page.ts']);
    for (const f of callers) {
      const call = read(f).slice(read(f).search(/\.getDocument\(\{/));
      const args = call.slice(0, call.indexOf('})'));
      assert.match(args, /isEvalSupported: false,/, f);
    }
    const all = files.map(read).join('\n');
    // Nothing may put eval back (pdf.ts spreads environment options after the key).
    assert.doesNotMatch(all, /isEvalSupported:(?!\s*false)/);
    assert.doesNotMatch(all, /enableScripting|enableXfa|AnnotationLayer|XfaLayer|TextLayer\b|pdf_viewer/);
  });
});

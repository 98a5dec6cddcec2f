/**
 * Export and import in a real Chromium. Three real reports (corpus 020 and 040, seed 002) are imported and three
 * cells corrected the way a user would: 040's 收费 0 → 0.08 (the prose says 800 元), 040's blank 规章·本年制发件数
 * → `/` (the office makes no 规章, as many reports print it), and 020's blank （二）部分公开·总计 → `=SUM(B9:G9)`,
 * an Excel formula typed into the correction box: the realistic way a cell starting with `=` reaches the library.
 * The wide CSV, the long CSV and the JSON are downloaded and their bytes checked (BOM, CRLF, header, corrected
 * values and their originals, blank / `/` / 0 distinct, the `=` cell neutralised); the wide CSV is imported into
 * an empty library (same reports, corrections kept), imported again over a changed cell with 采用导入, and a
 * broken copy is refused with its line number while the library stays as it was. No request leaves the origin.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FIXTURES, freshPage, importFiles, launch, startServer } from './harness.mjs';

let server;
let base;
let ctx;

before(async () => {
  ({ server, base } = await startServer());
  ({ ctx } = await launch());
});
after(async () => {
  await ctx?.close();
  await server?.close();
});

const fx = (...p) => path.join(FIXTURES, ...p);
const FILES = [fx('corpus', 'raw', '020.txt'), fx('corpus', 'raw', '040.txt'), fx('seeds', '002_0d5fbfa6f6b06582.txt')];
const sha = (f) => createHash('sha256').update(fs.readFileSync(f)).digest('hex');
const ECON = '平潭综合实验区经济发展局'; // 020, 2021
const MARKET = '平潭综合实验区市场监督管理局'; // 040, 2025
const SHIHE = '浉河区人民政府'; // seed 002, 2024



/** Open a report from the library, correct one cell, and come back. */
async function correct(page, office, field, value, note) {
  await page.getByTestId('row-office').filter({ hasText: office }).click();
  await page.locator(`[data-field="${field}"]`).click();
  await page.getByTestId('correct-value').fill(value);
  await page.getByTestId('correct-note').fill(note);
  await page.getByTestId('correct-save').click();
  await page.getByTestId('cell-panel').getByText(/已更正，原值/).waitFor();
  await page.getByRole('link', { name: '报告库', exact: true }).click();
  await page.getByTestId('exchange').waitFor();
}

/** Click an export button; the download's name and bytes. */
async function download(page, button) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  return { name: dl.suggestedFilename(), bytes: fs.readFileSync(await dl.path()) };
}

/** RFC 4180 records of a CSV text (no BOM), each an array of cells. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += ch;
  }
  assert.equal(cell + row.length, '0', 'the file ends with CRLF');
  return rows;
}

/** Bytes → { text, rows } after checking the BOM and that every line ends with CRLF. */
function readCsv(bytes) {
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
  const text = bytes.subarray(3).toString('utf8');
  assert.ok(text.endsWith('\r\n'));
  assert.equal(text.match(/(?<!\r)\n/g), null, 'no line ends with a bare LF');
  assert.equal(text.match(/\r(?!\n)/g), null, 'no bare CR');
  return { text, rows: parseCsv(text) };
}

/** The library's rows as text: office (with its 已更正 badge), year, applications, checks. */
async function libraryRows(page) {
  const rows = await page.getByTestId('library-row').evaluateAll((rs) =>
    rs.map((r) =>
      ['row-office', 'row-year', 'row-applications', 'row-checks']
        .map((t) => r.querySelector(`[data-testid=${t}]`).textContent.trim())
        .concat(r.querySelector('.badge.fix')?.textContent.trim() ?? '')
        .join(' | '),
    ),
  );
  return rows.sort();
}

describe('export and import', () => {
  /** Filled by the first test, read by the next ones. */
  const got = {};

  it('downloads the wide CSV with corrections, blank / `/` / 0 distinct and the `=` cell neutralised', async () => {
    const { page, w } = await freshPage(ctx, base);
    await importFiles(page, FILES);
    await correct(page, MARKET, 's2.fees', '0.08', '信息处理费 800 元');
    await correct(page, MARKET, 's2.regulations.made', '/', '本机关不制定规章');
    await correct(page, ECON, 's3.partial.total', '=SUM(B9:G9)', '按 Excel 公式');
    got.rows = await libraryRows(page);
    assert.deepEqual(got.rows, [
      `${MARKET} | 2025 | 21 | 全部相符 | 已更正 2`,
      `${ECON} | 2021 | 0 | 全部相符 | 已更正 1`,
      `${SHIHE} | 2024 | 101 | 全部相符 | `,
    ]);

    await page.getByRole('radio', { name: /字段代码/ }).check();
    const wide = await download(page, '导出宽表 CSV');
    assert.match(wide.name, /^年报数据_宽表_\d{4}-\d{2}-\d{2}\.csv$/);
    await page.getByTestId('export-status').getByText('已导出 3 份报告').waitFor();
    const { rows } = readCsv(wide.bytes);
    const [head, ...body] = rows;
    assert.equal(head.length, 210);
    assert.deepEqual(head.slice(0, 7), ['office', 'year', 'layout', 'file', 'sha256', 'parser', 's2.regulations.made']);
    assert.deepEqual(head.slice(-4), ['failed_checks', 'issues', 'issue_codes', 'corrections']);
    assert.equal(body.length, 3);
    const at = (office) => {
      const r = body.find((x) => x[0] === office);
      return (col) => r[head.indexOf(col)];
    };
    const market = at(MARKET);
    const econ = at(ECON);
    assert.equal(market('year'), '2025');
    assert.equal(market('file'), '040.txt');
    assert.equal(market('sha256'), sha(FILES[1]));
    assert.equal(econ('sha256'), sha(FILES[0]));
    // Corrected values, with their originals in `corrections`.
    assert.equal(market('s2.fees'), '0.08');
    assert.equal(market('s2.regulations.made'), '/'); // text
    assert.equal(market('s2.regulations.repealed'), ''); // blank, as published
    assert.equal(market('s2.licensing'), '0'); // zero
    assert.equal(market('s3.new.natural'), '21');
    const corr = JSON.parse(market('corrections'));
    assert.deepEqual(Object.keys(corr), ['s2.regulations.made', 's2.fees']); // form order
    assert.deepEqual(
      Object.fromEntries(Object.entries(corr).map(([k, c]) => [k, [c.original, c.note]])),
      { 's2.regulations.made': [null, '本机关不制定规章'], 's2.fees': [0, '信息处理费 800 元'] },
    );
    assert.equal(market('failed_checks'), '0');
    // The formula-like text gets one leading apostrophe: Excel shows it as text, the importer removes it.
    assert.equal(econ('s3.partial.total'), "'=SUM(B9:G9)");
    assert.equal(econ('s3.granted.total'), ''); // blank in the published table
    assert.equal(econ('s3.new.natural'), '0');
    assert.deepEqual(Object.keys(JSON.parse(econ('corrections'))), ['s3.partial.total']);
    assert.equal(at(SHIHE)('corrections'), '{}');
    got.wide = wide.bytes;

    // Only the selected report, in Chinese headers.
    await page.getByRole('checkbox', { name: `选择 ${MARKET} 2025` }).check();
    await page.getByRole('radio', { name: /所选报告（1 份）/ }).check();
    await page.getByRole('radio', { name: /中文名称/ }).check();
    const one = await download(page, '导出宽表 CSV');
    assert.match(one.name, /^年报数据_宽表_所选1份_\d{4}-\d{2}-\d{2}\.csv$/);
    const sel = readCsv(one.bytes).rows;
    assert.equal(sel.length, 2);
    assert.deepEqual(sel[0].slice(0, 3), ['机关名称', '年度', '表式']);
    assert.equal(sel[0][sel[0].length - 1], '更正记录');
    assert.equal(sel[1][0], MARKET);
    await page.getByRole('checkbox', { name: `选择 ${MARKET} 2025` }).uncheck();

    assert.deepEqual(w.foreign, []);
    assert.deepEqual(w.errors, []);
    got.page = page;
    got.w = w;
  });

  it('downloads the long CSV and the library JSON', async () => {
    assert.ok(got.page, 'continues on the page of the test before');
    const { page, w } = got;
    await page.getByRole('radio', { name: /全部报告/ }).check();
    await page.getByRole('radio', { name: /字段代码/ }).check();
    const long = await download(page, '导出长表 CSV');
    assert.match(long.name, /^年报数据_长表_\d{4}-\d{2}-\d{2}\.csv$/);
    const [head, ...body] = readCsv(long.bytes).rows;
    assert.deepEqual(head, ['sha256', 'file', 'office', 'year', 'field', 'label', 'value', 'kind', 'original', 'corrected']);
    assert.equal(body.length, 3 * 200);
    const row = (office, field) => body.find((r) => r[2] === office && r[4] === field).slice(5);
    assert.deepEqual(row(MARKET, 's2.fees'), ['行政事业性收费·本年收费金额', '0.08', 'number', '0', 'yes']);
    assert.deepEqual(row(MARKET, 's2.regulations.made'), ['规章·本年制发件数', '/', 'text', '', 'yes']);
    assert.deepEqual(row(MARKET, 's2.regulations.repealed'), ['规章·本年废止件数', '', 'blank', '', 'no']);
    assert.deepEqual(row(MARKET, 's2.licensing'), ['行政许可·本年处理决定数量', '0', 'number', '', 'no']);
    assert.deepEqual(row(ECON, 's3.partial.total'), ['（二）部分公开·总计', "'=SUM(B9:G9)", 'text', '', 'yes']);

    const json = await download(page, '导出 JSON（完整报告库）');
    assert.match(json.name, /^年报库_\d{4}-\d{2}-\d{2}\.json$/);
    const lib = JSON.parse(json.bytes.toString('utf8'));
    assert.equal(lib.format, 'nianbao-library');
    assert.equal(lib.entries.length, 3);
    const m = lib.entries.find((e) => e.report.office === MARKET);
    assert.equal(m.id, sha(FILES[1]));
    assert.deepEqual(m.corrections['s2.fees'].value, 0.08);
    assert.equal(m.corrections['s2.fees'].note, '信息处理费 800 元');
    assert.ok(Object.keys(m.report.meta.sources).length > 100, 'the full report, with where each value was read');

    const audit = await download(page, '导出审核表');
    assert.match(audit.name, /^年报审核表_\d{4}-\d{2}-\d{2}\.csv$/);
    assert.equal(readCsv(audit.bytes).rows.length, 4);
    assert.deepEqual(w.foreign, []);
    assert.deepEqual(w.errors, []);
    await page.close();
  });

  it('imports the wide CSV into an empty library: the same reports, corrections kept; a second import settles a conflict', async () => {
    const { page, w } = await freshPage(ctx, base);
    assert.ok(got.wide, 'imports the file the first test downloaded');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'export-e2e-'));
    const file = path.join(dir, '同事的年报数据.csv');
    fs.writeFileSync(file, got.wide);

    await page.getByTestId('table-input').setInputFiles(file);
    assert.match(await page.getByTestId('import-summary').textContent(), /共 3 份报告：新增 3 份，与本机相同 0 份，冲突\s*0 份/);
    await page.getByTestId('import-apply').click();
    await page.getByTestId('library-count').getByText('共 3 份').waitFor();
    await page.getByTestId('notices').getByText(/新增 3 份/).waitFor();
    assert.deepEqual(await libraryRows(page), got.rows);
    // Export → import → export: the same rows (the order may differ: imported reports share one time).
    await page.getByRole('radio', { name: /字段代码/ }).check();
    const again = readCsv((await download(page, '导出宽表 CSV')).bytes).rows;
    const before = readCsv(got.wide).rows;
    assert.deepEqual(again[0], before[0]);
    assert.deepEqual(again.slice(1).map(String).sort(), before.slice(1).map(String).sort());

    // Change a value here, then import the colleague's file again: one conflict, shown with both values.
    await correct(page, MARKET, 's2.fees', '0.09', '重新核对');
    await page.getByTestId('table-input').setInputFiles(file);
    assert.match(await page.getByTestId('import-summary').textContent(), /新增 0 份，与本机相同 2 份，冲突\s*1 份/);
    const conflict = await page.getByTestId('import-conflicts').textContent();
    assert.match(conflict, new RegExp(`${MARKET} 2025`));
    assert.match(conflict, /文件第 \d 行；本机已有同一文件/);
    assert.match(conflict, /「行政事业性收费·本年收费金额」本机 0\.09，导入 0\.08/);
    await page.getByRole('radio', { name: '采用导入' }).check();
    await page.getByTestId('import-apply').click();
    await page.getByTestId('notices').getByText(/替换 1 份/).waitFor();
    await page.getByTestId('row-office').filter({ hasText: MARKET }).click();
    await page.getByTestId('report-view').waitFor();
    assert.equal((await page.locator('[data-field="s2.fees"]').textContent()).trim(), '0.08');
    await page.locator('[data-field="s2.fees"]').click();
    await page.getByTestId('cell-panel').getByText('已更正，原值 0').waitFor();
    await page.getByRole('link', { name: '报告库', exact: true }).click();

    // A broken copy: a year that is no year on line 3. The message names the line; nothing changes.
    const rowsBefore = await libraryRows(page);
    const lines = got.wide.toString('utf8').split('\r\n');
    const cells = lines[2].split(',');
    assert.match(cells[1], /^20\d\d$/);
    cells[1] = '二〇二四';
    lines[2] = cells.join(',');
    const broken = path.join(dir, '损坏.csv');
    fs.writeFileSync(broken, lines.join('\r\n'));
    await page.getByTestId('table-input').setInputFiles(broken);
    const errors = page.getByTestId('import-errors');
    await errors.waitFor();
    assert.match(await errors.textContent(), /第 3 行：年度「二〇二四」不是有效的年份/);
    assert.match(await errors.textContent(), /报告库没有任何改变/);
    assert.deepEqual(await libraryRows(page), rowsBefore);
    assert.equal(await page.getByTestId('library-count').textContent(), '共 3 份');

    assert.deepEqual(w.foreign, []);
    assert.deepEqual(w.errors, []);
    await page.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

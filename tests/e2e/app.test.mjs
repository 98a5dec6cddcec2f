/**
 * The app in a real Chromium: import real reports (text, PDF, web page, a corrupt file), read them in the
 * library, open a report, see a value's source, correct a cell. No request may leave the page's origin.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FIXTURES, freshPage, importFiles, launch, packCurrent, startServer } from './harness.mjs';

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



/** The library's rows as { office, year, applications, checks, issues }. */
async function libraryRows(page) {
  return page.getByTestId('library-row').evaluateAll((rows) =>
    rows.map((r) => ({
      office: r.querySelector('[data-testid=row-office]').textContent.trim(),
      year: r.querySelector('[data-testid=row-year]').textContent.trim(),
      applications: r.querySelector('[data-testid=row-applications]').textContent.trim(),
      checks: r.querySelector('[data-testid=row-checks]').textContent.trim(),
      issues: r.querySelector('[data-testid=row-issues]').textContent.trim(),
    })),
  );
}

describe('the page', () => {
  it('loads with its Chinese title and drop zone, asks no other origin and logs no error', async () => {
    const { page, w } = await freshPage(ctx, base);
    assert.match(await page.title(), /年报分析/);
    assert.ok(await page.getByRole('region', { name: /拖入年报文件/ }).isVisible());
    assert.deepEqual(w.foreign, []);
    assert.deepEqual(w.errors, []);
    await page.close();
  });
});

describe('import and library', () => {
  it('text, PDF, web page and a corrupt file: right offices, years and totals, and one clear error', async () => {
    const { page, w } = await freshPage(ctx, base);
    await importFiles(page, [
      fx('seeds', '002_0d5fbfa6f6b06582.txt'),
      fx('corpus', 'raw', '035.txt'),
      fx('pdf', 'huaian_2024.pdf'),
      fx('html', 'gen_city_web.html'),
      fx('pdf', 'bad_truncated.pdf'),
    ]);
    assert.match(await page.getByTestId('batch-done').textContent(), /4 份已读取，1 份无法读取/);
    assert.match(await page.getByTestId('batch-items').textContent(), /bad_truncated\.pdf.*文件不是有效的 PDF/);
    const rows = await libraryRows(page);
    const by = (o) => rows.find((r) => r.office === o);
    assert.deepEqual(by('浉河区人民政府'), { office: '浉河区人民政府', year: '2024', applications: '101', checks: '全部相符', issues: '' });
    assert.equal(by('淮安市人民政府').applications, '3153'); // 3119 new + 34 carried
    assert.equal(by('淮安市人民政府').checks, '全部相符');
    assert.equal(by('平潭综合实验区海坛片区管理局').checks, '7 项不符');
    assert.match(by('（无法读取）').issues, /无法读取/);
    assert.equal(rows.length, 5);
    assert.deepEqual(w.foreign, []);
    assert.deepEqual(w.errors, []);
    await page.close();
  });

  it('the same file dropped again is not duplicated', async () => {
    const { page } = await freshPage(ctx, base);
    await importFiles(page, [fx('seeds', '000_6a46581b0013c0e7.txt')]);
    await importFiles(page, [fx('seeds', '000_6a46581b0013c0e7.txt')]);
    assert.match(await page.getByTestId('batch-done').textContent(), /1 份重复/);
    assert.equal(await page.getByTestId('library-row').count(), 1);
    await page.close();
  });

  it('a zip archive of reports is unpacked and read', async () => {
    const { zipSync } = await import('fflate');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zip-'));
    const zip = path.join(dir, 'reports.zip');
    fs.writeFileSync(
      zip,
      zipSync({
        '报告/001.txt': new Uint8Array(fs.readFileSync(fx('corpus', 'raw', '001.txt'))),
        '报告/003.txt': new Uint8Array(fs.readFileSync(fx('corpus', 'raw', '003.txt'))),
        '__MACOSX/._001.txt': new Uint8Array([1, 2, 3]),
      }),
    );
    const { page } = await freshPage(ctx, base);
    await importFiles(page, [zip]);
    await page.getByTestId('library-count').getByText('共 2 份').waitFor();
    const rows = await libraryRows(page);
    assert.deepEqual(rows.map((r) => `${r.office} ${r.year}`).sort(), ['平潭综合实验区 2022', '平潭综合实验区 2024']);
    await page.close();
  });

  it('a dropped folder is read recursively', async () => {
    const { page } = await freshPage(ctx, base);
    await page.getByTestId('dir-input').setInputFiles(fx('html'));
    await page.getByTestId('batch-done').waitFor({ timeout: 60_000 });
    // The folder also holds the fixtures' .json files: skipped, and said so.
    await page.getByTestId('notices').getByText(/2 个文件不是年报格式/).waitFor();
    await page.getByTestId('library-count').getByText('共 2 份').waitFor();
    const rows = await libraryRows(page);
    assert.deepEqual(rows.map((r) => r.office).sort(), ['平潭综合实验区财政金融局', '某某市人民政府']);
    await page.close();
  });
});

describe('report view', () => {
  it('shows the form, blank cells as blank, the text line a value came from, and keeps a correction', async () => {
    const { page } = await freshPage(ctx, base);
    await importFiles(page, [fx('corpus', 'raw', '020.txt')]);
    await page.getByTestId('row-office').first().click();
    await page.getByTestId('report-view').waitFor();
    assert.equal(await page.getByTestId('report-office').textContent(), '平潭综合实验区经济发展局');
    // 020: the 总计 cell of （一）予以公开 is blank in the published table.
    const blank = page.locator('[data-field="s3.granted.total"]');
    assert.equal((await blank.textContent()).trim(), '空');
    assert.match(await blank.getAttribute('aria-label'), /空白/);
    await page.locator('[data-field="s3.new.natural"]').click();
    // The line is loaded from the stored original: wait for it.
    await page.getByTestId('source-lines').getByText(/本年新收政府信息公开申请数量/).waitFor();
    assert.equal(await page.getByTestId('source-lines').locator('mark').textContent(), '0');
    // Correct the blank cell; the original (blank) is kept beside it.
    await blank.click();
    await page.getByTestId('correct-value').fill('0');
    await page.getByTestId('correct-note').fill('据网页原表核对');
    await page.getByTestId('correct-save').click();
    await page.getByTestId('cell-panel').getByText('已更正，原值 空').waitFor();
    assert.equal((await blank.textContent()).trim(), '0');
    assert.match(await page.getByTestId('report-summary').textContent(), /1 处人工更正/);
    await page.close();
  });

  it('a PDF value shows its page region', async () => {
    const { page } = await freshPage(ctx, base);
    await importFiles(page, [fx('pdf', 'huaian_2024.pdf')]);
    await page.getByTestId('row-office').first().click();
    await page.locator('[data-field="s3.new.total"]').click();
    await page.getByTestId('cell-panel').getByText('第 4 页').waitFor();
    await page.waitForFunction(() => (document.querySelector('.srcbox canvas')?.height ?? 0) > 20, null, { timeout: 30_000 });
    await page.close();
  });
});

describe('the library is kept', () => {
  it('reports and a correction survive a reload; deleting removes a report', async () => {
    const { page, w } = await freshPage(ctx, base);
    await importFiles(page, [fx('corpus', 'raw', '040.txt'), fx('seeds', '004_d7e15d7c5350514b.txt')]);
    await page.getByTestId('row-office').filter({ hasText: '市场监督管理局' }).click();
    await page.locator('[data-field="s2.fees"]').click();
    await page.getByTestId('correct-value').fill('0.08');
    await page.getByTestId('correct-note').fill('信息处理费 800 元');
    await page.getByTestId('correct-save').click();
    await page.getByTestId('cell-panel').getByText('已更正，原值 0').waitFor();

    await page.reload();
    await page.getByTestId('report-view').waitFor();
    assert.equal((await page.locator('[data-field="s2.fees"]').textContent()).trim(), '0.08');
    await page.goto(base + '#/');
    await page.getByTestId('library-count').getByText('共 2 份').waitFor();
    const rows = await libraryRows(page);
    assert.deepEqual(rows.map((r) => r.office).sort(), ['原州区南关街道', '平潭综合实验区市场监督管理局']);

    page.once('dialog', (d) => d.accept());
    await page.getByRole('checkbox', { name: /选择 原州区南关街道/ }).check();
    await page.getByRole('button', { name: '删除' }).click();
    await page.getByTestId('library-count').getByText('共 1 份').waitFor();
    await page.reload();
    await page.getByTestId('library-count').getByText('共 1 份').waitFor();
    assert.deepEqual(w.foreign, []);
    await page.close();
  });
});

async function waitForPack(page) {
  for (let t0 = Date.now(); !(await packCurrent(page)); await page.waitForTimeout(200))
    if (Date.now() - t0 > 30_000) throw new Error('the app wrote no pack within 30 s');
}

describe('the library opens from its pack', () => {
  it('shows the same rows from the pack, with the changes made since, and from the records without it', async () => {
    const { page, w } = await freshPage(ctx, base);
    // Count the reads of every summary record (getAll) the page makes after each reload.
    await page.addInitScript(() => {
      const getAll = IDBObjectStore.prototype.getAll;
      globalThis.__summaryGetAlls = 0;
      IDBObjectStore.prototype.getAll = function (...args) {
        if (this.name === 'summaries') globalThis.__summaryGetAlls++;
        return getAll.apply(this, args);
      };
    });
    const reopen = async (count) => {
      await page.reload();
      await page.getByTestId('library-count').getByText(`共 ${count} 份`).waitFor();
      await page.getByTestId('library-row').first().waitFor();
      return { rows: (await libraryRows(page)).sort((a, b) => a.office.localeCompare(b.office)), getAlls: await page.evaluate(() => globalThis.__summaryGetAlls) };
    };
    await importFiles(page, [fx('corpus', 'raw', '040.txt'), fx('corpus', 'raw', '020.txt'), fx('seeds', '004_d7e15d7c5350514b.txt')]);
    const before = (await libraryRows(page)).sort((a, b) => a.office.localeCompare(b.office));
    assert.deepEqual(
      before.map((r) => [r.office, r.year]),
      [
        ['原州区南关街道', '2024'],
        ['平潭综合实验区市场监督管理局', '2025'],
        ['平潭综合实验区经济发展局', '2021'],
      ],
    );
    // The app packs the summaries in a worker 2 s after the library last changed.
    await waitForPack(page);
    assert.deepEqual(await reopen(3), { rows: before, getAlls: 0 });

    // A change, and a reload before the pack is made again: the pack and the one record written since.
    page.once('dialog', (d) => d.accept());
    await page.getByRole('checkbox', { name: /选择 原州区南关街道/ }).check();
    await page.getByRole('button', { name: '删除' }).click();
    await page.getByTestId('library-count').getByText('共 2 份').waitFor();
    assert.equal(await packCurrent(page), false);
    assert.deepEqual(await reopen(2), { rows: before.slice(1), getAlls: 0 });

    await waitForPack(page);
    assert.deepEqual(await reopen(2), { rows: before.slice(1), getAlls: 0 });
    // Without the pack (deleted here) the records are read, and the pack is made again.
    await page.evaluate(
      () =>
        new Promise((resolve) => {
          const r = indexedDB.open('nianbao-library');
          r.onsuccess = () => {
            const tx = r.result.transaction('meta', 'readwrite');
            tx.objectStore('meta').delete('library:summaries-pack');
            tx.oncomplete = () => resolve(r.result.close());
          };
        }),
    );
    assert.deepEqual(await reopen(2), { rows: before.slice(1), getAlls: 1 });
    await waitForPack(page);
    assert.deepEqual(w.foreign, []);
    assert.deepEqual(w.errors, []);
    await page.close();
  });
});

describe('keyboard', () => {
  it('arrow keys move between the cells of the form, Enter opens one', async () => {
    const { page } = await freshPage(ctx, base);
    await importFiles(page, [fx('seeds', '002_0d5fbfa6f6b06582.txt')]);
    await page.getByTestId('row-office').first().focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('report-view').waitFor();
    await page.locator('[data-field="s3.new.natural"]').focus();
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-field')), 's3.new.commercial');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-field')), 's3.carried.commercial');
    await page.keyboard.press('Enter');
    await page.getByTestId('cell-panel').waitFor();
    assert.match(await page.getByTestId('cell-panel').textContent(), /二、上年结转政府信息公开申请数量·商业企业/);
    await page.close();
  });
});

describe('bad files in the app', () => {
  it('each gets its own message; an encrypted PDF opens with its password', async () => {
    const { page, w } = await freshPage(ctx, base);
    await importFiles(page, [
      fx('pdf', 'bad_encrypted_user.pdf'),
      fx('pdf', 'bad_image_only.pdf'),
      fx('pdf', 'bad_garbage_text.pdf'),
      fx('pdf', 'bad_not_report.pdf'),
    ]);
    const items = await page.getByTestId('batch-items').textContent();
    assert.match(items, /bad_encrypted_user\.pdf.*已加密/);
    assert.match(items, /bad_image_only\.pdf.*扫描件/);
    assert.match(items, /bad_garbage_text\.pdf.*文字层无法识别/);
    assert.match(items, /bad_not_report\.pdf.*未找到政府信息公开年报表格/);
    page.once('dialog', (d) => d.accept('nianbao2024'));
    await page.getByRole('button', { name: '输入密码…' }).click();
    await page.getByTestId('row-office').filter({ hasText: '浉河区人民政府' }).waitFor();
    assert.deepEqual(w.foreign, []);
    await page.close();
  });
});

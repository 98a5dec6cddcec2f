/**
 * Benchmark section `export`: the built app in headless Chromium with 5,000 reports. The library is filled the
 * way a colleague's sheet arrives: a wide CSV of 5,000 generated entries (tests/unit/export-fixtures.ts: values
 * from tests/gen/values.ts with blanks, text cells and corrections) imported through the 导入 panel, which is
 * timed too (scripts/lib/bench-browser.ts, shared with section `library`). Then each export is timed from the click to the browser's download event, and the wide CSV also
 * inside the page (`Session.exportCsv`, from the summaries). Target (issue 8): the wide CSV of 5,000 in < 2 s.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { clickToDownload, fillLibrary, median } from './lib/bench-browser.ts';
// @ts-expect-error: the e2e harness is plain JavaScript
import { launch, startServer } from '../tests/e2e/harness.mjs';

interface SessionLike {
  exportCsv(kind: 'wide' | 'long', headers: 'ids' | 'labels'): string;
}

export async function benchExport(root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..'), n = 5000): Promise<void> {
  await build({ root, logLevel: 'warn' });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-export-'));
  const { server, base } = await startServer();
  const { ctx } = await launch();
  try {
    const page: Page = await ctx.newPage();
    await page.goto(base + '?bench');
    await page.getByRole('heading', { name: '年报分析' }).waitFor();

    const { readMs, storeMs, csvMb } = await fillLibrary(page, n, dir);

    const inPage = await page.evaluate(() => {
      const s = (globalThis as unknown as { __nianbaoSession: SessionLike }).__nianbaoSession;
      const ms: number[] = [];
      let size = 0;
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        size = s.exportCsv('wide', 'ids').length;
        ms.push(performance.now() - t);
      }
      return { ms, size };
    });
    const wide: number[] = [];
    let wideMb = 0;
    for (let i = 0; i < 3; i++) {
      const r = await clickToDownload(page, '导出宽表 CSV');
      wide.push(r.ms);
      wideMb = r.mb;
    }
    const long = await clickToDownload(page, '导出长表 CSV');
    const audit = await clickToDownload(page, '导出审核表', 600_000);
    const json = await clickToDownload(page, '导出 JSON（完整报告库）', 600_000);

    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    console.log(`\n## export (built app in headless Chromium, ${n.toLocaleString('en')} reports)\n`);
    console.log('| step | time | file |');
    console.log('|---|---|---|');
    console.log(`| import a wide CSV of ${n.toLocaleString('en')}: read, check and plan (until the preview shows) | ${s(readMs)} | ${csvMb.toFixed(1)} MB |`);
    console.log(`| import: store them in one transaction (until the table shows ${n.toLocaleString('en')}) | ${s(storeMs)} | |`);
    console.log(`| wide CSV in the page (Session.exportCsv from summaries; median of 5) | ${s(median(inPage.ms))} | ${(inPage.size / 1e6).toFixed(1)} M chars |`);
    console.log(`| wide CSV, click → download (median of 3; target < 2 s) | ${s(median(wide))} | ${wideMb.toFixed(1)} MB |`);
    console.log(`| long CSV, click → download | ${s(long.ms)} | ${long.mb.toFixed(1)} MB |`);
    console.log(`| audit sheet, click → download (reads the full reports) | ${s(audit.ms)} | ${audit.mb.toFixed(1)} MB |`);
    console.log(`| library JSON, click → download (reads the full reports) | ${s(json.ms)} | ${json.mb.toFixed(1)} MB |`);
  } finally {
    await ctx.close();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Benchmark section `pdf`: ms per page of pdf.js getTextContent alone, and of our work on top of it (rebuilding
 * rows from positions + parsing + checks), over the fixture PDFs (real WPS report, Chromium Noto/WQY, LibreOffice)
 * and a 20-page PDF. pdf.js is timed cold (a fresh document each run, fonts parsed again), as a dropped file is.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { TextItem } from 'pdfjs-dist/types/src/display/api';
import { layoutPages, type PageRuns } from '../src/lib/ingest/layout.ts';
import { runsOf, tablesComplete } from '../src/lib/ingest/pdf.ts';
import { parseReport } from '../src/lib/parse/parse-report.ts';
import { nodeIngestEnv, preferPdfjsInflate } from './lib/pdf-node.ts';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export async function benchPdf(fixtures: string): Promise<void> {
  preferPdfjsInflate();
  const { env } = await nodeIngestEnv.loadPdf();
  const dir = path.join(fixtures, 'pdf');
  const files = readdirSync(dir).filter((f) => f.endsWith('.pdf') && !f.startsWith('bad_')).sort();
  console.log('\n## pdf (Node, pdfjs-dist legacy build; per page, median of 5 cold runs)\n');
  console.log('| PDF | pages read | pdf.js getTextContent ms/page | ours (rows + parse + checks) ms/page | ours / pdf.js |');
  console.log('|---|---|---|---|---|');
  let sumPdf = 0;
  let sumOurs = 0;
  for (const f of files) {
    const bytes = new Uint8Array(readFileSync(path.join(dir, f)));
    const pdfMs: number[] = [];
    let pages: PageRuns[] = [];
    for (let run = 0; run < 5; run++) {
      const t0 = performance.now();
      const task = env.pdfjs.getDocument({
        data: bytes.slice(),
        isEvalSupported: false,
        cMapUrl: env.cMapUrl,
        cMapPacked: true,
        standardFontDataUrl: env.standardFontDataUrl,
        verbosity: 0,
      });
      const doc = await task.promise;
      const got: PageRuns[] = [];
      let text = '';
      let stopAt = Infinity;
      // Read as far as the app does: one page after part 六 begins.
      for (let p = 1; p <= doc.numPages && p <= stopAt; p++) {
        const page = await doc.getPage(p);
        const vp = page.getViewport({ scale: 1 });
        const tc = await page.getTextContent();
        const runs = runsOf(tc.items.filter((i): i is TextItem => 'str' in i), vp.transform, env.pdfjs.Util);
        got.push({ page: p, width: vp.width, height: vp.height, runs });
        text += runs.map((r) => r.str).join('\n') + '\n';
        if (stopAt === Infinity && p >= 2 && tablesComplete(text)) stopAt = p + 1;
      }
      pdfMs.push(performance.now() - t0);
      pages = got;
      await task.destroy();
    }
    const oursMs: number[] = [];
    for (let run = 0; run < 15; run++) {
      const t0 = performance.now();
      const laid = layoutPages(pages);
      parseReport(laid.text, { kind: 'pdf' });
      oursMs.push(performance.now() - t0);
    }
    const n = pages.length;
    const a = median(pdfMs) / n;
    const b = median(oursMs) / n;
    sumPdf += a;
    sumOurs += b;
    console.log(`| ${f} | ${n} | ${a.toFixed(1)} | ${b.toFixed(2)} | ${((b / a) * 100).toFixed(1)}% |`);
  }
  console.log(`| **mean of the per-PDF figures** | | ${(sumPdf / files.length).toFixed(1)} | ${(sumOurs / files.length).toFixed(2)} | **${((sumOurs / sumPdf) * 100).toFixed(1)}%** |`);
}

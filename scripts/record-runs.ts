/**
 * Records the positioned text runs pdf.js gives for some pages of a PDF, as the layout tests' fixtures
 * (tests/fixtures/runs/*.json), so the row rebuild is tested without pdf.js.
 * Usage: npx tsx scripts/record-runs.ts FILE.pdf FIRST-LAST OUT.json
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { TextItem } from 'pdfjs-dist/types/src/display/api';
import { nodeIngestEnv } from './lib/pdf-node.ts';
import { runsOf } from '../src/lib/ingest/pdf.ts';
import type { PageRuns } from '../src/lib/ingest/layout.ts';

const [file, range, out] = process.argv.slice(2);
const [first, last] = range.split('-').map(Number);
const { env } = await nodeIngestEnv.loadPdf();
const task = env.pdfjs.getDocument({ data: new Uint8Array(readFileSync(file)), cMapUrl: env.cMapUrl, cMapPacked: true, standardFontDataUrl: env.standardFontDataUrl, isEvalSupported: false });
const doc = await task.promise;
const pages: PageRuns[] = [];
for (let p = first; p <= last; p++) {
  const page = await doc.getPage(p);
  const vp = page.getViewport({ scale: 1 });
  const tc = await page.getTextContent();
  const runs = runsOf(tc.items.filter((i): i is TextItem => 'str' in i), vp.transform, env.pdfjs.Util).map((r) => ({
    ...r,
    x: +r.x.toFixed(2),
    y: +r.y.toFixed(2),
    w: +r.w.toFixed(2),
    h: +r.h.toFixed(2),
  }));
  pages.push({ page: p, width: +vp.width.toFixed(2), height: +vp.height.toFixed(2), runs });
}
await task.destroy();
writeFileSync(out, JSON.stringify({ source: file.split('/').pop(), pages }, null, 0) + '\n');

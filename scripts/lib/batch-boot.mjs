/**
 * Start of a worker thread of the batch CLI (batch-pool.ts) or the fuzz runner (scripts/fuzz/runner.ts), in plain
 * JavaScript because it runs before tsx is registered:
 *
 * 1. pdf.js is imported first. Through tsx's loader, pdf.mjs and pdf.worker.mjs take 6–7 s to import instead of
 *    0.6 s, in every worker; imported here, later imports of the same URLs (pdf-node.ts, pdf.js's own fake worker,
 *    which looks for `globalThis.pdfjsWorker` first) get the loaded modules.
 * 2. The legacy build's core-js polyfills replace built-ins that Node 20 already has: `Array.prototype.push` (a JS
 *    loop over `arguments`, for a corner case of lengths above 2^32), `JSON.stringify` and `JSON.parse`. pdf.js
 *    itself, the parser and the JSON of every report then run through them. They are put back once pdf.js is
 *    loaded; nothing here relies on the corner cases they fix. The additions (Set methods, Promise.try, …) stay.
 * 3. tsx is registered (Node 20 ignores `--import tsx` for a worker's own entry module) and the entry imported:
 *    `workerData.entry`, the URL of the worker's TypeScript module.
 */
import { workerData } from 'node:worker_threads';

const NATIVE = [
  [Array.prototype, 'push'],
  [JSON, 'stringify'],
  [JSON, 'parse'],
];

if (workerData.preloadPdfjs) {
  const saved = NATIVE.map(([o, k]) => [o, k, Object.getOwnPropertyDescriptor(o, k)]);
  await import('pdfjs-dist/legacy/build/pdf.mjs');
  await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
  for (const [o, k, d] of saved) Object.defineProperty(o, k, d);
}
const { register } = await import('tsx/esm/api');
register();
await import(workerData.entry);

/**
 * Start of a fuzz worker thread, in plain JavaScript: pdf.js is imported before tsx is registered and the
 * built-ins its legacy polyfills replace are put back (see scripts/lib/batch-boot.mjs for why), then the worker
 * itself is imported through tsx.
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
await import('./fuzz.worker.ts');

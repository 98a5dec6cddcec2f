/**
 * `tsx scripts/fuzz/make-files.ts DIR`: writes the generated PDFs the end-to-end robustness tests drop on the app
 * (tests/e2e/robustness.test.mjs runs it; plain JavaScript there cannot import the writer): two PDFs that take
 * pdf.js seconds to read (60 pages of 400 small text items each, no report: reading stops at the 60-page limit),
 * a 300-page PDF with a report on its first pages, and a page that is one 8000 × 8000 image.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hugeImagePdf, prosePdf, textPdf } from './pdf-writer.ts';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: tsx scripts/fuzz/make-files.ts DIR');
  process.exit(2);
}
mkdirSync(dir, { recursive: true });
const seeds = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'tests', 'fixtures', 'seeds');
const seed0 = readFileSync(path.join(seeds, '000_6a46581b0013c0e7.txt'), 'utf8');

// Two slow ones, made distinct by a comment after %%EOF (each file's SHA-256 is its id in the library).
for (const n of [1, 2]) {
  const slow = prosePdf(60, { itemsPerLine: 10 });
  writeFileSync(path.join(dir, `slow-${n}.pdf`), Buffer.concat([Buffer.from(slow), Buffer.from(`\n% slow copy ${n}\n`)]));
}
writeFileSync(path.join(dir, 'report-300-pages.pdf'), textPdf(seed0, { extraPages: 298 }));
writeFileSync(path.join(dir, 'huge-image.pdf'), hugeImagePdf(8000));
console.log(dir);

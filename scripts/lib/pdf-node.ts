/**
 * pdf.js for Node (CLI, benchmark, tests): the legacy build (the default one needs DOMMatrix), with CMaps and
 * standard fonts read from the installed package. Without cMapUrl, PDFs using predefined CJK CMaps give no text.
 */
import path from 'node:path';
import { createRequire } from 'node:module';
import type { IngestEnv } from '../../src/lib/ingest/ingest.ts';
import type { Pdfjs } from '../../src/lib/ingest/pdf.ts';

const root = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

/**
 * Node's DecompressionStream makes pdf.js 2–3× slower than its own inflate (../shared/guide/STACK.md §9). Removing
 * it relies on pdf.js's internal fallback, so only the command-line tools opt in.
 */
export function preferPdfjsInflate(): void {
  delete (globalThis as { DecompressionStream?: unknown }).DecompressionStream;
}

/** The exceptions pdf.js throws (its BaseException subclasses, by `name`). */
const PDFJS_EXCEPTIONS = new Set([
  'AbortException',
  'DNLMarkerError',
  'EOIMarkerError',
  'FormatError',
  'InvalidPDFException',
  'JpegError',
  'JpxError',
  'MissingDataException',
  'ParserEOFException',
  'PasswordException',
  'ResponseException',
  'UnknownErrorException',
  'XRefEntryException',
  'XRefParseException',
]);

let strayRejectionsIgnored = false;

/**
 * pdf.js leaves some promises without a handler: `Catalog.getPageDict` prefetches the top-level pages into a cache,
 * and a damaged page's fetch rejects when nobody is waiting for it, after the document has been read. A browser
 * logs that; Node ends the thread, so a batch worker died and the *next* file was reported as crashed (found by
 * `npm run fuzz`; the same in https://github.com/harshankur/officeParser/issues/52). Such rejections are ignored
 * when their reason is one of pdf.js's own exceptions. Any other is left to Node: thrown, as Node does by default,
 * when no one else listens.
 */
export function ignoreStrayPdfjsRejections(): void {
  if (strayRejectionsIgnored) return;
  strayRejectionsIgnored = true;
  process.on('unhandledRejection', (reason) => {
    if (PDFJS_EXCEPTIONS.has((reason as { name?: string } | null)?.name ?? '')) return;
    if (process.listenerCount('unhandledRejection') === 1) throw reason;
  });
}

export const nodeIngestEnv: IngestEnv = {
  async loadPdf() {
    ignoreStrayPdfjsRejections();
    const pdfjs = (await import('pdfjs-dist/legacy/build/pdf.mjs')) as unknown as Pdfjs;
    const { extractPdf } = await import('../../src/lib/ingest/pdf.ts');
    return {
      extractPdf,
      env: {
        pdfjs,
        cMapUrl: path.join(root, 'cmaps') + path.sep,
        standardFontDataUrl: path.join(root, 'standard_fonts') + path.sep,
        wasmUrl: path.join(root, 'wasm') + path.sep,
      },
    };
  },
};

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

export const nodeIngestEnv: IngestEnv = {
  async loadPdf() {
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

/**
 * pdf.js inside one of our own workers: the browser build, with its "worker" code imported into this same
 * thread (globalThis.pdfjsWorker), so each pool worker is one pdf.js with no nested worker and no start-up per
 * document. CMaps, standard fonts and wasm come from the page's own origin (works offline).
 */
import type { IngestEnv } from './ingest.ts';
import type { Pdfjs } from './pdf.ts';
import type { AssetUrls } from './protocol.ts';

export function browserIngestEnv(assets: AssetUrls): IngestEnv {
  let loaded: ReturnType<IngestEnv['loadPdf']> | null = null;
  return {
    loadPdf() {
      loaded ??= (async () => {
        const [pdfjs, worker, pdf] = await Promise.all([
          import('pdfjs-dist'),
          import('pdfjs-dist/build/pdf.worker.min.mjs'),
          import('./pdf.ts'),
        ]);
        (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
        return {
          extractPdf: pdf.extractPdf,
          env: {
            pdfjs: pdfjs as unknown as Pdfjs,
            ...assets,
            // A worker has no `document`: pdf.js would consult document.baseURI to decide useWorkerFetch, and
            // needs no font faces to extract text. Our asset URLs are absolute and same-origin.
            extra: { useWorkerFetch: true, disableFontFace: true, isOffscreenCanvasSupported: false },
          },
        };
      })();
      return loaded;
    },
  };
}

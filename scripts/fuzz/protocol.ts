/** Messages between the fuzz runner (runner.ts) and its worker threads (fuzz.worker.ts). */

export interface FuzzWorkerData {
  /** Module exporting `ingest(name, bytes, opts)`, the function under test. @default ingestion (target.ts) */
  target: string;
  /** Time limit per file handed to ingestion (pdf.js stops between pages when it is reached), ms. */
  timeLimit: number;
  nowYear: number;
  /** Import pdf.js at start (scripts/lib/batch-boot.mjs); without it a PDF case still works, loaded slowly through tsx. */
  preloadPdfjs: boolean;
  /** The worker's module, imported by batch-boot.mjs once tsx is registered. */
  entry: string;
}

export type ToFuzzWorker =
  | { type: 'run'; index: number; name: string; bytes: Uint8Array }
  /** Collect garbage and report the heap: the memory left behind by the cases run so far. */
  | { type: 'gc' };

export type FromFuzzWorker =
  | { type: 'ready' }
  | {
      type: 'done';
      index: number;
      ms: number;
      /** Thrown out of ingestion (other than AbortError), or a result that breaks the Report contract. */
      error?: string;
      /** Error issue codes of the report. */
      codes: string[];
      /** Warning and info issue codes. */
      notes: string[];
      office?: string | null;
      year?: number | null;
      pages?: number;
      /** V8 heap in use right after the case (before any collection), bytes. */
      heapUsed: number;
    }
  | { type: 'heap'; heapUsed: number };

/** Messages between the batch command line and its worker threads (scripts/lib/batch.worker.ts). */

/** How a worker serialises each Report: a JSON line, an element of the pretty-printed JSON array, or plain JSON. */
export type WireFormat = 'jsonl' | 'array' | 'json';

export interface BatchWorkerData {
  format: WireFormat;
  /** Per-file limit in ms given to the reader (pdf.js stops between pages when it is reached). */
  timeLimit: number;
  /** Sample this worker's V8 heap while it works (benchmark only). */
  stats: boolean;
  /** Import pdf.js before tsx is registered (batch-boot.mjs). */
  preloadPdfjs: boolean;
  /** The worker's module, imported by batch-boot.mjs once tsx is registered. */
  entry: string;
}

export type ToBatchWorker =
  | { type: 'read'; id: number; path: string }
  /** The answer to `hash`: read the file (go) or leave it (it is already in the output). */
  | { type: 'go'; id: number }
  | { type: 'skip'; id: number };

export type FromBatchWorker =
  | { type: 'ready' }
  /** The file's SHA-256 (absent when it could not be read); the worker waits for `go` or `skip`. */
  | { type: 'hash'; id: number; sha256?: string }
  | { type: 'result'; id: number; text: string }
  | { type: 'stats'; peakHeapBytes: number };

/**
 * Messages between the app and its ingestion workers. Errors cross `postMessage` as `{name, message}` and are
 * rebuilt into classes on the other side (pdf.js `wrapReason` does the same).
 */
import type { Report } from '../parse/types.ts';
import type { EntrySummary } from '../store/summary.ts';
import type { Outcome } from './outcome.ts';

export interface AssetUrls {
  /** Absolute URLs ending in `/`, on the page's own origin. */
  cMapUrl: string;
  standardFontDataUrl: string;
  wasmUrl: string;
}

export type ToWorker =
  | {
      type: 'init';
      assets: AssetUrls;
      nowYear: number;
      timings?: boolean;
      /** The library is in IndexedDB: workers store what they parse themselves (the page never clones a report). */
      store?: boolean;
    }
  | {
      type: 'ingest';
      id: number;
      name: string;
      /** A File/Blob is read in the worker, so the page never touches the bytes. */
      source: Uint8Array | Blob;
      password?: string;
      timeLimit?: number;
      /** Post the SHA-256 and a copy of the bytes before parsing (the page stores them, or skips a duplicate). */
      hash?: boolean;
      /** Store the original and the result in the library under this file name (workers with `store`). */
      storeAs?: string;
      /** The tab running the batch, kept with the pending marker (state/tab-sync.ts). */
      owner?: string;
    }
  | { type: 'cancel'; id: number }
  | { type: 'unzip'; id: number; bytes: Uint8Array };

export interface WireError {
  name: string;
  message: string;
}

export type FromWorker =
  | { type: 'ready' }
  | { type: 'hashed'; id: number; sha: string; bytes?: Uint8Array }
  /** A `store` job's parse is over; its result is being committed. The worker may take its next file. */
  | { type: 'parsed'; id: number }
  | { type: 'stored'; id: number; sha: string; duplicate: boolean; summary?: EntrySummary; outcome?: Outcome }
  | { type: 'result'; id: number; report: Report }
  | { type: 'unzipped'; id: number; files: Record<string, Uint8Array> }
  | { type: 'error'; id: number; error: WireError };

export const toWire = (e: unknown): WireError => ({
  name: (e as Error)?.name ?? 'Error',
  message: (e as Error)?.message ?? String(e),
});

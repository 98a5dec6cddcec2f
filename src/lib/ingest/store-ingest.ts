/**
 * In a worker, with the library in IndexedDB: read, hash, skip a duplicate, store the original as pending,
 * parse, and store the result — all in this thread, so the page neither clones a report into IndexedDB nor
 * receives one; it gets the small summary the library view shows.
 *
 * IndexedDB commits in the browser's own process, so this thread only waits for them: the original is written
 * while the file is parsed, and once the parse is done `parsed` lets the pool hand this worker its next file
 * while the result is being committed (the pool still waits for the answer below before it reports the file).
 */
import { StorageFullError } from '../store/errors.ts';
import { IdbLibrary } from '../store/library.ts';
import { summarize } from '../store/summary.ts';
import { ingestBytes, type IngestEnv, type IngestOptions } from './ingest.ts';
import { outcomeOf } from './outcome.ts';
import type { FromWorker } from './protocol.ts';
import { sha256Hex } from './sha256.ts';
import { AbortError } from './types.ts';

let library: Promise<IdbLibrary> | null = null;

export interface StoreIngestHooks {
  /** The SHA-256 is known (the page keeps it in case this worker dies). */
  hashed: (sha: string) => void;
  /** Parsing is over and the original is stored: only the result's commit is left. */
  parsed: () => void;
}

export async function storeIngest(
  id: number,
  name: string,
  bytes: Uint8Array,
  env: IngestEnv,
  opts: IngestOptions,
  hooks: StoreIngestHooks,
  /** The tab running the batch (kept with the pending marker). */
  owner?: string,
): Promise<FromWorker> {
  const sha = await sha256Hex(bytes);
  hooks.hashed(sha);
  library ??= IdbLibrary.open();
  const lib = await library;
  if (await lib.has(sha)) return { type: 'stored', id, sha, duplicate: true };
  // Started before the parse and awaited after it. A failure (storage full) is still this file's error.
  const pending = lib.markPending(sha, name, bytes, owner);
  pending.catch(() => {}); // awaited below; this only keeps it from counting as unhandled meanwhile
  let report;
  try {
    report = await ingestBytes(name.split('/').pop() ?? name, bytes, env, opts);
  } catch (e) {
    // Cancelled: the original is not kept waiting for a parse nobody asked for any more.
    if (e instanceof AbortError && (await pending.then(() => true, () => false))) await lib.dropPending(sha);
    throw e;
  }
  await pending;
  hooks.parsed();
  try {
    const { entry } = await lib.completePending(sha, report);
    return { type: 'stored', id, sha, duplicate: false, summary: summarize(entry, true), outcome: outcomeOf(report) };
  } catch (e) {
    // The result did not fit (storage full): the original is not kept waiting either (a marker left behind
    // would be offered on the next visit as a batch interrupted by closing the tab).
    if (e instanceof StorageFullError) await lib.dropPending(sha).catch(() => undefined);
    throw e;
  }
}

/**
 * In a worker, with the library in IndexedDB: read, hash, skip a duplicate, store the original as pending,
 * parse, and store the result — all in this thread, so the page neither clones a report into IndexedDB nor
 * receives one; it gets the small summary the library view shows.
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

export async function storeIngest(
  id: number,
  name: string,
  bytes: Uint8Array,
  env: IngestEnv,
  opts: IngestOptions,
  hashed: (sha: string) => void,
  /** The tab running the batch (kept with the pending marker). */
  owner?: string,
): Promise<FromWorker> {
  const sha = await sha256Hex(bytes);
  hashed(sha);
  library ??= IdbLibrary.open();
  const lib = await library;
  if (await lib.has(sha)) return { type: 'stored', id, sha, duplicate: true };
  await lib.markPending(sha, name, bytes, owner);
  try {
    const report = await ingestBytes(name.split('/').pop() ?? name, bytes, env, opts);
    const { entry } = await lib.completePending(sha, report);
    return { type: 'stored', id, sha, duplicate: false, summary: summarize(entry, true), outcome: outcomeOf(report) };
  } catch (e) {
    // Cancelled, or the result did not fit (storage full): the original is not kept waiting for a parse nobody
    // asked for any more (a marker left behind would be offered as a batch interrupted by closing the tab).
    if (e instanceof AbortError || e instanceof StorageFullError) await lib.dropPending(sha).catch(() => undefined);
    throw e;
  }
}

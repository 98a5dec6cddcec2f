/**
 * The worker's own storing (store-ingest.ts) on fake-indexeddb: a report is stored whole with its original; a
 * duplicate is recognised; a cancelled parse or a result that does not fit (storage full) leaves no pending
 * marker behind, so the next visit does not offer it as a batch interrupted by closing the tab.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { failPutsAfter } from '../store/__fixtures__/faults.ts';
import { storeFixtures } from '../store/__fixtures__/reports.ts';
import { StorageFullError } from '../store/errors.ts';
import { IdbLibrary } from '../store/library.ts';
import type { IngestEnv } from './ingest.ts';
import { storeIngest } from './store-ingest.ts';
import { AbortError } from './types.ts';

const [A, B, C] = storeFixtures();
/** Text reports only: a PDF would be a mistake here. */
const env: IngestEnv = { loadPdf: () => Promise.reject(new Error('no PDF in this test')) };
const opts = { nowYear: 2026 };
const hooks = { hashed: () => undefined, parsed: () => undefined };

describe('storeIngest', () => {
  // One database for the whole file: store-ingest.ts keeps its connection for the worker's lifetime.
  it('stores, dedupes, and leaves no pending marker when cancelled or when storage is full', async () => {
    const hashed: string[] = [];
    const stored = await storeIngest(1, A.name, A.bytes, env, opts, { hashed: (sha) => hashed.push(sha), parsed: () => undefined });
    expect(hashed).toEqual([A.sha]);
    expect(stored).toMatchObject({ type: 'stored', id: 1, sha: A.sha, duplicate: false, summary: { id: A.sha, office: A.report.office } });
    expect(await storeIngest(2, 'again.txt', A.bytes, env, opts, hooks)).toEqual({ type: 'stored', id: 2, sha: A.sha, duplicate: true });

    const ac = new AbortController();
    ac.abort();
    await expect(storeIngest(3, B.name, B.bytes, env, { ...opts, signal: ac.signal }, hooks)).rejects.toBeInstanceOf(AbortError);

    // The original fits, the entry does not (the entry's put fails at commit, as Chromium reports a full quota).
    const restore = failPutsAfter('entries', 0, 'abort');
    try {
      await expect(storeIngest(4, C.name, C.bytes, env, opts, hooks)).rejects.toBeInstanceOf(StorageFullError);
    } finally {
      restore();
    }

    const lib = await IdbLibrary.open();
    expect(await lib.listPending()).toEqual([]);
    expect((await lib.summaries()).map((s) => s.id)).toEqual([A.sha]);
    expect(await lib.getBytes(B.sha)).toBeUndefined();
    expect(await lib.getBytes(C.sha)).toBeUndefined();
    expect(await lib.getBytes(A.sha)).toEqual(A.bytes);
    lib.close();
  });
});

/**
 * The library's transactions on IndexedDB (through idb). A transaction that fails in any way is aborted, so
 * nothing of it is written, and its error comes out mapped: a full disk is a StorageFullError whether it surfaced
 * as a failed request or as the abort of the whole transaction at commit.
 */
import type { Backend, Tx, TxMode } from './backend.ts';
import { closeDatabase, openDatabase, type LibraryDb, type OpenOptions } from './db.ts';
import { StoreClosedError, isQuotaError, toStoreError } from './errors.ts';
import type { StoreName } from './schema.ts';
import { storageEstimate } from './platform.ts';

export class IdbBackend implements Backend {
  readonly persistent = true;
  #db: LibraryDb | null;

  private constructor(db: LibraryDb) {
    this.#db = db;
  }

  /** Open the database (running any upgrade); `opts.onEvent` hears about other tabs and the browser. */
  static async open(opts: OpenOptions = {}): Promise<IdbBackend> {
    let backend: IdbBackend | null = null;
    const db = await openDatabase({
      ...opts,
      onClosed: () => {
        if (backend) backend.#db = null;
        opts.onClosed?.();
      },
    });
    backend = new IdbBackend(db);
    return backend;
  }

  async run<T>(stores: readonly StoreName[], mode: TxMode, fn: (tx: Tx) => Promise<T>): Promise<T> {
    if (!this.#db) throw new StoreClosedError();
    const db = this.#db;
    let t;
    try {
      // Typed as read-write so that `put` type-checks; IndexedDB itself refuses writes in a read-only transaction.
      // Relaxed durability: the browser need not flush to disk before reporting the commit (Chromium's default
      // flushes each one, adding tens of milliseconds per file in a batch). Closing the tab or the browser loses
      // nothing; only a crash of the whole machine could lose the last writes before it.
      t = db.transaction([...stores], mode as 'readwrite', { durability: 'relaxed' });
    } catch (e) {
      throw toStoreError(e);
    }
    const tx = t;
    // Observe `done` at once: it rejects when the transaction aborts, possibly before `fn` has returned.
    const done = tx.done.then(
      () => null,
      (err: unknown) => err ?? new DOMException('transaction aborted', 'AbortError'),
    );
    // Every call returns a promise and never throws where it is called (an aborted transaction makes
    // `objectStore` throw), so requests issued together in Promise.all all settle through it.
    const api: Tx = {
      get: async (store, key) => tx.objectStore(store).get(key),
      has: async (store, key) => (await tx.objectStore(store).getKey(key)) !== undefined,
      getAll: async (store) => tx.objectStore(store).getAll(),
      summariesBy: async (index, key) => tx.objectStore('summaries').index(index).getAll(key),
      put: async (store, value) => {
        await tx.objectStore(store).put(value);
      },
      delete: async (store, key) => tx.objectStore(store).delete(key),
    };
    let result: T;
    try {
      result = await fn(api);
    } catch (e) {
      try {
        tx.abort();
      } catch {
        // already aborted by the failed request
      }
      const aborted = await done;
      throw toStoreError(isQuotaError(aborted) ? aborted : e);
    }
    const failed = await done;
    if (failed) throw toStoreError(failed);
    return result;
  }

  usage(): Promise<{ usage: number; quota: number | null } | null> {
    return storageEstimate();
  }

  close(): void {
    if (this.#db) closeDatabase(this.#db);
    this.#db = null;
  }
}

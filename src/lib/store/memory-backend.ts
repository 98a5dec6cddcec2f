/**
 * Storage in memory, for a browser without IndexedDB (private windows, storage blocked): the app keeps working,
 * and nothing survives closing the page. It keeps IndexedDB's rules that the library relies on: transactions run
 * one at a time and apply all their writes or none; records are copied in and out (a caller changing, or pdf.js
 * detaching, what it got back changes nothing stored; records other than files must be JSON data); a transaction may only touch the stores it named, and a
 * read-only one may not write. Original bytes are capped (`maxBytes`), past which a put fails as a full
 * IndexedDB would, with a QuotaExceededError.
 */
import type { Backend, Tx, TxMode } from './backend.ts';
import { StoreClosedError, toStoreError } from './errors.ts';
import { STORE_NAMES, SUMMARY_INDEXES, type StoreName, type StoreValue, type StoredFile, type SummaryIndex } from './schema.ts';

export interface MemoryBackendOptions {
  /** Most bytes of original files held. @default 512 MiB */
  maxBytes?: number;
}

/**
 * A record as held: JSON text for every store but `files` (their records are JSON data, and parsing text is
 * several times faster than structuredClone for thousands of reads), a file with a buffer of its own.
 */
type Held = string | StoredFile;

const copyFile = (f: StoredFile): StoredFile => ({ ...f, bytes: f.bytes.slice() });
const hold = (store: StoreName, v: StoreValue<StoreName>): Held =>
  store === 'files' ? copyFile(v as StoredFile) : JSON.stringify(v);
const release = <S extends StoreName>(h: Held): StoreValue<S> =>
  (typeof h === 'string' ? JSON.parse(h) : copyFile(h)) as StoreValue<S>;
const sizeOf = (h: Held | undefined): number => (h !== undefined && typeof h !== 'string' ? h.bytes.byteLength : 0);

export class MemoryBackend implements Backend {
  readonly persistent = false;
  readonly #maxBytes: number;
  readonly #tables = new Map<StoreName, Map<string, Held>>(STORE_NAMES.map((s) => [s, new Map()]));
  #bytes = 0;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  constructor(opts: MemoryBackendOptions = {}) {
    this.#maxBytes = opts.maxBytes ?? 512 * 2 ** 20;
  }

  run<T>(stores: readonly StoreName[], mode: TxMode, fn: (tx: Tx) => Promise<T>): Promise<T> {
    const result = this.#queue.then(() => this.#runNow(stores, mode, fn));
    this.#queue = result.catch(() => undefined);
    return result;
  }

  async usage(): Promise<{ usage: number; quota: number | null }> {
    return { usage: this.#bytes, quota: this.#maxBytes };
  }

  close(): void {
    this.#closed = true;
  }

  async #runNow<T>(stores: readonly StoreName[], mode: TxMode, fn: (tx: Tx) => Promise<T>): Promise<T> {
    if (this.#closed) throw new StoreClosedError();
    /** Writes of this transaction: a record, or null for a delete. */
    const staged = new Map<StoreName, Map<string, Held | null>>(STORE_NAMES.map((s) => [s, new Map()]));
    let bytes = this.#bytes;
    const scope = (store: StoreName, write: boolean) => {
      if (!stores.includes(store)) throw new DOMException(`store ${store} is not in this transaction`, 'NotFoundError');
      if (write && mode === 'readonly') throw new DOMException('read-only transaction', 'ReadOnlyError');
    };
    const read = (store: StoreName, key: string): Held | undefined => {
      const s = staged.get(store)!;
      return s.has(key) ? (s.get(key) ?? undefined) : this.#tables.get(store)!.get(key);
    };
    /** Every record in key order, as IndexedDB's getAll gives them. */
    const all = (store: StoreName): Held[] => {
      const merged = new Map(this.#tables.get(store)!);
      for (const [k, v] of staged.get(store)!) {
        if (v === null) merged.delete(k);
        else merged.set(k, v);
      }
      return [...merged.keys()].sort().map((k) => merged.get(k)!);
    };
    const write = (store: StoreName, key: string, h: Held | null) => {
      const next = bytes - sizeOf(read(store, key)) + sizeOf(h ?? undefined);
      if (next > this.#maxBytes) throw new DOMException('memory library is full', 'QuotaExceededError');
      bytes = next;
      staged.get(store)!.set(key, h);
    };
    const tx: Tx = {
      get: async (store, key) => {
        scope(store, false);
        const h = read(store, key);
        return h === undefined ? undefined : release(h);
      },
      has: async (store, key) => {
        scope(store, false);
        return read(store, key) !== undefined;
      },
      getAll: async (store) => {
        scope(store, false);
        return all(store).map((h) => release(h));
      },
      summariesBy: async (index: SummaryIndex, key) => {
        scope('summaries', false);
        const path = SUMMARY_INDEXES[index];
        return all('summaries')
          .map((h) => release<'summaries'>(h))
          .filter((s) => s[path] === key);
      },
      put: async (store, value) => {
        scope(store, true);
        write(store, value.id, hold(store, value));
      },
      delete: async (store, key) => {
        scope(store, true);
        if (read(store, key) !== undefined) write(store, key, null);
      },
    };
    let result: T;
    try {
      result = await fn(tx);
    } catch (e) {
      throw toStoreError(e);
    }
    for (const [store, writes] of staged) {
      const table = this.#tables.get(store)!;
      for (const [k, v] of writes) {
        if (v === null) table.delete(k);
        else table.set(k, v);
      }
    }
    this.#bytes = bytes;
    return result;
  }
}

/**
 * Storage in memory, for a browser without IndexedDB (private windows, storage blocked): the app keeps working,
 * and nothing survives closing the page. It keeps IndexedDB's rules that the library relies on: transactions run
 * one at a time and apply all their writes or none; records are copied in and out (a caller changing, or pdf.js
 * detaching, what it got back changes nothing stored); a transaction may only touch the stores it named, and a
 * read-only one may not write. Original bytes are capped (`maxBytes`), past which a put fails as a full
 * IndexedDB would, with a QuotaExceededError.
 */
import type { Backend, Tx, TxMode } from './backend.ts';
import { StoreClosedError, toStoreError } from './errors.ts';
import { STORE_NAMES, SUMMARY_INDEXES, type StoreName, type StoreValue, type SummaryIndex } from './schema.ts';

export interface MemoryBackendOptions {
  /** Most bytes of original files held. @default 512 MiB */
  maxBytes?: number;
}

type Tables = { [S in StoreName]: Map<string, StoreValue<S>> };

const sizeOf = (store: StoreName, v: StoreValue<StoreName> | undefined): number =>
  store === 'files' && v && 'bytes' in v ? v.bytes.byteLength : 0;

export class MemoryBackend implements Backend {
  readonly persistent = false;
  readonly #maxBytes: number;
  #tables: Tables = {
    files: new Map(),
    entries: new Map(),
    summaries: new Map(),
    pending: new Map(),
    meta: new Map(),
  };
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

  #table<S extends StoreName>(store: S): Map<string, StoreValue<S>> {
    return this.#tables[store] as Map<string, StoreValue<S>>;
  }

  async #runNow<T>(stores: readonly StoreName[], mode: TxMode, fn: (tx: Tx) => Promise<T>): Promise<T> {
    if (this.#closed) throw new StoreClosedError();
    /** Writes of this transaction: a record, or null for a delete. */
    const staged = new Map<StoreName, Map<string, StoreValue<StoreName> | null>>(STORE_NAMES.map((s) => [s, new Map()]));
    let bytes = this.#bytes;
    const scope = (store: StoreName, write: boolean) => {
      if (!stores.includes(store)) throw new DOMException(`store ${store} is not in this transaction`, 'NotFoundError');
      if (write && mode === 'readonly') throw new DOMException('read-only transaction', 'ReadOnlyError');
    };
    const read = <S extends StoreName>(store: S, key: string): StoreValue<S> | undefined => {
      const s = staged.get(store)!;
      if (s.has(key)) return (s.get(key) as StoreValue<S> | null) ?? undefined;
      return this.#table(store).get(key);
    };
    const all = <S extends StoreName>(store: S): StoreValue<S>[] => {
      const merged = new Map(this.#table(store));
      for (const [k, v] of staged.get(store)! as Map<string, StoreValue<S> | null>) {
        if (v === null) merged.delete(k);
        else merged.set(k, v);
      }
      return [...merged.keys()].sort().map((k) => merged.get(k)!);
    };
    const write = (store: StoreName, key: string, v: StoreValue<StoreName> | null) => {
      const next = bytes - sizeOf(store, read(store, key)) + sizeOf(store, v ?? undefined);
      if (next > this.#maxBytes) throw new DOMException('memory library is full', 'QuotaExceededError');
      bytes = next;
      staged.get(store)!.set(key, v);
    };
    const tx: Tx = {
      get: async (store, key) => {
        scope(store, false);
        const v = read(store, key);
        return v === undefined ? undefined : structuredClone(v);
      },
      has: async (store, key) => {
        scope(store, false);
        return read(store, key) !== undefined;
      },
      getAll: async (store) => {
        scope(store, false);
        return all(store).map((v) => structuredClone(v));
      },
      summariesBy: async (index: SummaryIndex, key) => {
        scope('summaries', false);
        const path = SUMMARY_INDEXES[index];
        return all('summaries')
          .filter((s) => s[path] === key)
          .map((v) => structuredClone(v));
      },
      put: async (store, value) => {
        scope(store, true);
        write(store, value.id, structuredClone(value));
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
      const table = this.#table(store);
      for (const [k, v] of writes) {
        if (v === null) table.delete(k);
        else table.set(k, v);
      }
    }
    this.#bytes = bytes;
    return result;
  }
}

/**
 * What the library needs from storage: atomic transactions over the stores of schema.ts. Two implementations:
 * IndexedDB (idb-backend.ts) and memory (memory-backend.ts, when IndexedDB is unavailable). The library logic is
 * written once against this interface, so both behave the same and one test suite runs against both.
 */
import type { StoreName, StoreValue, SummaryIndex } from './schema.ts';

export interface Tx {
  get<S extends StoreName>(store: S, key: string): Promise<StoreValue<S> | undefined>;
  has(store: StoreName, key: string): Promise<boolean>;
  getAll<S extends StoreName>(store: S): Promise<StoreValue<S>[]>;
  /** Summaries whose index key equals `key`. */
  summariesBy(index: SummaryIndex, key: string | number): Promise<StoreValue<'summaries'>[]>;
  put<S extends StoreName>(store: S, value: StoreValue<S>): Promise<void>;
  delete(store: StoreName, key: string): Promise<void>;
}

export type TxMode = 'readonly' | 'readwrite';

export interface Backend {
  /** Whether what is stored survives closing the page. */
  readonly persistent: boolean;
  /**
   * Run `fn` in one transaction over `stores`: either all its writes happen or none. `fn` must await only
   * `tx` calls (an IndexedDB transaction commits as soon as it has nothing to do).
   * Errors come out mapped by errors.ts `toStoreError`.
   */
  run<T>(stores: readonly StoreName[], mode: TxMode, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Bytes used and available, when known. */
  usage(): Promise<{ usage: number; quota: number | null } | null>;
  close(): void;
}

/**
 * A full disk for fake-indexeddb: puts into one store start failing with QuotaExceededError, in the three ways a
 * browser reports it. 'throw': `put` throws at once. 'request': the request fails (its error aborts the
 * transaction). 'abort': the request succeeds, then the transaction aborts with QuotaExceededError, as Chromium
 * does when the commit does not fit. The last two use fake-indexeddb internals (`_execRequestAsync`, `_abort`).
 */
import { IDBObjectStore } from 'fake-indexeddb';

export type QuotaMode = 'throw' | 'request' | 'abort';

interface FakeTx {
  _execRequestAsync(o: { operation: () => unknown; source: unknown }): IDBRequest;
  _abort(errName: string | null): void;
}

const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

/** Let `okPuts` puts into `store` succeed, fail the rest. Returns the function that restores `put`. */
export function failPutsAfter(store: string, okPuts: number, mode: QuotaMode): () => void {
  const proto = IDBObjectStore.prototype;
  const original = proto.put;
  let n = 0;
  proto.put = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey): IDBRequest<IDBValidKey> {
    if (this.name !== store || n++ < okPuts) return original.call(this, value, key) as IDBRequest<IDBValidKey>;
    const tx = this.transaction as unknown as FakeTx;
    if (mode === 'throw') throw quota();
    if (mode === 'request')
      return tx._execRequestAsync({
        operation: () => {
          throw quota();
        },
        source: this,
      }) as IDBRequest<IDBValidKey>;
    const req = original.call(this, value, key) as IDBRequest<IDBValidKey>;
    tx._abort('QuotaExceededError');
    return req;
  };
  return () => {
    proto.put = original;
  };
}

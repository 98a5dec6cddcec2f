/**
 * The store's error classes, each with a stable `name` and one Chinese sentence for the user as its message
 * (STYLE habit 3: the app picks the text by class and logs `cause`). `toStoreError` maps what IndexedDB throws.
 */

/** The disk or the browser's quota is full. The failing transaction was aborted: nothing of it was written. */
export class StorageFullError extends Error {
  override readonly name = 'StorageFullError';
  constructor(options?: { cause?: unknown }) {
    super('存储空间已满，这份报告未能保存；已保存的报告不受影响。请删除不需要的报告或释放磁盘空间后重试。', options);
  }
}

/** The connection was closed: another tab upgraded the library, or the browser closed it (data cleared). */
export class StoreClosedError extends Error {
  override readonly name = 'StoreClosedError';
  constructor(options?: { cause?: unknown }) {
    super('本地资料库已在另一个标签页中升级或被浏览器关闭，请刷新页面后继续；已保存的报告不受影响。', options);
  }
}

/** The entry asked for is not in the library (deleted meanwhile, perhaps in another tab). */
export class EntryNotFoundError extends Error {
  override readonly name = 'EntryNotFoundError';
  constructor(readonly id: string) {
    super('这份报告已不在资料库中（可能已在另一个标签页中删除）。');
  }
}

/** Any other failure of the database; the transaction was aborted. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(options?: { cause?: unknown }) {
    super('本地资料库读写失败，这次操作没有保存；已保存的报告不受影响。', options);
  }
}

const nameOf = (e: unknown): string | null =>
  typeof e === 'object' && e !== null && 'name' in e && typeof e.name === 'string' ? e.name : null;

/**
 * A quota failure, however it surfaces: a request's error, or the error of a transaction that aborted at commit
 * (Chromium reports a full disk this way). `NS_ERROR_DOM_QUOTA_REACHED` is old Firefox's name for it.
 */
export function isQuotaError(e: unknown): boolean {
  const name = nameOf(e);
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED';
}

/** Our own errors pass through; quota → StorageFullError; a closed connection → StoreClosedError; else StoreError. */
export function toStoreError(e: unknown): Error {
  if (e instanceof StorageFullError || e instanceof StoreClosedError || e instanceof EntryNotFoundError || e instanceof StoreError)
    return e;
  if (isQuotaError(e)) return new StorageFullError({ cause: e });
  // `transaction()` on a closed connection throws InvalidStateError.
  if (nameOf(e) === 'InvalidStateError') return new StoreClosedError({ cause: e });
  if (e instanceof TypeError || e instanceof RangeError) return e; // programmer misuse: keep it visible
  return new StoreError({ cause: e });
}

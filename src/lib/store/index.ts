/**
 * The store's public surface (the only code that imports idb is in this folder). `openLibrary()` gives the
 * library in IndexedDB, or, where IndexedDB is unavailable or cannot be opened, one in memory with a sentence
 * for the user saying that nothing will be kept.
 */
import type { StoreEvent } from './db.ts';
import { IdbLibrary, MemoryLibrary, type Library, type LibraryOptions } from './library.ts';

export { IdbLibrary, Library, MemoryLibrary } from './library.ts';
export type { AddResult, LibraryOptions, StorageUsage } from './library.ts';
export type { EntrySummary, CheckCounts } from './summary.ts';
export type { PendingFile, SettingValue, SummaryIndex } from './schema.ts';
export type { StoreEvent } from './db.ts';
export type { Persistence } from './platform.ts';
export { EntryNotFoundError, StorageFullError, StoreClosedError, StoreError } from './errors.ts';
export { sha256Hex } from './platform.ts';

export type OpenedLibrary =
  | { library: Library; persistent: true; reason: null }
  | { library: MemoryLibrary; persistent: false; reason: string; cause: unknown };

export const NO_INDEXEDDB_MESSAGE = '此浏览器不能在本地保存数据（例如隐私浏览模式），报告只保存在内存中，关闭或刷新页面后不会保留。';
export const OPEN_FAILED_MESSAGE = '无法打开本地资料库，报告只保存在内存中，关闭或刷新页面后不会保留。';
export const STORAGE_DENIED_MESSAGE =
  '浏览器设置不允许本网站在本机保存数据（例如阻止了 Cookie 和网站数据），报告只保存在内存中，关闭或刷新页面后不会保留。';
export const NEWER_VERSION_MESSAGE = '本地资料库由更新版本的本工具创建，请刷新页面以载入新版本；在此之前报告只保存在内存中，不会保留。';

export interface OpenLibraryOptions extends LibraryOptions {
  /** Hears about other tabs and the browser closing the database (db.ts). */
  onEvent?: (e: StoreEvent) => void;
  /**
   * Give up on IndexedDB if opening takes longer than this, unless another tab is blocking the upgrade (then the
   * app has been told and the open keeps waiting). @default 10000
   */
  timeoutMs?: number;
  /** Database name. @default DB_NAME */
  name?: string;
}

function indexedDbFactory(): { factory: IDBFactory | null; cause: unknown } {
  try {
    // Reading the global itself throws SecurityError where storage is blocked (sandboxed frames, some settings).
    const f = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
    return { factory: f ?? null, cause: null };
  } catch (e) {
    return { factory: null, cause: e };
  }
}

const nameOf = (e: unknown): string | null => (e instanceof Error || e instanceof DOMException ? e.name : null);

/**
 * The browser refused storage to this site: Chromium with cookies and site data blocked fails the open with
 * `UnknownError: The user denied permission to access the database.`; others use SecurityError.
 */
const isDenied = (e: unknown): boolean =>
  nameOf(e) === 'SecurityError' || (nameOf(e) === 'UnknownError' && /denied|permission/i.test((e as Error).message));

function openFailedMessage(e: unknown): string {
  if (nameOf(e) === 'VersionError') return NEWER_VERSION_MESSAGE;
  return isDenied(e) ? STORAGE_DENIED_MESSAGE : OPEN_FAILED_MESSAGE;
}

export async function openLibrary(opts: OpenLibraryOptions = {}): Promise<OpenedLibrary> {
  const memory = (reason: string, cause: unknown): OpenedLibrary => ({
    library: new MemoryLibrary(opts),
    persistent: false,
    reason,
    cause,
  });
  const { factory, cause } = indexedDbFactory();
  if (!factory) return memory(NO_INDEXEDDB_MESSAGE, cause);
  let blocked = false;
  const opening = IdbLibrary.open({
    ...opts,
    onEvent: (e) => {
      if (e.type === 'blocked') blocked = true;
      opts.onEvent?.(e);
    },
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    const tick = () => {
      if (blocked) timer = setTimeout(tick, opts.timeoutMs ?? 10_000);
      else resolve('timeout');
    };
    timer = setTimeout(tick, opts.timeoutMs ?? 10_000);
  });
  try {
    const r = await Promise.race([opening, timeout]);
    if (r === 'timeout') {
      // If it opens after all, let it go: this page already runs on memory.
      opening.then((lib) => lib.close(), () => undefined);
      return memory(OPEN_FAILED_MESSAGE, new DOMException('opening IndexedDB timed out', 'TimeoutError'));
    }
    return { library: r, persistent: true, reason: null };
  } catch (e) {
    return memory(openFailedMessage(e), e);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * openLibrary: IndexedDB when it works, otherwise memory with the sentence the app shows; and the storage
 * manager (space used, persistence) where the browser has one.
 */
import 'fake-indexeddb/auto';
import { IDBFactory, IDBOpenDBRequest } from 'fake-indexeddb';
import { openDB } from 'idb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { storeFixtures } from './__fixtures__/reports.ts';
import { BLOCKED_MESSAGE, UPGRADES, resetDatabase, type StoreEvent } from './db.ts';
import {
  IdbLibrary,
  MemoryLibrary,
  NEWER_VERSION_MESSAGE,
  NO_INDEXEDDB_MESSAGE,
  OPEN_FAILED_MESSAGE,
  STORAGE_DENIED_MESSAGE,
  openLibrary,
  sha256Hex,
} from './index.ts';
import { DB_NAME, type LibrarySchema } from './schema.ts';

const [A, B] = storeFixtures();
const realFactory = () => new IDBFactory();

beforeEach(() => {
  globalThis.indexedDB = realFactory();
});
afterEach(async () => {
  vi.unstubAllGlobals();
  globalThis.indexedDB = realFactory();
  await resetDatabase();
});

async function addsAndLists(lib: { addFile: MemoryLibrary['addFile']; list: MemoryLibrary['list'] }): Promise<string[]> {
  await lib.addFile(A.name, A.bytes, A.report);
  await lib.addFile(B.name, B.bytes, B.report);
  await lib.addFile(A.name, A.bytes, A.report);
  return (await lib.list()).map((e) => e.id);
}

describe('openLibrary', () => {
  it('opens IndexedDB when it is there', async () => {
    const r = await openLibrary();
    expect(r.persistent).toBe(true);
    expect(r.reason).toBeNull();
    expect(r.library).toBeInstanceOf(IdbLibrary);
    expect(await addsAndLists(r.library)).toEqual([A.sha, B.sha].sort());
    r.library.close();
  });

  it('falls back to memory, saying so, when indexedDB is undefined', async () => {
    vi.stubGlobal('indexedDB', undefined);
    const r = await openLibrary();
    expect(r.persistent).toBe(false);
    expect(r.library).toBeInstanceOf(MemoryLibrary);
    expect(r.library.persistent).toBe(false);
    expect(r.reason).toBe('此浏览器不能在本地保存数据（例如隐私浏览模式），报告只保存在内存中，关闭或刷新页面后不会保留。');
    expect(await addsAndLists(r.library)).toEqual([A.sha, B.sha].sort());
  });

  it('falls back to memory when reading indexedDB throws (storage blocked)', async () => {
    const denied = new DOMException('The operation is insecure.', 'SecurityError');
    Object.defineProperty(globalThis, 'indexedDB', {
      configurable: true,
      get() {
        throw denied;
      },
    });
    try {
      const r = await openLibrary();
      expect(r).toMatchObject({ persistent: false, reason: NO_INDEXEDDB_MESSAGE, cause: denied });
    } finally {
      Object.defineProperty(globalThis, 'indexedDB', { configurable: true, writable: true, value: realFactory() });
    }
  });

  it('falls back to memory when open throws or fails (private windows)', async () => {
    const f = realFactory();
    f.open = () => {
      throw new DOMException('A mutation operation was attempted on a database that did not allow mutations.', 'InvalidStateError');
    };
    globalThis.indexedDB = f;
    const r = await openLibrary();
    expect(r).toMatchObject({ persistent: false, reason: OPEN_FAILED_MESSAGE });
    expect(r.persistent === false && (r.cause as DOMException).name).toBe('InvalidStateError');
    expect(await addsAndLists(r.library)).toEqual([A.sha, B.sha].sort());
  });

  it.each([
    ['UnknownError', 'The user denied permission to access the database.'],
    ['SecurityError', 'The operation is insecure.'],
  ])('says that the browser refuses storage to the site when open fails with %s (site data blocked)', async (name, message) => {
    const f = realFactory();
    // Chromium answers with an error event (tests/e2e/robustness.test.mjs blocks site data in a real one); the
    // error is the same whichever way it surfaces.
    f.open = () => {
      throw new DOMException(message, name);
    };
    globalThis.indexedDB = f;
    const r = await openLibrary();
    expect(r).toMatchObject({ persistent: false, reason: STORAGE_DENIED_MESSAGE });
    expect(r.reason).toBe('浏览器设置不允许本网站在本机保存数据（例如阻止了 Cookie 和网站数据），报告只保存在内存中，关闭或刷新页面后不会保留。');
    expect(await addsAndLists(r.library)).toEqual([A.sha, B.sha].sort());
  });

  it('says so when the database is from a newer version of the app', async () => {
    (await openDB(DB_NAME, 99)).close();
    const r = await openLibrary();
    expect(r).toMatchObject({ persistent: false, reason: NEWER_VERSION_MESSAGE });
    expect(r.persistent === false && (r.cause as DOMException).name).toBe('VersionError');
  });

  it('gives up on an open that never answers', async () => {
    const f = realFactory();
    f.open = () => new IDBOpenDBRequest();
    globalThis.indexedDB = f;
    const r = await openLibrary({ timeoutMs: 30 });
    expect(r).toMatchObject({ persistent: false, reason: OPEN_FAILED_MESSAGE });
    expect(r.persistent === false && (r.cause as DOMException).name).toBe('TimeoutError');
  });

  it('keeps waiting while another tab blocks the upgrade', async () => {
    // An old version of the app, which does not close on `versionchange`.
    const old = await openDB<LibrarySchema>(DB_NAME, 1, { upgrade: (db, _o, _n, tx) => UPGRADES[0](db, tx) });
    const events: StoreEvent[] = [];
    const opening = openLibrary({ timeoutMs: 20, onEvent: (e) => events.push(e) });
    await new Promise((r) => setTimeout(r, 80));
    old.close();
    const r = await opening;
    expect(r.persistent).toBe(true);
    expect(events).toEqual([{ type: 'blocked', message: BLOCKED_MESSAGE }]);
    r.library.close();
  });
});

describe('storage manager', () => {
  it('reports usage and asks for persistence where navigator.storage exists', async () => {
    const persist = vi.fn(async () => true);
    vi.stubGlobal('navigator', {
      storage: { estimate: async () => ({ usage: 1234, quota: 5678 }), persisted: async () => false, persist },
    });
    const lib = await IdbLibrary.open();
    expect(await lib.usage()).toEqual({ usage: 1234, quota: 5678, persisted: false });
    expect(await lib.requestPersistence()).toBe(true);
    expect(persist).toHaveBeenCalledTimes(1);
    lib.close();
  });

  it('does not ask again once granted, and says when refused', async () => {
    const persist = vi.fn(async () => false);
    vi.stubGlobal('navigator', { storage: { estimate: async () => ({ usage: 10 }), persisted: async () => true, persist } });
    const lib = await IdbLibrary.open();
    expect(await lib.requestPersistence()).toBe(true);
    expect(persist).not.toHaveBeenCalled();
    expect(await lib.usage()).toBeNull(); // no quota given: nothing to show against
    vi.stubGlobal('navigator', { storage: { estimate: async () => ({}), persisted: async () => false, persist } });
    expect(await lib.requestPersistence()).toBe(false);
    expect(persist).toHaveBeenCalledTimes(1);
    lib.close();
  });

  it('says unavailable without navigator.storage', async () => {
    vi.stubGlobal('navigator', {});
    const lib = await IdbLibrary.open();
    expect(await lib.usage()).toBeNull();
    expect(await lib.requestPersistence()).toBe(false);
    lib.close();
  });
});

describe('sha256Hex', () => {
  it('matches node:crypto and the SHA-256 test vector', async () => {
    expect(await sha256Hex(A.bytes)).toBe(A.sha);
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('gives the same ids without SubtleCrypto (a page that is not a secure context)', async () => {
    vi.stubGlobal('crypto', {});
    expect(globalThis.crypto.subtle).toBeUndefined();
    expect(await sha256Hex(A.bytes)).toBe(A.sha);
    expect(await sha256Hex(B.bytes)).toBe(B.sha);
  });
});

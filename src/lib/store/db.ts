/**
 * Opening the library database: versioned upgrade steps, and what happens when another tab is involved.
 *
 * Upgrades: UPGRADES[v - 1] takes a database from version v - 1 to v, inside the upgrade transaction; opening
 * runs every step from the stored version to the one asked for. A new version adds a step at the end (and bumps
 * DB_VERSION); steps already shipped are never edited, since databases in the field went through them.
 * A step that fails aborts the upgrade transaction, which leaves the database as it was.
 *
 * Tabs: when another tab opens a newer version, this connection is `blocking` it: it closes (its running
 * transactions finish first) and the app is told, so the other tab's upgrade runs on a quiet database and this
 * tab stops writing (its calls throw StoreClosedError). When this tab is the newer one and an older tab does not
 * let go, the open waits and the app is told (`blocked`). If the browser closes the connection (data cleared in
 * the settings), the app is told (`terminated`).
 */
import { deleteDB, openDB, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { DB_NAME, DB_VERSION, type LibrarySchema } from './schema.ts';
import { encodeSummary, summarize } from './summary.ts';

export type LibraryDb = IDBPDatabase<LibrarySchema>;
type UpgradeTx = IDBPTransaction<LibrarySchema, StoreNames<LibrarySchema>[], 'versionchange'>;
export type UpgradeStep = (db: LibraryDb, tx: UpgradeTx) => void | Promise<void>;

/** Version 1: original bytes, entries, pending markers, settings. */
function v1(db: LibraryDb): void {
  db.createObjectStore('files', { keyPath: 'id' });
  db.createObjectStore('entries', { keyPath: 'id' });
  db.createObjectStore('pending', { keyPath: 'id' });
  db.createObjectStore('meta', { keyPath: 'id' });
}

/** Version 2: a summary beside each entry (schema.ts), built here for the entries a version-1 database holds. */
async function v2(db: LibraryDb, tx: UpgradeTx): Promise<void> {
  const store = db.createObjectStore('summaries', { keyPath: 'id' });
  store.createIndex('office', 'office');
  store.createIndex('year', 'year');
  store.createIndex('addedAt', 'addedAt');
  store.createIndex('parser', 'parser');
  const withBytes = new Set(await tx.objectStore('files').getAllKeys());
  for (let c = await tx.objectStore('entries').openCursor(); c; c = await c.continue())
    await store.put(encodeSummary(summarize(c.value, withBytes.has(c.value.id))));
}

/**
 * Version 3: no new store; the summaries' pack (library.ts) starts here. Opening version 3 makes tabs still on
 * version 2 let go of the database: their writes would not mark the pack as stale.
 */
function v3(): void {}

export const UPGRADES: readonly UpgradeStep[] = [v1, v2, v3];
if (UPGRADES.length !== DB_VERSION) throw new Error('db.ts: one upgrade step per version');

export type StoreEvent =
  | { type: 'blocked'; message: string }
  | { type: 'closed'; reason: 'upgraded-elsewhere' | 'terminated'; message: string };

export const BLOCKED_MESSAGE = '本工具在其他标签页中仍以旧版本打开，请关闭那些标签页以完成资料库升级。';
export const CLOSED_MESSAGE = '本地资料库已在另一个标签页中升级，请刷新本页后继续；已保存的报告不受影响。';
export const TERMINATED_MESSAGE = '浏览器关闭了本地资料库（可能清除了网站数据），请刷新页面；之后的更改不会保存。';

export interface OpenOptions {
  /** @default DB_NAME */
  name?: string;
  /** Version to open (tests open older ones). @default DB_VERSION */
  version?: number;
  onEvent?: (e: StoreEvent) => void;
  /** Called once the connection is closed by another tab or the browser (not by `close()`). */
  onClosed?: () => void;
}

/** Connections opened here and not yet closed, for `resetDatabase`. */
const open = new Set<LibraryDb>();

export async function openDatabase(opts: OpenOptions = {}): Promise<LibraryDb> {
  const version = opts.version ?? DB_VERSION;
  if (!Number.isInteger(version) || version < 1 || version > UPGRADES.length) throw new RangeError(`no schema version ${version}`);
  const emit = (e: StoreEvent) => opts.onEvent?.(e);
  let db: LibraryDb | null = null;
  const lost = (reason: 'upgraded-elsewhere' | 'terminated') => {
    if (db) open.delete(db);
    opts.onClosed?.();
    emit({ type: 'closed', reason, message: reason === 'terminated' ? TERMINATED_MESSAGE : CLOSED_MESSAGE });
  };
  db = await openDB<LibrarySchema>(opts.name ?? DB_NAME, version, {
    upgrade(udb, oldVersion, newVersion, tx) {
      const target = newVersion ?? version;
      // idb does not wait for a promise returned here; the transaction stays open while its requests run,
      // and a failing step must abort it, or the steps before would commit without the rest. The open request
      // then fails with AbortError; `done` rejecting as well is expected.
      tx.done.catch(() => undefined);
      void (async () => {
        for (let v = oldVersion + 1; v <= target; v++) await UPGRADES[v - 1](udb, tx);
      })().catch((err: unknown) => {
        console.error('library upgrade failed', err);
        try {
          tx.abort();
        } catch {
          // already finished
        }
      });
    },
    blocked: () => emit({ type: 'blocked', message: BLOCKED_MESSAGE }),
    blocking: () => {
      db?.close();
      lost('upgraded-elsewhere');
    },
    terminated: () => lost('terminated'),
  });
  open.add(db);
  return db;
}

export function closeDatabase(db: LibraryDb): void {
  open.delete(db);
  db.close();
}

/** For tests: close every connection opened here and delete the database. */
export async function resetDatabase(name = DB_NAME): Promise<void> {
  for (const db of open) db.close();
  open.clear();
  await deleteDB(name);
}

/**
 * The database itself: upgrades from version 1 with data, other tabs (blocking, blocked), the browser closing
 * the connection, and what survives closing and reopening (a reload).
 */
import 'fake-indexeddb/auto';
import { IDBFactory, forceCloseDatabase } from 'fake-indexeddb';
import { openDB } from 'idb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Entry } from '../model/entry.ts';
import { storeFixtures } from './__fixtures__/reports.ts';
import { BLOCKED_MESSAGE, CLOSED_MESSAGE, TERMINATED_MESSAGE, UPGRADES, closeDatabase, openDatabase, resetDatabase, type StoreEvent } from './db.ts';
import { StoreClosedError } from './errors.ts';
import { IdbLibrary } from './library.ts';
import { DB_NAME, DB_VERSION, type LibrarySchema } from './schema.ts';
import { SUMMARY_FORMAT, encodeSummary, summarize } from './summary.ts';

const F = storeFixtures();
const [A, B, C, D] = F;
const entryOf = (f: (typeof F)[number], addedAt: string): Entry => ({
  id: f.sha,
  file: f.name,
  size: f.bytes.length,
  addedAt,
  report: f.report,
  corrections: {},
  officeOverride: null,
});

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});
afterEach(async () => {
  await resetDatabase();
});

/** Capture the raw connections opened from now on (to close them as the browser would). */
function captureConnections(): IDBDatabase[] {
  const got: IDBDatabase[] = [];
  const factory = globalThis.indexedDB;
  const open = factory.open.bind(factory);
  factory.open = (name: string, version?: number) => {
    const req = open(name, version);
    req.addEventListener('success', () => got.push(req.result));
    return req;
  };
  return got;
}

describe('upgrades', () => {
  it('runs to the current version', async () => {
    expect(DB_VERSION).toBe(3);
    const db = await openDatabase();
    expect(db.version).toBe(3);
    expect([...db.objectStoreNames]).toEqual(['entries', 'files', 'meta', 'pending', 'summaries']);
    expect([...db.transaction('summaries').store.indexNames]).toEqual(['addedAt', 'office', 'parser', 'year']);
  });

  it('takes a version-1 database with data to the current version without loss', async () => {
    const v1 = await openDatabase({ version: 1 });
    expect([...v1.objectStoreNames]).toEqual(['entries', 'files', 'meta', 'pending']);
    const a = { ...entryOf(A, '2025-01-01T00:00:00.000Z'), officeOverride: '平潭' };
    a.corrections = { 's3.new.natural': { value: 72, original: 71, note: '核对', at: '2025-01-02T00:00:00.000Z' } };
    const b = entryOf(B, '2025-01-03T00:00:00.000Z'); // imported: no original
    await v1.put('entries', a);
    await v1.put('entries', b);
    await v1.put('files', { id: A.sha, name: A.name, size: A.bytes.length, bytes: A.bytes, storedAt: a.addedAt });
    await v1.put('files', { id: C.sha, name: C.name, size: C.bytes.length, bytes: C.bytes, storedAt: a.addedAt });
    await v1.put('pending', { id: C.sha, name: C.name, size: C.bytes.length, storedAt: a.addedAt });
    await v1.put('meta', { id: 'sort', value: 'year' });
    closeDatabase(v1);

    const lib = await IdbLibrary.open();
    expect(await lib.list()).toEqual([a, b].sort((x, y) => (x.id < y.id ? -1 : 1)));
    const sums = Object.fromEntries((await lib.summaries()).map((s) => [s.id, s]));
    expect(Object.keys(sums).sort()).toEqual([A.sha, B.sha].sort());
    expect(sums[A.sha]).toMatchObject({ office: '平潭', parsedOffice: '平潭综合实验区', corrected: ['s3.new.natural'], hasOriginal: true });
    expect(sums[A.sha].fields['s3.new.natural']).toBe(72);
    expect(sums[B.sha]).toMatchObject({ office: B.report.office, year: 2024, hasOriginal: false });
    expect(await lib.getBytes(A.sha)).toEqual(A.bytes);
    expect(await lib.listPending()).toEqual([{ id: C.sha, name: C.name, size: C.bytes.length, storedAt: a.addedAt }]);
    expect(await lib.getSetting('sort')).toBe('year');
    // The summaries are the upgrade's, not rebuilt on reading: they are stored in the current format.
    lib.close();
    const raw = await openDatabase();
    expect((await raw.getAll('summaries')).map((s) => s.format)).toEqual([SUMMARY_FORMAT, SUMMARY_FORMAT]);
  });

  it('leaves a version-1 database as it was when a step fails', async () => {
    const v1 = await openDatabase({ version: 1 });
    await v1.put('entries', entryOf(A, '2025-01-01T00:00:00.000Z'));
    await v1.put('entries', { ...entryOf(B, '2025-01-01T00:00:00.000Z'), report: null } as unknown as Entry);
    closeDatabase(v1);
    await expect(openDatabase()).rejects.toMatchObject({ name: 'AbortError' });
    const again = await openDB<LibrarySchema>(DB_NAME);
    expect(again.version).toBe(1);
    expect([...again.objectStoreNames]).toEqual(['entries', 'files', 'meta', 'pending']);
    expect((await again.getAllKeys('entries')).length).toBe(2);
    again.close();
  });

  it('rebuilds a summary written under another field list', async () => {
    const lib = await IdbLibrary.open();
    await lib.addFile(A.name, A.bytes, A.report);
    await lib.addFile(B.name, B.bytes, B.report);
    lib.close();
    const raw = await openDatabase();
    const old = encodeSummary(summarize(entryOf(A, 'x'), true));
    await raw.put('summaries', { ...old, format: '0:199:abc', values: '[]', office: 'stale' });
    closeDatabase(raw);
    const lib2 = await IdbLibrary.open();
    const sums = await lib2.summaries();
    expect(sums.map((s) => s.id)).toEqual([A.sha, B.sha].sort());
    expect(sums.find((s) => s.id === A.sha)).toMatchObject({ office: '平潭综合实验区', addedAt: (await lib2.get(A.sha))!.addedAt });
    expect(sums.find((s) => s.id === A.sha)!.fields['s3.new.total']).toBe(74);
    lib2.close();
    const raw2 = await openDatabase();
    expect((await raw2.get('summaries', A.sha))!.format).toBe(SUMMARY_FORMAT);
  });
});

describe('other tabs and the browser', () => {
  it('closes and tells the app when another tab upgrades; nothing is half-written', async () => {
    const events: StoreEvent[] = [];
    const lib = await IdbLibrary.open({ onEvent: (e) => events.push(e) });
    await lib.addFile(A.name, A.bytes, A.report);
    await lib.setCorrection(A.sha, 's3.new.natural', 72, '');
    // An add under way while the other tab's upgrade arrives: it either completes or fails whole.
    const adding = lib.addFile(C.name, C.bytes, C.report).then(
      () => 'added',
      (e: unknown) => e,
    );
    const newer = await openDB(DB_NAME, DB_VERSION + 1, {
      upgrade(db) {
        db.createObjectStore('extra');
      },
    });
    expect(events).toEqual([{ type: 'closed', reason: 'upgraded-elsewhere', message: CLOSED_MESSAGE }]);
    const outcome = await adding;
    const stored = await Promise.all(['entries', 'summaries', 'files'].map((s) => newer.count(s, C.sha)));
    if (outcome === 'added') expect(stored).toEqual([1, 1, 1]);
    else {
      expect(outcome).toBeInstanceOf(StoreClosedError);
      expect(stored).toEqual([0, 0, 0]);
    }
    await expect(lib.addFile(D.name, D.bytes, D.report)).rejects.toBeInstanceOf(StoreClosedError);
    await expect(lib.list()).rejects.toThrow('本地资料库已在另一个标签页中升级或被浏览器关闭，请刷新页面后继续；已保存的报告不受影响。');
    const a = (await newer.get('entries', A.sha)) as Entry;
    expect(a.corrections['s3.new.natural'].value).toBe(72);
    expect(await newer.count('files', A.sha)).toBe(1);
    newer.close();
  });

  it('tells the app when an older tab blocks the upgrade, and opens once it lets go', async () => {
    // An old version of the app, which does not close on `versionchange`.
    const old = await openDB<LibrarySchema>(DB_NAME, 1, { upgrade: (db, _o, _n, tx) => UPGRADES[0](db, tx) });
    const events: StoreEvent[] = [];
    const opening = IdbLibrary.open({ onEvent: (e) => events.push(e) });
    await new Promise((r) => setTimeout(r, 20));
    expect(events).toEqual([{ type: 'blocked', message: BLOCKED_MESSAGE }]);
    old.close();
    const lib = await opening;
    expect((await lib.addFile(A.name, A.bytes, A.report)).duplicate).toBe(false);
    lib.close();
  });

  it('tells the app when the browser closes the connection, and stops writing', async () => {
    const conns = captureConnections();
    const events: StoreEvent[] = [];
    const lib = await IdbLibrary.open({ onEvent: (e) => events.push(e) });
    await lib.addFile(A.name, A.bytes, A.report);
    expect(conns).toHaveLength(1);
    // fake-indexeddb's typings want the class here; it takes the connection.
    forceCloseDatabase(conns[0] as unknown as typeof IDBDatabase);
    expect(events).toEqual([{ type: 'closed', reason: 'terminated', message: TERMINATED_MESSAGE }]);
    await expect(lib.addFile(B.name, B.bytes, B.report)).rejects.toBeInstanceOf(StoreClosedError);
    const reopened = await IdbLibrary.open();
    expect((await reopened.list()).map((e) => e.id)).toEqual([A.sha]);
    reopened.close();
  });
});

describe('reload', () => {
  it('keeps entries, bytes and pending markers across closing and reopening', async () => {
    let t = Date.UTC(2026, 0, 5);
    const lib = await IdbLibrary.open({ now: () => new Date((t += 1000)) });
    await lib.addFile(A.name, A.bytes, A.report);
    await lib.markPending(B.sha, B.name, B.bytes);
    await lib.markPending(C.sha, C.name, C.bytes);
    lib.close(); // the tab closes in the middle of the batch

    const lib2 = await IdbLibrary.open();
    expect((await lib2.list()).map((e) => e.id)).toEqual([A.sha]);
    // Oldest first: B was stored a second before C.
    expect((await lib2.listPending()).map((p) => [p.id, p.name, p.storedAt])).toEqual([
      [B.sha, B.name, '2026-01-05T00:00:02.000Z'],
      [C.sha, C.name, '2026-01-05T00:00:03.000Z'],
    ]);
    const bytes = await lib2.getBytes(B.sha);
    expect(bytes).toEqual(B.bytes);
    await lib2.completePending(B.sha, B.report);
    lib2.close();

    const lib3 = await IdbLibrary.open();
    expect((await lib3.list()).map((e) => e.id)).toEqual([A.sha, B.sha].sort());
    expect((await lib3.listPending()).map((p) => p.id)).toEqual([C.sha]);
    expect((await lib3.summaries()).map((s) => s.id)).toEqual([A.sha, B.sha].sort());
    lib3.close();
  });

  it('resetDatabase closes what is open and deletes everything', async () => {
    const lib = await IdbLibrary.open();
    await lib.addFile(A.name, A.bytes, A.report);
    await resetDatabase();
    const lib2 = await IdbLibrary.open();
    expect(await lib2.list()).toEqual([]);
    lib2.close();
  });
});

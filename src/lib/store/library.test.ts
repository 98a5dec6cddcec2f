/**
 * The library's behaviour, run against both implementations: IndexedDB (fake-indexeddb, a fresh database per
 * test) and memory. Real corpus reports; ids checked against node:crypto.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIELD_IDS } from '../form/model.ts';
import type { Entry } from '../model/entry.ts';
import type { Report } from '../parse/types.ts';
import { PARSER_VERSION } from '../parse/parse-report.ts';
import { asParsedBy, storeFixtures, type StoreFixture } from './__fixtures__/reports.ts';
import { failPutsAfter, type QuotaMode } from './__fixtures__/faults.ts';
import { resetDatabase } from './db.ts';
import { withReport } from './entry-ops.ts';
import { EntryNotFoundError, StorageFullError } from './errors.ts';
import type { Backend, Tx } from './backend.ts';
import { openDatabase, closeDatabase } from './db.ts';
import { IdbBackend } from './idb-backend.ts';
import { IdbLibrary, Library, MemoryLibrary, PACK_CHANGES_LIMIT, PACK_KEYS } from './library.ts';

const T0 = Date.UTC(2026, 0, 5, 8, 0, 0);
/** A clock that moves one second per call. */
function clock(): () => Date {
  let t = T0;
  return () => new Date((t += 1000));
}
const at = (s: number) => new Date(T0 + s * 1000).toISOString();

interface Impl {
  name: string;
  make(): Promise<Library>;
  /** A library whose file store fails with a full disk after `okFiles` files. */
  full(okFiles: StoreFixture[], mode: QuotaMode): Promise<Library>;
  modes: QuotaMode[];
}

let restore: (() => void) | null = null;

const IMPLS: Impl[] = [
  {
    name: 'IndexedDB',
    make: () => IdbLibrary.open({ now: clock() }),
    async full(okFiles, mode) {
      const lib = await IdbLibrary.open({ now: clock() });
      restore = failPutsAfter('files', okFiles.length, mode);
      return lib;
    },
    modes: ['throw', 'request', 'abort'],
  },
  {
    name: 'memory',
    make: async () => new MemoryLibrary({ now: clock() }),
    full: async (okFiles) => new MemoryLibrary({ now: clock(), maxBytes: okFiles.reduce((a, f) => a + f.bytes.length, 0) }),
    modes: ['throw'],
  },
];

const F = storeFixtures();
const [A, B, C, D] = F;

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});
afterEach(async () => {
  restore?.();
  restore = null;
  await resetDatabase();
});

describe.each(IMPLS)('Library on $name', (impl) => {
  it('adds files, lists, gets and deletes them', async () => {
    const lib = await impl.make();
    const ra = await lib.addFile(A.name, A.bytes, A.report);
    const rb = await lib.addFile(B.name, B.bytes, B.report);
    expect(ra.duplicate).toBe(false);
    expect(ra.entry).toEqual({
      id: A.sha,
      file: '001.txt',
      size: 10617,
      addedAt: at(1),
      report: A.report,
      corrections: {},
      officeOverride: null,
    });
    expect(rb.entry.addedAt).toBe(at(2));
    expect((await lib.list()).map((e) => e.id)).toEqual([A.sha, B.sha].sort());
    expect(await lib.get(A.sha)).toEqual(ra.entry);
    expect((await lib.get(A.sha))!.report.fields['s3.new.natural']).toBe(71);
    expect(await lib.getBytes(B.sha)).toEqual(B.bytes);
    expect(await lib.get('0'.repeat(64))).toBeUndefined();

    await lib.delete(A.sha);
    expect(await lib.deleteMany([A.sha, C.sha])).toBe(0);
    expect((await lib.list()).map((e) => e.id)).toEqual([B.sha]);
    expect((await lib.summaries()).map((s) => s.id)).toEqual([B.sha]);
    expect(await lib.getBytes(A.sha)).toBeUndefined();
  });

  it('keeps its own copy of the bytes (a view of a larger buffer, a detached result)', async () => {
    const lib = await impl.make();
    const big = new Uint8Array(A.bytes.length + 10);
    big.set(A.bytes, 5);
    const view = big.subarray(5, 5 + A.bytes.length);
    const { entry } = await lib.addFile(A.name, view, A.report);
    expect(entry.id).toBe(A.sha);
    big.fill(0);
    const got = await lib.getBytes(A.sha);
    expect(got!.buffer.byteLength).toBe(A.bytes.length);
    expect(got).toEqual(A.bytes);
    got!.fill(0); // a caller (pdf.js detaches buffers) does what it likes with its copy
    expect(await lib.getBytes(A.sha)).toEqual(A.bytes);
  });

  it('summarises each entry: effective office, values in form order, checks and issues', async () => {
    const lib = await impl.make();
    await lib.addFile(A.name, A.bytes, A.report);
    const [s] = await lib.summaries();
    expect(s).toMatchObject({
      id: A.sha,
      file: '001.txt',
      size: 10617,
      office: '平潭综合实验区',
      parsedOffice: '平潭综合实验区',
      officeOverride: null,
      year: 2022,
      layout: '2021',
      kind: 'text',
      parser: PARSER_VERSION,
      corrected: [],
      checks: { ok: 42, failed: 0, unchecked: 0 },
      hasOriginal: true,
    });
    expect(Object.keys(s.fields)).toEqual([...FIELD_IDS]);
    expect(s.fields).toEqual(A.report.fields);
    const bySeverity = { error: 0, warning: 0, info: 0 };
    for (const i of A.report.issues) bySeverity[i.severity]++;
    expect(s.issues).toEqual(bySeverity);
    expect(s.issueCodes).toHaveLength(A.report.issues.length);
    for (const c of s.issueCodes) expect(c).toMatch(/^(error|warning|info):[a-z_.]+(@s[234]\.[a-z_.]+)?$/);
  });

  it('stores the same file once, whatever its name', async () => {
    const lib = await impl.make();
    const first = await lib.addFile(A.name, A.bytes, A.report);
    const again = await lib.addFile('copy of 001.txt', A.bytes.slice(), asParsedBy(A.report, '0.9'));
    expect(again).toEqual({ entry: first.entry, duplicate: true });
    expect(again.entry.file).toBe('001.txt');
    expect(await lib.list()).toHaveLength(1);
    // Two tabs or workers adding it at the same moment: still one.
    const both = await Promise.all([lib.addFile(B.name, B.bytes, B.report), lib.addFile('b2.txt', B.bytes, B.report)]);
    expect(both.map((r) => r.duplicate).sort()).toEqual([false, true]);
    expect(both[0].entry).toEqual(both[1].entry);
    expect((await lib.list()).map((e) => e.id)).toEqual([A.sha, B.sha].sort());
  });

  it('keeps corrections beside the parsed values, and clears them', async () => {
    const lib = await impl.make();
    await lib.addFile(A.name, A.bytes, A.report);
    const e1 = await lib.setCorrection(A.sha, 's3.new.natural', 72, '核对原件');
    expect(e1.corrections).toEqual({ 's3.new.natural': { value: 72, original: 71, note: '核对原件', at: at(2) } });
    expect(e1.report.fields['s3.new.natural']).toBe(71);
    // A second correction of the same cell keeps the parsed value as original.
    const e2 = await lib.setCorrection(A.sha, 's3.new.natural', '/', '原件为斜杠');
    expect(e2.corrections['s3.new.natural']).toEqual({ value: '/', original: 71, note: '原件为斜杠', at: at(3) });
    await lib.setCorrection(A.sha, 's3.carried.total', null, '');
    expect((await lib.get(A.sha))!.corrections).toEqual({
      's3.new.natural': { value: '/', original: 71, note: '原件为斜杠', at: at(3) },
      's3.carried.total': { value: null, original: 1, note: '', at: at(4) },
    });

    await lib.setCorrection(A.sha, 's3.new.natural', 72, '');
    await lib.clearCorrection(A.sha, 's3.carried.total');
    const [s] = await lib.summaries();
    expect(s.corrected).toEqual(['s3.new.natural']);
    expect(s.corrections).toEqual({ 's3.new.natural': { value: 72, original: 71, note: '', at: at(5) } });
    expect(s.fields['s3.new.natural']).toBe(72);
    expect(s.fields['s3.carried.total']).toBe(1);
    // 72 breaks the row 申请人·自然人 + … = 总计 (75 ≠ 74) and the balance of the 自然人 column.
    expect(s.checks).toEqual({ ok: 40, failed: 2, unchecked: 0 });

    const cleared = await lib.clearCorrection(A.sha, 's3.new.natural');
    expect(cleared.corrections).toEqual({});
    expect((await lib.summaries())[0]).toMatchObject({ corrected: [], checks: { ok: 42, failed: 0, unchecked: 0 } });
    expect((await lib.summaries())[0].fields['s3.new.natural']).toBe(71);
  });

  it('refuses unknown fields and non-finite numbers, and says when an entry is gone', async () => {
    const lib = await impl.make();
    await lib.addFile(A.name, A.bytes, A.report);
    await expect(lib.setCorrection(A.sha, 's3.nope', 1, '')).rejects.toThrow(RangeError);
    await expect(lib.setCorrection(A.sha, 's3.new.natural', Number.NaN, '')).rejects.toThrow(RangeError);
    const gone = lib.setCorrection(B.sha, 's3.new.natural', 1, '');
    await expect(gone).rejects.toBeInstanceOf(EntryNotFoundError);
    await expect(gone).rejects.toThrow('这份报告已不在资料库中（可能已在另一个标签页中删除）。');
    expect((await lib.get(A.sha))!.corrections).toEqual({});
  });

  it('merges differently spelled offices under one name, and undoes it', async () => {
    const lib = await impl.make();
    for (const f of [A, B, C]) await lib.addFile(f.name, f.bytes, f.report);
    await lib.setOfficeOverride([A.sha, C.sha, 'f'.repeat(64)], '平潭综合实验区');
    // A already reads 平潭综合实验区: it needs no override.
    expect((await lib.get(A.sha))!.officeOverride).toBeNull();
    expect((await lib.get(C.sha))!.officeOverride).toBe('平潭综合实验区');
    expect((await lib.get(C.sha))!.report.office).toBe('平潭综合实验区海坛片区管理局');
    const offices = Object.fromEntries((await lib.summaries()).map((s) => [s.id, [s.office, s.parsedOffice]]));
    expect(offices[C.sha]).toEqual(['平潭综合实验区', '平潭综合实验区海坛片区管理局']);
    expect((await lib.summariesBy('office', '平潭综合实验区')).map((s) => s.id)).toEqual([A.sha, B.sha, C.sha].sort());
    expect((await lib.summariesBy('year', 2022)).map((s) => s.id)).toEqual([A.sha, C.sha].sort());

    await lib.setOfficeOverride([B.sha], ' 平潭 ');
    expect((await lib.summariesOf([C.sha, 'f'.repeat(64), B.sha])).map((s) => [s.id, s.office, s.officeOverride])).toEqual([
      [C.sha, '平潭综合实验区', '平潭综合实验区'],
      [B.sha, '平潭', '平潭'],
    ]);
    await lib.setOfficeOverride([B.sha], null);
    await lib.setOfficeOverride([C.sha], ' ');
    expect((await lib.get(C.sha))!.officeOverride).toBeNull();
    expect((await lib.summariesBy('office', '平潭综合实验区')).map((s) => s.id)).toEqual([A.sha, B.sha].sort());
  });

  it('lists entries of another parser version and replaces their reports, keeping corrections', async () => {
    const lib = await impl.make();
    await lib.addFile(A.name, A.bytes, asParsedBy(A.report, '0.9.0'));
    await lib.addFile(B.name, B.bytes, B.report);
    await lib.addFile(C.name, C.bytes, asParsedBy(C.report, '2.0.0'));
    await lib.setCorrection(A.sha, 's3.new.natural', 70, '原件');
    const stale = await lib.staleEntries();
    expect(stale.map((s) => [s.id, s.parser])).toEqual(
      [
        [A.sha, '0.9.0'],
        [C.sha, '2.0.0'],
      ].sort(),
    );
    expect((await lib.summariesBy('parser', '0.9.0')).map((s) => s.id)).toEqual([A.sha]);

    // The new parse reads 73 where the old one read 71: the correction stays, its original follows the parse.
    const reparsed = { ...A.report, fields: { ...A.report.fields, 's3.new.natural': 73 } };
    const before = (await lib.get(A.sha))!;
    expect(withReport(before, reparsed).changed).toEqual(['s3.new.natural']);
    expect(withReport(before, A.report).changed).toEqual([]);
    const entry = await lib.replaceReport(A.sha, reparsed);
    expect(entry).toEqual((await lib.get(A.sha))!);
    expect(entry.corrections['s3.new.natural']).toEqual({ value: 70, original: 73, note: '原件', at: at(4) });
    expect(entry.addedAt).toBe(at(1));
    expect((await lib.get(A.sha))!.report.meta.parser).toBe(PARSER_VERSION);
    await lib.replaceReport(C.sha, C.report);
    expect(await lib.staleEntries()).toEqual([]);
    await expect(lib.replaceReport(D.sha, D.report)).rejects.toBeInstanceOf(EntryNotFoundError);
  });

  it('stores pending files first and completes them with the parse result', async () => {
    const lib = await impl.make();
    await lib.addFile(A.name, A.bytes, A.report);
    await lib.markPending(A.sha, A.name, A.bytes); // already in the library: not marked
    await lib.markPending(B.sha, B.name, B.bytes);
    await lib.markPending(C.sha, C.name, C.bytes);
    await lib.markPending(C.sha, C.name, C.bytes);
    await expect(lib.markPending(D.sha, D.name, C.bytes)).rejects.toThrow(RangeError);
    expect(await lib.listPending()).toEqual([
      { id: B.sha, name: B.name, size: B.bytes.length, storedAt: at(3) },
      { id: C.sha, name: C.name, size: C.bytes.length, storedAt: at(4) },
    ]);
    expect(await lib.has(B.sha)).toBe(false);
    expect(await lib.getBytes(B.sha)).toEqual(B.bytes);

    const done = await lib.completePending(B.sha, B.report);
    expect(done.duplicate).toBe(false);
    expect(done.entry).toMatchObject({ id: B.sha, file: B.name, size: B.bytes.length, report: B.report });
    // Dropping the same file again while pending also completes it.
    const viaAdd = await lib.addFile(C.name, C.bytes, C.report);
    expect(viaAdd.duplicate).toBe(false);
    expect(await lib.listPending()).toEqual([]);
    expect(await lib.completePending(B.sha, B.report)).toEqual({ entry: done.entry, duplicate: true });
    await expect(lib.completePending(D.sha, D.report)).rejects.toBeInstanceOf(EntryNotFoundError);

    await lib.markPending(D.sha, D.name, D.bytes);
    await lib.dropPending(D.sha);
    expect(await lib.listPending()).toEqual([]);
    expect(await lib.getBytes(D.sha)).toBeUndefined();
    expect((await lib.list()).map((e) => e.id)).toEqual([A.sha, B.sha, C.sha].sort());
  });

  it('keeps the tab that marked a file pending; marking it again from another tab does not take it over', async () => {
    const lib = await impl.make();
    await lib.markPending(A.sha, A.name, A.bytes, 'tab-1');
    await lib.markPending(A.sha, A.name, A.bytes, 'tab-2');
    await lib.markPending(B.sha, B.name, B.bytes);
    expect((await lib.listPending()).map((p) => [p.name, p.owner])).toEqual([
      [A.name, 'tab-1'],
      [B.name, undefined],
    ]);
    expect(await lib.completePending(A.sha, A.report)).toMatchObject({ duplicate: false, entry: { id: A.sha } });
    expect((await lib.listPending()).map((p) => p.id)).toEqual([B.sha]);
  });

  it('applies an import plan in one go, and takes the original of an imported entry when it is dropped', async () => {
    const lib = await impl.make();
    await lib.addFile(A.name, A.bytes, A.report);
    await lib.addFile(B.name, B.bytes, B.report);
    const imported: Entry = {
      id: C.sha,
      file: C.name,
      size: C.bytes.length,
      addedAt: at(50),
      report: C.report,
      corrections: {},
      officeOverride: null,
    };
    const replacingB = { ...(await lib.get(B.sha))!, officeOverride: '平潭' };
    await lib.importEntries([imported, replacingB], [A.sha, B.sha]);
    expect((await lib.list()).map((e) => e.id)).toEqual([B.sha, C.sha].sort());
    expect(await lib.getBytes(A.sha)).toBeUndefined();
    expect(await lib.getBytes(B.sha)).toEqual(B.bytes);
    expect((await lib.get(B.sha))!.officeOverride).toBe('平潭');
    const has = Object.fromEntries((await lib.summaries()).map((s) => [s.id, s.hasOriginal]));
    expect(has).toEqual({ [B.sha]: true, [C.sha]: false });

    const again = await lib.addFile('c.txt', C.bytes, C.report);
    expect(again.duplicate).toBe(true);
    expect(again.entry.addedAt).toBe(at(50));
    expect(await lib.getBytes(C.sha)).toEqual(C.bytes);
    expect((await lib.summaries()).every((s) => s.hasOriginal)).toBe(true);
  });

  it('keeps settings', async () => {
    const lib = await impl.make();
    expect(await lib.getSetting('sort')).toBeUndefined();
    await lib.setSetting('sort', { column: 'year', desc: true });
    await lib.setSetting('persistAsked', true);
    expect(await lib.getSetting('sort')).toEqual({ column: 'year', desc: true });
    expect(await lib.getSetting('persistAsked')).toBe(true);
  });

  it('writes nothing of an add that fails half-way', async () => {
    const lib = await impl.make();
    await lib.addFile(A.name, A.bytes, A.report);
    // The summary is written last; a report it cannot read fails after the bytes and the entry were put.
    const broken = { ...B.report, issues: null } as unknown as Report;
    await expect(lib.addFile(B.name, B.bytes, broken)).rejects.toThrow(TypeError);
    expect((await lib.list()).map((e) => e.id)).toEqual([A.sha]);
    expect(await lib.getBytes(B.sha)).toBeUndefined();
    expect((await lib.addFile(B.name, B.bytes, B.report)).duplicate).toBe(false);
  });

  it.each(impl.modes)('on a full disk (%s) keeps what was stored and throws StorageFullError', async (mode) => {
    const lib = await impl.full([A, B], mode);
    await lib.addFile(A.name, A.bytes, A.report);
    await lib.addFile(B.name, B.bytes, B.report);
    await lib.setCorrection(A.sha, 's3.new.natural', 72, '核对');
    const failed = lib.addFile(C.name, C.bytes, C.report);
    await expect(failed).rejects.toBeInstanceOf(StorageFullError);
    await expect(failed).rejects.toThrow(/^存储空间已满/);
    await expect(lib.markPending(D.sha, D.name, D.bytes)).rejects.toBeInstanceOf(StorageFullError);
    // Nothing of the failed files, all of the earlier ones.
    expect((await lib.list()).map((e) => e.id)).toEqual([A.sha, B.sha].sort());
    expect((await lib.summaries()).map((s) => s.id)).toEqual([A.sha, B.sha].sort());
    expect(await lib.getBytes(C.sha)).toBeUndefined();
    expect(await lib.listPending()).toEqual([]);
    expect((await lib.get(A.sha))!.corrections['s3.new.natural'].value).toBe(72);
    expect(await lib.getBytes(B.sha)).toEqual(B.bytes);
    // Changes that store no bytes still work, and so do adds once there is room again.
    await lib.setCorrection(B.sha, 's3.new.natural', 1, '');
    restore?.();
    restore = null;
    if (!lib.persistent) return; // memory: the cap stays
    expect((await lib.addFile(C.name, C.bytes, C.report)).duplicate).toBe(false);
    expect(await lib.list()).toHaveLength(3);
  });
});

describe('MemoryLibrary', () => {
  it('says it keeps nothing, and reports the bytes it holds against its cap', async () => {
    const lib = new MemoryLibrary({ maxBytes: 1e6 });
    expect(lib.persistent).toBe(false);
    await lib.addFile(A.name, A.bytes, A.report);
    await lib.addFile(B.name, B.bytes, B.report);
    expect(await lib.usage()).toEqual({ usage: 10617 + 7736, quota: 1e6, persisted: false });
    await lib.delete(A.sha);
    expect(await lib.usage()).toEqual({ usage: 7736, quota: 1e6, persisted: false });
    expect(await lib.requestPersistence()).toBe(false);
  });
});

describe('IdbLibrary', () => {
  it.each(['throw', 'request', 'abort'] as const)(
    'rolls back the bytes and entry already put when the last write of an add fails (%s)',
    async (mode) => {
      const lib = await IdbLibrary.open({ now: clock() });
      restore = failPutsAfter('summaries', 1, mode);
      await lib.addFile(A.name, A.bytes, A.report);
      await lib.markPending(B.sha, B.name, B.bytes);
      await expect(lib.addFile(B.name, B.bytes, B.report)).rejects.toBeInstanceOf(StorageFullError);
      await expect(lib.addFile(C.name, C.bytes, C.report)).rejects.toBeInstanceOf(StorageFullError);
      restore();
      restore = null;
      expect((await lib.list()).map((e) => e.id)).toEqual([A.sha]);
      expect(await lib.getBytes(C.sha)).toBeUndefined();
      // B stays pending with its bytes, as before the failed add.
      expect((await lib.listPending()).map((p) => p.id)).toEqual([B.sha]);
      expect(await lib.getBytes(B.sha)).toEqual(B.bytes);
      expect((await lib.completePending(B.sha, B.report)).duplicate).toBe(false);
      expect((await lib.summaries()).map((s) => s.id)).toEqual([A.sha, B.sha].sort());
    },
  );
});

/**
 * An IndexedDB library whose reads of summary records are counted: `getAll` of them all, `get` of one (what the
 * pack spares). `beforeRepackWrites` runs between `repack()`'s read and its write.
 */
async function countingLibrary(): Promise<{ lib: Library; reads: { getAll: number; get: number }; hook: { beforeRepackWrites: (() => Promise<void>) | null } }> {
  const idb = await IdbBackend.open();
  const reads = { getAll: 0, get: 0 };
  const hook: { beforeRepackWrites: (() => Promise<void>) | null } = { beforeRepackWrites: null };
  const backend: Backend = {
    persistent: true,
    async run(stores, mode, fn) {
      if (mode === 'readwrite' && stores.length === 1 && stores[0] === 'meta' && hook.beforeRepackWrites) await hook.beforeRepackWrites();
      return idb.run(stores, mode, (tx) =>
        fn({
          ...tx,
          getAll: ((store) => {
            if (store === 'summaries') reads.getAll++;
            return tx.getAll(store);
          }) as Tx['getAll'],
          get: ((store, key) => {
            if (store === 'summaries') reads.get++;
            return tx.get(store, key);
          }) as Tx['get'],
        }),
      );
    },
    usage: () => idb.usage(),
    close: () => idb.close(),
  };
  return { lib: new Library(backend, { now: clock() }), reads, hook };
}

/** The summaries as plain data, for comparing two reads (fields included). */
const plain = (ss: unknown) => JSON.parse(JSON.stringify(ss));

describe('the summaries pack (IndexedDB)', () => {
  it('reads the pack and the summaries written since it was made, instead of every record', async () => {
    const { lib, reads } = await countingLibrary();
    // Nothing to pack in an empty library.
    expect(await lib.summaries()).toEqual([]);
    expect(lib.packNeeded).toBe(false);
    await lib.addFile(A.name, A.bytes, A.report);
    await lib.addFile(B.name, B.bytes, B.report);
    const first = await lib.summaries();
    expect(reads).toEqual({ getAll: 2, get: 0 });
    expect(lib.packNeeded).toBe(true);
    expect(await lib.repack()).toBe(true);
    expect(await lib.repack()).toBe(false);
    expect(reads.getAll).toBe(3);

    const packed = await lib.summaries();
    expect(reads).toEqual({ getAll: 3, get: 0 });
    expect(lib.packNeeded).toBe(false);
    expect(plain(packed)).toEqual(plain(first));
    expect(packed.map((s) => s.id)).toEqual([A.sha, B.sha].sort());

    // A correction, a new file, a deletion: the pack is read with those three records.
    await lib.setCorrection(A.sha, 's3.new.natural', 5, '核对');
    await lib.addFile(C.name, C.bytes, C.report);
    await lib.delete(B.sha);
    const after = await lib.summaries();
    expect(reads).toEqual({ getAll: 3, get: 3 });
    expect(lib.packNeeded).toBe(true);
    expect(after.map((s) => s.id)).toEqual([A.sha, C.sha].sort());
    expect(after.find((s) => s.id === A.sha)!.fields['s3.new.natural']).toBe(5);
    expect(plain(after)).toEqual(plain(await lib.summariesOf([A.sha, C.sha].sort())));

    expect(await lib.repack()).toBe(true);
    expect(plain(await lib.summaries())).toEqual(plain(after));
    expect(reads).toEqual({ getAll: 4, get: 5 });
    expect(lib.packNeeded).toBe(false);
  });

  it('sees what another connection (a worker) wrote since the pack', async () => {
    const { lib, reads } = await countingLibrary();
    await lib.addFile(A.name, A.bytes, A.report);
    expect(await lib.repack()).toBe(true);
    const worker = await IdbLibrary.open();
    await worker.addFile(B.name, B.bytes, B.report);
    await worker.setOfficeOverride([A.sha], '平潭');
    const got = await lib.summaries();
    expect(reads.getAll).toBe(1);
    expect(got.map((s) => [s.id, s.office])).toEqual(
      [
        [A.sha, '平潭'],
        [B.sha, B.report.office],
      ].sort((x, y) => (x[0]! < y[0]! ? -1 : 1)),
    );
    worker.close();
  });

  it(`reads every record when more than ${PACK_CHANGES_LIMIT} were written since the pack`, async () => {
    const { lib, reads } = await countingLibrary();
    await lib.addFile(A.name, A.bytes, A.report);
    expect(await lib.repack()).toBe(true);
    const base = (await lib.get(A.sha))!;
    const copies: Entry[] = Array.from({ length: PACK_CHANGES_LIMIT + 1 }, (_, i) => ({ ...base, id: `e${i.toString(16).padStart(63, '0')}` }));
    await lib.importEntries(copies, []);
    const got = await lib.summaries();
    expect(got).toHaveLength(PACK_CHANGES_LIMIT + 2);
    expect(reads).toEqual({ getAll: 2, get: 0 });
    expect(lib.packNeeded).toBe(true);
    expect(await lib.repack()).toBe(true);
    expect(plain(await lib.summaries())).toEqual(plain(got));
    expect(reads).toEqual({ getAll: 3, get: 0 });
  });

  it('does not write a pack when summaries were written while it read them', async () => {
    const { lib, reads, hook } = await countingLibrary();
    await lib.addFile(A.name, A.bytes, A.report);
    const other = await IdbLibrary.open();
    hook.beforeRepackWrites = async () => {
      hook.beforeRepackWrites = null;
      await other.addFile(B.name, B.bytes, B.report);
    };
    expect(await lib.repack()).toBe(false);
    expect((await lib.summaries()).map((s) => s.id)).toEqual([A.sha, B.sha].sort());
    expect(reads.getAll).toBe(2);
    expect(lib.packNeeded).toBe(true);
    other.close();
  });

  it('reads the records when the pack does not read', async () => {
    const { lib, reads } = await countingLibrary();
    await lib.addFile(A.name, A.bytes, A.report);
    expect(await lib.repack()).toBe(true);
    const db = await openDatabase();
    await db.put('meta', { id: PACK_KEYS.pack, value: '[{"id": "truncated' });
    closeDatabase(db);
    expect((await lib.summaries()).map((s) => s.id)).toEqual([A.sha]);
    expect(reads.getAll).toBe(2);
    expect(lib.packNeeded).toBe(true);
  });

  it('is not kept for a library in memory', async () => {
    const lib = new MemoryLibrary();
    await lib.addFile(A.name, A.bytes, A.report);
    expect((await lib.summaries()).map((s) => s.id)).toEqual([A.sha]);
    expect(lib.packNeeded).toBe(false);
    expect(await lib.repack()).toBe(false);
  });
});

/**
 * The library the app keeps: original files, their parsed reports and the user's corrections, keyed by the
 * SHA-256 of the file. Every change is one transaction, so a report is stored whole or not at all, and a failure
 * (a full disk: StorageFullError) loses nothing already stored.
 *
 * Two kinds, with the same behaviour: IdbLibrary, and MemoryLibrary where IndexedDB is unavailable. Both are this
 * `Library`, written once over a storage backend (backend.ts). The app opens one with index.ts `openLibrary()`.
 */
import type { CellValue } from '../form/model.ts';
import type { Entry } from '../model/entry.ts';
import { PARSER_VERSION } from '../parse/version.ts';
import type { Report } from '../parse/types.ts';
import type { Backend, Tx } from './backend.ts';
import type { OpenOptions } from './db.ts';
import { newEntry, withCorrection, withOffice, withoutCorrection, withReport } from './entry-ops.ts';
import { EntryNotFoundError } from './errors.ts';
import { IdbBackend } from './idb-backend.ts';
import { MemoryBackend, type MemoryBackendOptions } from './memory-backend.ts';
import { isPersisted, requestPersistence, sha256Hex } from './platform.ts';
import type { PendingFile, SettingValue, StoreName, SummaryIndex } from './schema.ts';
import { decodeSummary, encodeSummary, summarize, type EntrySummary, type StoredSummary } from './summary.ts';

export interface LibraryOptions {
  /** Clock for `addedAt` and correction times. @default () => new Date() */
  now?: () => Date;
}

export interface AddResult {
  entry: Entry;
  /** The same file (same SHA-256) was already in the library; `entry` is the one stored. */
  duplicate: boolean;
}

export interface StorageUsage {
  /** Bytes used. */
  usage: number;
  /** Bytes available to this site. */
  quota: number;
  /** Whether the browser promised not to evict the data; null when it does not say. */
  persisted: boolean | null;
}

const ENTRY_STORES: readonly StoreName[] = ['entries', 'summaries', 'files', 'pending'];

/**
 * `meta` records of the summaries' pack (see `summaries()`): `rev`, the revision of the summaries, bumped by every
 * transaction that writes them; `pack`, one string, the JSON array of every stored summary, made at revision
 * `packedAt`; `changed`, the ids of the summaries written since (null: too many, or not known). Exported for the
 * benchmark, which deletes the pack to time an open without it.
 */
export const PACK_KEYS = {
  rev: 'library:summaries-rev',
  pack: 'library:summaries-pack',
  packedAt: 'library:summaries-packed',
  changed: 'library:summaries-changed',
} as const;
/**
 * Most summaries read one by one beside the pack: past this many written since it was made, the records are read
 * (getAll), and the pack is made again.
 */
export const PACK_CHANGES_LIMIT = 300;
const revisionOf = (r: { value: SettingValue } | undefined): number => (typeof r?.value === 'number' ? r.value : 0);
const idsOf = (r: { value: SettingValue } | undefined): string[] | null =>
  Array.isArray(r?.value) && r.value.every((x) => typeof x === 'string') ? (r.value as string[]) : null;

/**
 * The summaries of a pack with those written since applied (`s` undefined: deleted), in id order as getAll gives
 * them; null when the pack does not read as an array.
 */
function withChanges(pack: string, since: readonly { id: string; s: StoredSummary | undefined }[]): StoredSummary[] | null {
  let stored: unknown;
  try {
    stored = JSON.parse(pack);
  } catch {
    return null;
  }
  if (!Array.isArray(stored)) return null;
  if (since.length === 0) return stored as StoredSummary[];
  const byId = new Map((stored as StoredSummary[]).map((s) => [s.id, s]));
  for (const { id, s } of since) {
    if (s) byId.set(id, s);
    else byId.delete(id);
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** A copy that owns its buffer: storing a view would store (and clone) the whole underlying buffer. */
const ownBytes = (b: Uint8Array): Uint8Array => b.slice();

/**
 * Requests of one transaction are issued together where none depends on another's answer: each awaited request
 * is a round trip to the browser's storage process, and a read-write transaction holds its stores meanwhile.
 */
async function putEntry(tx: Tx, e: Entry, hasOriginal?: boolean): Promise<void> {
  const summary = encodeSummary(summarize(e, hasOriginal ?? (await tx.has('files', e.id))));
  await Promise.all([tx.put('entries', e), tx.put('summaries', summary)]);
}

async function mustGet(tx: Tx, id: string): Promise<Entry> {
  const e = await tx.get('entries', id);
  if (!e) throw new EntryNotFoundError(id);
  return e;
}

export class Library {
  readonly #b: Backend;
  readonly #now: () => Date;
  #packNeeded = false;

  constructor(backend: Backend, opts: LibraryOptions = {}) {
    this.#b = backend;
    this.#now = opts.now ?? (() => new Date());
  }

  /** false: everything is in memory and lost when the page closes. */
  get persistent(): boolean {
    return this.#b.persistent;
  }

  /**
   * Store a file and its parse result in one transaction. The same bytes again store nothing and return the
   * entry already there with `duplicate: true` (if that entry came from an import without its original, the bytes
   * are kept now). Completes a pending marker for the file.
   */
  async addFile(name: string, bytes: Uint8Array, report: Report): Promise<AddResult> {
    const id = await sha256Hex(bytes);
    const own = ownBytes(bytes);
    const now = this.#now();
    return this.#write(ENTRY_STORES, async (tx) => {
      const hasFile = await tx.has('files', id);
      if (!hasFile) await tx.put('files', { id, name, size: own.byteLength, bytes: own, storedAt: now.toISOString() });
      const existing = await tx.get('entries', id);
      if (existing) {
        if (!hasFile) await putEntry(tx, existing, true);
        return { entry: existing, duplicate: true };
      }
      const entry = newEntry(id, name, own.byteLength, report, now);
      await putEntry(tx, entry, true);
      await tx.delete('pending', id);
      return { entry, duplicate: false };
    });
  }

  has(id: string): Promise<boolean> {
    return this.#b.run(['entries'], 'readonly', (tx) => tx.has('entries', id));
  }

  /** Every entry in full (reports with sources, checks, issues). Slow for thousands: prefer `summaries()`. */
  list(): Promise<Entry[]> {
    return this.#b.run(['entries'], 'readonly', (tx) => tx.getAll('entries'));
  }

  /**
   * The compact record of every entry (summary.ts), for the library view and analysis, in id order.
   *
   * Chromium pays per record: reading 5,000 summary records with getAll takes 0.5–1.7 s on this 2-core machine,
   * one record holding the same summaries as a JSON string (8.7 MB) 0.1–0.3 s (README "Large libraries"). So an
   * IndexedDB library keeps such a pack in `meta`, and every transaction that writes summaries notes their ids
   * (`#write`): the pack plus the records written since is the library. Without a pack, or with more than
   * PACK_CHANGES_LIMIT records written since, the records are read. `packNeeded` then says to call `repack()`.
   */
  async summaries(): Promise<EntrySummary[]> {
    const read = await this.#b.run(['summaries', 'meta'], 'readonly', async (tx) => {
      if (this.persistent) {
        const rev = revisionOf(await tx.get('meta', PACK_KEYS.rev));
        const packedAt = (await tx.get('meta', PACK_KEYS.packedAt))?.value;
        const changed = packedAt === rev ? [] : typeof packedAt === 'number' ? idsOf(await tx.get('meta', PACK_KEYS.changed)) : null;
        if (changed) {
          const pack = (await tx.get('meta', PACK_KEYS.pack))?.value;
          if (typeof pack === 'string') {
            const since = await Promise.all(changed.map(async (id) => ({ id, s: await tx.get('summaries', id) })));
            return { pack, since, all: null };
          }
        }
      }
      return { pack: null, since: [], all: await tx.getAll('summaries') };
    });
    let stored = read.pack === null ? read.all : withChanges(read.pack, read.since);
    const packed = read.pack !== null && stored !== null;
    // A pack this version cannot read: the records, as without one.
    stored ??= await this.#b.run(['summaries'], 'readonly', (tx) => tx.getAll('summaries'));
    // An empty library has nothing to pack.
    this.#packNeeded = this.persistent && stored.length > 0 && (!packed || read.since.length > 0);
    return this.#decode(stored);
  }

  /** The last `summaries()` read the records, or the pack and records written since (IndexedDB only): call `repack()`. */
  get packNeeded(): boolean {
    return this.#packNeeded;
  }

  /**
   * Write the pack of the summaries as they are (meant for a worker: reading and encoding 5,000 takes a second).
   * False when there is nothing to do (the pack is current, or the library is in memory, which has no use for
   * one), when summaries were written meanwhile (the next call packs them), or when the write failed: the pack
   * only makes reading faster.
   */
  async repack(): Promise<boolean> {
    if (!this.persistent) return false;
    try {
      const read = await this.#b.run(['summaries', 'meta'], 'readonly', async (tx) => {
        const rev = revisionOf(await tx.get('meta', PACK_KEYS.rev));
        if ((await tx.get('meta', PACK_KEYS.packedAt))?.value === rev && (await tx.has('meta', PACK_KEYS.pack))) return null;
        return { rev, stored: await tx.getAll('summaries') };
      });
      if (!read) return false;
      const data = JSON.stringify(read.stored);
      return await this.#b.run(['meta'], 'readwrite', async (tx) => {
        if (revisionOf(await tx.get('meta', PACK_KEYS.rev)) !== read.rev) return false;
        await tx.put('meta', { id: PACK_KEYS.pack, value: data });
        await tx.put('meta', { id: PACK_KEYS.packedAt, value: read.rev });
        await tx.put('meta', { id: PACK_KEYS.changed, value: [] });
        return true;
      });
    } catch {
      return false;
    }
  }

  /**
   * A read-write transaction over `stores` that may write summaries. In an IndexedDB library it also bumps their
   * revision and notes the ids of the summaries it wrote or deleted, so that the pack is read with them.
   */
  #write<T>(stores: readonly StoreName[], fn: (tx: Tx) => Promise<T>): Promise<T> {
    if (!this.persistent) return this.#b.run(stores, 'readwrite', fn);
    return this.#b.run([...stores, 'meta'], 'readwrite', async (tx) => {
      const ids = new Set<string>();
      const noting: Tx = {
        get: (store, key) => tx.get(store, key),
        has: (store, key) => tx.has(store, key),
        getAll: (store) => tx.getAll(store),
        summariesBy: (index, key) => tx.summariesBy(index, key),
        put: (store, value) => {
          if (store === 'summaries') ids.add((value as StoredSummary).id);
          return tx.put(store, value);
        },
        delete: (store, key) => {
          if (store === 'summaries') ids.add(key);
          return tx.delete(store, key);
        },
      };
      const result = await fn(noting);
      if (ids.size === 0) return result;
      // Two round trips, not four: both reads together, then both writes.
      const [rev, changedRecord] = await Promise.all([tx.get('meta', PACK_KEYS.rev), tx.get('meta', PACK_KEYS.changed)]);
      const changed = idsOf(changedRecord);
      if (changed) for (const id of changed) ids.add(id);
      await Promise.all([
        tx.put('meta', { id: PACK_KEYS.rev, value: revisionOf(rev) + 1 }),
        changed ? tx.put('meta', { id: PACK_KEYS.changed, value: ids.size > PACK_CHANGES_LIMIT ? null : [...ids] }) : null,
      ]);
      return result;
    });
  }

  /** The summaries of these entries, in the order given; ids not in the library are skipped. */
  async summariesOf(ids: readonly string[]): Promise<EntrySummary[]> {
    const got = await this.#b.run(['summaries'], 'readonly', (tx) => Promise.all(ids.map((id) => tx.get('summaries', id))));
    const byId = new Map((await this.#decode(got.filter((s) => s !== undefined))).map((s) => [s.id, s]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** Summaries with one office (the effective name), year, parser version or `addedAt`. */
  async summariesBy(index: SummaryIndex, key: string | number): Promise<EntrySummary[]> {
    const stored = await this.#b.run(['summaries'], 'readonly', (tx) => tx.summariesBy(index, key));
    return this.#decode(stored);
  }

  /** Summaries of entries parsed by another parser version than `parser` (re-parse them from `getBytes`). */
  async staleEntries(parser: string = PARSER_VERSION): Promise<EntrySummary[]> {
    return (await this.summaries()).filter((s) => s.parser !== parser);
  }

  get(id: string): Promise<Entry | undefined> {
    return this.#b.run(['entries'], 'readonly', (tx) => tx.get('entries', id));
  }

  /** The original file, or undefined (no such entry, or imported without it). A fresh copy on every call. */
  async getBytes(id: string): Promise<Uint8Array | undefined> {
    return (await this.#b.run(['files'], 'readonly', (tx) => tx.get('files', id)))?.bytes;
  }

  /** Remove an entry with its original file (and a pending marker). */
  async delete(id: string): Promise<void> {
    await this.deleteMany([id]);
  }

  /** Remove entries with their original files, in one transaction; returns how many were there. */
  async deleteMany(ids: readonly string[]): Promise<number> {
    return this.#write(ENTRY_STORES, async (tx) => {
      let n = 0;
      for (const id of ids) {
        if (await tx.has('entries', id)) n++;
        for (const s of ENTRY_STORES) await tx.delete(s, id);
      }
      return n;
    });
  }

  /** Correct one cell; the parsed value stays in the correction's `original`. */
  setCorrection(id: string, field: string, value: CellValue, note: string): Promise<Entry> {
    const now = this.#now();
    return this.#update(id, (e) => withCorrection(e, field, value, note, now));
  }

  clearCorrection(id: string, field: string): Promise<Entry> {
    return this.#update(id, (e) => withoutCorrection(e, field));
  }

  /**
   * Show these entries under one office name (merging spellings), in one transaction; null or an empty name
   * removes the override. Entries already gone are skipped.
   */
  async setOfficeOverride(ids: readonly string[], name: string | null): Promise<void> {
    await this.#write(['entries', 'summaries', 'files'], async (tx) => {
      for (const id of ids) {
        const e = await tx.get('entries', id);
        if (!e) continue;
        const next = withOffice(e, name);
        if (next !== e) await putEntry(tx, next);
      }
    });
  }

  /**
   * The report re-parsed from the stored original (after a parser upgrade). Corrections stay, their `original`
   * now the new parser's reading (entry-ops.ts `withReport` also says which of them moved).
   */
  async replaceReport(id: string, report: Report): Promise<Entry> {
    return this.#write(['entries', 'summaries', 'files'], async (tx) => {
      const { entry } = withReport(await mustGet(tx, id), report);
      await putEntry(tx, entry);
      return entry;
    });
  }

  /**
   * Store a file's bytes before parsing it, so that a batch interrupted by closing the tab can be finished on
   * the next visit (`listPending`, then `completePending` or `addFile`). `id` must be `sha256Hex(bytes)`.
   * A file already in the library is not marked. `owner`: the tab running the batch (schema.ts PendingFile).
   */
  async markPending(id: string, name: string, bytes: Uint8Array, owner?: string): Promise<void> {
    if ((await sha256Hex(bytes)) !== id) throw new RangeError('markPending: id is not the SHA-256 of the bytes');
    const own = ownBytes(bytes);
    const storedAt = this.#now().toISOString();
    await this.#b.run(['entries', 'files', 'pending'], 'readwrite', async (tx) => {
      const [entry, file, pending] = await Promise.all([tx.has('entries', id), tx.has('files', id), tx.has('pending', id)]);
      if (entry) return;
      await Promise.all([
        file ? null : tx.put('files', { id, name, size: own.byteLength, bytes: own, storedAt }),
        pending ? null : tx.put('pending', { id, name, size: own.byteLength, storedAt, ...(owner ? { owner } : {}) }),
      ]);
    });
  }

  /** The parse result of a pending file: the entry is stored and the marker removed, in one transaction. */
  async completePending(id: string, report: Report): Promise<AddResult> {
    const now = this.#now();
    return this.#write(ENTRY_STORES, async (tx) => {
      const p = await tx.get('pending', id);
      if (!p) {
        const existing = await tx.get('entries', id);
        if (existing) return { entry: existing, duplicate: true };
        throw new EntryNotFoundError(id);
      }
      const entry = newEntry(id, p.name, p.size, report, now);
      // A pending marker is written with its file (markPending) and removed with it (dropPending).
      await Promise.all([putEntry(tx, entry, true), tx.delete('pending', id)]);
      return { entry, duplicate: false };
    });
  }

  /** Files stored but not parsed yet, oldest first. */
  async listPending(): Promise<PendingFile[]> {
    const all = await this.#b.run(['pending'], 'readonly', (tx) => tx.getAll('pending'));
    return all.sort((a, b) => a.storedAt.localeCompare(b.storedAt) || a.id.localeCompare(b.id));
  }

  /** Give up on a pending file: its marker and bytes go (an entry of the same file, if any, is untouched). */
  async dropPending(id: string): Promise<void> {
    await this.#b.run(['entries', 'files', 'pending'], 'readwrite', async (tx) => {
      if (!(await tx.has('pending', id))) return;
      await tx.delete('pending', id);
      if (!(await tx.has('entries', id))) await tx.delete('files', id);
    });
  }

  /**
   * Apply an import's merge plan (export/import.ts `MergePlan`: remove, then add) in one transaction. Original
   * files of removed entries are dropped unless the same file is added back.
   */
  async importEntries(add: readonly Entry[], remove: readonly string[]): Promise<void> {
    const added = new Set(add.map((e) => e.id));
    await this.#write(ENTRY_STORES, async (tx) => {
      for (const id of remove) {
        await tx.delete('entries', id);
        await tx.delete('summaries', id);
        if (!added.has(id)) {
          await tx.delete('files', id);
          await tx.delete('pending', id);
        }
      }
      for (const e of add) {
        await putEntry(tx, e);
        await tx.delete('pending', e.id);
      }
    });
  }

  async getSetting(key: string): Promise<SettingValue | undefined> {
    return (await this.#b.run(['meta'], 'readonly', (tx) => tx.get('meta', key)))?.value;
  }

  async setSetting(key: string, value: SettingValue): Promise<void> {
    await this.#b.run(['meta'], 'readwrite', (tx) => tx.put('meta', { id: key, value }));
  }

  /**
   * Space used and available (navigator.storage.estimate() for IndexedDB; for memory, the bytes held against
   * its cap), or null when the browser does not say.
   */
  async usage(): Promise<StorageUsage | null> {
    const u = await this.#b.usage();
    if (!u || u.quota === null) return null;
    return { usage: u.usage, quota: u.quota, persisted: this.persistent ? await isPersisted() : false };
  }

  /**
   * Ask the browser to keep the library under storage pressure (navigator.storage.persist()); true when it
   * will. False when it refuses, cannot say (no storage manager), or for the memory library.
   */
  async requestPersistence(): Promise<boolean> {
    return this.persistent && (await requestPersistence()) === 'granted';
  }

  close(): void {
    this.#b.close();
  }

  async #update(id: string, change: (e: Entry) => Entry): Promise<Entry> {
    return this.#write(['entries', 'summaries', 'files'], async (tx) => {
      const e = await mustGet(tx, id);
      const next = change(e);
      if (next !== e) await putEntry(tx, next);
      return next;
    });
  }

  /** Decode stored summaries; those written under another format are rebuilt from their entries and saved. */
  async #decode(stored: readonly StoredSummary[]): Promise<EntrySummary[]> {
    const out: EntrySummary[] = [];
    const stale: string[] = [];
    for (const s of stored) {
      const d = decodeSummary(s);
      if (d) out.push(d);
      else stale.push(s.id);
    }
    if (stale.length === 0) return out;
    // Rebuilding writes summaries: a pack read a moment ago is stale now.
    this.#packNeeded = this.persistent;
    const rebuilt = await this.#write(['entries', 'summaries', 'files'], async (tx) => {
      const got: EntrySummary[] = [];
      for (const id of stale) {
        const e = await tx.get('entries', id);
        if (!e) continue;
        const s = summarize(e, await tx.has('files', id));
        await tx.put('summaries', encodeSummary(s));
        got.push(s);
      }
      return got;
    });
    return [...out, ...rebuilt].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}

/** The library in memory, for a browser without IndexedDB: same behaviour, nothing kept after the page closes. */
export class MemoryLibrary extends Library {
  constructor(opts: LibraryOptions & MemoryBackendOptions = {}) {
    super(new MemoryBackend(opts), opts);
  }
}

/** The library in IndexedDB. */
export class IdbLibrary extends Library {
  static async open(opts: LibraryOptions & OpenOptions = {}): Promise<IdbLibrary> {
    return new IdbLibrary(await IdbBackend.open(opts), opts);
  }
}

/**
 * The app's orchestration: files in → workers read, hash and parse them → the original and the result stored →
 * the library the views show. The library is held as compact summaries (5,000 reports open in a second); a full
 * report is loaded when one is opened. Holds the batch's progress, handles cancel, resumes batches a closed tab
 * interrupted, re-parses stored originals after a parser upgrade, and applies corrections and office merges.
 * Components only read its state and call its methods.
 */
import { toAuditCsv } from '../export/audit-sheet.ts';
import type { HeaderStyle } from '../export/columns.ts';
import { collidingIds, planImport, previewImport, type ImportCheck, type ReadFile } from '../export/import-preview.ts';
import { readExport, summarize as describePlan, type ConflictChoice } from '../export/import.ts';
import { toLibraryJson } from '../export/library-json.ts';
import { summarySource } from '../export/summary-source.ts';
import { toLongCsv, toWideCsv } from '../export/to-csv.ts';
import type { CellValue } from '../form/model.ts';
import { fromDataTransfer, fromFileList, type Intake, type IntakeFile } from '../ingest/intake.ts';
import { outcomeOf } from '../ingest/outcome.ts';
import { DuplicateError, type IngestPool } from '../ingest/pool.ts';
import { AbortError } from '../ingest/types.ts';
import type { Entry } from '../model/entry.ts';
import { PARSER_VERSION } from '../parse/version.ts';
import type { Report } from '../parse/types.ts';
import type { EntrySummary, Library, OpenedLibrary, PendingFile, StoreEvent } from '../store/index.ts';
import { Notices } from './notices.svelte.ts';
import { summaryAsEntry } from './summary-entry.ts';
import type { LibraryChannel, TabPresence } from './tab-sync.ts';

/** `unsaved`: not stored because storage is full (the batch stopped); the file must be imported again later. */
export type FileStatus = 'queued' | 'reading' | 'parsing' | 'done' | 'duplicate' | 'error' | 'unsaved' | 'cancelled';

export interface BatchItem {
  name: string;
  status: FileStatus;
  /** One line for the user: the first error, or what was read. */
  message: string;
  /** The error's issue code (`pdf.password` offers a password). */
  code?: string;
  entryId?: string;
}

export interface Batch {
  items: BatchItem[];
  total: number;
  done: number;
  startedAt: number;
  finishedAt: number | null;
  cancelled: boolean;
  /** The batch stopped on its own before the end: storage is full (its remaining files are `unsaved`). */
  stopped: 'storage-full' | null;
}

/** Shown when a write fails for lack of space; the batch stops at once. */
export const STORAGE_FULL_NOTICE =
  '存储空间已满，导入已停止：已保存的报告不受影响，其余文件未保存。请删除不需要的报告或释放磁盘空间，然后重新导入未保存的文件（已保存的会被识别为重复）。';
const UNSAVED_MESSAGE = '存储空间已满，此文件未保存';

const isStorageFull = (e: unknown): boolean => (e as Error)?.name === 'StorageFullError';

/**
 * The sentence for an error: our own errors carry one in Chinese (store/errors.ts, the pool); anything else is
 * a programming error whose English text would mean nothing to the user, so it is named, not quoted.
 */
export function errorSentence(e: unknown): string {
  const message = (e as Error)?.message ?? String(e);
  if (/[\u4e00-\u9fff]/.test(message)) return message;
  console.error(e);
  return `程序内部错误（${(e as Error)?.name ?? 'Error'}），这次操作没有完成；已保存的报告不受影响。请刷新页面后重试。`;
}

export interface SessionDeps {
  openLibrary: (onEvent: (e: StoreEvent) => void) => Promise<OpenedLibrary>;
  /** `store`: the library is in IndexedDB, so workers can store what they parse themselves. */
  makePool: (store: boolean) => Promise<IngestPool>;
  /** Summaries are decoded for a view; the full entry behind one (for the report view). */
  summarize: (e: Entry) => EntrySummary;
  /** Tells the other tabs which entries this one wrote, and hears theirs (tab-sync.ts). Only for IndexedDB. */
  channel?: (onChanged: (ids: string[]) => void) => LibraryChannel | null;
  /** This tab's presence, to tell a batch running in another tab from one a closed tab left (tab-sync.ts). */
  presence?: () => Promise<TabPresence | null>;
  /**
   * Write the library's summaries pack (store/library.ts `repack`, in a worker) so that the next visit opens
   * fast. Without it, a library without a current pack is read record by record.
   */
  repack?: () => Promise<boolean>;
}

/** Other tabs' writes are read back in one go, this long after the first message. */
const REMOTE_DEBOUNCE_MS = 200;

/** A pack is written this long after the library last changed (a batch, an import, a correction). */
const REPACK_AFTER_MS = 2000;

export class Session {
  /** The library, one compact summary per report, newest first. */
  summaries: EntrySummary[] = $state.raw([]);
  /** A snapshot of the running batch, republished at most every 200 ms (hundreds of files change it constantly). */
  batch: Batch | null = $state.raw(null);
  storage: { persistent: boolean; reason: string | null; usage: number | null; quota: number | null } = $state({
    persistent: true,
    reason: null,
    usage: null,
    quota: null,
  });
  readonly notices = new Notices();
  ready = $state(false);

  #library: Library | null = null;
  #pool: IngestPool | null = null;
  #abort: AbortController | null = null;
  readonly #deps: SessionDeps;
  #flushTimer: ReturnType<typeof setTimeout> | null = null;
  #fresh = new Map<string, EntrySummary>();
  #live: Batch | null = null;
  #publishTimer: ReturnType<typeof setTimeout> | null = null;
  /** The storage-full notice, withdrawn when the next import starts. */
  #fullNotice: number | null = null;
  #channel: LibraryChannel | null = null;
  #presence: TabPresence | null = null;
  /** Entries another tab wrote, to read back (`#refresh`). */
  #dirty = new Set<string>();
  #refreshTimer: ReturnType<typeof setTimeout> | null = null;
  /** Bumped before and after each of this tab's own changes: a read-back that overlapped one is done again. */
  #writes = 0;
  /** Full entries recently opened (the report view), kept in step with corrections. */
  #full = new Map<string, Entry>();
  /** Bumped whenever a full entry changes, so a view holding one reloads it. */
  revision = $state(0);
  #repackTimer: ReturnType<typeof setTimeout> | null = null;
  /** Ids the library table has selected, in its order (what 导出所选 exports). */
  selection: string[] = $state.raw([]);

  constructor(deps: SessionDeps) {
    this.#deps = deps;
  }

  /**
   * The library as entries for analysis (src/lib/analyze): the summaries' corrected values under the Entry
   * shape. Their reports hold fields, office, year and layout only — open a report with `entry(id)` for the rest.
   */
  get analyzable(): Entry[] {
    return this.summaries.map(summaryAsEntry);
  }

  /** Alias of `analyzable` for views written against it (the compare view). */
  get entries(): Entry[] {
    return this.analyzable;
  }

  get busy(): boolean {
    return !!this.batch && this.batch.finishedAt === null;
  }

  get #running(): boolean {
    return !!this.#live && this.#live.finishedAt === null;
  }

  async init(): Promise<void> {
    const opened = await this.#deps.openLibrary((e) => this.notices.show(e.type === 'blocked' ? 'warning' : 'error', e.message, { sticky: true }));
    this.#library = opened.library;
    this.storage.persistent = opened.persistent;
    this.storage.reason = opened.reason;
    if (!opened.persistent) this.notices.show('warning', opened.reason, { sticky: true });
    this.#presence = (await this.#deps.presence?.()) ?? null;
    // Listen before reading: a write another tab makes meanwhile is read back afterwards, never missed.
    if (opened.persistent) this.#channel = this.#deps.channel?.((ids) => this.#remote(ids)) ?? null;
    this.summaries = sortSummaries(await this.#library.summaries());
    this.ready = true;
    if (this.#dirty.size) this.#remote([]);
    if (this.#library.packNeeded) this.#repackSoon();
    void this.refreshUsage();
    const pending = await this.#orphans();
    if (pending.length)
      this.notices.show('warning', `上次有 ${pending.length} 个文件已保存但未处理完（页面在导入过程中被关闭）。`, {
        action: { label: '继续处理', run: () => void this.resumePending(pending.map((p) => p.id)) },
      });
    const stale = this.summaries.filter((s) => s.parser !== PARSER_VERSION && s.hasOriginal).length;
    if (stale)
      this.notices.show('info', `有 ${stale} 份报告由旧版解析程序读取，可用新版重新解析。`, {
        action: { label: '重新解析', run: () => void this.reparseAll(this.summaries.filter((s) => s.parser !== PARSER_VERSION && s.hasOriginal).map((s) => s.id)) },
      });
  }

  async refreshUsage(): Promise<void> {
    const u = await this.#library?.usage();
    if (u) {
      this.storage.usage = u.usage;
      this.storage.quota = u.quota;
    }
  }

  /** Files stored but never parsed by a tab that is gone (a batch running in another open tab is not one). */
  async #orphans(): Promise<PendingFile[]> {
    const all = await this.#library!.listPending();
    if (!all.length || !this.#presence) return all;
    const alive = await this.#presence.alive(all.flatMap((p) => (p.owner ? [p.owner] : [])));
    return all.filter((p) => !p.owner || !alive.has(p.owner));
  }

  // ------------------------------------------------------------------------------------------- other tabs

  /** Another tab wrote these entries: read them back soon, together with any that follow. */
  #remote(ids: readonly string[]): void {
    for (const id of ids) this.#dirty.add(id);
    if (this.ready && this.#dirty.size) this.#refreshTimer ??= setTimeout(() => void this.#refresh(), REMOTE_DEBOUNCE_MS);
  }

  /** Show what the store now holds for the entries other tabs wrote: new, changed, or gone. */
  async #refresh(): Promise<void> {
    this.#refreshTimer = null;
    const library = this.#library;
    if (!library || !this.#dirty.size) return;
    const ids = [...this.#dirty];
    this.#dirty.clear();
    const writes = this.#writes;
    let got: EntrySummary[];
    try {
      got = await library.summariesOf(ids);
    } catch {
      return; // the library was closed (upgraded elsewhere): the page has said so
    }
    // One of this tab's own changes ran meanwhile: what was read may predate it. Read again.
    if (writes !== this.#writes) return this.#remote(ids);
    this.#flush();
    const set = new Set(ids);
    this.summaries = sortSummaries([...this.summaries.filter((s) => !set.has(s.id)), ...got]);
    let open = false;
    for (const id of ids) open = this.#full.delete(id) || open;
    if (open) this.revision++;
  }

  /** One of this tab's own changes to the library. */
  async #write<T>(fn: () => Promise<T>): Promise<T> {
    this.#writes++;
    try {
      return await fn();
    } finally {
      this.#writes++;
    }
  }

  async #pool$(): Promise<IngestPool> {
    this.#pool ??= await this.#deps.makePool(this.storage.persistent);
    return this.#pool;
  }

  // ------------------------------------------------------------------------------------------------ batches

  #startBatch(names: readonly string[]): Batch {
    this.#live = {
      items: names.map((name) => ({ name, status: 'queued', message: '' })),
      total: names.length,
      done: 0,
      startedAt: Date.now(),
      finishedAt: null,
      cancelled: false,
      stopped: null,
    };
    this.#publish(true);
    return this.#live;
  }

  #publish(now = false): void {
    if (now) {
      if (this.#publishTimer) clearTimeout(this.#publishTimer);
      this.#publishTimer = null;
      const b = this.#live;
      this.batch = b ? { ...b, items: b.items.map((i) => ({ ...i })) } : null;
      return;
    }
    this.#publishTimer ??= setTimeout(() => this.#publish(true), 200);
  }

  #finishBatch(): Batch {
    const b = this.#live!;
    for (const it of b.items)
      if (it.status === 'queued' || it.status === 'reading' || it.status === 'parsing') {
        it.status = b.stopped ? 'unsaved' : 'cancelled';
        if (b.stopped) it.message = UNSAVED_MESSAGE;
      }
    b.finishedAt = Date.now();
    this.#flush();
    this.#publish(true);
    void this.refreshUsage();
    return b;
  }

  /**
   * Storage is full: stop the running batch (what is stored stays; the files not stored are marked `unsaved`,
   * never shown as done or as cancelled by the user) and say so once, until the next import.
   */
  #stopForFullStorage(): void {
    const b = this.#live;
    if (!b || b.finishedAt !== null || b.stopped) return;
    b.stopped = 'storage-full';
    this.#abort?.abort();
    this.#fullNotice = this.notices.show('error', STORAGE_FULL_NOTICE, { sticky: true });
    this.#publish(true);
  }

  /**
   * After a batch of this tab was cancelled or stopped: originals it stored and never parsed are not kept
   * waiting. Each file's own error path drops its marker, but a worker stuck inside pdf.js is terminated before
   * it can (pool.ts `#abort`), and its marker would be offered on the next visit as a batch a closed tab left.
   */
  async #dropLeftovers(): Promise<void> {
    const me = this.#presence?.id;
    if (!me) return;
    try {
      for (const p of await this.#library!.listPending()) if (p.owner === me) await this.#library!.dropPending(p.id);
    } catch {
      // the library was closed: nothing more to tidy here
    }
  }

  /** Files from a drop (folders included) or a file picker; zips are unpacked. */
  async addFromDrop(dt: DataTransfer): Promise<void> {
    const pool = await this.#pool$();
    await this.addIntake(await fromDataTransfer(dt, (b) => pool.unzip(b)));
  }

  async addFromFiles(files: Iterable<File>): Promise<void> {
    const pool = await this.#pool$();
    await this.addIntake(await fromFileList(files, (b) => pool.unzip(b)));
  }

  async addIntake({ files, skipped }: Intake): Promise<void> {
    if (skipped) this.notices.show('info', `文件夹或压缩包中有 ${skipped} 个文件不是年报格式（PDF、网页、Word、文本），已跳过`);
    if (!files.length) {
      this.notices.show('warning', '没有找到可导入的文件（支持 PDF、网页、Word .docx、文本文件及其 zip 压缩包）');
      return;
    }
    if (this.#running) {
      this.notices.show('warning', '正在处理上一批文件，请等它完成或取消后再导入');
      return;
    }
    const library = this.#library!;
    const pool = await this.#pool$();
    if (this.#fullNotice !== null) this.notices.dismiss(this.#fullNotice);
    this.#fullNotice = null;
    const abort = (this.#abort = new AbortController());
    const batch = this.#startBatch(files.map((f) => f.name));
    if (this.storage.persistent) void library.requestPersistence();
    // A little ahead of the pool, never the whole batch at once.
    let next = 0;
    const work = async () => {
      while (next < files.length && !abort.signal.aborted) {
        const i = next++;
        await this.#one(files[i], batch.items[i], library, pool, abort.signal);
        batch.done++;
        this.#publish();
      }
    };
    await Promise.all(Array.from({ length: Math.min(pool.size * 2, files.length) }, work));
    if (batch.cancelled || batch.stopped) await this.#dropLeftovers();
    this.#finishBatch();
    const n = (s: FileStatus) => batch.items.filter((x) => x.status === s).length;
    const parts = [`${n('done')} 份已读取`];
    if (n('duplicate')) parts.push(`${n('duplicate')} 份重复`);
    if (n('error')) parts.push(`${n('error')} 份无法读取`);
    if (n('unsaved')) parts.push(`${n('unsaved')} 份未保存`);
    if (n('cancelled')) parts.push(`${n('cancelled')} 份已取消`);
    if (batch.stopped) this.notices.show('warning', `导入因存储空间已满而停止：${parts.join('，')}`, { sticky: true });
    else this.notices.show(n('error') ? 'warning' : 'success', `导入完成：${parts.join('，')}`);
  }

  async #one(f: IntakeFile, item: BatchItem, library: Library, pool: IngestPool, signal: AbortSignal): Promise<void> {
    let sha: string | null = null;
    try {
      item.status = 'parsing';
      this.#publish();
      const source = f.blob ?? (await f.read());
      if (pool.stores) {
        // The worker reads, hashes, stores and parses: the page gets the summary only.
        const r = await pool.store(f.name, source, { signal, owner: this.#presence?.id });
        if (r.kind === 'duplicate') throw new DuplicateError(r.sha);
        if (r.kind === 'stored') {
          Object.assign(item, r.outcome, { entryId: r.sha });
          this.#addSummary(r.summary);
          return;
        }
        // The worker failed (time limit, crash): store the file with its error from here.
        const entry = r.sha
          ? await library.completePending(r.sha, r.report).then((x) => x.entry, async () => (await library.addFile(f.name, await f.read(), r.report)).entry)
          : (await library.addFile(f.name, await f.read(), r.report)).entry;
        Object.assign(item, outcomeOf(r.report), { entryId: entry.id });
        this.#added(entry);
        return;
      }
      const report = await pool.ingest(f.name.split('/').pop() ?? f.name, source, {
        signal,
        // In memory: the worker has read and hashed the file; skip a duplicate, else keep the original.
        onHashed: async (h, bytes) => {
          sha = h;
          if (await library.has(h)) return false;
          await library.markPending(h, f.name, bytes, this.#presence?.id);
          return true;
        },
      });
      const { entry } = await library.completePending(sha!, report);
      Object.assign(item, outcomeOf(report), { entryId: entry.id });
      this.#added(entry);
    } catch (e) {
      if (e instanceof DuplicateError) {
        item.status = 'duplicate';
        item.message = '与库中已有文件相同，未重复导入';
        item.entryId = e.sha;
        return;
      }
      const full = isStorageFull(e);
      // Cancelled, or not stored for lack of space: the stored original is not kept waiting for a parse.
      if (sha && (full || e instanceof AbortError || signal.aborted)) void library.dropPending(sha).catch(() => undefined);
      if (full) {
        item.status = 'unsaved';
        item.message = UNSAVED_MESSAGE;
        this.#stopForFullStorage();
        return;
      }
      if (e instanceof AbortError || signal.aborted) {
        // Stopped because storage is full: this file was not stored, and the user did not cancel it.
        item.status = this.#live?.stopped ? 'unsaved' : 'cancelled';
        if (this.#live?.stopped) item.message = UNSAVED_MESSAGE;
        return;
      }
      item.status = 'error';
      item.message = `处理失败：${errorSentence(e)}`;
    } finally {
      this.#publish();
    }
  }

  cancel(): void {
    if (!this.#running) return;
    this.#live!.cancelled = true;
    this.#abort?.abort();
    this.#publish(true);
  }

  #added(e: Entry): void {
    if (this.#full.has(e.id)) this.#full.set(e.id, e);
    this.#addSummary(this.#deps.summarize(e));
  }

  #addSummary(s: EntrySummary): void {
    this.#fresh.set(s.id, s);
    this.#full.delete(s.id);
    this.#flushTimer ??= setTimeout(() => this.#flush(), 250);
  }

  /** New summaries reach the views in batches, not one re-render per file. */
  #flush(): void {
    if (this.#flushTimer) clearTimeout(this.#flushTimer);
    this.#flushTimer = null;
    if (!this.#fresh.size) return;
    const byId = new Map(this.summaries.map((s) => [s.id, s]));
    for (const [id, s] of this.#fresh) byId.set(id, s);
    this.#channel?.post([...this.#fresh.keys()]);
    this.#fresh.clear();
    this.summaries = sortSummaries([...byId.values()]);
    this.#repackSoon();
  }

  /**
   * The library changed: write its pack once it has been quiet for REPACK_AFTER_MS (not while a batch runs),
   * so that the next visit reads one record instead of thousands.
   */
  #repackSoon(): void {
    if (!this.#deps.repack || !this.storage.persistent) return;
    if (this.#repackTimer) clearTimeout(this.#repackTimer);
    this.#repackTimer = setTimeout(() => {
      this.#repackTimer = null;
      if (this.#running) this.#repackSoon();
      else void this.#deps.repack?.();
    }, REPACK_AFTER_MS);
  }

  #changed(e: Entry): void {
    this.#full.set(e.id, e);
    const s = this.#deps.summarize(e);
    this.summaries = this.summaries.map((x) => (x.id === e.id ? s : x));
    this.revision++;
    this.#channel?.post([e.id]);
    this.#repackSoon();
  }

  // ------------------------------------------------------------------------------------------------ entries

  /** The full entry (report with sources, checks, issues) for the report view. */
  async entry(id: string): Promise<Entry | undefined> {
    const hit = this.#full.get(id);
    if (hit) return hit;
    const e = await this.#library?.get(id);
    if (e) {
      this.#full.set(id, e);
      if (this.#full.size > 20) this.#full.delete(this.#full.keys().next().value!);
    }
    return e;
  }

  async remove(ids: readonly string[]): Promise<void> {
    const n = await this.#write(() => this.#library!.deleteMany(ids));
    this.#channel?.post(ids);
    const gone = new Set(ids);
    for (const id of ids) this.#full.delete(id);
    this.summaries = this.summaries.filter((s) => !gone.has(s.id));
    this.#repackSoon();
    this.notices.show('info', `已删除 ${n} 份报告`);
    void this.refreshUsage();
  }

  async correct(id: string, field: string, value: CellValue, note: string): Promise<void> {
    this.#changed(await this.#write(() => this.#library!.setCorrection(id, field, value, note)));
  }

  async clearCorrection(id: string, field: string): Promise<void> {
    this.#changed(await this.#write(() => this.#library!.clearCorrection(id, field)));
  }

  async mergeOffices(ids: readonly string[], name: string | null): Promise<void> {
    await this.#write(() => this.#library!.setOfficeOverride(ids, name));
    this.#channel?.post(ids);
    for (const id of ids) this.#full.delete(id);
    const set = new Set(ids);
    this.summaries = this.summaries.map((s) => (set.has(s.id) ? { ...s, officeOverride: name, office: name ?? s.parsedOffice } : s));
    this.revision++;
    this.#repackSoon();
    this.notices.show('success', name ? `已将 ${ids.length} 份报告的机关名称统一为“${name}”` : `已恢复 ${ids.length} 份报告解析出的机关名称`);
  }

  getBytes(id: string): Promise<Uint8Array | undefined> {
    return this.#library!.getBytes(id);
  }

  // ------------------------------------------------------------------------------------------ export, import

  /** Summaries of `ids` in that order, or the whole library. */
  #pick(ids?: readonly string[]): EntrySummary[] {
    if (!ids) return this.summaries;
    const byId = new Map(this.summaries.map((s) => [s.id, s]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** Wide or long CSV of the library (or of `ids`), written from the summaries: no report is loaded. */
  exportCsv(kind: 'wide' | 'long', headers: HeaderStyle, ids?: readonly string[]): string {
    const rows = this.#pick(ids).map(summarySource);
    return kind === 'wide' ? toWideCsv(rows, { headers }) : toLongCsv(rows, { headers });
  }

  /** The audit sheet or the library JSON: both need the full reports, read from the store. */
  async exportFull(kind: 'audit' | 'json', headers: HeaderStyle, ids?: readonly string[]): Promise<string> {
    const order = this.#pick(ids).map((s) => s.id);
    const got = ids ? await Promise.all(order.map((id) => this.#library!.get(id))) : await this.#library!.list();
    const byId = new Map(got.filter((e) => e !== undefined).map((e) => [e.id, e]));
    const entries = order.flatMap((id) => byId.get(id) ?? []);
    return kind === 'audit' ? toAuditCsv(entries, { headers }) : toLibraryJson(entries);
  }

  /** Library entries sharing a file or an office and year with `entries`: all an import plan looks at. */
  async #colliding(entries: readonly Entry[]): Promise<Entry[]> {
    this.#flush();
    const got = await Promise.all(collidingIds(this.summaries, entries).map((id) => this.#library!.get(id)));
    return got.filter((e) => e !== undefined);
  }

  /** Read an exported CSV or JSON and say what importing it would do. Nothing changes. */
  async checkImport(name: string, bytes: Uint8Array): Promise<ImportCheck> {
    const read = readExport(bytes, { now: new Date().toISOString(), fileName: name });
    if (!read.ok) return read;
    return { ok: true, read, preview: previewImport(await this.#colliding(read.entries), read) };
  }

  /** Import what `checkImport` read, every conflict settled by `choice`, in one transaction (all or nothing). */
  async applyImport(read: ReadFile, choice: ConflictChoice): Promise<boolean> {
    if (this.#running) {
      this.notices.show('warning', '正在处理一批文件，请等它完成或取消后再导入表格');
      return false;
    }
    const plan = planImport(await this.#colliding(read.entries), read, choice);
    try {
      await this.#write(() => this.#library!.importEntries(plan.add, plan.remove));
    } catch (e) {
      this.notices.show('error', `导入失败，报告库没有改变：${errorSentence(e)}`, { sticky: true });
      return false;
    }
    this.#channel?.post([...plan.remove, ...plan.add.map((e) => e.id)]);
    const added = await this.#library!.summariesOf(plan.add.map((e) => e.id));
    const gone = new Set([...plan.remove, ...added.map((s) => s.id)]);
    for (const id of gone) this.#full.delete(id);
    this.summaries = sortSummaries([...this.summaries.filter((s) => !gone.has(s.id)), ...added]);
    this.revision++;
    this.#repackSoon();
    this.notices.show('success', describePlan(plan));
    void this.refreshUsage();
    return true;
  }

  /** Parse again from the stored originals: after a parser upgrade, or on demand. */
  async reparseAll(ids: readonly string[] = this.summaries.filter((s) => s.hasOriginal).map((s) => s.id)): Promise<void> {
    const library = this.#library!;
    const names = new Map(this.summaries.map((s) => [s.id, s.file]));
    await this.#rerun(
      ids.map((id) => ({ id, name: names.get(id) ?? id })),
      (id, report) => library.replaceReport(id, report),
      '重新解析',
    );
  }

  /**
   * Read an encrypted PDF again with its password. The report already stored (with the "needs a password" error)
   * is replaced; a wrong password leaves it as it was and says so.
   */
  async openWithPassword(id: string, password: string): Promise<boolean> {
    const library = this.#library!;
    const bytes = await library.getBytes(id);
    const s = this.summaries.find((x) => x.id === id);
    if (!bytes || !s) return false;
    const pool = await this.#pool$();
    const report = await pool.ingest(s.file.split('/').pop() ?? s.file, bytes, { password });
    if (report.issues.some((i) => i.code === 'pdf.password_wrong' || i.code === 'pdf.password')) {
      this.notices.show('warning', `“${s.file}”的密码不正确`);
      return false;
    }
    const entry = await library.replaceReport(id, report);
    this.#changed(entry);
    const item = this.#live?.items.find((i) => i.entryId === id);
    if (item) {
      Object.assign(item, outcomeOf(report));
      this.#publish(true);
    }
    this.notices.show('success', `已用密码打开“${s.file}”`);
    return true;
  }

  /** Files stored before a tab was closed but never parsed (those of `ids`, else all of them). */
  async resumePending(ids?: readonly string[]): Promise<void> {
    const library = this.#library!;
    const want = ids && new Set(ids);
    const jobs = (await this.#orphans()).filter((p) => !want || want.has(p.id));
    if (!jobs.length) {
      this.notices.show('info', '没有需要继续处理的文件：它们已处理完（可能是在另一个标签页中）。');
      return;
    }
    await this.#rerun(jobs, async (id, report) => (await library.completePending(id, report)).entry, '继续处理');
  }

  async #rerun(
    jobs: readonly { id: string; name: string }[],
    save: (id: string, r: Report) => Promise<Entry>,
    what: string,
  ): Promise<void> {
    if (!jobs.length || this.#running) return;
    const library = this.#library!;
    const pool = await this.#pool$();
    const abort = (this.#abort = new AbortController());
    const batch = this.#startBatch(jobs.map((j) => j.name));
    let next = 0;
    const work = async () => {
      while (next < jobs.length && !abort.signal.aborted) {
        const i = next++;
        const item = batch.items[i];
        const { id, name } = jobs[i];
        try {
          item.status = 'parsing';
          const bytes = await library.getBytes(id);
          if (!bytes) throw new Error('原始文件不在库中（例如从表格导入的报告），无法重新解析');
          const report = await pool.ingest(name.split('/').pop() ?? name, bytes, { signal: abort.signal });
          const entry = await save(id, report);
          Object.assign(item, outcomeOf(report), { entryId: entry.id });
          this.#full.delete(id);
          this.#added(entry);
        } catch (e) {
          if (isStorageFull(e)) {
            item.status = 'unsaved';
            item.message = UNSAVED_MESSAGE;
            this.#stopForFullStorage();
          } else if (e instanceof AbortError || abort.signal.aborted) {
            item.status = batch.stopped ? 'unsaved' : 'cancelled';
            item.message = batch.stopped ? UNSAVED_MESSAGE : '';
          } else {
            item.status = 'error';
            item.message = errorSentence(e);
          }
        }
        batch.done++;
        this.#publish();
      }
    };
    await Promise.all(Array.from({ length: Math.min(pool.size * 2, jobs.length) }, work));
    const b = this.#finishBatch();
    this.revision++;
    const done = b.items.filter((x) => x.status === 'done').length;
    if (b.stopped)
      this.notices.show('warning', `${what}因存储空间已满而停止：${done} 份已完成，${b.items.filter((x) => x.status === 'unsaved').length} 份未保存`, { sticky: true });
    else this.notices.show('success', `${what}完成：${done} 份`);
  }
}

function sortSummaries(ss: EntrySummary[]): EntrySummary[] {
  return ss.sort((a, b) => (a.addedAt < b.addedAt ? 1 : a.addedAt > b.addedAt ? -1 : a.id < b.id ? -1 : 1));
}

/**
 * The app's orchestration: files in → hash → store the original → parse in the worker pool → store the result →
 * the library the views show. Holds the batch's progress, handles cancel, resumes interrupted batches, re-parses
 * stored originals after a parser upgrade, and applies the user's corrections and office merges. Components only
 * read its state and call its methods.
 */
import type { CellValue } from '../form/model.ts';
import { fromDataTransfer, fromFileList, type Intake, type IntakeFile } from '../ingest/intake.ts';
import type { IngestPool } from '../ingest/pool.ts';
import { AbortError } from '../ingest/types.ts';
import type { Entry } from '../model/entry.ts';
import { PARSER_VERSION } from '../parse/parse-report.ts';
import type { Report } from '../parse/types.ts';
import type { Library, OpenedLibrary } from './library-api.ts';
import { Notices } from './notices.svelte.ts';

export type FileStatus = 'queued' | 'reading' | 'parsing' | 'done' | 'duplicate' | 'error' | 'cancelled';

export interface BatchItem {
  name: string;
  status: FileStatus;
  /** One line for the user: the first error, or what was read. */
  message: string;
  entryId?: string;
}

export interface Batch {
  items: BatchItem[];
  total: number;
  done: number;
  startedAt: number;
  finishedAt: number | null;
  cancelled: boolean;
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as BufferSource);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

function summary(r: Report): { status: FileStatus; message: string } {
  const err = r.issues.find((i) => i.severity === 'error' && (i.code.startsWith('file.') || i.code.startsWith('pdf.') || i.code.startsWith('docx.') || i.code === 'table.not_found' || i.code === 'text.no_chinese'));
  if (err) return { status: 'error', message: err.message };
  const who = [r.office ?? '（机关未识别）', r.year ? `${r.year} 年` : '（年度未识别）'].join(' ');
  const failed = r.checks.filter((c) => c.ok === false).length;
  return { status: 'done', message: failed ? `${who}，${failed} 项勾稽关系不符` : who };
}

export class Session {
  /** Every report in the library, newest first. */
  entries: Entry[] = $state.raw([]);
  batch: Batch | null = $state(null);
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
  readonly #openLibrary: () => Promise<OpenedLibrary>;
  readonly #makePool: () => Promise<IngestPool>;
  #flushTimer: ReturnType<typeof setTimeout> | null = null;
  #fresh = new Map<string, Entry>();

  constructor(deps: { openLibrary: () => Promise<OpenedLibrary>; makePool: () => Promise<IngestPool> }) {
    this.#openLibrary = deps.openLibrary;
    this.#makePool = deps.makePool;
  }

  get busy(): boolean {
    return !!this.batch && this.batch.finishedAt === null;
  }

  async init(): Promise<void> {
    const opened = await this.#openLibrary();
    this.#library = opened.library;
    this.storage.persistent = opened.persistent;
    this.storage.reason = opened.reason;
    if (!opened.persistent)
      this.notices.show('warning', `存储：${opened.reason ?? '浏览器不允许保存数据'}。本次导入的报告只保存在当前页面，关闭后不会保留。`, {
        sticky: true,
      });
    this.entries = sortEntries(await this.#library.list());
    this.ready = true;
    void this.refreshUsage();
    const pending = await this.#library.listPending();
    if (pending.length)
      this.notices.show('warning', `上次有 ${pending.length} 个文件已保存但未处理完（页面被关闭）。`, {
        action: { label: '继续处理', run: () => void this.resumePending() },
      });
    const stale = this.entries.filter((e) => e.report.meta.parser !== PARSER_VERSION).length;
    if (stale)
      this.notices.show('info', `有 ${stale} 份报告由旧版解析程序读取，可用新版重新解析。`, {
        action: { label: '重新解析', run: () => void this.reparseAll() },
      });
  }

  async refreshUsage(): Promise<void> {
    const u = await this.#library?.usage();
    if (u) {
      this.storage.usage = u.usage;
      this.storage.quota = u.quota;
    }
  }

  async #pool$(): Promise<IngestPool> {
    this.#pool ??= await this.#makePool();
    return this.#pool;
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
    if (this.busy) {
      this.notices.show('warning', '正在处理上一批文件，请等它完成或取消后再导入');
      return;
    }
    const library = this.#library!;
    const pool = await this.#pool$();
    const abort = (this.#abort = new AbortController());
    const batch: Batch = {
      items: files.map((f) => ({ name: f.name, status: 'queued', message: '' })),
      total: files.length,
      done: 0,
      startedAt: Date.now(),
      finishedAt: null,
      cancelled: false,
    };
    this.batch = batch;
    if (this.storage.persistent) void library.requestPersistence();
    // Read, hash and store a little ahead of the pool, never the whole batch at once.
    const limit = pool.size * 2;
    let next = 0;
    const work = async () => {
      while (next < files.length && !abort.signal.aborted) {
        const i = next++;
        await this.#one(files[i], i, library, pool, abort.signal);
        this.batch!.done++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(limit, files.length) }, work));
    for (const it of this.batch!.items) if (it.status === 'queued' || it.status === 'reading' || it.status === 'parsing') it.status = 'cancelled';
    this.batch!.finishedAt = Date.now();
    this.#flush();
    void this.refreshUsage();
    const b = this.batch!;
    const n = (s: FileStatus) => b.items.filter((x) => x.status === s).length;
    const parts = [`${n('done')} 份已读取`];
    if (n('duplicate')) parts.push(`${n('duplicate')} 份重复`);
    if (n('error')) parts.push(`${n('error')} 份无法读取`);
    if (n('cancelled')) parts.push(`${n('cancelled')} 份已取消`);
    this.notices.show(n('error') ? 'warning' : 'success', `导入完成：${parts.join('，')}`);
  }

  async #one(f: IntakeFile, i: number, library: Library, pool: IngestPool, signal: AbortSignal): Promise<void> {
    const item = this.batch!.items[i];
    try {
      item.status = 'reading';
      const bytes = await f.read();
      const id = await sha256Hex(bytes);
      if (await library.has(id)) {
        item.status = 'duplicate';
        item.message = '与库中已有文件相同，未重复导入';
        item.entryId = id;
        return;
      }
      await library.markPending(id, f.name, bytes);
      item.status = 'parsing';
      const report = await pool.ingest(f.name.split('/').pop() ?? f.name, bytes, { signal });
      const { entry } = await library.addFile(f.name, bytes, report);
      const s = summary(report);
      item.status = s.status;
      item.message = s.message;
      item.entryId = entry.id;
      this.#fresh.set(entry.id, entry);
      this.#scheduleFlush();
    } catch (e) {
      if (e instanceof AbortError || signal.aborted) {
        item.status = 'cancelled';
        return;
      }
      item.status = 'error';
      const full = (e as Error)?.name === 'StorageFullError';
      item.message = full ? '存储空间已满，此文件未保存；已保存的报告不受影响' : `处理失败：${(e as Error)?.message ?? e}`;
      if (full) {
        this.notices.show('error', '存储空间已满：请删除一些报告或释放磁盘空间后再导入。已保存的报告不受影响。');
        this.#abort?.abort();
      }
    }
  }

  cancel(): void {
    if (!this.busy) return;
    this.batch!.cancelled = true;
    this.#abort?.abort();
  }

  #scheduleFlush(): void {
    this.#flushTimer ??= setTimeout(() => this.#flush(), 250);
  }

  /** New entries reach the views in batches, not one re-render per file. */
  #flush(): void {
    if (this.#flushTimer) clearTimeout(this.#flushTimer);
    this.#flushTimer = null;
    if (!this.#fresh.size) return;
    const byId = new Map(this.entries.map((e) => [e.id, e]));
    for (const [id, e] of this.#fresh) byId.set(id, e);
    this.#fresh.clear();
    this.entries = sortEntries([...byId.values()]);
  }

  #replace(entry: Entry): void {
    this.entries = this.entries.map((e) => (e.id === entry.id ? entry : e));
  }

  async remove(ids: readonly string[]): Promise<void> {
    for (const id of ids) await this.#library!.delete(id);
    const gone = new Set(ids);
    this.entries = this.entries.filter((e) => !gone.has(e.id));
    this.notices.show('info', `已删除 ${ids.length} 份报告`);
    void this.refreshUsage();
  }

  async correct(id: string, field: string, value: CellValue, note: string): Promise<void> {
    this.#replace(await this.#library!.setCorrection(id, field, value, note));
  }

  async clearCorrection(id: string, field: string): Promise<void> {
    this.#replace(await this.#library!.clearCorrection(id, field));
  }

  async mergeOffices(ids: readonly string[], name: string | null): Promise<void> {
    await this.#library!.setOfficeOverride(ids, name);
    const set = new Set(ids);
    this.entries = this.entries.map((e) => (set.has(e.id) ? { ...e, officeOverride: name } : e));
    this.notices.show('success', name ? `已将 ${ids.length} 份报告的机关名称统一为“${name}”` : `已恢复 ${ids.length} 份报告解析出的机关名称`);
  }

  getBytes(id: string): Promise<Uint8Array | undefined> {
    return this.#library!.getBytes(id);
  }

  /** Parse again from the stored originals: after a parser upgrade, or on demand. */
  async reparseAll(ids: readonly string[] = this.entries.map((e) => e.id)): Promise<void> {
    if (this.busy) return;
    const library = this.#library!;
    const byId = new Map(this.entries.map((e) => [e.id, e]));
    const files: IntakeFile[] = ids.map((id) => ({
      name: byId.get(id)?.file ?? id,
      size: 0,
      read: async () => (await library.getBytes(id)) ?? new Uint8Array(),
    }));
    await this.#rerun(files, async (f, report) => {
      const id = await sha256Hex(await f.read());
      return library.replaceReport(id, report);
    }, '重新解析');
  }

  /** Files stored before a tab was closed but never parsed. */
  async resumePending(): Promise<void> {
    const library = this.#library!;
    const pending = await library.listPending();
    const files: IntakeFile[] = pending.map((p) => ({ name: p.name, size: 0, read: async () => (await library.getBytes(p.id)) ?? new Uint8Array() }));
    await this.#rerun(files, async (f, report) => (await library.addFile(f.name, await f.read(), report)).entry, '继续处理');
  }

  async #rerun(files: IntakeFile[], save: (f: IntakeFile, r: Report) => Promise<Entry>, what: string): Promise<void> {
    if (!files.length) return;
    const pool = await this.#pool$();
    const abort = (this.#abort = new AbortController());
    this.batch = {
      items: files.map((f) => ({ name: f.name, status: 'queued', message: '' })),
      total: files.length,
      done: 0,
      startedAt: Date.now(),
      finishedAt: null,
      cancelled: false,
    };
    let next = 0;
    const work = async () => {
      while (next < files.length && !abort.signal.aborted) {
        const i = next++;
        const item = this.batch!.items[i];
        try {
          item.status = 'parsing';
          const bytes = await files[i].read();
          const report = await pool.ingest(files[i].name.split('/').pop() ?? files[i].name, bytes, { signal: abort.signal });
          const entry = await save(files[i], report);
          Object.assign(item, summary(report), { entryId: entry.id });
          this.#fresh.set(entry.id, entry);
          this.#scheduleFlush();
        } catch (e) {
          item.status = e instanceof AbortError ? 'cancelled' : 'error';
          item.message = e instanceof AbortError ? '' : String((e as Error)?.message ?? e);
        }
        this.batch!.done++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(pool.size * 2, files.length) }, work));
    for (const it of this.batch!.items) if (it.status === 'queued' || it.status === 'parsing') it.status = 'cancelled';
    this.batch!.finishedAt = Date.now();
    this.#flush();
    this.notices.show('success', `${what}完成：${this.batch!.items.filter((x) => x.status === 'done').length} 份`);
  }
}

function sortEntries(es: Entry[]): Entry[] {
  return es.sort((a, b) => (a.addedAt < b.addedAt ? 1 : a.addedAt > b.addedAt ? -1 : 0));
}

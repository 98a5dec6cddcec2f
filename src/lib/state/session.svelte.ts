/**
 * The app's orchestration: files in → hash → store the original → parse in the worker pool → store the result →
 * the library the views show. Holds the batch's progress, handles cancel, resumes interrupted batches, re-parses
 * stored originals after a parser upgrade, and applies the user's corrections and office merges. Components only
 * read its state and call its methods.
 */
import type { CellValue } from '../form/model.ts';
import { fromDataTransfer, fromFileList, type Intake, type IntakeFile } from '../ingest/intake.ts';
import { DuplicateError, type IngestPool } from '../ingest/pool.ts';
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
  readonly #openLibrary: () => Promise<OpenedLibrary>;
  readonly #makePool: () => Promise<IngestPool>;
  #flushTimer: ReturnType<typeof setTimeout> | null = null;
  #fresh = new Map<string, Entry>();
  #live: Batch | null = null;
  #publishTimer: ReturnType<typeof setTimeout> | null = null;

  #startBatch(names: readonly string[]): Batch {
    this.#live = {
      items: names.map((name) => ({ name, status: 'queued', message: '' })),
      total: names.length,
      done: 0,
      startedAt: Date.now(),
      finishedAt: null,
      cancelled: false,
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

  #finishBatch(): void {
    const b = this.#live!;
    for (const it of b.items) if (it.status === 'queued' || it.status === 'reading' || it.status === 'parsing') it.status = 'cancelled';
    b.finishedAt = Date.now();
    this.#flush();
    this.#publish(true);
  }

  constructor(deps: { openLibrary: () => Promise<OpenedLibrary>; makePool: () => Promise<IngestPool> }) {
    this.#openLibrary = deps.openLibrary;
    this.#makePool = deps.makePool;
  }

  get busy(): boolean {
    return !!this.batch && this.batch.finishedAt === null;
  }

  /** Whether a batch is running right now (not the published snapshot). */
  get #running(): boolean {
    return !!this.#live && this.#live.finishedAt === null;
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
    if (this.#running) {
      this.notices.show('warning', '正在处理上一批文件，请等它完成或取消后再导入');
      return;
    }
    const library = this.#library!;
    const pool = await this.#pool$();
    const abort = (this.#abort = new AbortController());
    const batch = this.#startBatch(files.map((f) => f.name));
    if (this.storage.persistent) void library.requestPersistence();
    // Read, hash and store a little ahead of the pool, never the whole batch at once.
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
    this.#finishBatch();
    void this.refreshUsage();
    const n = (s: FileStatus) => batch.items.filter((x) => x.status === s).length;
    const parts = [`${n('done')} 份已读取`];
    if (n('duplicate')) parts.push(`${n('duplicate')} 份重复`);
    if (n('error')) parts.push(`${n('error')} 份无法读取`);
    if (n('cancelled')) parts.push(`${n('cancelled')} 份已取消`);
    this.notices.show(n('error') ? 'warning' : 'success', `导入完成：${parts.join('，')}`);
  }

  async #one(f: IntakeFile, item: BatchItem, library: Library, pool: IngestPool, signal: AbortSignal): Promise<void> {
    try {
      item.status = 'parsing';
      this.#publish();
      let bytes: Uint8Array | null = null;
      const report = await pool.ingest(f.name.split('/').pop() ?? f.name, f.blob ?? (await f.read()), {
        signal,
        // The worker read and hashed the file: skip a duplicate, else store the original before the parse ends,
        // so a tab closed now still has it.
        onHashed: async (sha, b) => {
          bytes = b;
          item.entryId = sha;
          if (await library.has(sha)) return false;
          await library.markPending(sha, f.name, b);
          return true;
        },
      });
      const { entry } = await library.addFile(f.name, bytes!, report);
      const s = summary(report);
      item.status = s.status;
      item.message = s.message;
      item.entryId = entry.id;
      this.#fresh.set(entry.id, entry);
      this.#scheduleFlush();
    } catch (e) {
      if (e instanceof DuplicateError) {
        item.status = 'duplicate';
        item.message = '与库中已有文件相同，未重复导入';
        return;
      }
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
    const library = this.#library!;
    const names = new Map(this.entries.map((e) => [e.id, e.file]));
    await this.#rerun(
      ids.map((id) => ({ id, name: names.get(id) ?? id })),
      (id, _name, _bytes, report) => library.replaceReport(id, report),
      '重新解析',
    );
  }

  /** Files stored before a tab was closed but never parsed. */
  async resumePending(): Promise<void> {
    const library = this.#library!;
    await this.#rerun(
      await library.listPending(),
      async (_id, name, bytes, report) => (await library.addFile(name, bytes, report)).entry,
      '继续处理',
    );
  }

  async #rerun(
    jobs: readonly { id: string; name: string }[],
    save: (id: string, name: string, bytes: Uint8Array, r: Report) => Promise<Entry>,
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
          if (!bytes) throw new Error('原始文件不在库中');
          const report = await pool.ingest(name.split('/').pop() ?? name, bytes, { signal: abort.signal });
          const entry = await save(id, name, bytes, report);
          Object.assign(item, summary(report), { entryId: entry.id });
          this.#fresh.set(entry.id, entry);
          this.#scheduleFlush();
        } catch (e) {
          item.status = e instanceof AbortError ? 'cancelled' : 'error';
          item.message = e instanceof AbortError ? '' : String((e as Error)?.message ?? e);
        }
        batch.done++;
        this.#publish();
      }
    };
    await Promise.all(Array.from({ length: Math.min(pool.size * 2, jobs.length) }, work));
    this.#finishBatch();
    this.notices.show('success', `${what}完成：${batch.items.filter((x) => x.status === 'done').length} 份`);
  }
}

function sortEntries(es: Entry[]): Entry[] {
  return es.sort((a, b) => (a.addedAt < b.addedAt ? 1 : a.addedAt > b.addedAt ? -1 : 0));
}

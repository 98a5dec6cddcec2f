/**
 * The one bridge that owns the ingestion workers: a small pool sized to the machine, a FIFO queue, cancellation
 * by AbortSignal, a hard time limit per file (a stuck worker is terminated and replaced, and the file gets its
 * own error), idle shutdown, and errors rebuilt after the hop. Browser only.
 */
import type { Report } from '../parse/types.ts';
import { failedReport } from './ingest.ts';
import type { AssetUrls, FromWorker, ToWorker, WireError } from './protocol.ts';
import { AbortError, FILE_TIME_LIMIT_MS, issue } from './types.ts';

export interface PoolOptions {
  size?: number;
  /** Per-file limit inside the worker; the pool terminates a worker that overruns it by `grace` ms. */
  timeLimit?: number;
  grace?: number;
  idleMs?: number;
  nowYear?: number;
  /** Workers record extraction and parse times in each report (benchmarks). */
  timings?: boolean;
  /** Creates a worker (tests pass their own). */
  create?: () => Worker;
}

/** The file is already in the library: its parse was stopped. */
export class DuplicateError extends Error {
  override name = 'DuplicateError';
  constructor(readonly sha: string) {
    super('duplicate');
  }
}

export interface IngestJobOptions {
  signal?: AbortSignal | null;
  password?: string;
  /**
   * Called with the file's SHA-256 and bytes as soon as the worker has read them, before parsing ends; return
   * false to stop (a duplicate). The result is delivered only after this has settled.
   */
  onHashed?: (sha: string, bytes: Uint8Array) => Promise<boolean>;
}

interface Job {
  id: number;
  name: string;
  source: Uint8Array | Blob;
  password?: string;
  onHashed?: IngestJobOptions['onHashed'];
  hashed?: Promise<boolean>;
  signal?: AbortSignal | null;
  resolve: (r: Report) => void;
  reject: (e: Error) => void;
  onAbort?: () => void;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  job: Job | null;
  timer: ReturnType<typeof setTimeout> | null;
}

export function defaultPoolSize(): number {
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;
  return Math.max(1, Math.min(4, cores));
}

export function rebuildError(e: WireError): Error {
  if (e.name === 'AbortError') return new AbortError(e.message);
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}

export class IngestPool {
  readonly size: number;
  readonly #opts: Required<Omit<PoolOptions, 'create' | 'size'>> & { create: () => Worker };
  readonly #assets: AssetUrls;
  readonly #slots: Slot[] = [];
  readonly #queue: Job[] = [];
  #nextId = 1;
  #idleTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(assets: AssetUrls, opts: PoolOptions = {}) {
    this.#assets = assets;
    this.size = opts.size ?? defaultPoolSize();
    this.#opts = {
      timeLimit: opts.timeLimit ?? FILE_TIME_LIMIT_MS,
      grace: opts.grace ?? 5000,
      idleMs: opts.idleMs ?? 60_000,
      nowYear: opts.nowYear ?? new Date().getFullYear(),
      timings: opts.timings ?? false,
      create: opts.create ?? (() => new Worker(new URL('./extract.worker.ts', import.meta.url), { type: 'module' })),
    };
  }

  /**
   * Read one file (bytes, or a File the worker reads itself); resolves with its Report (bad files included),
   * rejects only with AbortError or DuplicateError.
   */
  ingest(name: string, source: Uint8Array | Blob, opts: IngestJobOptions = {}): Promise<Report> {
    if (opts.signal?.aborted) return Promise.reject(new AbortError());
    return new Promise<Report>((resolve, reject) => {
      const job: Job = { id: this.#nextId++, name, source, password: opts.password, onHashed: opts.onHashed, signal: opts.signal, resolve, reject };
      if (opts.signal) {
        job.onAbort = () => this.#abort(job);
        opts.signal.addEventListener('abort', job.onAbort);
      }
      this.#queue.push(job);
      this.#pump();
    });
  }

  /** Unpack a .zip in a worker of its own (a large archive would block the page). */
  unzip(bytes: Uint8Array): Promise<Record<string, Uint8Array>> {
    return new Promise((resolve, reject) => {
      const w = this.#opts.create();
      w.onmessage = (ev: MessageEvent<FromWorker>) => {
        const m = ev.data;
        if (m.type === 'unzipped') resolve(m.files);
        else if (m.type === 'error') reject(rebuildError(m.error));
        else return;
        w.terminate();
      };
      w.onerror = () => {
        w.terminate();
        reject(new Error('unzip worker failed'));
      };
      const msg: ToWorker = { type: 'unzip', id: 0, bytes };
      w.postMessage(msg);
    });
  }

  /** Jobs waiting plus running. */
  get pending(): number {
    return this.#queue.length + this.#slots.filter((s) => s.job).length;
  }

  terminate(): void {
    for (const s of this.#slots) s.worker.terminate();
    this.#slots.length = 0;
    for (const j of this.#queue.splice(0)) j.reject(new AbortError());
  }

  #spawn(): Slot {
    const worker = this.#opts.create();
    let readyResolve!: () => void;
    const slot: Slot = { worker, ready: new Promise<void>((r) => (readyResolve = r)), job: null, timer: null };
    worker.onmessage = (ev: MessageEvent<FromWorker>) => {
      const m = ev.data;
      if (m.type === 'ready') return readyResolve();
      if (m.type === 'unzipped') return;
      const job = slot.job;
      if (!job || job.id !== m.id) return; // a stale answer for a job already settled
      if (m.type === 'hashed') {
        job.hashed = (job.onHashed?.(m.sha, m.bytes) ?? Promise.resolve(true)).then(
          (go) => {
            if (!go) {
              this.#cancelRunning(slot, job);
              job.reject(new DuplicateError(m.sha));
            }
            return go;
          },
          (e: unknown) => {
            this.#cancelRunning(slot, job);
            job.reject(e instanceof Error ? e : new Error(String(e)));
            return false;
          },
        );
        return;
      }
      this.#settle(slot);
      this.#pump();
      void (job.hashed ?? Promise.resolve(true)).then((go) => {
        if (!go) return;
        if (m.type === 'result') job.resolve(m.report);
        else {
          const err = rebuildError(m.error);
          if (err instanceof AbortError) job.reject(err);
          else job.resolve(failedReport(job.name, [issue('error', 'file.failed', `处理失败：${err.message}`)]));
        }
      });
    };
    worker.onerror = (ev) => {
      ev.preventDefault?.();
      this.#replace(slot, 'file.crashed', '处理此文件时读取程序崩溃');
    };
    const init: ToWorker = { type: 'init', assets: this.#assets, nowYear: this.#opts.nowYear, timings: this.#opts.timings };
    worker.postMessage(init);
    this.#slots.push(slot);
    return slot;
  }

  #settle(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    const job = slot.job;
    if (job?.onAbort) job.signal?.removeEventListener('abort', job.onAbort);
    slot.job = null;
  }

  /** Terminate a worker that hung or crashed; its file gets an error, the others go on. */
  #replace(slot: Slot, code: string, message: string): void {
    const job = slot.job;
    this.#settle(slot);
    slot.worker.terminate();
    this.#slots.splice(this.#slots.indexOf(slot), 1);
    if (job) job.resolve(failedReport(job.name, [issue('error', code, message)]));
    this.#pump();
  }

  /** Stop a job whose file turned out to be a duplicate (or could not be stored): free its worker. */
  #cancelRunning(slot: Slot, job: Job): void {
    if (slot.job !== job) return;
    const cancel: ToWorker = { type: 'cancel', id: job.id };
    slot.worker.postMessage(cancel);
    this.#settle(slot);
    this.#pump();
  }

  #abort(job: Job): void {
    const q = this.#queue.indexOf(job);
    if (q >= 0) {
      this.#queue.splice(q, 1);
      job.reject(new AbortError());
      return;
    }
    const slot = this.#slots.find((s) => s.job === job);
    if (!slot) return;
    const cancel: ToWorker = { type: 'cancel', id: job.id };
    slot.worker.postMessage(cancel);
    // A worker stuck inside pdf.js does not see the message: give it a moment, then end it.
    setTimeout(() => {
      if (slot.job === job) {
        this.#settle(slot);
        slot.worker.terminate();
        this.#slots.splice(this.#slots.indexOf(slot), 1);
        job.reject(new AbortError());
        this.#pump();
      }
    }, 1500);
  }

  #pump(): void {
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = null;
    while (this.#queue.length) {
      let slot = this.#slots.find((s) => !s.job);
      if (!slot) {
        if (this.#slots.length >= this.size) break;
        slot = this.#spawn();
      }
      const job = this.#queue.shift()!;
      slot.job = job;
      const s = slot;
      s.timer = setTimeout(
        () => this.#replace(s, 'file.timeout', `处理超时（超过 ${Math.round(this.#opts.timeLimit / 1000)} 秒），已停止读取此文件`),
        this.#opts.timeLimit + this.#opts.grace,
      );
      void s.ready.then(() => {
        if (s.job !== job) return;
        const msg: ToWorker = {
          type: 'ingest',
          id: job.id,
          name: job.name,
          source: job.source,
          password: job.password,
          timeLimit: this.#opts.timeLimit,
          hash: !!job.onHashed,
        };
        // Bytes are copied (structured clone), so the caller keeps its buffer; a File crosses as a handle.
        s.worker.postMessage(msg);
      });
    }
    if (this.pending === 0 && this.#slots.length)
      this.#idleTimer = setTimeout(() => {
        for (const s of this.#slots) s.worker.terminate();
        this.#slots.length = 0;
      }, this.#opts.idleMs);
  }
}

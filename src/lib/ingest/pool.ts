/**
 * The one bridge that owns the ingestion workers: a small pool sized to the machine, a FIFO queue, cancellation
 * by AbortSignal, a hard time limit per file (a stuck worker is terminated and replaced, and the file gets its
 * own error), idle shutdown, and errors rebuilt after the hop. Two kinds of job: `ingest` returns the Report to
 * the page; `store` has the worker store the original and the result in IndexedDB itself and returns only the
 * library summary (the page then never clones a report). Browser only.
 */
import type { Report } from '../parse/types.ts';
import type { EntrySummary } from '../store/summary.ts';
import { failedReport } from './ingest.ts';
import type { Outcome } from './outcome.ts';
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
  /** Workers may store into the IndexedDB library themselves (`store` jobs). */
  store?: boolean;
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

/** What a `store` job gives back. */
export type Stored =
  | { kind: 'stored'; sha: string; summary: EntrySummary; outcome: Outcome }
  | { kind: 'duplicate'; sha: string }
  /** The worker failed (time limit, crash): the page stores this report itself, under `sha` when known. */
  | { kind: 'failed'; sha: string | null; report: Report };

interface Job {
  id: number;
  name: string;
  source: Uint8Array | Blob;
  password?: string;
  signal?: AbortSignal | null;
  onAbort?: () => void;
  /** `store` jobs: the file name the entry is stored under, and the tab storing it. */
  storeAs?: string;
  owner?: string;
  onHashed?: IngestJobOptions['onHashed'];
  hashed?: Promise<boolean>;
  sha?: string;
  /** The job ended without an answer from its worker (time limit, crash, error). */
  fail: (report: Report) => void;
  done: (m: Extract<FromWorker, { type: 'result' | 'stored' }>) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  /** The job being read and parsed (one at a time, under the time limit). */
  job: Job | null;
  timer: ReturnType<typeof setTimeout> | null;
  /** `store` jobs whose parse is over and whose result the worker is committing, by id. */
  committing: Map<number, Job>;
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

/** Errors that must reach the page as errors, not as a file's issue (the library could not store). */
const STORE_ERRORS = new Set(['StorageFullError', 'StoreClosedError', 'StoreError']);

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
      store: opts.store ?? false,
      create: opts.create ?? (() => new Worker(new URL('./extract.worker.ts', import.meta.url), { type: 'module' })),
    };
  }

  /** Workers store into IndexedDB themselves: use `store` jobs. */
  get stores(): boolean {
    return this.#opts.store;
  }

  /**
   * Read one file (bytes, or a File the worker reads itself); resolves with its Report (bad files included),
   * rejects only with AbortError or DuplicateError.
   */
  ingest(name: string, source: Uint8Array | Blob, opts: IngestJobOptions = {}): Promise<Report> {
    return new Promise<Report>((resolve, reject) => {
      this.#enqueue({ name, source, password: opts.password, signal: opts.signal, onHashed: opts.onHashed, fail: resolve, reject, done: (m) => {
        if (m.type === 'result') resolve(m.report);
      } });
    });
  }

  /** Read, parse and store one file in the worker (pool created with `store: true`). */
  store(name: string, source: Uint8Array | Blob, opts: { signal?: AbortSignal | null; owner?: string } = {}): Promise<Stored> {
    return new Promise<Stored>((resolve, reject) => {
      const job = this.#enqueue({
        name,
        source,
        storeAs: name,
        owner: opts.owner,
        signal: opts.signal,
        reject,
        fail: (report) => resolve({ kind: 'failed', sha: job.sha ?? null, report }),
        done: (m) => {
          if (m.type !== 'stored') return;
          if (m.duplicate || !m.summary || !m.outcome) resolve({ kind: 'duplicate', sha: m.sha });
          else resolve({ kind: 'stored', sha: m.sha, summary: m.summary, outcome: m.outcome });
        },
      });
    });
  }

  #enqueue(j: Omit<Job, 'id'>): Job {
    const job: Job = { ...j, id: this.#nextId++ };
    if (job.signal?.aborted) {
      job.reject(new AbortError());
      return job;
    }
    if (job.signal) {
      job.onAbort = () => this.#abort(job);
      job.signal.addEventListener('abort', job.onAbort);
    }
    this.#queue.push(job);
    this.#pump();
    return job;
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

  /** Jobs waiting, running, and committing their results. */
  get pending(): number {
    return this.#queue.length + this.#slots.reduce((n, s) => n + (s.job ? 1 : 0) + s.committing.size, 0);
  }

  terminate(): void {
    for (const s of this.#slots) {
      s.worker.terminate();
      for (const j of s.committing.values()) j.reject(new AbortError());
    }
    this.#slots.length = 0;
    for (const j of this.#queue.splice(0)) j.reject(new AbortError());
  }

  #spawn(): Slot {
    const worker = this.#opts.create();
    let readyResolve!: () => void;
    const slot: Slot = { worker, ready: new Promise<void>((r) => (readyResolve = r)), job: null, timer: null, committing: new Map() };
    worker.onmessage = (ev: MessageEvent<FromWorker>) => this.#message(slot, ev.data, readyResolve);
    worker.onerror = (ev) => {
      ev.preventDefault?.();
      this.#replace(slot, 'file.crashed', '处理此文件时读取程序崩溃');
    };
    const init: ToWorker = { type: 'init', assets: this.#assets, nowYear: this.#opts.nowYear, timings: this.#opts.timings, store: this.#opts.store };
    worker.postMessage(init);
    this.#slots.push(slot);
    return slot;
  }

  #message(slot: Slot, m: FromWorker, ready: () => void): void {
    if (m.type === 'ready') return ready();
    if (m.type === 'unzipped') return;
    const committed = slot.committing.get(m.id);
    if (committed) {
      // The answer of a job that already gave its worker to the next one.
      slot.committing.delete(m.id);
      if (m.type === 'error' || m.type === 'stored') this.#answer(committed, m);
      this.#pump();
      return;
    }
    const job = slot.job;
    if (!job || job.id !== m.id) return; // a stale answer for a job already settled
    if (m.type === 'parsed') {
      // Parsed and the original stored: the time limit no longer applies, the worker can start on the next file.
      this.#settle(slot);
      slot.committing.set(job.id, job);
      this.#pump();
      return;
    }
    if (m.type === 'hashed') {
      job.sha = m.sha;
      if (!job.onHashed || !m.bytes) return;
      job.hashed = job.onHashed(m.sha, m.bytes).then(
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
      if (go) this.#answer(job, m);
    });
  }

  /** A job's last answer: its result, or its error (cancellation and storage errors reach the caller as such). */
  #answer(job: Job, m: Extract<FromWorker, { type: 'error' | 'result' | 'stored' }>): void {
    if (m.type !== 'error') return job.done(m);
    const err = rebuildError(m.error);
    if (err instanceof AbortError || STORE_ERRORS.has(err.name)) job.reject(err);
    else job.fail(failedReport(job.name, [issue('error', 'file.failed', `处理失败：${err.message}`)]));
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
    if (job) job.fail(failedReport(job.name, [issue('error', code, message)]));
    // Files whose results were being committed: their originals are stored (pending), the page stores the error.
    for (const j of slot.committing.values()) j.fail(failedReport(j.name, [issue('error', code, message)]));
    slot.committing.clear();
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
        // Results this worker was still committing may be lost with it: those files count as cancelled too.
        for (const j of slot.committing.values()) j.reject(new AbortError());
        slot.committing.clear();
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
          ...(job.storeAs !== undefined ? { storeAs: job.storeAs } : {}),
          ...(job.owner !== undefined ? { owner: job.owner } : {}),
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

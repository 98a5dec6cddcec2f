/**
 * The worker threads of a batch: one per job, each reading one file at a time. The pool hands out files in input
 * order, asks the caller whether to read each file once its SHA-256 is known (resume, duplicates), and enforces the
 * per-file time limit: a worker that overruns it by `grace` ms is terminated and replaced, and its file gets a
 * `file.timeout` object; a worker that dies gets `file.crashed`. Either way the batch goes on.
 *
 * Workers start from batch-boot.mjs (plain JavaScript), which loads pdf.js outside tsx, puts back the built-ins
 * pdf.js's polyfills replace, then registers tsx and imports batch.worker.ts.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { failedReport } from '../../src/lib/ingest/ingest.ts';
import { issue } from '../../src/lib/ingest/types.ts';
import type { BatchWorkerData, FromBatchWorker, ToBatchWorker, WireFormat } from './batch-protocol.ts';
import { serialise, withBatchMeta } from './batch-read.ts';

export interface BatchPoolOptions {
  size: number;
  format: WireFormat;
  /** Per-file limit in ms. */
  timeLimit: number;
  /** Extra time before a worker that overran the limit is terminated, in ms. */
  grace: number;
  stats?: boolean;
  /** Load pdf.js when a worker starts (fast, see batch-boot.mjs); without it a PDF still works, loaded slowly through tsx. */
  preloadPdfjs: boolean;
}

/** What became of one input: its text (a report, possibly a timeout or crash object) or a skip. */
export type Outcome = { index: number; text: string } | { index: number; skipped: true };

export interface WorkerStats {
  /** Highest V8 heap (total + external) sampled in the worker, bytes. */
  peakHeapBytes: number;
  /** Share of the worker's life its event loop was busy (1 = it never waited). */
  utilization: number;
  files: number;
  /** From creating the worker to its first message (tsx, modules, pdf.js loaded), ms. */
  startMs: number;
}

interface Job {
  id: number;
  index: number;
  file: string;
  sha256?: string;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job: Job | null;
  timer: ReturnType<typeof setTimeout> | null;
  stats: WorkerStats;
  /** Set once the worker is being ended on purpose. */
  ending: boolean;
  created: number;
}

const BOOT = new URL('./batch-boot.mjs', import.meta.url);
const ENTRY = new URL('./batch.worker.ts', import.meta.url).href;

export class BatchPool {
  readonly #opts: BatchPoolOptions;
  readonly #slots: Slot[] = [];
  readonly #retired: WorkerStats[] = [];
  #queue: { index: number; file: string }[] = [];
  #nextId = 1;
  #left = 0;
  #wanted: (index: number, key: string) => boolean = () => true;
  #onOutcome: (o: Outcome) => void = () => {};
  #finish: (() => void) | null = null;
  #fail: ((e: Error) => void) | null = null;

  constructor(opts: BatchPoolOptions) {
    this.#opts = opts;
  }

  /**
   * Reads every file; `wanted(index, key)` decides once the key is known (the SHA-256, or `path:<file>` for a file
   * that cannot be read). Resolves when every input has its outcome. Rejects only if workers cannot start at all.
   */
  run(files: readonly string[], wanted: (index: number, key: string) => boolean, onOutcome: (o: Outcome) => void): Promise<void> {
    this.#queue = files.map((file, index) => ({ index, file }));
    this.#left = files.length;
    this.#wanted = wanted;
    this.#onOutcome = onOutcome;
    return new Promise<void>((resolve, reject) => {
      this.#finish = resolve;
      this.#fail = reject;
      if (this.#left === 0) return resolve();
      const n = Math.min(this.#opts.size, files.length);
      while (this.#slots.length < n) this.#spawn();
    });
  }

  /** Stats of every worker that ran (ended ones included). */
  stats(): WorkerStats[] {
    return [...this.#retired, ...this.#slots.map((s) => this.#snapshot(s))];
  }

  async close(): Promise<void> {
    const slots = this.#slots.splice(0);
    for (const s of slots) {
      this.#retired.push(this.#snapshot(s));
      s.ending = true;
    }
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  #snapshot(s: Slot): WorkerStats {
    return { ...s.stats, utilization: s.worker.performance.eventLoopUtilization().utilization };
  }

  #spawn(): void {
    const data: BatchWorkerData = {
      format: this.#opts.format,
      timeLimit: this.#opts.timeLimit,
      stats: !!this.#opts.stats,
      preloadPdfjs: this.#opts.preloadPdfjs,
      entry: ENTRY,
    };
    const worker = new Worker(BOOT, { execArgv: [], workerData: data });
    const slot: Slot = { worker, ready: false, job: null, timer: null, stats: { peakHeapBytes: 0, utilization: 0, files: 0, startMs: 0 }, ending: false, created: performance.now() };
    this.#slots.push(slot);
    worker.on('message', (m: FromBatchWorker) => this.#message(slot, m));
    worker.on('error', (e) => this.#died(slot, e));
    worker.on('exit', (code) => this.#died(slot, new Error(`worker exited with code ${code}`)));
  }

  #message(slot: Slot, m: FromBatchWorker): void {
    if (m.type === 'ready') {
      slot.ready = true;
      slot.stats.startMs = Math.round(performance.now() - slot.created);
      return this.#next(slot);
    }
    if (m.type === 'stats') {
      slot.stats.peakHeapBytes = Math.max(slot.stats.peakHeapBytes, m.peakHeapBytes);
      return;
    }
    const job = slot.job;
    if (!job || job.id !== m.id) return;
    if (m.type === 'hash') {
      job.sha256 = m.sha256;
      const go = this.#wanted(job.index, m.sha256 ?? `path:${job.file}`);
      this.#post(slot, { type: go ? 'go' : 'skip', id: job.id });
      if (!go) this.#done(slot, { index: job.index, skipped: true });
      return;
    }
    slot.stats.files++;
    this.#done(slot, { index: job.index, text: m.text });
  }

  #post(slot: Slot, m: ToBatchWorker): void {
    slot.worker.postMessage(m);
  }

  #next(slot: Slot): void {
    const q = this.#queue.shift();
    if (!q) return;
    const job: Job = { id: this.#nextId++, ...q };
    slot.job = job;
    // The clock starts when the file reaches a ready worker, so a slow start-up is not counted against a file.
    slot.timer = setTimeout(() => {
      const secs = Math.round(this.#opts.timeLimit / 1000);
      this.#replace(slot, 'file.timeout', `处理超时（超过 ${secs} 秒），已停止读取此文件`);
    }, this.#opts.timeLimit + this.#opts.grace);
    this.#post(slot, { type: 'read', id: job.id, path: job.file });
  }

  #done(slot: Slot, o: Outcome): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
    this.#emit(o);
    if (this.#left > 0) this.#next(slot);
  }

  #emit(o: Outcome): void {
    this.#onOutcome(o);
    if (--this.#left === 0) this.#finish?.();
  }

  /** End a worker (stuck or dead): its file gets an error object, a new worker takes over the queue. */
  #replace(slot: Slot, code: string, message: string): void {
    const job = slot.job;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
    slot.ending = true;
    this.#retired.push(this.#snapshot(slot));
    this.#slots.splice(this.#slots.indexOf(slot), 1);
    void slot.worker.terminate();
    if (job) {
      const r = withBatchMeta(failedReport(path.basename(job.file), [issue('error', code, message)]), job.file, job.sha256);
      this.#emit({ index: job.index, text: serialise(r, this.#opts.format) });
    }
    if (this.#queue.length > 0) this.#spawn();
  }

  #died(slot: Slot, e: Error): void {
    if (slot.ending) return;
    if (!slot.ready) {
      // A worker that never started will not start on a second try either (tsx or a module failed to load).
      slot.ending = true;
      for (const s of this.#slots) s.ending = true;
      void Promise.all(this.#slots.map((s) => s.worker.terminate()));
      this.#fail?.(new Error(`batch worker failed to start: ${e.message}`));
      return;
    }
    const oom = (e as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
    this.#replace(slot, 'file.crashed', oom ? '处理此文件时读取程序内存不足，已停止读取此文件' : '处理此文件时读取程序崩溃');
  }
}

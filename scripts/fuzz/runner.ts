/**
 * Runs fuzz cases (cases.ts) in worker threads, the way the command line's batch pool runs files: each worker
 * reads one case at a time under a per-file time limit; a worker that overruns it by `grace` ms is terminated
 * (the case is a *timeout*) and replaced; a worker that dies (an exception escaping the event loop, or its heap
 * limit reached) is a *crash* and replaced. Anything thrown out of ingestion, or a result that breaks the Report
 * contract, is a crash as well. Memory: the process's RSS is sampled throughout, and every worker's heap is
 * measured after a garbage collection once warmed up and again at the end (what the cases left behind).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { caseAt, type FuzzCase } from './cases.ts';
import type { FromFuzzWorker, FuzzWorkerData, ToFuzzWorker } from './protocol.ts';

export interface FuzzOptions {
  /** Number of cases (the special cases first, then random mutations). */
  cases: number;
  seed: number;
  /** Worker threads. @default min(2, cores) */
  jobs?: number;
  /** Per-file limit given to ingestion, ms. @default 20000 */
  timeLimit?: number;
  /** Extra time before a worker that overran the limit is terminated, ms. @default 5000 */
  grace?: number;
  /** Heap limit of each worker (old generation), MB; beyond it the worker dies and the case is a crash. @default 2048 */
  heapLimitMb?: number;
  /** Module under test (exports `ingest`). @default ./target.ts */
  target?: string;
  /** Only these case indices (reproduce a failure). */
  only?: readonly number[];
  /** Load pdf.js when a worker starts. @default true */
  preloadPdfjs?: boolean;
  /** Makes case `index` (tests give their own). @default cases.ts caseAt(index, seed) */
  make?: (index: number) => FuzzCase;
  onProgress?: (done: number, total: number) => void;
}

export type Outcome = 'ok' | 'crash' | 'timeout';

export interface CaseResult {
  index: number;
  name: string;
  label: string;
  size: number;
  ms: number;
  outcome: Outcome;
  error?: string;
  /** Error issue codes of the report. */
  codes: string[];
  /** Warning and info issue codes. */
  notes?: string[];
  office?: string | null;
  year?: number | null;
  pages?: number;
}

export interface FuzzSummary {
  seed: number;
  ran: number;
  crashed: number;
  timedOut: number;
  /** Cases whose reading stopped at the per-file limit by itself (a `pdf.timeout` issue), not terminated. */
  stoppedAtLimit: number;
  wallMs: number;
  results: CaseResult[];
  memory: {
    rssStartMB: number;
    rssPeakMB: number;
    rssEndMB: number;
    /** Per worker that lived to the end: heap after GC once warmed up (first 20 cases) and at the end, MB. */
    heapAfterWarmupMB: number[];
    heapAtEndMB: number[];
    /** Largest heap in use right after one case (before collection), MB. */
    heapPeakMB: number;
  };
}

/** The batch CLI's worker start (pdf.js loaded outside tsx, built-ins put back), with the fuzz worker as entry. */
const BOOT = new URL('../lib/batch-boot.mjs', import.meta.url);
const ENTRY = new URL('./fuzz.worker.ts', import.meta.url).href;
const TARGET = new URL('./target.ts', import.meta.url).href;
const MB = 1_048_576;
const WARMUP = 20;

interface Slot {
  worker: Worker;
  job: { c: FuzzCase; started: number } | null;
  timer: ReturnType<typeof setTimeout> | null;
  ending: boolean;
  cases: number;
  warmHeap: number | null;
  heapWaiter: ((n: number) => void) | null;
  ready: Promise<void>;
  /** Index of the last case this worker finished. */
  last: number | null;
}

export async function runFuzz(opts: FuzzOptions): Promise<FuzzSummary> {
  const timeLimit = opts.timeLimit ?? 20_000;
  const grace = opts.grace ?? 5_000;
  const jobs = Math.max(1, opts.jobs ?? Math.min(2, availableParallelism()));
  const indices = opts.only ? [...opts.only] : Array.from({ length: opts.cases }, (_, i) => i);
  const results: CaseResult[] = [];
  const data: FuzzWorkerData = { target: opts.target ?? TARGET, timeLimit, nowYear: 2026, preloadPdfjs: opts.preloadPdfjs ?? true, entry: ENTRY };
  let rssPeak = process.memoryUsage.rss();
  const rssStart = rssPeak;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage.rss())), 25);
  let heapPeak = 0;
  const t0 = performance.now();
  let next = 0;
  const slots: Slot[] = [];

  await new Promise<void>((resolveAll, rejectAll) => {
    const finishIfDone = () => {
      if (results.length === indices.length) resolveAll();
    };
    const record = (c: FuzzCase, r: Omit<CaseResult, 'index' | 'name' | 'label' | 'size'>) => {
      results.push({ index: c.index, name: c.name, label: c.label, size: c.bytes.length, ...r });
      opts.onProgress?.(results.length, indices.length);
    };
    const dispatch = (slot: Slot) => {
      if (next >= indices.length) return finishIfDone();
      const c = (opts.make ?? ((i: number) => caseAt(i, opts.seed)))(indices[next++]);
      slot.job = { c, started: performance.now() };
      slot.timer = setTimeout(() => {
        record(c, { ms: performance.now() - slot.job!.started, outcome: 'timeout', codes: [] });
        replace(slot);
      }, timeLimit + grace);
      const bytes = c.bytes.slice(); // the worker gets its own copy (transferred); the case keeps its size
      const msg: ToFuzzWorker = { type: 'run', index: c.index, name: c.name, bytes };
      slot.worker.postMessage(msg, [bytes.buffer]);
    };
    const replace = (slot: Slot) => {
      if (slot.timer) clearTimeout(slot.timer);
      slot.ending = true;
      slots.splice(slots.indexOf(slot), 1);
      void slot.worker.terminate();
      if (next < indices.length) spawn();
      else finishIfDone();
    };
    const spawn = () => {
      let readyResolve!: () => void;
      const worker = new Worker(BOOT, { workerData: data, execArgv: [], resourceLimits: { maxOldGenerationSizeMb: opts.heapLimitMb ?? 2048 } });
      const slot: Slot = { worker, job: null, timer: null, ending: false, cases: 0, warmHeap: null, heapWaiter: null, last: null, ready: new Promise((r) => (readyResolve = r)) };
      slots.push(slot);
      worker.on('message', (m: FromFuzzWorker) => {
        if (slot.ending) return; // a late answer from a worker already ended (its case is settled)
        if (m.type === 'ready') {
          readyResolve();
          return dispatch(slot);
        }
        if (m.type === 'heap') {
          slot.heapWaiter?.(m.heapUsed);
          slot.heapWaiter = null;
          return;
        }
        const job = slot.job;
        if (!job || job.c.index !== m.index) return;
        if (slot.timer) clearTimeout(slot.timer);
        slot.job = null;
        slot.cases++;
        slot.last = job.c.index;
        heapPeak = Math.max(heapPeak, m.heapUsed);
        record(job.c, { ms: m.ms, outcome: m.error ? 'crash' : 'ok', error: m.error, codes: m.codes, notes: m.notes, office: m.office, year: m.year, pages: m.pages });
        if (slot.cases === WARMUP && slot.warmHeap === null)
          // Baseline once pdf.js, the parser and their caches are warm.
          void heapOf(slot).then((h) => {
            slot.warmHeap = h;
            dispatch(slot);
          });
        else dispatch(slot);
      });
      const died = (e: Error) => {
        if (slot.ending) return;
        const job = slot.job;
        if (!job && slot.cases === 0) {
          for (const s of slots) void s.worker.terminate();
          rejectAll(new Error(`fuzz worker failed to start: ${e.message}`));
          return;
        }
        const oom = (e as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
        const why = oom ? 'worker out of memory' : `worker died: ${e.message}`;
        if (job) {
          // A death can come from the case before (a promise it left behind): name both.
          const before = slot.last === null ? '' : ` (the case before in this worker: #${slot.last})`;
          record(job.c, { ms: performance.now() - job.started, outcome: 'crash', error: why + before, codes: [] });
        } else if (slot.last !== null) {
          // Died between cases: the last case it read left something behind.
          const r = results.find((x) => x.index === slot.last);
          if (r) Object.assign(r, { outcome: 'crash', error: `${why} (after this case was read)` });
        }
        replace(slot);
      };
      worker.on('error', died);
      worker.on('exit', (code) => died(new Error(`exit code ${code}`)));
    };
    for (let i = 0; i < Math.min(jobs, indices.length); i++) spawn();
    if (indices.length === 0) resolveAll();
  });

  const heapAtEnd: number[] = [];
  const heapAfterWarmup: number[] = [];
  for (const s of slots) {
    await s.ready;
    heapAtEnd.push((await heapOf(s)) / MB);
    if (s.warmHeap !== null) heapAfterWarmup.push(s.warmHeap / MB);
  }
  clearInterval(sampler);
  const wallMs = performance.now() - t0;
  for (const s of slots.splice(0)) {
    s.ending = true;
    await s.worker.terminate();
  }
  results.sort((a, b) => a.index - b.index);
  return {
    seed: opts.seed,
    ran: results.length,
    crashed: results.filter((r) => r.outcome === 'crash').length,
    timedOut: results.filter((r) => r.outcome === 'timeout').length,
    stoppedAtLimit: results.filter((r) => r.codes.includes('pdf.timeout')).length,
    wallMs,
    results,
    memory: {
      rssStartMB: rssStart / MB,
      rssPeakMB: rssPeak / MB,
      rssEndMB: process.memoryUsage.rss() / MB,
      heapAfterWarmupMB: heapAfterWarmup,
      heapAtEndMB: heapAtEnd,
      heapPeakMB: heapPeak / MB,
    },
  };
}

function heapOf(slot: Slot): Promise<number> {
  return new Promise((resolve) => {
    slot.heapWaiter = resolve;
    const msg: ToFuzzWorker = { type: 'gc' };
    slot.worker.postMessage(msg);
  });
}

/** The summary as the lines `npm run fuzz` prints. */
export function formatSummary(s: FuzzSummary, opts: { timeLimit: number }): string {
  const ok = s.results.filter((r) => r.outcome === 'ok');
  const ms = ok.map((r) => r.ms).sort((a, b) => a - b);
  const q = (p: number) => (ms.length ? ms[Math.min(ms.length - 1, Math.floor(p * ms.length))] : 0);
  const f1 = (x: number) => x.toFixed(1);
  const m = s.memory;
  const lines = [
    `fuzz: seed ${s.seed}, ${s.ran} cases ran, ${s.crashed} crashed, ${s.timedOut} timed out (limit ${opts.timeLimit / 1000} s per file), ` +
      `${s.stoppedAtLimit} stopped reading at the limit by themselves; ${f1(s.wallMs / 1000)} s`,
    `time per case: median ${f1(q(0.5))} ms, p99 ${f1(q(0.99))} ms, max ${f1(ms[ms.length - 1] ?? 0)} ms`,
    `memory: RSS ${Math.round(m.rssStartMB)} MB at start, peak ${Math.round(m.rssPeakMB)} MB, ${Math.round(m.rssEndMB)} MB at end; ` +
      `worker heap after GC ${m.heapAfterWarmupMB.map(f1).join(' / ') || '–'} MB once warm → ${m.heapAtEndMB.map(f1).join(' / ') || '–'} MB at end; ` +
      `largest heap after one case ${Math.round(m.heapPeakMB)} MB`,
  ];
  const slow = [...ok].sort((a, b) => b.ms - a.ms).slice(0, 5);
  lines.push('slowest: ' + slow.map((r) => `#${r.index} ${r.label} (${(r.size / 1024).toFixed(0)} kB) ${f1(r.ms)} ms`).join('; '));
  for (const r of s.results.filter((x) => x.outcome !== 'ok'))
    lines.push(`${r.outcome.toUpperCase()} #${r.index} ${r.name} [${r.label}] after ${f1(r.ms)} ms${r.error ? `: ${r.error}` : ''}`);
  return lines.join('\n');
}

/**
 * A batch run of `parse`: the files go through the worker pool and out in the chosen shape. The JSON array and the
 * CSV keep input order; JSON lines are written as each report finishes (in completion order when jobs > 1). With
 * JSON lines into a file the run resumes: inputs whose SHA-256 is already in the file are skipped, and so is a second
 * input with the same bytes, so the file holds one object per distinct input however often it was interrupted.
 */
import { performance } from 'node:perf_hooks';
import type { Report } from '../../src/lib/parse/types.ts';
import { BatchPool, type Outcome } from './batch-pool.ts';
import { ArrayWriter, Progress, fileSink, stdoutSink, type Sink } from './batch-output.ts';
import type { WireFormat } from './batch-protocol.ts';
import { prepareResume } from './batch-resume.ts';
import { csvOutput } from './csv-output.ts';
import { threadCpu } from './proc-cpu.ts';

export interface BatchOptions {
  files: readonly string[];
  output: 'array' | 'jsonl' | 'csv' | 'csv-long';
  /** CSV headers as Chinese labels. */
  labels: boolean;
  jobs: number;
  /** Output file; null for stdout. */
  out: string | null;
  /** Per-file limit in ms. */
  timeLimit: number;
  /** Print figures for the benchmark on stderr at the end (one `batch-stats {…}` line). */
  stats?: boolean;
}

/** How long a worker may overrun the per-file limit before it is terminated (the app's pool allows the same). */
const graceFor = (timeLimit: number) => Math.min(5000, timeLimit);

export async function runBatch(o: BatchOptions): Promise<void> {
  const t0 = performance.now();
  const elu0 = performance.eventLoopUtilization();
  const baselineRss = process.memoryUsage().rss;
  const format: WireFormat = o.output === 'array' ? 'array' : o.output === 'jsonl' ? 'jsonl' : 'json';
  const resume = o.output === 'jsonl' && o.out !== null;

  let done = new Set<string>();
  if (resume) {
    const st = await prepareResume(o.out!);
    done = st.done;
    if (st.truncated) process.stderr.write(`输出文件最后一行不完整（上次运行被中断），已删去这 ${st.truncated} 字节，该文件将重新读取\n`);
    if (st.badLines) process.stderr.write(`输出文件中有 ${st.badLines} 行不是解析结果，已保留但不计入\n`);
    if (st.objects) process.stderr.write(`续跑：输出文件中已有 ${st.objects} 份结果，这些文件将跳过\n`);
  }

  const sink: Sink = o.out ? fileSink(o.out, resume) : stdoutSink();
  const array = format === 'array' ? new ArrayWriter(sink) : null;
  const collected: string[] = [];
  const progress = new Progress(o.files.length, process.stderr);
  const claimed = new Set<string>();
  let skipped = 0;

  const wanted = (_index: number, key: string): boolean => {
    if (!resume) return true;
    if (done.has(key) || claimed.has(key)) return false;
    claimed.add(key);
    return true;
  };
  const onOutcome = (r: Outcome): void => {
    if ('skipped' in r) skipped++;
    else if (array) array.put(r.index, r.text);
    else if (format === 'jsonl') sink.write(r.text);
    else collected[r.index] = r.text;
    progress.tick('skipped' in r);
  };

  // Any input that may be a PDF (PDFs are recognised by content, so anything but a known other extension).
  const preloadPdfjs = o.files.some((f) => !/\.(txt|html?|docx|doc|wps)$/i.test(f));
  let threads: number[] = [];
  const pool = new BatchPool({ size: o.jobs, format, timeLimit: o.timeLimit, grace: graceFor(o.timeLimit), stats: o.stats, preloadPdfjs });
  try {
    await pool.run(o.files, wanted, onOutcome);
    if (o.stats)
      threads = threadCpu()
        .map((t) => t.seconds)
        .filter((x) => x > 0.05)
        .sort((a, b) => b - a);
  } finally {
    await pool.close();
    progress.end();
  }

  if (array) array.end();
  if (format === 'json') {
    const reports = collected.map((t) => JSON.parse(t) as Report);
    sink.write(await csvOutput(o.files, reports, o.output === 'csv' ? 'wide' : 'long', o.labels ? 'labels' : 'ids'));
  }
  sink.close();
  if (resume && skipped) process.stderr.write(`跳过 ${skipped} 个已有结果（或内容相同）的文件，新写入 ${o.files.length - skipped} 份\n`);

  if (o.stats) {
    const workers = pool.stats();
    const stats = {
      jobs: o.jobs,
      files: o.files.length,
      wallMs: Math.round(performance.now() - t0),
      baselineRssMB: +(baselineRss / 2 ** 20).toFixed(1),
      peakRssMB: +(process.resourceUsage().maxRSS / 1024).toFixed(1),
      /** CPU time of the whole process (all threads), seconds. */
      cpuS: +((process.cpuUsage().user + process.cpuUsage().system) / 1e6).toFixed(2),
      /** CPU seconds of each thread still alive at the end (workers, V8's helper threads, main), highest first. */
      threads,
      mainUtilization: +performance.eventLoopUtilization(elu0).utilization.toFixed(3),
      workers: workers.map((w) => ({
        files: w.files,
        startMs: w.startMs,
        peakHeapMB: +(w.peakHeapBytes / 2 ** 20).toFixed(1),
        utilization: +w.utilization.toFixed(3),
      })),
    };
    process.stderr.write(`batch-stats ${JSON.stringify(stats)}\n`);
  }
}

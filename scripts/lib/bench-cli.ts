/**
 * `npm run bench -- cli`: the batch command line over 200 distinct PDFs (copies of the rendered fixtures and the
 * real Huai'an report, each made distinct by a PDF comment line appended after %%EOF), run as a user runs it, with
 * `--jobs 1`, `--jobs 2`, and as two separate `--jobs 1` processes on half the files each (what the machine allows
 * without any pool): reports per second, CPU time per thread, speed-up, memory, the same output from every run,
 * and what that means for 100,000 reports on 16 cores.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';

interface RunStats {
  jobs: number;
  files: number;
  wallMs: number;
  cpuS: number;
  threads: number[];
  baselineRssMB: number;
  peakRssMB: number;
  mainUtilization: number;
  workers: { files: number; startMs: number; peakHeapMB: number; utilization: number }[];
}

export function makeBatch(root: string, n: number): string {
  const src = path.join(root, 'tests', 'fixtures', 'pdf');
  const pdfs = readdirSync(src)
    .filter((f) => (f.startsWith('gen_') || f === 'huaian_2024.pdf') && f.endsWith('.pdf'))
    .sort();
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-cli-'));
  for (let i = 0; i < n; i++) {
    const f = pdfs[i % pdfs.length];
    const to = path.join(dir, `${String(i).padStart(3, '0')}_${f}`);
    copyFileSync(path.join(src, f), to);
    appendFileSync(to, `\n% copy ${i}\n`);
  }
  return dir;
}

function runCli(root: string, args: string[], input?: string): Promise<{ wallMs: number; stats: RunStats }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'parse.ts'), ...args], {
      cwd: root,
      env: { ...process.env, NIANBAO_BATCH_STATS: '1' },
      stdio: [input === undefined ? 'ignore' : 'pipe', 'ignore', 'pipe'],
    });
    if (input !== undefined) p.stdin!.end(input);
    let stderr = '';
    p.stderr!.on('data', (d) => (stderr += d));
    p.on('error', reject);
    p.on('close', (code) => {
      const wallMs = performance.now() - t0;
      const line = stderr.split('\n').find((l) => l.startsWith('batch-stats '));
      if (code !== 0 || !line) return reject(new Error(`parse exited with ${code}: ${stderr}`));
      resolve({ wallMs, stats: JSON.parse(line.slice('batch-stats '.length)) as RunStats });
    });
  });
}

type Kind = 'jobs 1' | 'jobs 2' | '2 × jobs 1';

interface Run {
  kind: Kind;
  wallMs: number;
  stats: RunStats[];
  outs: string[];
  load: number;
}

/** One configuration: a single process, or (`2 × jobs 1`) two separate single-worker processes on half the files each. */
async function runKind(root: string, kind: Kind, dir: string, outDir: string, k: number): Promise<Run> {
  const load = loadavg()[0];
  if (kind !== '2 × jobs 1') {
    const out = path.join(outDir, `run${k}.jsonl`);
    const r = await runCli(root, ['--jsonl', '--jobs', kind === 'jobs 1' ? '1' : '2', '--out', out, dir]);
    return { kind, wallMs: r.wallMs, stats: [r.stats], outs: [out], load };
  }
  const files = readdirSync(dir).sort().map((f) => path.join(dir, f));
  const halves = [files.filter((_, i) => i % 2 === 0), files.filter((_, i) => i % 2 === 1)];
  const t0 = performance.now();
  const outs = halves.map((_, h) => path.join(outDir, `run${k}-${h}.jsonl`));
  const rs = await Promise.all(halves.map((list, h) => runCli(root, ['--stdin', '--jsonl', '--jobs', '1', '--out', outs[h]], list.join('\n') + '\n')));
  return { kind, wallMs: performance.now() - t0, stats: rs.map((r) => r.stats), outs, load };
}

/** Each output line by its input path (`meta.path`). */
const byPath = (files: string[]) =>
  new Map(
    files
      .flatMap((f) => readFileSync(f, 'utf8').split('\n'))
      .filter(Boolean)
      .map((l) => [(JSON.parse(l) as { meta: { path: string } }).meta.path, l] as const),
  );

/** Which top-level keys (and meta keys) of two JSON objects differ. */
function keysThatDiffer(x: string | undefined, y: string | undefined): string {
  if (!x || !y) return x ? 'missing' : 'extra';
  const [p, q] = [JSON.parse(x), JSON.parse(y)] as Record<string, Record<string, unknown>>[];
  const top = Object.keys(p).filter((k) => JSON.stringify(p[k]) !== JSON.stringify(q[k]));
  const meta = Object.keys({ ...p.meta, ...q.meta }).filter((k) => JSON.stringify(p.meta[k]) !== JSON.stringify(q.meta[k]));
  return [...top.filter((k) => k !== 'meta'), ...meta.map((k) => `meta.${k}`)].join(', ');
}

export async function benchCli(root: string): Promise<void> {
  const N = 200;
  const dir = makeBatch(root, N);
  const outDir = mkdtempSync(path.join(tmpdir(), 'bench-cli-out-'));
  try {
    // ABCCBA order, so that a slow drift of the machine's load falls on every configuration alike.
    const order: Kind[] = ['jobs 1', 'jobs 2', '2 × jobs 1', '2 × jobs 1', 'jobs 2', 'jobs 1'];
    const runs: Run[] = [];
    for (const [k, kind] of order.entries()) runs.push(await runKind(root, kind, dir, outDir, k));

    console.log(`\n## cli (\`parse --jsonl --out\` on ${N} distinct PDFs, ${availableParallelism()} cores, Node ${process.version})\n`);
    console.log(
      '| run | wall s (whole command) | reports/s | CPU s (all threads) | CPU s per report | CPU s by thread (top 6) | peak RSS MB | ' +
        'RSS over start-up MB per worker | peak V8 heap MB per worker | worker start-up ms | worker busy | load avg at start |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
    for (const r of runs) {
      const workers = r.stats.flatMap((s) => s.workers);
      const cpu = r.stats.reduce((a, s) => a + s.cpuS, 0);
      const perWorker = r.stats.map((s) => ((s.peakRssMB - s.baselineRssMB) / s.workers.length).toFixed(0)).join(' / ');
      console.log(
        `| ${r.kind} | ${(r.wallMs / 1000).toFixed(1)} | ${((N / r.wallMs) * 1000).toFixed(2)} | ${cpu.toFixed(1)} | ${(cpu / N).toFixed(3)} | ` +
          `${r.stats.map((s) => s.threads.slice(0, 6).map((t) => t.toFixed(1)).join(' ')).join(' ; ')} | ` +
          `${r.stats.map((s) => s.peakRssMB.toFixed(0)).join(' / ')} | ${perWorker} | ${workers.map((w) => w.peakHeapMB.toFixed(0)).join(' / ')} | ` +
          `${workers.map((w) => w.startMs).join(' / ')} | ${workers.map((w) => `${(w.utilization * 100).toFixed(0)}%`).join(' / ')} | ${r.load.toFixed(2)} |`,
      );
    }
    const best = (kind: Kind) => Math.min(...runs.filter((r) => r.kind === kind).map((r) => r.wallMs));
    const outs = runs.map((r) => byPath(r.outs));
    const differ = [...new Set(outs.flatMap((o) => [...o.keys()]))].filter((p) => outs.some((o) => o.get(p) !== outs[0].get(p)));
    console.log(
      `\nspeed-up over the best jobs-1 run: jobs 2 ${(best('jobs 1') / best('jobs 2')).toFixed(2)}×, ` +
        `two separate jobs-1 processes ${(best('jobs 1') / best('2 × jobs 1')).toFixed(2)}×; ` +
        `${outs[0].size} objects per run; same output from all runs: ${differ.length ? 'NO' : 'yes'}`,
    );
    // A jobs-1 run already keeps more than one core busy (V8's compiler and GC threads beside the worker), so no
    // number of workers can beat cores ÷ that: the ceiling any --jobs has on this machine.
    const one = runs.filter((r) => r.kind === 'jobs 1').sort((a, b) => a.wallMs - b.wallMs)[0];
    const coresUsed = one.stats[0].cpuS / (one.wallMs / 1000);
    const cores = availableParallelism();
    console.log(
      `ceiling on this machine: a jobs-1 run keeps ${coresUsed.toFixed(2)} cores busy, so ${cores} cores allow at most ` +
        `${(cores / coresUsed).toFixed(2)}× over it, whatever the pool`,
    );
    for (const p of differ.slice(0, 10))
      console.log(`  differs: ${path.basename(p)}: ${outs.map((o) => keysThatDiffer(outs[0].get(p), o.get(p)) || '=').join(' | ')}`);
    // Two workers on two cores already contend (memory, caches): their CPU time per report is the one to scale.
    const two = runs.filter((r) => r.kind === 'jobs 2');
    const cpuPerReport = Math.min(...two.map((r) => r.stats[0].cpuS)) / N;
    const t16 = (100_000 * cpuPerReport) / 16;
    console.log(
      `100,000 reports on 16 such cores, all busy, at the CPU time per report of the best jobs-2 run ` +
        `(${cpuPerReport.toFixed(3)} s, all threads, this mix of 3–20-page PDFs): ${(t16 / 60).toFixed(0)} min`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(outDir, { recursive: true, force: true });
  }
}

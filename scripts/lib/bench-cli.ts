/**
 * `npm run bench -- cli`: the batch command line over 200 distinct PDFs (copies of the rendered fixtures and the
 * real Huai'an report, each made distinct by a PDF comment line appended after %%EOF), run as a user runs it, with
 * `--jobs 1` and `--jobs 2`: reports per second, speed-up, memory, the same output from both, and what that means
 * for 100,000 reports on 16 cores.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, appendFileSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';

interface RunStats {
  jobs: number;
  files: number;
  wallMs: number;
  cpuS: number;
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

function runCli(root: string, args: string[]): Promise<{ wallMs: number; stats: RunStats; stderr: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'parse.ts'), ...args], {
      cwd: root,
      env: { ...process.env, NIANBAO_BATCH_STATS: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    p.stderr.on('data', (d) => (stderr += d));
    p.on('error', reject);
    p.on('close', (code) => {
      const wallMs = performance.now() - t0;
      const line = stderr.split('\n').find((l) => l.startsWith('batch-stats '));
      if (code !== 0 || !line) return reject(new Error(`parse exited with ${code}: ${stderr}`));
      resolve({ wallMs, stats: JSON.parse(line.slice('batch-stats '.length)) as RunStats, stderr });
    });
  });
}

/** Each output line by its input path (`meta.path`). */
const byPath = (file: string) =>
  new Map(
    readFileSync(file, 'utf8')
      .split('\n')
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
    // ABBA order, so that a slow drift of the machine's load falls on both sides alike.
    const runs: { jobs: number; wallMs: number; stats: RunStats; out: string; load: number }[] = [];
    for (const [k, jobs] of [1, 2, 2, 1].entries()) {
      const out = path.join(outDir, `run${k}-jobs${jobs}.jsonl`);
      const load = loadavg()[0];
      const r = await runCli(root, ['--jsonl', '--jobs', String(jobs), '--out', out, dir]);
      runs.push({ jobs, ...r, out, load });
    }
    console.log(`\n## cli (\`parse --jsonl --out\` on ${N} distinct PDFs, ${availableParallelism()} cores, Node ${process.version})\n`);
    console.log(
      '| jobs | wall s (whole command) | reports/s | CPU s (all threads) | CPU s per report | peak RSS MB (process) | ' +
        'RSS over start-up MB per worker | peak V8 heap MB per worker | worker busy | main thread busy | load avg at start |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|---|---|');
    for (const r of runs) {
      const s = r.stats;
      const perWorker = (s.peakRssMB - s.baselineRssMB) / s.workers.length;
      console.log(
        `| ${r.jobs} | ${(r.wallMs / 1000).toFixed(1)} | ${((N / r.wallMs) * 1000).toFixed(2)} | ${s.cpuS.toFixed(1)} | ${(s.cpuS / N).toFixed(3)} | ` +
          `${s.peakRssMB.toFixed(0)} | ${perWorker.toFixed(0)} | ${s.workers.map((w) => w.peakHeapMB.toFixed(0)).join(' / ')} | ` +
          `${s.workers.map((w) => `${(w.utilization * 100).toFixed(0)}%`).join(' / ')} | ${(s.mainUtilization * 100).toFixed(1)}% | ${r.load.toFixed(2)} |`,
      );
    }
    const best = (jobs: number) => Math.min(...runs.filter((r) => r.jobs === jobs).map((r) => r.wallMs));
    const speedup = best(1) / best(2);
    const outs = runs.map((r) => byPath(r.out));
    const differ = [...new Set(outs.flatMap((o) => [...o.keys()]))].filter((p) => outs.some((o) => o.get(p) !== outs[0].get(p)));
    console.log(`\nspeed-up, best jobs-2 run over best jobs-1 run: ${speedup.toFixed(2)}×; ${outs[0].size} objects each; same output from all runs: ${differ.length ? 'NO' : 'yes'}`);
    for (const p of differ.slice(0, 10))
      console.log(`  differs: ${path.basename(p)}: ${outs.map((o) => keysThatDiffer(outs[0].get(p), o.get(p)) || '=').join(' | ')}`);
    const perCore = ((N / best(2)) * 1000) / 2;
    const t16 = 100_000 / (perCore * 16);
    console.log(
      `100,000 reports on 16 cores at the jobs-2 rate per core (${perCore.toFixed(2)} reports/s per core, this mix of 3–20-page PDFs): ` +
        `${(t16 / 60).toFixed(0)} min (${(t16 / 3600).toFixed(2)} h)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(outDir, { recursive: true, force: true });
  }
}

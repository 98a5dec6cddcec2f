/**
 * `npm run -s parse -- FILE…`: one JSON object per file, as a JSON array on stdout, in the order given. Uses the
 * same parser as the app. A file that cannot be read gets an object whose issues say why; exit code 0 unless
 * the command line itself is wrong. `--csv` (one row per report) or `--csv-long` (one row per field) print the
 * same CSV the app exports instead, `--labels` with Chinese column names.
 *
 * Large batches: folders are read recursively, `--jsonl` streams one object per line, `--jobs N` worker threads
 * read files in parallel, `--out FILE` with `--jsonl` resumes an interrupted run, `--stdin` takes the list of paths
 * from stdin (a filter for batch runners). The work is in scripts/lib/batch-*.ts; README "Large batches".
 */
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FILE_TIME_LIMIT_MS } from '../src/lib/ingest/types.ts';
import { expandInputs, parsePathList, readStdin } from './lib/batch-inputs.ts';

const USAGE =
  'usage: npm run -s parse -- [--jsonl | --csv | --csv-long [--labels]] [--jobs N] [--out FILE] [--stdin] [--time-limit S] PATH…';
const HELP = `${USAGE}

PATH 可以是文件或文件夹。文件夹递归读取其中的 .pdf .html .htm .docx .txt 文件（.doc .wps 也列入，结果说明
无法读取的原因），跳过隐藏文件，按路径排序。每个输入都得到一个结果对象，读不了的文件也有，其 issues 说明原因。

  （默认）            向标准输出写一个 JSON 数组，每个文件一个对象，顺序同输入
  --jsonl             每行一个 JSON 对象，每份报告读完即写出。--jobs 大于 1 时行的顺序按完成的先后，
                      请用对象的 file、meta.path（输入路径）和 meta.sha256（文件内容的 SHA-256）对应输入
  --csv, --csv-long   与应用导出相同的 CSV（每份报告一行 / 每个字段一行），--labels 用中文列名
  --jobs N            并行读取的工作线程数（默认为 CPU 核数，本机为 ${availableParallelism()}）
  --out FILE          写入 FILE 而不是标准输出。与 --jsonl 同用时可续跑：FILE 中已有的输入（按 SHA-256 匹配）
                      跳过，其余追加；上次被中断时留下的不完整末行先删去
  --stdin             从标准输入读取路径列表，每行一个（可与 PATH 同用）
  --time-limit S      每个文件的时间上限，秒（默认 ${FILE_TIME_LIMIT_MS / 1000}）；超时的文件得到 file.timeout 错误，其余照常
  -h, --help          显示本说明

在终端中运行时，标准错误输出显示进度：已完成 / 总数、每秒份数、预计剩余时间。
退出码为 0；命令行有误时为 2。
`;

function usageError(message: string): number {
  process.stderr.write(`${message}\n${USAGE}\n`);
  return 2;
}

async function main(): Promise<number> {
  // `npm run` starts scripts in the package root; paths on the command line and from stdin (`find reports | …`) are
  // relative to where the user typed the command, which npm passes as INIT_CWD.
  if (process.env.npm_lifecycle_event === 'parse' && process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
  let parsed;
  try {
    parsed = parseArgs({
      args: process.argv.slice(2),
      allowPositionals: true,
      options: {
        jsonl: { type: 'boolean' },
        csv: { type: 'boolean' },
        'csv-long': { type: 'boolean' },
        labels: { type: 'boolean' },
        jobs: { type: 'string' },
        out: { type: 'string' },
        stdin: { type: 'boolean' },
        'time-limit': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    return usageError(`命令行有误：${(e as Error).message}`);
  }
  const { values: v, positionals } = parsed;
  if (v.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if ([v.jsonl, v.csv, v['csv-long']].filter(Boolean).length > 1) return usageError('--jsonl、--csv、--csv-long 只能选一个');
  if (positionals.length === 0 && !v.stdin) return usageError('没有输入：请给出文件或文件夹，或使用 --stdin');
  const jobs = v.jobs === undefined ? availableParallelism() : /^[1-9]\d*$/.test(v.jobs) ? Number(v.jobs) : NaN;
  if (!Number.isFinite(jobs)) return usageError(`--jobs 须为不小于 1 的整数（而不是 ${v.jobs}）`);
  const limit = v['time-limit'] === undefined ? FILE_TIME_LIMIT_MS / 1000 : Number(v['time-limit']);
  if (!(limit > 0)) return usageError(`--time-limit 须为大于 0 的秒数（而不是 ${v['time-limit']}）`);
  const out = v.out ?? null;
  if (out !== null && ((existsSync(out) && statSync(out).isDirectory()) || !existsSync(path.dirname(path.resolve(out)))))
    return usageError(`--out ${out}：须为已有文件夹中的文件`);

  const paths = [...positionals, ...(v.stdin ? parsePathList(await readStdin()) : [])];
  const { files, notes } = await expandInputs(paths);
  for (const n of notes) process.stderr.write(n + '\n');
  const outPath = out === null ? null : path.resolve(out);
  // Loaded only now, so that a mistyped command line is answered at once.
  const { runBatch } = await import('./lib/batch-run.ts');
  await runBatch({
    // A folder holding the output file (say --out reports/all.txt) must not read it back as a report.
    files: files.filter((f) => path.resolve(f) !== outPath),
    output: v.jsonl ? 'jsonl' : v.csv ? 'csv' : v['csv-long'] ? 'csv-long' : 'array',
    labels: !!v.labels,
    jobs,
    out,
    timeLimit: Math.round(limit * 1000),
    stats: process.env.NIANBAO_BATCH_STATS === '1',
  });
  return 0;
}

// `parse … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(0);
});

main().then(
  (code) => {
    // Not process.exit(): it can cut off stdout still being written to a pipe.
    process.exitCode = code;
  },
  (e: Error) => {
    process.stderr.write(`parse: ${e.message}\n`);
    process.exitCode = 1;
  },
);

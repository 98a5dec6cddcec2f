/**
 * `npm run fuzz [-- --long | --cases N] [--seed S] [--jobs J] [--time-limit MS] [--only I,J] [--json FILE]`:
 * mutated reports, PDFs, web pages and Word files through ingestion in worker threads (scripts/fuzz/). Prints
 * how many cases ran, crashed and timed out, time per case and memory; exits 1 if any case crashed or timed out.
 * The quick run (2,000 cases, seed 1) is also a unit test (tests/unit/fuzz.test.ts); `--long` runs 20,000.
 */
import { writeFileSync } from 'node:fs';
import { formatSummary, runFuzz } from './fuzz/runner.ts';

const args = process.argv.slice(2);
const value = (flag: string): string | undefined => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
};
const num = (flag: string, dflt: number): number => {
  const v = value(flag);
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) {
    console.error(`${flag} needs a number`);
    process.exit(2);
  }
  return n;
};

const cases = num('--cases', args.includes('--long') ? 20_000 : 2_000);
const seed = num('--seed', 1);
const timeLimit = num('--time-limit', 20_000);
const only = value('--only')?.split(',').map(Number);
let last = 0;
const summary = await runFuzz({
  cases,
  seed,
  jobs: value('--jobs') ? num('--jobs', 2) : undefined,
  timeLimit,
  only,
  onProgress: (done, total) => {
    if (process.stderr.isTTY && (done === total || performance.now() - last > 500)) {
      last = performance.now();
      process.stderr.write(`\r${done}/${total}`);
      if (done === total) process.stderr.write('\n');
    }
  },
});
console.log(formatSummary(summary, { timeLimit }));
const json = value('--json');
if (json) writeFileSync(json, JSON.stringify(summary, null, 1));
process.exit(summary.crashed || summary.timedOut ? 1 : 0);

/**
 * `npm run -s parse -- FILE…`: one JSON object per file, as a JSON array on stdout, in the order given. Uses the
 * same parser as the app. A file that cannot be read gets an object whose issues say why; exit code 0 unless
 * the command line itself is wrong.
 */
import type { Report } from '../src/lib/parse/types.ts';
import { preferPdfjsInflate } from './lib/pdf-node.ts';
import { readReportFile } from './lib/read-report.ts';

const USAGE = 'usage: npm run -s parse -- FILE…';

async function main(): Promise<number> {
  const files = process.argv.slice(2);
  if (files.length === 0 || files.includes('-h') || files.includes('--help')) {
    process.stderr.write(USAGE + '\n');
    return files.length === 0 ? 2 : 0;
  }
  preferPdfjsInflate();
  const out: Report[] = [];
  for (const f of files) out.push(await readReportFile(f));
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  return 0;
}

main().then((code) => {
  // Not process.exit(): it can cut off stdout still being written to a pipe.
  process.exitCode = code;
});

/**
 * `npm run -s parse -- FILE…`: one JSON object per file, as a JSON array on stdout, in the order given. Uses the
 * same parser as the app. A file that cannot be read gets an object whose issues say why; exit code 0 unless
 * the command line itself is wrong.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseReport } from '../src/lib/parse/parse-report.ts';
import { emptyFields } from '../src/lib/form/model.ts';
import type { Report } from '../src/lib/parse/types.ts';
import { PARSER_VERSION } from '../src/lib/parse/parse-report.ts';

const USAGE = 'usage: npm run -s parse -- FILE…';

async function parseFile(file: string): Promise<Report> {
  const name = path.basename(file);
  try {
    const bytes = new Uint8Array(await readFile(file));
    return parseReport(bytes, { file: name });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? '文件不存在' : err.code === 'EISDIR' ? '这是一个文件夹，不是文件' : err.code === 'EACCES' ? '没有读取权限' : `无法读取文件（${err.message}）`;
    return {
      file: name,
      office: null,
      year: null,
      layout: '2021',
      fields: emptyFields(),
      legacy: {},
      checks: [],
      issues: [{ severity: 'error', code: 'file.unreadable', message: why }],
      meta: { parser: PARSER_VERSION, sources: {}, chars: 0 },
    };
  }
}

async function main(): Promise<number> {
  const files = process.argv.slice(2);
  if (files.length === 0 || files.includes('-h') || files.includes('--help')) {
    process.stderr.write(USAGE + '\n');
    return files.length === 0 ? 2 : 0;
  }
  const out: Report[] = [];
  for (const f of files) out.push(await parseFile(f));
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  return 0;
}

main().then((code) => process.exit(code));

/** `parse --csv` / `--csv-long`: the same bytes the app's exporter writes, ids from the files' SHA-256. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readExport } from '../../src/lib/export/import.ts';
import { toLongCsv, toWideCsv } from '../../src/lib/export/to-csv.ts';
import type { Entry } from '../../src/lib/model/entry.ts';
import type { Report } from '../../src/lib/parse/types.ts';
import { sha } from './export-fixtures.ts';
import { FIXTURES } from './fixtures.ts';

const ROOT = path.resolve(FIXTURES, '..', '..');
const run = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'parse.ts'), ...args], {
    cwd: ROOT,
    encoding: 'buffer',
  });

const FILES = [
  path.join(FIXTURES, 'corpus', 'raw', '003.txt'),
  path.join(FIXTURES, 'no-such-file.txt'),
  path.join(FIXTURES, 'encodings', '002.gb18030.txt'),
];

/** The entries the CLI builds, from its own JSON output (the reports) and the files' bytes. */
function entries(): Entry[] {
  const reports = JSON.parse(run(...FILES).stdout.toString('utf8')) as Report[];
  return reports.map((report, i) => {
    let bytes: Buffer | null = null;
    try {
      bytes = readFileSync(FILES[i]);
    } catch {
      bytes = null;
    }
    return {
      id: bytes ? sha(bytes) : '',
      file: report.file!,
      size: bytes?.length ?? 0,
      addedAt: '',
      report,
      corrections: {},
      officeOverride: null,
    };
  });
}

describe('npm run parse -- --csv', () => {
  const expected = entries();

  it('--csv writes the wide CSV of the exporter: BOM, CRLF, SHA-256 of each file, empty for an unreadable one', () => {
    const p = run('--csv', ...FILES);
    expect(p.status).toBe(0);
    const out = p.stdout;
    expect([...out.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = out.toString('utf8');
    expect(text).toBe(toWideCsv(expected));
    const lines = text.split('\r\n');
    expect(lines).toHaveLength(5);
    expect(lines[1].startsWith(`平潭综合实验区,2024,2021,003.txt,${sha(readFileSync(FILES[0]))},`)).toBe(true);
    expect(lines[2].startsWith(',,2021,no-such-file.txt,,')).toBe(true);
    // It imports back.
    const r = readExport(new Uint8Array(out), { now: '2026-01-01T00:00:00.000Z' });
    expect(r.ok && r.entries.map((e) => e.report.fields['s2.fees'])).toEqual([
      expected[0].report.fields['s2.fees'],
      null,
      32.781,
    ]);
  });

  it('--csv-long --labels writes the long CSV with Chinese headers', () => {
    const p = run('--csv-long', '--labels', ...FILES);
    expect(p.status).toBe(0);
    const text = p.stdout.toString('utf8');
    expect(text).toBe(toLongCsv(expected, { headers: 'labels' }));
    expect(text.startsWith('\ufeffSHA-256,源文件,机关名称,年度,字段代码,字段名称,值,类型,原值,已更正\r\n')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(1 + 3 * 200 + 1);
  });

  it('--csv and --csv-long together: usage, exit code 2', () => {
    const p = run('--csv', '--csv-long', FILES[0]);
    expect(p.status).toBe(2);
    expect(p.stderr.toString()).toContain('usage');
    expect(p.stdout.length).toBe(0);
  });
});

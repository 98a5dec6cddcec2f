/** scripts/lib/csv-output.ts, behind `parse --csv` / `--csv-long`: the exporter's bytes, ids from the files' SHA-256. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvOutput } from '../../scripts/lib/csv-output.ts';
import { readReportFile } from '../../scripts/lib/read-report.ts';
import { readExport } from '../../src/lib/export/import.ts';
import { toLongCsv, toWideCsv } from '../../src/lib/export/to-csv.ts';
import type { Entry } from '../../src/lib/model/entry.ts';
import { sha } from './export-fixtures.ts';
import { FIXTURES } from './fixtures.ts';

const FILES = [
  path.join(FIXTURES, 'corpus', 'raw', '003.txt'),
  path.join(FIXTURES, 'no-such-file.txt'),
  path.join(FIXTURES, 'encodings', '002.gb18030.txt'),
];

describe('csvOutput', async () => {
  const reports = await Promise.all(FILES.map((f) => readReportFile(f)));
  const bytes = FILES.map((f, i) => (i === 1 ? null : readFileSync(f)));
  const entries: Entry[] = reports.map((report, i) => ({
    id: bytes[i] ? sha(bytes[i]!) : '',
    file: report.file!,
    size: bytes[i]?.length ?? 0,
    addedAt: '',
    report,
    corrections: {},
    officeOverride: null,
  }));

  it('wide: the bytes toWideCsv writes, SHA-256 of each file, empty for an unreadable one', async () => {
    const text = await csvOutput(FILES, reports, 'wide', 'ids');
    expect(text).toBe(toWideCsv(entries));
    const lines = text.split('\r\n');
    expect(lines).toHaveLength(5);
    expect(lines[1].startsWith(`平潭综合实验区,2024,2021,003.txt,${sha(bytes[0]!)},`)).toBe(true);
    expect(lines[2].startsWith(',,2021,no-such-file.txt,,')).toBe(true);
    const r = readExport(new TextEncoder().encode(text), { now: '2026-01-01T00:00:00.000Z' });
    expect(r.ok && r.entries.map((e) => e.report.fields['s2.fees'])).toEqual([reports[0].fields['s2.fees'], null, 32.781]);
  });

  it('long with Chinese headers: the bytes toLongCsv writes', async () => {
    const text = await csvOutput(FILES, reports, 'long', 'labels');
    expect(text).toBe(toLongCsv(entries, { headers: 'labels' }));
    expect(text.startsWith('\ufeffSHA-256,源文件,机关名称,年度,字段代码,字段名称,值,类型,原值,已更正\r\n')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(1 + 3 * 200 + 1);
  });
});

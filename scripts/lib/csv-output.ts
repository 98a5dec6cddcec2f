/**
 * `parse --csv` / `--csv-long`: the parsed reports as the same CSV the app exports (src/lib/export), each as a
 * library entry whose id is the SHA-256 of the file's bytes (empty when the file cannot be read).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { HeaderStyle } from '../../src/lib/export/columns.ts';
import { toLongCsv, toWideCsv } from '../../src/lib/export/to-csv.ts';
import type { Entry } from '../../src/lib/model/entry.ts';
import type { Report } from '../../src/lib/parse/types.ts';

export async function csvOutput(
  files: readonly string[],
  reports: readonly Report[],
  shape: 'wide' | 'long',
  headers: HeaderStyle,
): Promise<string> {
  const now = new Date().toISOString();
  const entries: Entry[] = [];
  for (let i = 0; i < files.length; i++) {
    let bytes: Buffer | null = null;
    try {
      bytes = await readFile(files[i]);
    } catch {
      bytes = null;
    }
    entries.push({
      id: bytes ? createHash('sha256').update(bytes).digest('hex') : '',
      file: reports[i].file ?? path.basename(files[i]),
      size: bytes?.length ?? 0,
      addedAt: now,
      report: reports[i],
      corrections: {},
      officeOverride: null,
    });
  }
  return shape === 'wide' ? toWideCsv(entries, { headers }) : toLongCsv(entries, { headers });
}

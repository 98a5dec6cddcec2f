/**
 * What the browser benchmarks of a large library share (sections `export` and `library`): a library of n reports
 * filled the way a colleague's sheet arrives, a wide CSV of generated entries (tests/unit/export-fixtures.ts:
 * values from tests/gen/values.ts with blanks, text cells and corrections) imported through the 导入 panel of the
 * built app, and the time from clicking an export button to the browser's download event.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { toWideCsv } from '../../src/lib/export/to-csv.ts';
import { generatedEntries } from '../../tests/unit/export-fixtures.ts';

/** The middle value (the lower one of the two middle values for an even count). */
export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

export interface Filled {
  /** Until the import preview shows: the page reads, checks and plans the CSV. */
  readMs: number;
  /** From 导入 to the table showing `共 n 份`: one IndexedDB transaction. */
  storeMs: number;
  csvMb: number;
}

/**
 * Import a wide CSV of `n` generated entries into the app open in `page` (an empty library), through the panel.
 * The CSV is written to `dir`.
 */
export async function fillLibrary(page: Page, n: number, dir: string): Promise<Filled> {
  const csv = path.join(dir, 'library.csv');
  fs.writeFileSync(csv, toWideCsv(generatedEntries(n)));
  let t0 = Date.now();
  await page.getByTestId('table-input').setInputFiles(csv);
  await page.getByTestId('import-preview').waitFor({ timeout: 600_000 });
  const readMs = Date.now() - t0;
  t0 = Date.now();
  await page.getByTestId('import-apply').click();
  await page.getByTestId('library-count').getByText(`共 ${n} 份`).waitFor({ timeout: 600_000 });
  return { readMs, storeMs: Date.now() - t0, csvMb: fs.statSync(csv).size / 1e6 };
}

/** Milliseconds from clicking `button` to the download event, and the file's size in MB. */
export async function clickToDownload(page: Page, button: string, timeout = 300_000): Promise<{ ms: number; mb: number }> {
  const t0 = Date.now();
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout }), page.getByRole('button', { name: button }).click()]);
  const ms = Date.now() - t0;
  const file = await dl.path();
  return { ms, mb: fs.statSync(file).size / 1e6 };
}

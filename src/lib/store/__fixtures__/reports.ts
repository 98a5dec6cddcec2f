/** Real reports for the store tests: corpus files, their bytes, parse results and SHA-256 (by node:crypto). */
import { createHash } from 'node:crypto';
import { parseReport } from '../../parse/parse-report.ts';
import type { Report } from '../../parse/types.ts';
import { corpus } from '../../../../tests/unit/fixtures.ts';

export interface StoreFixture {
  name: string;
  bytes: Uint8Array;
  report: Report;
  sha: string;
}

let cache: StoreFixture[] | null = null;

/** Corpus 001, 003, 007, 008, 014, … in name order. */
export function storeFixtures(): StoreFixture[] {
  cache ??= corpus().map((f) => ({
    name: `${f.name}.txt`,
    bytes: f.bytes,
    report: parseReport(f.bytes, { file: `${f.name}.txt`, nowYear: 2026 }),
    sha: createHash('sha256').update(f.bytes).digest('hex'),
  }));
  return cache;
}

/** The fixture's report as an older parser version would have left it. */
export const asParsedBy = (r: Report, parser: string): Report => ({ ...r, meta: { ...r.meta, parser } });

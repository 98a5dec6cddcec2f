/**
 * One file of a batch, inside a worker: bytes → SHA-256 → (if the caller still wants it) the same ingestion path
 * as `readReportFile`, with `meta.path` (the path as given) and `meta.sha256` (of the bytes read) added, so a line
 * written out of input order still says which input it belongs to and a resumed run can tell what is done.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { failedReport, ingestBytes } from '../../src/lib/ingest/ingest.ts';
import { issue } from '../../src/lib/ingest/types.ts';
import type { Report, ReportMeta } from '../../src/lib/parse/types.ts';
import type { WireFormat } from './batch-protocol.ts';
import { nodeIngestEnv } from './pdf-node.ts';
import { readReportFile } from './read-report.ts';

/** A Report as the batch writes it: two additive meta fields (the Report contract allows extra meta fields). */
export type BatchReport = Report & { meta: ReportMeta & { path: string; sha256?: string } };

export function withBatchMeta(report: Report, file: string, sha256: string | undefined): BatchReport {
  return { ...report, meta: { ...report.meta, path: file, ...(sha256 ? { sha256 } : {}) } };
}

/** The text written for one report. `array` gives an element exactly as `JSON.stringify(list, null, 2)` indents it. */
export function serialise(report: Report, format: WireFormat): string {
  if (format === 'jsonl') return JSON.stringify(report) + '\n';
  if (format === 'json') return JSON.stringify(report);
  // JSON text holds no raw line breaks inside strings, so every '\n' is between tokens.
  return '  ' + JSON.stringify(report, null, 2).replace(/\n/g, '\n  ');
}

export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * Reads one file. `wanted(sha256)` is asked once the bytes are hashed; `null` means the caller skipped the file.
 * Never throws on content.
 */
export async function readForBatch(
  file: string,
  wanted: (sha256: string | undefined) => Promise<boolean>,
  opts: { timeLimit: number },
): Promise<BatchReport | null> {
  const bytes = await readFile(file).then(
    (b) => new Uint8Array(b.buffer, b.byteOffset, b.length),
    () => null,
  );
  const sha = bytes ? sha256Hex(bytes) : undefined;
  if (!(await wanted(sha))) return null;
  let report: Report;
  if (!bytes) {
    report = await readReportFile(file); // its messages for a file that cannot be read (missing, folder, access)
  } else {
    try {
      report = await ingestBytes(path.basename(file), bytes, nodeIngestEnv, { timeLimit: opts.timeLimit });
    } catch (e) {
      report = failedReport(path.basename(file), [issue('error', 'file.failed', `处理失败（${(e as Error).message}）`)]);
    }
  }
  return withBatchMeta(report, file, sha);
}

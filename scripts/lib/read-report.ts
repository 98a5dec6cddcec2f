/**
 * Node side of reading one report file for the command-line tools: bytes from disk → the same ingestion path as
 * the app (PDF, HTML, Word, text). Never throws on content: a file that cannot be read gets a Report whose issues
 * say why.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { failedReport, ingestBytes } from '../../src/lib/ingest/ingest.ts';
import { issue } from '../../src/lib/ingest/types.ts';
import type { Report } from '../../src/lib/parse/types.ts';
import { nodeIngestEnv } from './pdf-node.ts';

export async function readReportFile(file: string, opts: { password?: string } = {}): Promise<Report> {
  const name = path.basename(file);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why =
      err.code === 'ENOENT'
        ? '文件不存在'
        : err.code === 'EISDIR'
          ? '这是一个文件夹，不是文件'
          : err.code === 'EACCES'
            ? '没有读取权限'
            : `无法读取文件（${err.message}）`;
    return failedReport(name, [issue('error', 'file.unreadable', why)]);
  }
  try {
    return await ingestBytes(name, bytes, nodeIngestEnv, opts);
  } catch (e) {
    return failedReport(name, [issue('error', 'file.failed', `处理失败（${(e as Error).message}）`)]);
  }
}

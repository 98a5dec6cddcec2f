/**
 * Node side of reading one report file for the command-line tools: bytes from disk → the same parsing path as
 * the app. Never throws: a file that cannot be read gets a Report whose issues say why.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { emptyFields } from '../../src/lib/form/model.ts';
import { PARSER_VERSION, parseReport } from '../../src/lib/parse/parse-report.ts';
import type { Report } from '../../src/lib/parse/types.ts';

export function failedReport(file: string, code: string, message: string): Report {
  return {
    file,
    office: null,
    year: null,
    layout: '2021',
    fields: emptyFields(),
    legacy: {},
    checks: [],
    issues: [{ severity: 'error', code, message }],
    meta: { parser: PARSER_VERSION, sources: {}, chars: 0 },
  };
}

export async function readReportFile(file: string): Promise<Report> {
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
    return failedReport(name, 'file.unreadable', why);
  }
  return parseReport(bytes, { file: name });
}

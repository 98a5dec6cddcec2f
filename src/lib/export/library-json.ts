/**
 * The whole library as JSON: every Entry with its full Report (sources, issues, legacy rows, corrections with
 * notes), under a format name and version. One entry per line, so an error can name its line. Reading checks the
 * structure of every entry before anything is accepted. Pure.
 */
import { FIELD_BY_ID, FIELD_IDS, shortFieldLabel } from '../form/model.ts';
import type { Entry } from '../model/entry.ts';

export const LIBRARY_FORMAT = 'nianbao-library';
export const LIBRARY_VERSION = 1;

/** Keys first in this order (the interfaces' order), then any others as they come, so output is stable. */
function ordered(o: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (Object.hasOwn(o, k)) out[k] = o[k];
  for (const k of Object.keys(o)) if (!Object.hasOwn(out, k)) out[k] = o[k];
  return out;
}

const ENTRY_KEYS = ['id', 'file', 'size', 'addedAt', 'officeOverride', 'corrections', 'report'];
const REPORT_KEYS = ['file', 'office', 'year', 'layout', 'fields', 'legacy', 'checks', 'issues', 'meta'];

function canonical(e: Entry): Record<string, unknown> {
  const report = e.report as unknown as Record<string, unknown>;
  return ordered(
    {
      ...(e as unknown as Record<string, unknown>),
      report: ordered({ ...report, fields: ordered(e.report.fields, FIELD_IDS) }, REPORT_KEYS),
      corrections: ordered(e.corrections, FIELD_IDS),
    },
    ENTRY_KEYS,
  );
}

/** An entry's canonical JSON without `addedAt`: two copies of one report added at different times compare equal. */
export const entryKey = (e: Entry): string => JSON.stringify(canonical({ ...e, addedAt: '' }));

/** Library → JSON text (UTF-8, LF, no BOM). */
export function toLibraryJson(entries: readonly Entry[]): string {
  const head = `{"format":"${LIBRARY_FORMAT}","version":${LIBRARY_VERSION},"entries":[`;
  if (entries.length === 0) return head + ']}\n';
  return head + '\n' + entries.map((e) => JSON.stringify(canonical(e))).join(',\n') + '\n]}\n';
}

export interface ReadError {
  /** 1-based line, when known. */
  line: number | null;
  message: string;
}

export type LibraryRead = { ok: true; entries: Entry[]; lines: number[] } | { ok: false; errors: ReadError[] };

/** JSON text of a library export → its entries, every one checked; or the errors (then no entry at all). */
export function readLibraryJson(text: string): LibraryRead {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec(String((e as Error).message));
    const line = m ? lineAt(text, Number(m[1])) : null;
    return { ok: false, errors: [{ line, message: `${line ? `第 ${line} 行：` : ''}JSON 格式错误，文件可能不完整或已损坏` }] };
  }
  if (!isObject(data) || data.format !== LIBRARY_FORMAT || !Array.isArray(data.entries))
    return { ok: false, errors: [{ line: 1, message: '这不是本程序导出的年报库 JSON 文件' }] };
  if (typeof data.version !== 'number' || data.version > LIBRARY_VERSION)
    return {
      ok: false,
      errors: [{ line: 1, message: `文件格式版本（${String(data.version)}）高于本程序支持的版本 ${LIBRARY_VERSION}，请先更新本程序` }],
    };
  const starts = elementLines(text);
  const errors: ReadError[] = [];
  const lines: number[] = [];
  data.entries.forEach((e: unknown, i: number) => {
    const line = starts[i] ?? null;
    lines.push(line ?? 0);
    const why = entryProblem(e);
    if (why) errors.push({ line, message: `${line ? `第 ${line} 行` : `第 ${i + 1} 条记录`}：${why}` });
  });
  if (errors.length) return { ok: false, errors };
  return { ok: true, entries: data.entries as Entry[], lines };
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isCell = (x: unknown): boolean => x === null || typeof x === 'string' || (typeof x === 'number' && Number.isFinite(x));
const isStrOrNull = (x: unknown): boolean => x === null || typeof x === 'string';
const HEX64 = /^[0-9a-f]{64}$/;

/** What is wrong with one entry, in Chinese, or null. */
function entryProblem(e: unknown): string | null {
  if (!isObject(e)) return '记录不是对象';
  if (typeof e.id !== 'string' || !HEX64.test(e.id)) return '“id”应为 64 位十六进制 SHA-256';
  if (typeof e.file !== 'string') return '缺少文件名“file”';
  if (typeof e.size !== 'number' || !(e.size >= 0)) return '“size”应为非负数';
  if (typeof e.addedAt !== 'string') return '缺少添加时间“addedAt”';
  if (!isStrOrNull(e.officeOverride)) return '“officeOverride”应为文字或 null';
  if (!isObject(e.corrections)) return '“corrections”应为对象';
  for (const [k, c] of Object.entries(e.corrections)) {
    if (!FIELD_BY_ID.has(k)) return `更正记录中有未知字段“${k}”`;
    if (!isObject(c) || !isCell(c.value) || !isCell(c.original) || typeof c.note !== 'string' || typeof c.at !== 'string')
      return `「${shortFieldLabel(k)}」的更正记录格式错误`;
  }
  const r = e.report;
  if (!isObject(r)) return '缺少报告“report”';
  if (!isStrOrNull(r.file) || !isStrOrNull(r.office)) return '报告的“file”或“office”应为文字或 null';
  if (r.year !== null && !(typeof r.year === 'number' && Number.isInteger(r.year))) return '报告年度应为整数或 null';
  if (r.layout !== '2021' && r.layout !== '2019') return '“layout”应为 "2021" 或 "2019"';
  if (!isObject(r.fields)) return '缺少字段表“fields”';
  for (const id of FIELD_IDS) {
    if (!Object.hasOwn(r.fields, id)) return `缺少字段「${shortFieldLabel(id)}」（${id}）`;
    if (!isCell(r.fields[id])) return `字段「${shortFieldLabel(id)}」的值应为数字、文字或 null`;
  }
  for (const k of Object.keys(r.fields)) if (!FIELD_BY_ID.has(k)) return `字段表中有未知字段“${k}”`;
  if (!isObject(r.legacy)) return '“legacy”应为对象';
  if (
    !Array.isArray(r.checks) ||
    !r.checks.every(
      (c) =>
        isObject(c) &&
        typeof c.relation === 'string' &&
        typeof c.where === 'string' &&
        (c.ok === null || typeof c.ok === 'boolean') &&
        Array.isArray(c.fields),
    )
  )
    return '勾稽核对结果“checks”格式错误';
  if (
    !Array.isArray(r.issues) ||
    !r.issues.every(
      (i) =>
        isObject(i) &&
        (i.severity === 'error' || i.severity === 'warning' || i.severity === 'info') &&
        typeof i.code === 'string' &&
        typeof i.message === 'string',
    )
  )
    return '提示“issues”格式错误';
  const m = r.meta;
  if (!isObject(m) || typeof m.parser !== 'string' || !isObject(m.sources) || typeof m.chars !== 'number')
    return '解析信息“meta”格式错误';
  return null;
}

function lineAt(text: string, pos: number): number {
  let line = 1;
  for (let i = 0; i < pos && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Line where each element of the top-level object's array value starts (the `entries`), scanning strings right. */
function elementLines(text: string): number[] {
  const out: number[] = [];
  const stack: string[] = [];
  let line = 1;
  let expectValue = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') {
      line++;
      continue;
    }
    if (ch === '"') {
      if (expectValue && stack.length === 2 && stack[1] === '[') out.push(line);
      expectValue = false;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r') continue;
    if (stack.length === 2 && stack[1] === '[' && expectValue && ch !== ']') out.push(line);
    expectValue = false;
    if (ch === '{' || ch === '[') {
      stack.push(ch);
      if (ch === '[') expectValue = true;
    } else if (ch === '}' || ch === ']') stack.pop();
    else if (ch === ',' && stack[stack.length - 1] === '[') expectValue = true;
  }
  return out;
}

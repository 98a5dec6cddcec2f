/**
 * The audit sheet for supervisors: one row per report, one column per consistency relation (勾稽关系 1–4, each
 * column, row and group), then the cells most likely wrong, the suggested fixes and the findings in words, in
 * Chinese. Checks run on the values with the user's corrections applied. Issues are used generically: code,
 * message, field/fields, and the `suggestion` (cell → value) that diagnosis issues (`diagnosis.*`) carry. Export
 * only: the sheet is for reading. Pure.
 */
import { emptyFields, shortFieldLabel } from '../form/model.ts';
import { RELATION_LABELS, evaluateRelations, type Check } from '../form/relations.ts';
import { effectiveFields, officeOf, type Entry } from '../model/entry.ts';
import type { Issue } from '../parse/types.ts';
import { sidesText, whereLabel } from '../validate/relation-issues.ts';
import { encodeText, encodeValue } from './cells.ts';
import type { CsvOptions } from './columns.ts';
import { writeCsv } from './csv.ts';
import { absentRowsOf, ownIssues } from './to-csv.ts';

/** Every check a full report gets, in evaluation order: the audit's columns. */
const ALL_CHECKS: readonly Check[] = evaluateRelations(emptyFields());
const checkKey = (c: Pick<Check, 'relation' | 'where'>): string => `${c.relation}:${c.where}`;

/** Most cells named in one row's 可疑单元格. */
const MAX_SUSPECTS = 10;

export function auditHeader(style: 'ids' | 'labels'): string[] {
  const ids = style === 'ids';
  return [
    ids ? 'office' : '机关名称',
    ids ? 'year' : '年度',
    ids ? 'file' : '源文件',
    ids ? 'sha256' : 'SHA-256',
    ids ? 'failed_checks' : '勾稽不符数',
    ...ALL_CHECKS.map((c) => (ids ? checkKey(c) : `${whereLabel(c)}：${RELATION_LABELS[c.relation]}`)),
    ids ? 'suspect_cells' : '可疑单元格',
    ids ? 'suggested_fixes' : '建议更正',
    ids ? 'findings' : '问题说明',
  ];
}

function checkCell(c: Check | undefined, checked: boolean): string {
  if (!checked) return '未核对';
  if (!c) return '无此行';
  if (c.ok === true) return '相符';
  if (c.ok === false) return `不符：${sidesText(c, c.expected, c.actual)}`;
  if (c.blanksAsZero) return `无法核对（含空白单元格；空白按 0 计${c.blanksAsZero.ok ? '相符' : '不符'}）`;
  return '无法核对（含非数字单元格）';
}

const isDiagnosis = (i: Issue): boolean => i.code.startsWith('diagnosis.');

/** The cells an issue proposes to change and their new values (`suggestion`), when it carries them. */
function suggestionOf(i: Issue): [string, unknown][] {
  const s = (i as Issue & { suggestion?: unknown }).suggestion;
  return typeof s === 'object' && s !== null && !Array.isArray(s) ? Object.entries(s) : [];
}

/** The cells an issue names: those its suggestion changes, else its field(s). */
function cellsOf(i: Issue): string[] {
  const fix = suggestionOf(i).map(([f]) => f);
  return fix.length ? fix : [...(i.field ? [i.field] : []), ...(i.fields ?? [])];
}

/**
 * Cells most likely wrong: those the diagnosis issues name (diagnosis.* codes, their suggestion first); else the
 * cells taking part in the most failing relations when that is two or more (a cell on a failing row and a failing
 * column); else the printed totals of the failing relations (the side the form prints).
 */
export function suspectCells(failed: readonly Check[], issues: readonly Issue[]): string[] {
  const diag = issues.filter(isDiagnosis).flatMap(cellsOf);
  if (diag.length) return [...new Set(diag)];
  const count = new Map<string, number>();
  for (const c of failed) for (const f of new Set(c.fields)) count.set(f, (count.get(f) ?? 0) + 1);
  const max = Math.max(0, ...count.values());
  if (max >= 2) return [...count].filter(([, n]) => n === max).map(([f]) => f);
  return [...new Set(failed.flatMap((c) => printedSide(c)))];
}

/** The cells of a check's printed side (`actual`): the last field, or the last two for s3.balance. */
const printedSide = (c: Check): string[] => c.fields.slice(c.relation === 's3.balance' ? -2 : -1);

const showValue = (v: unknown): string => (v === null ? '空白' : typeof v === 'string' ? `“${v}”` : String(v));

/**
 * Suggested fixes: the diagnosis issues' suggestions (「cell」改为 v); without any diagnosis, the printed total of
 * each failing sum whose printed side is one cell, on the assumption that its items are right.
 */
function fixes(failed: readonly Check[], issues: readonly Issue[]): string[] {
  const diag = issues.filter(isDiagnosis);
  if (diag.length)
    return diag.flatMap((i) => suggestionOf(i).map(([f, v]) => `「${shortFieldLabel(f)}」改为 ${showValue(v)}`));
  const out: string[] = [];
  for (const c of failed) {
    const side = printedSide(c);
    if (side.length === 1 && c.expected !== null && c.actual !== null)
      out.push(`「${shortFieldLabel(side[0])}」改为 ${c.expected}（表中为 ${c.actual}，若各分项无误）`);
  }
  return out;
}

/** What a supervisor should read: the diagnosis in words and every error of the report. */
const findings = (issues: readonly Issue[], failed: boolean): string[] =>
  issues.filter((i) => (failed && isDiagnosis(i)) || i.severity === 'error').map((i) => i.message);

export function auditRow(e: Entry): string[] {
  const checked = e.report.checks.length > 0;
  const checks = checked ? evaluateRelations(effectiveFields(e), { absentRows: absentRowsOf(e.report) }) : [];
  const byKey = new Map(checks.map((c) => [checkKey(c), c]));
  const failed = checks.filter((c) => c.ok === false);
  const issues = ownIssues(e.report);
  // With every check holding (the user may have corrected the cell), an older diagnosis no longer applies.
  const suspects = failed.length ? suspectCells(failed, issues) : [];
  const shown = suspects.slice(0, MAX_SUSPECTS).map(shortFieldLabel);
  if (suspects.length > MAX_SUSPECTS) shown.push(`等 ${suspects.length} 个单元格`);
  return [
    encodeText(officeOf(e)),
    encodeValue(e.report.year),
    encodeText(e.file),
    encodeText(e.id === '' ? null : e.id),
    checked ? String(failed.length) : '',
    ...ALL_CHECKS.map((c) => checkCell(byKey.get(checkKey(c)), checked)),
    encodeText(shown.join('、') || null),
    encodeText((failed.length ? fixes(failed, issues) : []).join('\n') || null),
    encodeText(findings(issues, failed.length > 0).join('\n') || null),
  ];
}

/** Audit sheet CSV (UTF-8 BOM, CRLF), Chinese headers unless `headers: 'ids'`. */
export function toAuditCsv(entries: readonly Entry[], opts: CsvOptions = {}): string {
  return writeCsv([auditHeader(opts.headers ?? 'labels'), ...entries.map(auditRow)]);
}

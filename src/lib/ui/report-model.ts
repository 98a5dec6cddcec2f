/**
 * What the report view shows for each cell: its value with the user's corrections applied, the checks it takes
 * part in (re-evaluated on the corrected values), and the issues that name it. Pure.
 */
import { S3_ROWS, type CellValue, type Fields } from '../form/model.ts';
import { evaluateRelations, type Check } from '../form/relations.ts';
import { effectiveFields, type Entry } from '../model/entry.ts';
import type { Issue } from '../parse/types.ts';
import { sidesText, whereLabel } from '../validate/relation-issues.ts';

export interface CellState {
  value: CellValue;
  /** A correction is applied: the parsed value. */
  corrected: { original: CellValue; note: string } | null;
  failed: Check[];
  unverifiable: Check[];
  issues: Issue[];
}

export interface ReportModel {
  fields: Fields;
  checks: Check[];
  cells: Map<string, CellState>;
  /** Issues that name no single field (report-level). */
  general: Issue[];
  absentRows: Set<string>;
}

export function buildReportModel(e: Entry): ReportModel {
  const fields = effectiveFields(e);
  const absentRows = new Set<string>(
    e.report.issues.some((i) => i.code === 's3.single_other_row') ? ['other.overdue_correction', 'other.overdue_fee'] : [],
  );
  const checks = Object.keys(e.corrections).length ? evaluateRelations(fields, { absentRows }) : e.report.checks;
  const cells = new Map<string, CellState>();
  const cell = (id: string): CellState => {
    let c = cells.get(id);
    if (!c) {
      const corr = e.corrections[id];
      c = {
        value: fields[id] ?? null,
        corrected: corr ? { original: corr.original, note: corr.note } : null,
        failed: [],
        unverifiable: [],
        issues: [],
      };
      cells.set(id, c);
    }
    return c;
  };
  for (const id of Object.keys(fields)) cell(id);
  for (const c of checks) {
    if (c.ok === true) continue;
    for (const id of c.fields) (c.ok === false ? cell(id).failed : cell(id).unverifiable).push(c);
  }
  const general: Issue[] = [];
  for (const i of e.report.issues) {
    const ids = i.field ? [i.field] : (i.fields ?? []);
    // Check issues are shown through the checks themselves (they follow corrections).
    if (i.code.startsWith('check.')) continue;
    if (ids.length === 1 || (ids.length > 1 && ids.length <= 15 && i.code.startsWith('cut.')) || i.code.startsWith('diagnosis.')) {
      for (const id of ids) if (cells.has(id)) cell(id).issues.push(i);
      if (i.code.startsWith('diagnosis.') || ids.length !== 1) general.push(i);
    } else general.push(i);
  }
  return { fields, checks, cells, general, absentRows };
}

/** One sentence explaining a check for a cell's tooltip and panel. */
export function explainCheck(c: Check): string {
  if (c.ok === false) return `勾稽关系不符：${whereLabel(c)}${sidesText(c, c.expected, c.actual)}`;
  if (c.blanksAsZero) return `无法核对${whereLabel(c)}（含空白单元格）；空白按 0 计：${sidesText(c, c.blanksAsZero.expected, c.blanksAsZero.actual)}`;
  return `无法核对${whereLabel(c)}（含非数字单元格）`;
}

export function showValue(v: CellValue): string {
  if (v === null) return '空';
  return String(v);
}

/** Parse what the user typed into a correction: a number, blank, or text such as "/". */
export function parseCellInput(s: string): CellValue {
  const t = s.trim();
  if (t === '' || t === '空') return null;
  const n = Number(t.replace(/,/g, ''));
  return Number.isFinite(n) && /^-?[\d,]+(\.\d+)?$/.test(t) ? n : t;
}

export const S3_ROW_BY_KEY = new Map(S3_ROWS.map((r) => [r.key, r]));

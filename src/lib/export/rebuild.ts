/**
 * An Entry from the values a CSV row carries: the report's fields (the parsed values, corrections set beside
 * them), its checks re-evaluated with the form's relations, its issues re-evaluated the way the parser ends
 * (validateReport) and restored from the list the wide CSV carries, behind an issue saying the data came from an
 * import. Pure.
 */
import { FIELD_IDS, shortFieldLabel, type Fields } from '../form/model.ts';
import { evaluateRelations } from '../form/relations.ts';
import type { Correction, Entry } from '../model/entry.ts';
import type { Issue, Report, Severity } from '../parse/types.ts';
import { validateReport } from '../validate/validate.ts';
import { IMPORT_CODE_PREFIX } from './to-csv.ts';
import { sha256Hex } from './sha256.ts';

/** One issue as the wide CSV lists it: `warning:cell.blank@s3.carried.legal`. */
export interface IssueCode {
  severity: Severity;
  code: string;
  field?: string;
}

const ITEM = /^(error|warning|info):([^@;\s]+)(?:@([^;\s]+))?$/;

/** `severity:code[@field];…` → items, or null when the cell does not read. */
export function parseIssueCodes(cell: string): IssueCode[] | null {
  if (cell.trim() === '') return [];
  const out: IssueCode[] = [];
  for (const part of cell.split(';')) {
    const m = ITEM.exec(part.trim());
    if (!m) return null;
    out.push(m[3] ? { severity: m[1] as Severity, code: m[2], field: m[3] } : { severity: m[1] as Severity, code: m[2] });
  }
  return out;
}

/** Everything a CSV row (or a long CSV's group of rows) says about one report. */
export interface RowValues {
  office: string | null;
  year: number | null;
  layout: '2021' | '2019';
  file: string | null;
  /** SHA-256 from the file, lowercase; null: none given, the id is a hash of the content. */
  id: string | null;
  parser: string | null;
  /** The 200 fields as the sheet shows them, corrections applied. */
  fields: Fields;
  corrections: Record<string, Omit<Correction, 'value'>>;
  /** false when the sheet says the report's tables were not found (empty 勾稽不符数): nothing is checked. */
  checked: boolean;
  /** The report's issues as listed in the wide CSV; null when the file does not carry them (long CSV). */
  issues: IssueCode[] | null;
  /** 1-based line of the row in the file. */
  line: number;
}

export interface RebuildOptions {
  /** ISO timestamp: the entry's addedAt. */
  now: string;
  /** Name of the imported file, for the import notice. */
  fileName?: string;
}

/** Rows the parser leaves out of the checks when a report has a single （六）其他处理 row (FORMAT.md). */
const SINGLE_OTHER_ROW_ABSENT = ['other.overdue_correction', 'other.overdue_fee'];

/** The year of an ISO timestamp, for the plausibility of report years; the clock's year if it has none. */
function yearOf(iso: string): number {
  const m = /^(\d{4})-/.exec(iso);
  return m ? Number(m[1]) : new Date().getFullYear();
}

/** The stable id of a row without SHA-256: SHA-256 of its decoded content (not its bytes, so re-saving keeps it). */
export function contentId(v: RowValues): string {
  // Values and originals only: a correction's note and time may be missing from the file (then filled in with the
  // import time), and must not make the same row a different report on the next import.
  const originals = FIELD_IDS.filter((id) => Object.hasOwn(v.corrections, id)).map((id) => [id, v.corrections[id].original]);
  return sha256Hex(
    JSON.stringify([v.office, v.year, v.layout, v.file, FIELD_IDS.map((id) => v.fields[id] ?? null), originals]),
  );
}

export function rebuildEntry(v: RowValues, opts: RebuildOptions): Entry {
  const parsed: Fields = { ...v.fields };
  const corrections: Record<string, Correction> = {};
  for (const [id, c] of Object.entries(v.corrections)) {
    parsed[id] = c.original;
    corrections[id] = { value: v.fields[id] ?? null, original: c.original, note: c.note, at: c.at };
  }
  const absentRows = new Set(v.issues?.some((i) => i.code === 's3.single_other_row') ? SINGLE_OTHER_ROW_ABSENT : []);
  const checks = v.checked ? evaluateRelations(parsed, { absentRows }) : [];
  const notice: Issue = {
    severity: 'info',
    code: `${IMPORT_CODE_PREFIX}values`,
    message: `数据导入自${opts.fileName ? `「${opts.fileName}」` : ' CSV 文件'}第 ${v.line} 行：只有数值，原报告中的出处位置和提示详情未随文件带入`,
  };
  const report: Report = {
    file: v.file,
    office: v.office,
    year: v.year,
    layout: v.layout,
    fields: parsed,
    legacy: {},
    checks,
    issues: [],
    meta: { parser: v.parser ?? '', kind: 'csv', sources: {}, chars: 0 },
  };
  // The same validation the parser ends with (relations, diagnosis, sanity), on the parsed values.
  const fresh = validateReport(report, { nowYear: yearOf(opts.now) });
  report.issues = [notice, ...(v.issues ? restoreIssues(v.issues, fresh) : fresh)];
  return {
    id: v.id ?? contentId(v),
    file: v.file ?? '',
    size: 0,
    addedAt: opts.now,
    report,
    corrections,
    officeOverride: null,
  };
}

/**
 * The listed issues, in their order: each one that the re-evaluation gives again (same severity, code and field,
 * in the same order) is that re-evaluated issue, with its full message; any other keeps its severity, code and
 * field with a message saying its details stayed in the original. Re-evaluated issues the list does not have (the
 * values were edited) follow.
 */
function restoreIssues(items: readonly IssueCode[], fresh: readonly Issue[]): Issue[] {
  const out: Issue[] = [];
  let k = 0;
  for (const it of items) {
    const f = fresh[k];
    if (f && f.code === it.code && f.severity === it.severity && (f.field ?? undefined) === it.field) {
      out.push(f);
      k++;
    } else
      out.push({
        severity: it.severity,
        code: it.code,
        message: `原报告的提示（${it.code}${it.field ? `，「${shortFieldLabel(it.field)}」` : ''}），详细内容未随 CSV 导入`,
        ...(it.field ? { field: it.field } : {}),
      });
  }
  return [...out, ...fresh.slice(k)];
}

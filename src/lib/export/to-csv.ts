/**
 * Library entries → CSV for Excel, pandas and colleagues: the wide sheet (one row per report) and the long one
 * (one row per report and field). UTF-8 with BOM, CRLF, RFC 4180 quoting; cells are written by `cells.ts`, so
 * blank, 0 and text stay distinct and no cell runs as a formula. Values are the user's corrected ones. Pure.
 * README "Export and import" documents the columns.
 */
import { FIELD_IDS, S3_ROWS, shortFieldLabel, type CellValue, type Fields } from '../form/model.ts';
import { evaluateRelations } from '../form/relations.ts';
import { effectiveFields, officeOf, type Entry } from '../model/entry.ts';
import type { Issue, Report } from '../parse/types.ts';
import { encodeText, encodeValue, kindOf } from './cells.ts';
import { KIND_WORDS, YES_NO, longHeader, wideHeader, type CsvOptions } from './columns.ts';
import { writeCsv } from './csv.ts';

/** Issues whose code starts with this were added by an import; they are not part of the report's own list. */
export const IMPORT_CODE_PREFIX = 'import.';

/** Part-三 rows the report does not have (no row check was evaluated for them: the single （六） row layout). */
export function absentRowsOf(report: Pick<Report, 'checks'>): Set<string> {
  const out = new Set<string>();
  if (report.checks.length === 0) return out;
  const checked = new Set(report.checks.filter((c) => c.relation === 's3.row').map((c) => c.where));
  for (const r of S3_ROWS) if (!checked.has(r.key)) out.add(r.key);
  return out;
}

/**
 * Failed relations 1–4 on the entry's values with corrections applied, or null when the report's tables were not
 * found (the parser checked nothing).
 */
export function failedChecks(e: Pick<Entry, 'report' | 'corrections'>): number | null {
  if (e.report.checks.length === 0) return null;
  const checks = evaluateRelations(effectiveFields(e), { absentRows: absentRowsOf(e.report) });
  return checks.filter((c) => c.ok === false).length;
}

/** The report's own issues (without the import notice). */
export const ownIssues = (r: Pick<Report, 'issues'>): Issue[] =>
  r.issues.filter((i) => !i.code.startsWith(IMPORT_CODE_PREFIX));

/** The report's own issues as `severity:code` or `severity:code@field`, in report order. */
export const issueCodeList = (r: Pick<Report, 'issues'>): string[] =>
  ownIssues(r).map((i) => `${i.severity}:${i.code}${i.field ? '@' + i.field : ''}`);

/** `warning:cut.ambiguous;warning:cell.blank@s3.carried.legal;info:cut.glued` */
export function issueCodes(r: Pick<Report, 'issues'>): string {
  return issueCodeList(r).join(';');
}

const FIELD_INDEX = new Map(FIELD_IDS.map((id, i) => [id, i]));

/**
 * Corrections of the 200 fields as one JSON object, keys in form order:
 * `{"s3.new.natural":{"original":21,"note":"","at":"…"}}`.
 */
export function correctionsJson(e: Pick<Entry, 'corrections'>): string | null {
  const keys = Object.keys(e.corrections)
    .filter((k) => FIELD_INDEX.has(k))
    .sort((a, b) => FIELD_INDEX.get(a)! - FIELD_INDEX.get(b)!);
  if (keys.length === 0) return null;
  const o: Record<string, { original: CellValue; note: string; at: string }> = {};
  for (const k of keys) {
    const c = e.corrections[k];
    o[k] = { original: c.original, note: c.note, at: c.at };
  }
  return JSON.stringify(o);
}

/**
 * What one CSV row is written from. An Entry gives one (`rowSource`); so does the store's compact summary
 * (`summarySource` in summary-source.ts), which the app holds for the whole library, so a CSV of 5,000 reports
 * loads none of them in full. Both lead to the same bytes (summary-source.test.ts).
 */
export interface RowSource {
  id: string;
  file: string;
  /** The office shown: the user's merged name, else the parsed one. */
  office: string | null;
  year: number | null;
  layout: Report['layout'];
  parser: string;
  /** The 200 fields, corrections applied. */
  fields: Fields;
  corrections: Entry['corrections'];
  /** Relations 1–4 failing on `fields`; null when the report's tables were not found (nothing checked). */
  failedChecks: number | null;
  /** The report's own issues (no import notice) as `severity:code[@field]`, in report order. */
  issueCodes: readonly string[];
}

export function rowSource(e: Entry): RowSource {
  return {
    id: e.id,
    file: e.file,
    office: officeOf(e),
    year: e.report.year,
    layout: e.report.layout,
    parser: e.report.meta.parser,
    fields: effectiveFields(e),
    corrections: e.corrections,
    failedChecks: failedChecks(e),
    issueCodes: issueCodeList(e.report),
  };
}

/** A library entry, or what a row needs of one. */
export type Exportable = Entry | RowSource;
const sourceOf = (x: Exportable): RowSource => ('report' in x ? rowSource(x) : x);

/** One wide row (unquoted cells), in `wideHeader` order. */
export function wideRow(x: Exportable): string[] {
  const s = sourceOf(x);
  return [
    encodeText(s.office),
    encodeValue(s.year),
    encodeText(s.layout),
    encodeText(s.file),
    encodeText(s.id === '' ? null : s.id),
    encodeText(s.parser),
    ...FIELD_IDS.map((id) => encodeValue(s.fields[id] ?? null)),
    s.failedChecks === null ? '' : String(s.failedChecks),
    String(s.issueCodes.length),
    encodeText(s.issueCodes.join(';') || null),
    // `{}` without corrections: the last cell is never empty, so a file cut just before it cannot read as complete.
    encodeText(correctionsJson(s) ?? '{}'),
  ];
}

/** Wide CSV: a header and one row per entry, in the order given. */
export function toWideCsv(entries: readonly Exportable[], opts: CsvOptions = {}): string {
  return writeCsv([wideHeader(opts.headers ?? 'ids'), ...entries.map(wideRow)]);
}

/** Field labels in form order, computed once (a long CSV of 5,000 reports has a million rows). */
let labels: string[] | null = null;

/** Long CSV rows of one entry: one per field, in form order. */
export function longRows(x: Exportable, opts: CsvOptions = {}): string[][] {
  const style = opts.headers ?? 'ids';
  const s = sourceOf(x);
  const head = [encodeText(s.id === '' ? null : s.id), encodeText(s.file), encodeText(s.office), encodeValue(s.year)];
  const [yes, no] = YES_NO[style];
  labels ??= FIELD_IDS.map(shortFieldLabel);
  const label = labels;
  return FIELD_IDS.map((id, i) => {
    const v = s.fields[id] ?? null;
    const c = Object.hasOwn(s.corrections, id) ? s.corrections[id] : null;
    return [
      ...head,
      id,
      label[i],
      encodeValue(v),
      KIND_WORDS[style][kindOf(v)],
      c ? encodeValue(c.original) : '',
      c ? yes : no,
    ];
  });
}

/** Long CSV: a header and 200 rows per entry. */
export function toLongCsv(entries: readonly Exportable[], opts: CsvOptions = {}): string {
  return writeCsv([longHeader(opts.headers ?? 'ids'), ...entries.flatMap((e) => longRows(e, opts))]);
}

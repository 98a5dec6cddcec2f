/**
 * The compact record kept beside each entry: what the library view and analysis read for thousands of reports
 * without loading each report's sources, checks and issues. Derived from the Entry, never edited on its own.
 * Pure (no idb).
 *
 * The 200 values are stored as one JSON array string in FIELD_IDS order: reading 5,000 records with getAll in
 * headless Chromium on this 2-core machine took ~2 s with the values as a plain array and 5–6 s as an object of
 * 200 keys, but ~0.4 s as a JSON string (parse included); without values ~0.15 s. Through `Library.summaries()`
 * (decoding included) 5,000 summaries took 0.4–1.1 s under a load average of 7, `list()` of 5,000 full entries
 * ~21 s, `get(id)` 1–2 ms. Library.summaries() reads them from one packed record when it can (library.ts).
 * A stored summary carries SUMMARY_FORMAT; one written under another format or field list is rebuilt from its entry.
 */
import { FIELD_IDS, S3_ROWS, emptyFields, type CellValue, type Fields } from '../form/model.ts';
import { evaluateRelations, type Check } from '../form/relations.ts';
import { effectiveFields, officeOf, type Entry } from '../model/entry.ts';
import type { Report } from '../parse/types.ts';

export interface CheckCounts {
  ok: number;
  failed: number;
  /** A cell involved is blank or text. */
  unchecked: number;
}

export interface EntrySummary {
  id: string;
  file: string;
  size: number;
  addedAt: string;
  /** The office shown: the user's merged name, else the parsed one. */
  office: string | null;
  parsedOffice: string | null;
  officeOverride: string | null;
  year: number | null;
  layout: Report['layout'];
  /** Kind of input (`text`, `pdf`, `html`, `docx`), when known. */
  kind: string | null;
  /** Parser version of the stored report. */
  parser: string;
  /** All 200 fields, corrections applied. */
  fields: Fields;
  /** Fields the user corrected, in form order. */
  corrected: string[];
  /** The corrections themselves (value, parsed original, note, time), as in the entry. */
  corrections: Entry['corrections'];
  /** Relations 1–4 on the corrected values; null when the report's tables were not found (nothing checked). */
  checks: CheckCounts | null;
  issues: { error: number; warning: number; info: number };
  /** Every issue as `severity:code` or `severity:code@field` (the wide CSV's `issue_codes`), in report order. */
  issueCodes: string[];
  /** The original file's bytes are stored (false for an entry imported from CSV or JSON). */
  hasOriginal: boolean;
  /** Publication date (`meta.published`), for the timeliness finding across reports. */
  published: string | null;
  /** Sentence hashes of parts 一 and 五 (`meta.narrative`), for the repeated-narrative finding across reports. */
  narrative: { part1: string[]; part5: string[] } | null;
}

export interface StoredSummary extends Omit<EntrySummary, 'fields' | 'narrative'> {
  format: string;
  /** JSON array of the 200 values in FIELD_IDS order. */
  values: string;
  /** The narrative hashes as one string (`part1` joined by `,`, then `|`, then `part5`): many small strings are slow to read back. */
  narrative: string | null;
}

/** FNV-1a of the field list: a summary written under another list of fields is rebuilt. */
function fieldListHash(): string {
  let h = 0x811c9dc5;
  const s = FIELD_IDS.join(',');
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16);
}
export const SUMMARY_FORMAT = `3:${FIELD_IDS.length}:${fieldListHash()}`;

const FIELD_INDEX = new Map(FIELD_IDS.map((id, i) => [id, i]));
/**
 * Every field blank: decoded fields start as a copy of it. In V8 the copy of an object of 200 keys has fast
 * properties, filling `{}` key by key makes a dictionary: the copy is built several times faster (~40 ms against
 * ~150 ms for 5,000 summaries in Node) and takes less than half the memory.
 */
const BLANK: Fields = emptyFields();

function countChecks(checks: readonly Check[]): CheckCounts {
  const c: CheckCounts = { ok: 0, failed: 0, unchecked: 0 };
  for (const x of checks) {
    if (x.ok === true) c.ok++;
    else if (x.ok === false) c.failed++;
    else c.unchecked++;
  }
  return c;
}

/** Part-三 rows the parser found no row for (it evaluated no row check for them). */
function absentRows(report: Report): Set<string> {
  const checked = new Set(report.checks.filter((c) => c.relation === 's3.row').map((c) => c.where));
  return new Set(S3_ROWS.filter((r) => !checked.has(r.key)).map((r) => r.key));
}

export function summarize(e: Entry, hasOriginal: boolean): EntrySummary {
  const r = e.report;
  const fields = effectiveFields(e);
  const corrected = Object.keys(e.corrections)
    .filter((k) => FIELD_INDEX.has(k))
    .sort((a, b) => FIELD_INDEX.get(a)! - FIELD_INDEX.get(b)!);
  let checks: CheckCounts | null = null;
  if (r.checks.length > 0)
    checks = countChecks(corrected.length === 0 ? r.checks : evaluateRelations(fields, { absentRows: absentRows(r) }));
  const issues = { error: 0, warning: 0, info: 0 };
  for (const i of r.issues) issues[i.severity]++;
  return {
    id: e.id,
    file: e.file,
    size: e.size,
    addedAt: e.addedAt,
    office: officeOf(e),
    parsedOffice: r.office,
    officeOverride: e.officeOverride,
    year: r.year,
    layout: r.layout,
    kind: r.meta.kind ?? null,
    parser: r.meta.parser,
    fields,
    corrected,
    corrections: e.corrections,
    checks,
    issues,
    issueCodes: r.issues.map((i) => `${i.severity}:${i.code}${i.field ? '@' + i.field : ''}`),
    hasOriginal,
    published: r.meta.published ?? null,
    narrative: r.meta.narrative ?? null,
  };
}

export function encodeSummary(s: EntrySummary): StoredSummary {
  const { fields, narrative, ...rest } = s;
  const values: CellValue[] = FIELD_IDS.map((id) => fields[id] ?? null);
  return {
    ...rest,
    format: SUMMARY_FORMAT,
    values: JSON.stringify(values),
    narrative: narrative ? `${narrative.part1.join(',')}|${narrative.part5.join(',')}` : null,
  };
}

/**
 * The summary, or null when it was written under another format (rebuild it from the entry).
 *
 * Its `fields` are built on first read (an own getter, so spreading, JSON and structured cloning see a plain
 * value): the library view opens without them, and building 5,000 objects of 200 keys while the page starts took
 * ~300 ms of the ~800 ms to open the library in headless Chromium (README "Large libraries").
 */
export function decodeSummary(s: StoredSummary): EntrySummary | null {
  if (s.format !== SUMMARY_FORMAT) return null;
  let values = JSON.parse(s.values) as CellValue[] | null;
  if (!Array.isArray(values) || values.length !== FIELD_IDS.length) return null;
  const { format: _format, values: _values, narrative: enc, ...rest } = s;
  let narrative: EntrySummary['narrative'] = null;
  if (typeof enc === 'string') {
    const [a, b] = enc.split('|');
    narrative = { part1: a ? a.split(',') : [], part5: b ? b.split(',') : [] };
  }
  let fields: Fields | null = null;
  return {
    ...rest,
    get fields(): Fields {
      if (!fields) {
        const v = values!;
        fields = { ...BLANK };
        for (let i = 0; i < v.length; i++) fields[FIELD_IDS[i]] = v[i];
        values = null;
      }
      return fields;
    },
    narrative,
  };
}

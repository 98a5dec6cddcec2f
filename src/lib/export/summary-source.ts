/**
 * CSV rows from the library's compact summaries (src/lib/store/summary.ts) instead of full entries: the app holds
 * every summary already, so the wide or long CSV of 5,000 reports needs no report loaded (loading them takes
 * ~20 s in the browser). The summary carries what a row needs: values with corrections applied, the corrections,
 * the failed-check count on those values, and the issue codes. Typed structurally, so this pure module does not
 * depend on the store. The audit sheet and the library JSON need the full reports. Pure.
 */
import type { Fields } from '../form/model.ts';
import type { Entry } from '../model/entry.ts';
import type { Report } from '../parse/types.ts';
import { IMPORT_CODE_PREFIX, type RowSource } from './to-csv.ts';

/** What a CSV row reads of the store's `EntrySummary`. */
export interface SummaryLike {
  id: string;
  file: string;
  office: string | null;
  year: number | null;
  layout: Report['layout'];
  parser: string;
  fields: Fields;
  corrections: Entry['corrections'];
  checks: { failed: number } | null;
  /** Every issue as `severity:code[@field]`, the import notice included. */
  issueCodes: readonly string[];
}

/** `info:import.values` is the import's notice, not one of the report's own issues (as `ownIssues`). */
const isOwn = (code: string): boolean => !code.slice(code.indexOf(':') + 1).startsWith(IMPORT_CODE_PREFIX);

export function summarySource(s: SummaryLike): RowSource {
  return {
    id: s.id,
    file: s.file,
    office: s.office,
    year: s.year,
    layout: s.layout,
    parser: s.parser,
    fields: s.fields,
    corrections: s.corrections,
    failedChecks: s.checks ? s.checks.failed : null,
    issueCodes: s.issueCodes.filter(isOwn),
  };
}

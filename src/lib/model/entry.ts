/**
 * A report in the library: the parse result plus what the user added (corrections, a merged office name).
 * Shared by the store, the app, analysis and export. Pure.
 */
import type { CellValue, Fields } from '../form/model.ts';
import type { Report } from '../parse/types.ts';

/** A user's correction of one cell. The parsed value is never overwritten; the correction sits beside it. */
export interface Correction {
  /** The corrected value. */
  value: CellValue;
  /** The value as parsed from the report, kept for display and export. */
  original: CellValue;
  note: string;
  /** ISO timestamp. */
  at: string;
}

export interface Entry {
  /** SHA-256 of the original file's bytes, lowercase hex: the same file dropped twice is one entry. */
  id: string;
  /** File name as dropped. */
  file: string;
  /** Size of the original file in bytes. */
  size: number;
  /** ISO timestamp of when it was added. */
  addedAt: string;
  report: Report;
  corrections: Record<string, Correction>;
  /** Office name chosen by the user when merging differently spelled offices; null: the parsed name. */
  officeOverride: string | null;
}

/** The report's fields with the user's corrections applied. */
export function effectiveFields(e: Pick<Entry, 'report' | 'corrections'>): Fields {
  const keys = Object.keys(e.corrections);
  if (keys.length === 0) return e.report.fields;
  const out: Fields = { ...e.report.fields };
  for (const k of keys) out[k] = e.corrections[k].value;
  return out;
}

export function officeOf(e: Pick<Entry, 'report' | 'officeOverride'>): string | null {
  return e.officeOverride ?? e.report.office;
}

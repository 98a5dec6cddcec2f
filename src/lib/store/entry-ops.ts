/**
 * The changes the library makes to an Entry, as pure functions returning a new Entry (both storage backends
 * use them, so they behave the same). The parsed report is never edited: corrections and the merged office
 * name sit beside it.
 */
import { FIELD_BY_ID, type CellValue } from '../form/model.ts';
import type { Correction, Entry } from '../model/entry.ts';
import type { Report } from '../parse/types.ts';

export function newEntry(id: string, file: string, size: number, report: Report, now: Date): Entry {
  return { id, file, size, addedAt: now.toISOString(), report, corrections: {}, officeOverride: null };
}

function checkField(field: string): void {
  if (!FIELD_BY_ID.has(field)) throw new RangeError(`unknown field id: ${field}`);
}

function checkValue(value: CellValue): void {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
}

/**
 * Set (or change) the user's value of one cell. `original` stays the value the parser read, also when an earlier
 * correction of the same cell is replaced.
 */
export function withCorrection(e: Entry, field: string, value: CellValue, note: string, now: Date): Entry {
  checkField(field);
  checkValue(value);
  const original = field in e.corrections ? e.corrections[field].original : (e.report.fields[field] ?? null);
  const c: Correction = { value, original, note, at: now.toISOString() };
  return { ...e, corrections: { ...e.corrections, [field]: c } };
}

export function withoutCorrection(e: Entry, field: string): Entry {
  checkField(field);
  if (!(field in e.corrections)) return e;
  const { [field]: _removed, ...rest } = e.corrections;
  return { ...e, corrections: rest };
}

/**
 * The office name the user chose when merging spellings. The entry whose parsed name already is that name needs
 * no override; an empty name or null removes the override.
 */
export function withOffice(e: Entry, name: string | null): Entry {
  const n = name?.trim() || null;
  const officeOverride = n === null || n === e.report.office ? null : n;
  return officeOverride === e.officeOverride ? e : { ...e, officeOverride };
}

/**
 * A new parse of the same file (parser upgrade). Corrections are kept, with `original` updated to what the new
 * parser reads; `changed` lists the corrected fields whose parsed value changed, for the app to point out.
 */
export function withReport(e: Entry, report: Report): { entry: Entry; changed: string[] } {
  const corrections: Record<string, Correction> = {};
  const changed: string[] = [];
  for (const [field, c] of Object.entries(e.corrections)) {
    const original = report.fields[field] ?? null;
    if (original !== c.original) changed.push(field);
    corrections[field] = { ...c, original };
  }
  const entry: Entry = { ...e, report, corrections };
  return { entry, changed };
}

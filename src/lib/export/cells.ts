/**
 * How one value is written into one CSV cell and read back, so that blank, 0, `/` and any other text stay
 * distinct through a file, Excel and back, and no cell can run as a formula. Pure.
 *
 * A value cell (a field, a long-CSV value or original):
 * - blank (`null`) is an empty cell;
 * - a number is written as JavaScript prints it (`0`, `12`, `32.781`, `-3`): Excel reads it as a number;
 * - text is written as it is (`/`, `无`, `—`) unless the importer would read it as something else (a blank, a
 *   number: `"0"`, `"12"`, `""`, `"  "`) or it starts with a character a spreadsheet may run as a formula
 *   (`= + - @`, tab, CR) or with `'`: then it gets one leading `'` (`'0`, `'`, `'-`, `'=cmd|…`).
 * Reading reverses it: an empty or all-space cell is blank; a cell starting with `'` is text (one `'` removed);
 * a cell that is a number (spaces around allowed, as Excel re-saves quoted numbers) is that number; anything else
 * is text exactly as written. A text column (office, file name, …) uses the same `'` rule without numbers.
 */
import type { CellValue } from '../form/model.ts';

/** Characters that make Excel, LibreOffice or Google Sheets treat a cell as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export function decodeValue(cell: string): CellValue {
  if (cell.startsWith("'")) return cell.slice(1);
  const t = cell.trim();
  if (t === '') return null;
  if (NUMBER.test(t)) {
    const n = Number(t);
    if (Number.isFinite(n)) return n;
  }
  return cell;
}

export function encodeValue(v: CellValue): string {
  // NaN and ±Infinity are no cell value (the parser never makes one): written blank, as JSON.stringify does.
  if (v === null || (typeof v === 'number' && !Number.isFinite(v))) return '';
  if (typeof v === 'number') return String(v);
  // Guards formula injection (FORMULA_START) and keeps text "0" / "" / "'x" from reading back as 0 / blank / "x".
  if (FORMULA_START.test(v) || decodeValue(v) !== v) return "'" + v;
  return v;
}

/** A text-only column: `null` ↔ empty cell; `''` ↔ `'`; all-space text, a leading formula character or `'` gets a `'`. */
export function encodeText(v: string | null): string {
  if (v === null) return '';
  if (v.trim() === '' || v.startsWith("'") || FORMULA_START.test(v)) return "'" + v;
  return v;
}

export function decodeText(cell: string): string | null {
  if (cell.startsWith("'")) return cell.slice(1);
  if (cell.trim() === '') return null;
  return cell;
}

/** Kind of a value, as the long CSV names it. */
export type ValueKind = 'number' | 'blank' | 'text';
export const kindOf = (v: CellValue): ValueKind =>
  typeof v === 'number' ? (Number.isFinite(v) ? 'number' : 'blank') : v === null ? 'blank' : 'text';

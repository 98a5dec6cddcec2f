/**
 * The mistakes real offices make when filling in the form, injected into a consistent field map: one cell off by k,
 * the 总计 row or column left at 0, 上年结转 and 结转下年度 swapped, two digits transposed, a row shifted by one
 * column. Used by the tests and the benchmark to measure diagnosis; each returns the cells it changed with their
 * true values, or null when the map offers nothing to inject into (e.g. an all-zero table). Pure.
 */
import { S3_APPLICANT_COLUMNS, S3_COLUMNS, S3_ROWS, S4_FIELD_IDS, type Fields } from '../form/model.ts';
import type { ExplanationKind } from './diagnose.ts';

type Rng = () => number;
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

export interface Injected {
  /** The diagnosis that names this mistake. */
  kind: ExplanationKind;
  /** Every cell changed, with its true value: what a correct suggestion gives back. */
  truth: Record<string, number>;
}

export type ErrorKind = 'cell' | 'total_row_zero' | 'total_column_zero' | 'swap_carried' | 'transposition' | 'row_shift';
export const ERROR_KINDS: readonly ErrorKind[] = ['cell', 'total_row_zero', 'total_column_zero', 'swap_carried', 'transposition', 'row_shift'];

/** The cells of parts 三 and 四 (the ones relations 1–4 hold). */
export const CHECKED_CELLS: readonly string[] = [
  ...S3_ROWS.flatMap((row) => S3_COLUMNS.map((c) => `s3.${row.key}.${c}`)),
  ...S4_FIELD_IDS,
];

/** Inject one mistake of `kind` into `f` (changed in place). */
export function injectError(f: Fields, kind: ErrorKind, r: Rng): Injected | null {
  const truth: Record<string, number> = {};
  const set = (id: string, v: number) => {
    if (f[id] !== v) truth[id] = f[id] as number;
    f[id] = v;
  };
  switch (kind) {
    case 'cell': {
      const id = pick(r, CHECKED_CELLS);
      const v = f[id] as number;
      const d = pick(r, [1, 2, 3, 10]);
      set(id, v >= d && r() < 0.5 ? v - d : v + d);
      return { kind: 'cell', truth };
    }
    case 'total_row_zero':
      for (const c of S3_COLUMNS) set(`s3.total.${c}`, 0);
      return Object.keys(truth).length >= 2 ? { kind, truth } : null;
    case 'total_column_zero':
      for (const row of S3_ROWS) set(`s3.${row.key}.total`, 0);
      return Object.keys(truth).length >= 2 ? { kind, truth } : null;
    case 'swap_carried': {
      const carried = S3_COLUMNS.map((c) => f[`s3.carried.${c}`] as number);
      S3_COLUMNS.forEach((c, i) => {
        set(`s3.carried.${c}`, f[`s3.carryforward.${c}`] as number);
        set(`s3.carryforward.${c}`, carried[i]);
      });
      return Object.keys(truth).length ? { kind, truth } : null;
    }
    case 'transposition': {
      const spots = CHECKED_CELLS.flatMap((id) => transpositions(f[id] as number).map((v) => [id, v] as const));
      if (!spots.length) return null;
      const [id, v] = pick(r, spots);
      set(id, v);
      return { kind, truth };
    }
    case 'row_shift': {
      const rows = S3_ROWS.filter((row) => S3_APPLICANT_COLUMNS.some((c) => f[`s3.${row.key}.${c}`] !== 0));
      if (!rows.length) return null;
      const row = pick(r, rows).key;
      const ids = S3_COLUMNS.map((c) => `s3.${row}.${c}`);
      const t = ids.map((id) => f[id] as number);
      const printed = r() < 0.5 ? [0, ...t.slice(0, 6)] : [...t.slice(1), 0];
      ids.forEach((id, i) => set(id, printed[i]));
      // Shifting a row with a single value in its last applicant column changes one cell only: a plain cell error.
      return { kind: Object.keys(truth).length === 1 ? 'cell' : kind, truth };
    }
  }
}

/** Values with two adjacent, different digits swapped (no leading zero): 12 → 21, 305 → 350. */
function transpositions(v: number): number[] {
  const s = String(v);
  const out: number[] = [];
  for (let i = 0; i + 1 < s.length; i++) {
    if (s[i] === s[i + 1] || (i === 0 && s[i + 1] === '0')) continue;
    out.push(Number(s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2)));
  }
  return out;
}

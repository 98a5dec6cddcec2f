/**
 * From the value tokens of one table row to every way of reading them as the row's cells. Separated tokens are
 * one cell each; a digit run may hold several glued cells (`713000074` = 71 3 0 0 0 0 74), cut where no cell but
 * `0` starts with `0`; too few values mean blank cells whose place is unknown. Choosing among the readings is the
 * job of `solve.ts`. Pure.
 */
import type { CellValue } from '../form/model.ts';
import { isValueToken, type Token } from './tokenize.ts';

export type Piece =
  /** An integer digit run, possibly several glued cells (unless `whole`: a separated cell, one number). */
  | { kind: 'digits'; text: string; start: number; end: number; whole?: boolean }
  /** A number that can only be one cell (decimal point, thousands separator, sign). */
  | { kind: 'number'; value: number; text: string; start: number; end: number }
  | { kind: 'text'; text: string; start: number; end: number }
  | { kind: 'empty'; start: number; end: number };

export interface Candidate {
  cells: CellValue[];
  /** Offsets of each cell in the text; null for an inserted blank. */
  spans: ([number, number] | null)[];
  /** A digit run was cut into several cells. */
  split: boolean;
  /** Blank cells inserted because there were fewer values than cells. */
  inserted: number;
  /** Prior cost: lower is more plausible, used only to break ties the arithmetic leaves. */
  cost: number;
}

export interface RowValues {
  pieces: Piece[];
  /** The tokens after the values, if any (prose, the next label). */
  stoppedAt: Token | null;
  /** Text skipped between the label and the first value. */
  skipped: string;
}

const YEAR_AT_END = /(19[89]\d|20\d\d)$/;

/**
 * Most digits a cell's number may have. No count or amount in a report comes near it, and beyond it a double no
 * longer holds every digit. A longer number is kept as the cell's text (`numberValue`); a cell cut out of a glued
 * run is never longer (`npm run fuzz` found a 400-digit run that took seconds per row and read as Infinity).
 */
export const MAX_DIGITS = 15;

/** A cell's number from its text, or the text itself when it has too many digits to be one (never Infinity). */
export function numberValue(text: string): number | string {
  const v = Number(text.replace(/,/g, ''));
  return Number.isFinite(v) && text.replace(/\D/g, '').length <= MAX_DIGITS ? v : text;
}

/**
 * The value pieces at the start of `tokens`: label remainders before the first value are skipped, collection
 * stops at the first text that is not a value. A year glued to the end of the last number and followed by 年
 * (`…收费02025年，我局…`) belongs to the prose after the table and is cut off.
 */
export function collectValues(tokens: readonly Token[], opts: { skippable?: (t: Token) => boolean; max?: number } = {}): RowValues {
  let i = 0;
  const skipped: string[] = [];
  while (i < tokens.length && ((tokens[i].kind === 'empty' && !tokens[i].explicit) || !isValueToken(tokens[i]))) {
    if (tokens[i].kind === 'txt') skipped.push(tokens[i].text);
    i++;
  }
  const vals: Token[] = [];
  for (; i < tokens.length; i++) {
    const t = tokens[i];
    if (isValueToken(t)) vals.push(t);
    else if (opts.skippable?.(t) && (opts.max === undefined || vals.length < opts.max)) continue;
    else break;
  }
  const stoppedAt = i < tokens.length ? tokens[i] : null;
  while (vals.length && vals[vals.length - 1].kind === 'empty' && !vals[vals.length - 1].explicit) vals.pop();
  const last = vals[vals.length - 1];
  if (last && last.kind === 'num' && stoppedAt && stoppedAt.glued && /^\d+$/.test(last.text)) {
    if (stoppedAt.text.startsWith('年') && YEAR_AT_END.test(last.text)) {
      const keep = last.text.length - 4;
      if (keep === 0) vals.pop();
      else vals[vals.length - 1] = { ...last, text: last.text.slice(0, keep), end: last.end - 4 };
    } else if (/^[.、．][^\d]/.test(stoppedAt.text)) {
      // The list number of a label we did not recognise (`…00000002.其他法律…`).
      if (last.text.length === 1) vals.pop();
      else vals[vals.length - 1] = { ...last, text: last.text.slice(0, -1), end: last.end - 1 };
    }
  }
  const pieces: Piece[] = vals.map((t): Piece => {
    if (t.kind === 'empty') return { kind: 'empty', start: t.start, end: t.end };
    if (t.kind === 'txt') return { kind: 'text', text: t.text.trim(), start: t.start, end: t.end };
    if (/^\d+$/.test(t.text)) return { kind: 'digits', text: t.text, start: t.start, end: t.end, whole: t.cell === true };
    const v = numberValue(t.text);
    if (typeof v === 'string') return { kind: 'text', text: v, start: t.start, end: t.end };
    return { kind: 'number', value: v, text: t.text, start: t.start, end: t.end };
  });
  return { pieces, stoppedAt, skipped: skipped.join('') };
}

export interface CutOptions {
  /** Stop after this many readings. */
  limit?: number;
  /**
   * Called after each cell is placed (its index is `cells.length - 1`); returning false drops every reading that
   * starts so. Used to keep only readings whose totals add up, which also keeps long runs cheap.
   */
  accept?: (cells: readonly CellValue[]) => boolean;
  /** Allow up to this many blank cells to be inserted when the values are too few. @default 2 */
  maxInserted?: number;
}

export interface CutResult {
  candidates: Candidate[];
  /** The enumeration hit its limit: more readings exist. */
  truncated: boolean;
  /** Fewer cells can be made than the row has. */
  tooFew: boolean;
  /** More values than the row has cells. */
  tooMany: boolean;
}

const pieceMax = (p: Piece): number => (p.kind === 'digits' && !p.whole ? p.text.length : 1);

/** Every reading of `pieces` as exactly `k` cells. */
export function cutRow(pieces: readonly Piece[], k: number, opts: CutOptions = {}): CutResult {
  const limit = opts.limit ?? 5000;
  const maxCells = pieces.reduce((a, p) => a + pieceMax(p), 0);
  const result: CutResult = { candidates: [], truncated: false, tooFew: false, tooMany: pieces.length > k };
  if (pieces.length === 0) return result;
  if (result.tooMany) return result;
  if (maxCells < k) {
    result.tooFew = true;
    const deficit = k - maxCells;
    if (deficit > (opts.maxInserted ?? 2)) return result;
    const base = enumerate(pieces, maxCells, limit, undefined);
    for (const c of base.candidates) for (const withBlanks of insertBlanks(c, k, deficit)) result.candidates.push(withBlanks);
    return result;
  }
  const e = enumerate(pieces, k, limit, opts.accept);
  result.candidates = e.candidates;
  result.truncated = e.truncated;
  return result;
}

function enumerate(
  pieces: readonly Piece[],
  k: number,
  limit: number,
  accept: CutOptions['accept'],
): { candidates: Candidate[]; truncated: boolean } {
  const out: Candidate[] = [];
  const cells: CellValue[] = [];
  const spans: [number, number][] = [];
  // Remaining capacity after piece i: suffix sums of min (1 each) and max cells.
  const n = pieces.length;
  const sufMax = new Array<number>(n + 1).fill(0);
  for (let i = n - 1; i >= 0; i--) sufMax[i] = sufMax[i + 1] + pieceMax(pieces[i]);
  let nodes = 0;
  let truncated = false;
  let split = 0;

  const emit = () => {
    out.push({ cells: cells.slice(), spans: spans.slice(), split: split > 0, inserted: 0, cost: 0 });
    if (out.length >= limit) truncated = true;
  };

  const dfs = (pi: number, off: number): void => {
    if (truncated || ++nodes > 400_000) {
      truncated = true;
      return;
    }
    if (pi === n) {
      if (cells.length === k) emit();
      return;
    }
    const p = pieces[pi];
    const remainingPieces = n - pi - (off > 0 ? 1 : 0);
    const need = k - cells.length;
    if (p.kind !== 'digits') {
      if (need < n - pi || need > sufMax[pi]) return;
      cells.push(p.kind === 'number' ? p.value : p.kind === 'text' ? p.text : null);
      spans.push([p.start, p.end]);
      if ((!accept || accept(cells)) && (cells.length < k || pi + 1 === n)) dfs(pi + 1, 0);
      cells.pop();
      spans.pop();
      return;
    }
    const s = p.text;
    const rest = s.length - off;
    // Capacity check: this piece's remaining digits plus later pieces.
    if (need < remainingPieces + (off > 0 ? 1 : 0) || need > rest + sufMax[pi + 1]) return;
    for (let len = p.whole ? rest : 1; len <= rest; len++) {
      // Only the whole run may be longer than MAX_DIGITS (it is then text): skip to it, or stop.
      if (len > MAX_DIGITS && len < rest) len = rest;
      const whole = off === 0 && len === rest;
      if (!whole && len > MAX_DIGITS) break;
      const sub = s.slice(off, off + len);
      if (!whole && len > 1 && sub[0] === '0') break;
      cells.push(len > MAX_DIGITS ? sub : Number(sub)); // digits only: numberValue without its regular expressions
      spans.push([p.start + off, p.start + off + len]);
      const isSplit = !whole;
      if (isSplit) split++;
      if (accept && !accept(cells)) {
        // pruned
      } else if (len === rest) dfs(pi + 1, 0);
      else if (cells.length < k) dfs(pi, off + len);
      if (isSplit) split--;
      cells.pop();
      spans.pop();
      if (truncated) return;
    }
  };
  dfs(0, 0);
  return { candidates: out, truncated };
}

/** Every way of placing `d` blank cells among the `k` cells of a reading. */
function insertBlanks(c: Candidate, k: number, d: number): Candidate[] {
  const out: Candidate[] = [];
  const choose = (start: number, left: number, picked: number[]) => {
    if (left === 0) {
      const cells: CellValue[] = [];
      const spans: ([number, number] | null)[] = [];
      let j = 0;
      for (let i = 0; i < k; i++) {
        if (picked.includes(i)) {
          cells.push(null);
          spans.push(null);
        } else {
          cells.push(c.cells[j]);
          spans.push(c.spans[j++]);
        }
      }
      out.push({ cells, spans, split: c.split, inserted: d, cost: 0 });
      return;
    }
    for (let i = start; i < k; i++) choose(i + 1, left - 1, [...picked, i]);
  };
  choose(0, d, []);
  return out;
}

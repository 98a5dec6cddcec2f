/**
 * Splits a stretch of normalised text into number, text and empty-cell tokens with their offsets. Tabs and `|`
 * separate cells (an empty cell between two of them is a blank); spaces and line breaks separate too, but a digit
 * run with no separator inside may still hold several glued cells, which `cut.ts` resolves. Pure.
 */

export type TokenKind = 'num' | 'txt' | 'empty';

/**
 * A cell the source knows to be empty (a PDF column with no text in this row, an empty HTML or Word cell after
 * the label). Unlike an empty tab cell it keeps its place at the start or end of a row's values.
 */
export const BLANK_CELL = '\u2400';

export interface Token {
  kind: TokenKind;
  /** An empty cell marked explicitly by the source (BLANK_CELL). */
  explicit?: boolean;
  /** The token is a whole tab- or `|`-separated cell: a digit run here is one number, never glued cells. */
  cell?: boolean;
  text: string;
  /** Offsets in the normalised text (same as the input). */
  start: number;
  end: number;
  /** No separator between this token and the previous one (`予以公开1000001`). */
  glued: boolean;
}

/** Cell texts that mean "not applicable" rather than a number or a blank. */
export const VALUE_WORD = /^(?:[/／\\]|[-－—–─]{1,3}|无|空|暂无|不适用|\*|×)$/;

export const isValueToken = (t: Token): boolean => t.kind !== 'txt' || VALUE_WORD.test(t.text);

const isDigit = (code: number): boolean => code >= 48 && code <= 57;

function chunkTokens(s: string, from: number, to: number, out: Token[], firstGlued: boolean): void {
  let i = from;
  let glued = firstGlued;
  while (i < to) {
    const start = i;
    const code = s.charCodeAt(i);
    const negative = code === 45 && i === from && i + 1 < to && isDigit(s.charCodeAt(i + 1));
    if (isDigit(code) || negative) {
      i++;
      while (i < to) {
        const c = s.charCodeAt(i);
        if (isDigit(c)) i++;
        else if (
          c === 44 && // thousands separator: ",ddd" not followed by another digit
          i + 3 < to &&
          isDigit(s.charCodeAt(i + 1)) &&
          isDigit(s.charCodeAt(i + 2)) &&
          isDigit(s.charCodeAt(i + 3)) &&
          !(i + 4 < to && isDigit(s.charCodeAt(i + 4)))
        )
          i += 4;
        else if (c === 46 && i + 1 < to && isDigit(s.charCodeAt(i + 1)) && !s.slice(start, i).includes('.')) i++;
        else break;
      }
      out.push({ kind: 'num', text: s.slice(start, i), start, end: i, glued });
    } else if (code === 0x2400) {
      i++;
      out.push({ kind: 'empty', text: '', start, end: i, glued, explicit: true });
    } else {
      i++;
      while (i < to && !isDigit(s.charCodeAt(i)) && s.charCodeAt(i) !== 0x2400) i++;
      out.push({ kind: 'txt', text: s.slice(start, i), start, end: i, glued });
    }
    glued = true;
  }
}

/** Tokens of `s[from, to)`. */
export function tokenize(s: string, from = 0, to = s.length): Token[] {
  const out: Token[] = [];
  let lineStart = from;
  while (lineStart < to) {
    let lineEnd = s.indexOf('\n', lineStart);
    if (lineEnd < 0 || lineEnd > to) lineEnd = to;
    lineTokens(s, lineStart, lineEnd, out);
    lineStart = lineEnd + 1;
  }
  return out;
}

function lineTokens(s: string, from: number, to: number, out: Token[]): void {
  const line = s.slice(from, to);
  if (!line.includes('\t') && !line.includes('|')) {
    spaceChunks(s, from, to, out);
    return;
  }
  // Cells separated by tabs or pipes.
  const cells: [number, number][] = [];
  let cs = from;
  for (let i = from; i <= to; i++) {
    if (i === to || s[i] === '\t' || s[i] === '|') {
      cells.push([cs, i]);
      cs = i + 1;
    }
  }
  const blank = (c: [number, number]) => s.slice(c[0], c[1]).trim() === '';
  const first = cells.findIndex((c) => !blank(c));
  if (first < 0) {
    // A line of nothing but separators: one empty cell (a blank cell in one-cell-per-line text).
    out.push({ kind: 'empty', text: '', start: from, end: to, glued: false });
    return;
  }
  let last = cells.length - 1;
  while (blank(cells[last])) last--;
  for (let k = first; k <= last; k++) {
    const [a, b] = cells[k];
    if (blank(cells[k])) out.push({ kind: 'empty', text: '', start: a, end: b, glued: false });
    else {
      const n = out.length;
      spaceChunks(s, a, b, out);
      if (out.length === n + 1) out[n].cell = true;
    }
  }
}

function spaceChunks(s: string, from: number, to: number, out: Token[]): void {
  let i = from;
  while (i < to) {
    while (i < to && s.charCodeAt(i) === 32) i++;
    if (i >= to) break;
    const start = i;
    while (i < to && s.charCodeAt(i) !== 32) i++;
    chunkTokens(s, start, i, out, false);
  }
}

/** 1-based line numbers for offsets, by binary search over line starts. */
export class LineIndex {
  readonly #starts: number[] = [0];
  constructor(s: string) {
    for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) this.#starts.push(i + 1);
  }
  line(offset: number): number {
    let lo = 0;
    let hi = this.#starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.#starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}

/**
 * Text normalisation that keeps every character at its offset, so a value found in the normalised text points
 * straight back at the input (provenance). Folds what fonts and editors vary (radicals, full-width digits,
 * odd spaces, CR) and blanks out lines that are page furniture (page numbers, ruled lines). Pure.
 */
import { RADICALS_FROM, RADICALS_TO } from './radicals.ts';

const FOLD = new Map<string, string>();
for (let i = 0; i < RADICALS_FROM.length; i++) FOLD.set(RADICALS_FROM[i], RADICALS_TO[i]);
for (let d = 0; d < 10; d++) FOLD.set(String.fromCharCode(0xff10 + d), String(d));
for (const c of ['\u00a0', '\u2002', '\u2003', '\u2009', '\u200b', '\u3000', '\ufeff', '\f', '\v']) FOLD.set(c, ' ');
FOLD.set('．', '.');
FOLD.set('\r', '\n');

const FOLD_RE = /[\u2e80-\u2fdf\uff10-\uff19\u00a0\u2002\u2003\u2009\u200b\u3000\ufeff\f\v．\r]/g;

/** Length-preserving character fold. `\r\n` becomes ` \n` (one line break), a lone `\r` a line break. */
export function foldChars(s: string): string {
  return s.replace(/\r\n/g, ' \n').replace(FOLD_RE, (c) => FOLD.get(c) ?? c);
}

/** Page furniture that can fall inside a table: `— 3 —`, `-3-`, `第 3 页 共 6 页`, `3 / 6`, ruled lines. */
const FURNITURE_LINE = new RegExp(
  [
    String.raw`^\s*[-—–－~～]+\s*\d{1,4}\s*[-—–－~～]+\s*$`,
    String.raw`^\s*第\s*\d{1,4}\s*页\s*([,，/]?\s*共\s*\d{1,4}\s*页)?\s*$`,
    String.raw`^\s*\d{1,4}\s*/\s*\d{1,4}\s*$`,
    String.raw`^\s*(page|Page|PAGE)\s*\d{1,4}(\s*(of|/)\s*\d{1,4})?\s*$`,
    String.raw`^[\s|:：]*([-—=_]{3,}[\s|:：+]*)+$`,
  ].join('|'),
);

/** Fold characters and blank out furniture lines (replaced by spaces, so offsets do not move). */
export function normalizeText(s: string): string {
  const folded = foldChars(s);
  if (!/[-—–－~～第/=_ageAGE]/.test(folded)) return folded;
  const lines = folded.split('\n');
  let changed = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.length <= 200 && FURNITURE_LINE.test(line)) {
      lines[i] = ' '.repeat(line.length);
      changed = true;
    }
  }
  return changed ? lines.join('\n') : folded;
}

const COMPACT_FOLD: Record<string, string> = {
  '（': '(',
  '）': ')',
  '：': ':',
  '，': ',',
  '；': ';',
  '－': '-',
  '〔': '[',
  '〕': ']',
  '【': '[',
  '】': ']',
  '＜': '<',
  '＞': '>',
  '／': '/',
};

/**
 * The text with every space, tab, line break and `|` removed and full-width punctuation folded, for finding
 * labels that arrive split (`商业` / `企业`, `自 然 人`). `map[i]` is the offset in the input of compact char `i`.
 */
export interface Compact {
  text: string;
  map: Int32Array;
}

export function compact(s: string, from = 0, to = s.length): Compact {
  const map = new Int32Array(Math.max(0, to - from));
  let out = '';
  let n = 0;
  const parts: string[] = [];
  for (let i = from; i < to; i++) {
    const code = s.charCodeAt(i);
    // Normalised text has only these separators left: space, tab, line break, and `|` from web tables.
    if (code === 32 || code === 9 || code === 10 || code === 124 || code === 13) continue;
    const c = s[i];
    parts.push(COMPACT_FOLD[c] ?? c);
    map[n++] = i;
    if (parts.length >= 4096) {
      out += parts.join('');
      parts.length = 0;
    }
  }
  out += parts.join('');
  return { text: out, map: map.subarray(0, n) };
}

/**
 * The prose of a report, cut into sentences: part 一 (everything before the part-二 table) and part 五 (存在的主要问题
 * 及改进情况). The parser stores short hashes of these sentences in `meta.narrative`, so that repeated narrative can be
 * measured across years from saved JSON, and the part-一 sentences that state numbers in `meta.prose` (relation 6).
 * Pure.
 */
import type { Source } from '../parse/types.ts';

/** A crawler's header block ends with a `==== 正文 ====` line; what precedes it is not the report. */
const BODY_MARK = /^=+\s*正文\s*=+\s*$/m;
/** Part 二's heading: `二、主动公开政府信息情况` (also `二.` or without punctuation). */
const PART2_HEADING = /二\s*[、.．]?\s*主\s*动\s*公\s*开\s*政\s*府\s*信\s*息\s*情\s*况/g;
const PART5_HEADING = /五\s*[、.．]\s*存\s*在\s*的?\s*主\s*要\s*问\s*题/g;
const PART6_HEADING = /六\s*[、.．]\s*其\s*他\s*需\s*要\s*报\s*告/;

/** Shortest sentence worth comparing (characters after normalisation): headings and fragments are left out. */
const MIN_SENTENCE = 8;

const HALF_TO_FULL: Record<string, string> = { '(': '（', ')': '）', ',': '，', ';': '；', ':': '：', '!': '！', '?': '？' };

/**
 * One sentence as compared: no whitespace (PDF text breaks lines anywhere), punctuation full width, thousands
 * separators removed. Line breaks and punctuation width therefore never change a sentence.
 */
export function normalizeSentence(s: string): string {
  return s
    .replace(/\s+/g, '')
    .replace(/(\d)[,，](?=\d{3}(?!\d))/g, '$1')
    .replace(/[(),;:!?]/g, (c) => HALF_TO_FULL[c]);
}

/** Sentences of a stretch of prose, normalised, in order (split at 。！？ and ；). */
export function sentences(prose: string): string[] {
  return normalizeSentence(prose)
    .split(/[。！？；]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * cyrb53 (a public-domain 53-bit string hash) in base 36: short, stable across platforms, and collisions between
 * two sentences of one office's reports are negligible at 53 bits.
 */
export function hashSentence(s: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/**
 * The key a sentence is compared by across years: the year it names is masked (`2024年` → `#年`), so a paragraph
 * carried forward with only its year updated still counts as repeated, as evaluators of these reports count it.
 */
export function narrativeKey(sentence: string): string {
  return hashSentence(sentence.replace(/20\d\d(?=年)/g, '#'));
}

export interface Prose {
  /** Part 一, from the start of the report body to the part-二 table. Empty when the table was not found. */
  part1: string;
  /** Part 五, from its heading to part 六 or the end. Empty when the heading was not found. */
  part5: string;
}

function lastMatchBefore(re: RegExp, text: string, from: number, before: number): number {
  re.lastIndex = from;
  let best = -1;
  for (let m = re.exec(text); m && m.index < before; m = re.exec(text)) best = m.index;
  return best;
}

/**
 * Cut parts 一 and 五 out of a report's text, given where the parser read table values (`meta.sources`): part 一 ends
 * at the last part-二 heading before the first value (or at the first value), part 五 starts at its heading after
 * the last value.
 */
export function cutProse(text: string, sources: Readonly<Record<string, Source>>): Prose {
  const body = BODY_MARK.exec(text);
  const start = body ? body.index + body[0].length : 0;
  let first = Infinity;
  let last = -1;
  for (const s of Object.values(sources)) {
    if (s.start < first) first = s.start;
    if (s.end > last) last = s.end;
  }
  let part1 = '';
  if (Number.isFinite(first) && first > start) {
    const heading = lastMatchBefore(PART2_HEADING, text, start, first);
    part1 = text.slice(start, heading > start ? heading : first);
  }
  let part5 = '';
  if (last >= 0) {
    PART5_HEADING.lastIndex = last;
    const h = PART5_HEADING.exec(text);
    if (h) {
      const rest = text.slice(h.index);
      const six = PART6_HEADING.exec(rest);
      part5 = rest.slice(0, six ? six.index : rest.length);
    }
  }
  return { part1: part1.trim(), part5: part5.trim() };
}

/** Words that mark a part-一 sentence as stating a number the tables also hold (relation 6). */
const PROSE_TOPICS = /申请|办结|答复|办复|规范性文件|规章|行政复议|行政诉讼|收费/;

/** What the parser adds to `meta`: narrative hashes and the part-一 sentences relation 6 reads. */
export function narrativeMeta(text: string, sources: Readonly<Record<string, Source>>): {
  narrative: { part1: string[]; part5: string[] };
  prose: string[];
} {
  const { part1, part5 } = cutProse(text, sources);
  const s1 = sentences(part1);
  const keys = (ss: string[]) => ss.filter((s) => s.length >= MIN_SENTENCE).map(narrativeKey);
  return {
    narrative: { part1: keys(s1), part5: keys(sentences(part5)) },
    prose: s1.filter((s) => PROSE_TOPICS.test(s) && (/\d/.test(s) || /(?:未|没有)(?:收到|接到|受理)/.test(s))),
  };
}

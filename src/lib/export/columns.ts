/**
 * The columns of the wide and long CSV, with their two header spellings (canonical id, Chinese label), shared by
 * the writer and the importer so the two cannot drift apart. Pure.
 */
import { FIELD_IDS, fieldLabel, shortFieldLabel } from '../form/model.ts';

/** Header spelling: canonical ids (`s3.new.natural`, for pandas and scripts) or Chinese labels (for Excel). */
export type HeaderStyle = 'ids' | 'labels';

export interface CsvOptions {
  /** @default 'ids' */
  headers?: HeaderStyle;
}

export const WIDE_HEAD = [
  ['office', '机关名称'],
  ['year', '年度'],
  ['layout', '表式'],
  ['file', '源文件'],
  ['sha256', 'SHA-256'],
  ['parser', '解析器版本'],
] as const;

export const WIDE_TAIL = [
  ['failed_checks', '勾稽不符数'],
  ['issues', '提示数'],
  ['issue_codes', '提示代码'],
  ['corrections', '更正记录'],
] as const;

export const LONG_COLUMNS = [
  ['sha256', 'SHA-256'],
  ['file', '源文件'],
  ['office', '机关名称'],
  ['year', '年度'],
  ['field', '字段代码'],
  ['label', '字段名称'],
  ['value', '值'],
  ['kind', '类型'],
  // `original` before `corrected`: the last cell of a row is never empty, so a file cut inside its last row cannot
  // read as complete (a cut `yes` / `no` / 是 / 否 is no word; an empty original could be a cut one).
  ['original', '原值'],
  ['corrected', '已更正'],
] as const;

export type WideKey = (typeof WIDE_HEAD)[number][0] | (typeof WIDE_TAIL)[number][0];
export type LongKey = (typeof LONG_COLUMNS)[number][0];

/** Kind and yes/no words of the long CSV in each header style; the importer accepts both. */
export const KIND_WORDS = {
  ids: { number: 'number', blank: 'blank', text: 'text' },
  labels: { number: '数字', blank: '空白', text: '文字' },
} as const;
export const YES_NO = { ids: ['yes', 'no'], labels: ['是', '否'] } as const;

export function wideHeader(style: HeaderStyle): string[] {
  const k = style === 'ids' ? 0 : 1;
  return [
    ...WIDE_HEAD.map((c) => c[k]),
    ...FIELD_IDS.map((id) => (style === 'ids' ? id : shortFieldLabel(id))),
    ...WIDE_TAIL.map((c) => c[k]),
  ];
}

export function longHeader(style: HeaderStyle): string[] {
  return LONG_COLUMNS.map((c) => c[style === 'ids' ? 0 : 1]);
}

/** Header cell → what it names: a wide/long column key, or a field id (`field:<id>`). Built once. */
let lookup: Map<string, string> | null = null;
export function headerLookup(): ReadonlyMap<string, string> {
  if (lookup) return lookup;
  const m = new Map<string, string>();
  for (const [id, label] of [...WIDE_HEAD, ...WIDE_TAIL, ...LONG_COLUMNS]) {
    m.set(id, id);
    m.set(label, id);
  }
  m.set('sha-256', 'sha256');
  for (const id of FIELD_IDS) {
    m.set(id, `field:${id}`);
    m.set(shortFieldLabel(id), `field:${id}`);
    // The full label as the form prints it, for sheets a user relabelled from the form.
    if (!m.has(fieldLabel(id))) m.set(fieldLabel(id), `field:${id}`);
  }
  lookup = m;
  return m;
}

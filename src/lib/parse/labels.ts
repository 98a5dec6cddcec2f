/**
 * How each table row is recognised in the compact text: distinctive key strings (with the typos and variants
 * real reports print), the label text before the key (to find where a label starts, numbering included) and
 * how far from the previous row it may be. Keys are in compact form: no spaces, ASCII parentheses. Pure.
 */
import type { Compact } from './normalize.ts';

export interface RowSpec {
  key: string;
  /**
   * Distinctive substrings. The earliest one found is the key, so a label wrapped around its own numbers (a
   * PDF cell whose second line falls after the values, or on the next page) is still found by its first words.
   */
  aliases: readonly string[];
  /** Label text printed before the alias (`属于` in `1.属于国家秘密`): the label start is extended over it. */
  head?: string;
  /** List number printed before the label (`1.` … `8.`). */
  number?: number;
  /** Max compact characters between the previous row's key and this one's. */
  window?: number;
}

export const S3_SPECS: readonly RowSpec[] = [
  { key: 'new', aliases: ['本年新收', '新收政府信息公开申请', '本年新收到'], head: '一、' },
  { key: 'carried', aliases: ['上年结转', '上年度结转'], head: '二、' },
  { key: 'granted', aliases: ['予以公开'], head: '三、本年度办理结果(一)', window: 400 },
  { key: 'partial', aliases: ['部分公开'], head: '(二)' },
  { key: 'denied.secret', aliases: ['国家秘密'], head: '(三)不予公开1.属于', number: 1 },
  { key: 'denied.law', aliases: ['法规禁止公开', '禁止公开', '其他法律行政法规'], head: '其他法律行政', number: 2 },
  { key: 'denied.safety', aliases: ['三安全一稳定', '危及'], head: '危及“', number: 3 },
  { key: 'denied.third_party', aliases: ['第三方合法权益', '第三方'], head: '保护', number: 4 },
  { key: 'denied.internal', aliases: ['内部事务'], head: '属于三类', number: 5 },
  { key: 'denied.process', aliases: ['过程性信息', '过程性'], head: '属于四类', number: 6 },
  { key: 'denied.enforcement', aliases: ['执法案卷', '执法案件', '行政执法'], head: '属于行政', number: 7 },
  { key: 'denied.query', aliases: ['行政查询', '查询事项'], head: '属于', number: 8 },
  { key: 'unable.no_info', aliases: ['不掌握'], head: '(四)无法提供1.本机关', number: 1 },
  { key: 'unable.need_create', aliases: ['另行制作', '现成信息'], head: '没有现成信息需要', number: 2 },
  { key: 'unable.unclear', aliases: ['仍不明确', '不明确', '补正后申请内容'], head: '补正后申请内容', number: 3 },
  { key: 'ignored.petition', aliases: ['信访举报', '投诉类'], head: '(五)不予处理1.', number: 1 },
  { key: 'ignored.duplicate', aliases: ['重复申请'], head: '', number: 2 },
  { key: 'ignored.publication', aliases: ['出版物', '要求提供公开'], head: '要求提供公开', number: 3 },
  { key: 'ignored.massive', aliases: ['大量反复', '反复申请', '无正当理由大量'], head: '无正当理由', number: 4 },
  { key: 'ignored.confirm', aliases: ['确认或重新出具', '重新出具', '要求行政机关确认'], head: '要求行政机关', number: 5 },
  { key: 'other.overdue_correction', aliases: ['逾期不补正', '不补正', '申请人无正当理由'], head: '(六)其他处理1.', number: 1 },
  { key: 'other.overdue_fee', aliases: ['收费通知', '缴纳费用', '申请人逾期未按', '逾期未按收费'], head: '', number: 2 },
  { key: 'other.other', aliases: ['其他'], head: '', number: 3 },
  { key: 'total', aliases: ['总计'], head: '(七)', window: 400 },
  { key: 'carryforward', aliases: ['结转下年度', '下年度继续办理', '转下年度'], head: '四、' },
];

export const S2_SPECS: readonly RowSpec[] = [
  { key: 'regulations', aliases: ['规章'] },
  { key: 'normative', aliases: ['规范性文件'], head: '行政' },
  { key: 'licensing', aliases: ['行政许可'] },
  { key: 'services', aliases: ['其他对外管理服务事项', '对外管理服务'] },
  { key: 'punishment', aliases: ['行政处罚'] },
  { key: 'coercion', aliases: ['行政强制'] },
  { key: 'fees', aliases: ['行政事业性收费', '事业性收费'] },
  { key: 'procurement', aliases: ['政府集中采购', '集中采购'] },
];

/** Printed names of the older (2019) part 二 rows, used as `legacy` keys. */
export const S2_LEGACY_NAMES: Record<string, string> = {
  regulations: '规章',
  normative: '规范性文件',
  licensing: '行政许可',
  services: '其他对外管理服务事项',
  punishment: '行政处罚',
  coercion: '行政强制',
  fees: '行政事业性收费',
  procurement: '政府集中采购',
};

export interface LabelHit {
  key: string;
  /** Compact offsets: where the label starts (numbering included), where the key starts and ends. */
  labelStart: number;
  keyStart: number;
  keyEnd: number;
  /** The key was found only with one character differing (a typo). */
  fuzzy: boolean;
}

const DEFAULT_WINDOW = 260;

function isAsciiDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** Start of the label whose key starts at `keyStart`: back over its printed head and list number. */
function labelStartOf(text: string, keyStart: number, spec: RowSpec, floor: number): number {
  let p = keyStart;
  const head = spec.head ?? '';
  // Digits and list punctuation are left for the numbering check below.
  const headChars = new Set(head.replace(/[\d.、,]/g, ''));
  let budget = head.length + 2;
  while (p > floor && budget > 0 && headChars.has(text[p - 1]) && !isAsciiDigit(text[p - 1])) {
    p--;
    budget--;
  }
  if (spec.number !== undefined) {
    const n = String(spec.number);
    const sep = text[p - 1];
    if ((sep === '.' || sep === '、' || sep === ',') && text.slice(p - 1 - n.length, p - 1) === n && p - 1 - n.length >= floor)
      return p - 1 - n.length;
    if (sep === ')' && text.slice(p - 2 - n.length, p - 1) === `(${n}` && p - 2 - n.length >= floor) return p - 2 - n.length;
  }
  return p;
}

/** First position of `needle` in `text[from, to)` with at most one character different, or -1. */
export function fuzzyIndexOf(text: string, needle: string, from: number, to: number): number {
  if (needle.length < 4) return -1;
  const last = Math.min(to, text.length) - needle.length;
  for (let i = from; i <= last; i++) {
    let diff = 0;
    for (let j = 0; j < needle.length && diff <= 1; j++) if (text[i + j] !== needle[j]) diff++;
    if (diff <= 1) return i;
  }
  return -1;
}

/**
 * Finds the rows of one table in order, starting at compact offset `from`. A row not found within its window
 * is `null`; the search for the next row goes on from the last row found.
 */
export function findRows(cp: Compact, from: number, specs: readonly RowSpec[], limit = cp.text.length): (LabelHit | null)[] {
  const text = cp.text;
  const hits: (LabelHit | null)[] = [];
  let cursor = from;
  for (const spec of specs) {
    const end = Math.min(limit, cursor + (spec.window ?? DEFAULT_WINDOW));
    let best = -1;
    let bestLen = 0;
    for (const alias of spec.aliases) {
      const i = text.indexOf(alias, cursor);
      if (i >= 0 && i + alias.length <= end && (best < 0 || i < best)) {
        best = i;
        bestLen = alias.length;
      }
    }
    let fuzzy = false;
    if (best < 0) {
      const i = fuzzyIndexOf(text, spec.aliases[0], cursor, end);
      if (i >= 0) {
        best = i;
        bestLen = spec.aliases[0].length;
        fuzzy = true;
      }
    }
    if (best < 0) {
      hits.push(null);
      continue;
    }
    hits.push({ key: spec.key, labelStart: labelStartOf(text, best, spec, cursor), keyStart: best, keyEnd: best + bestLen, fuzzy });
    cursor = best + bestLen;
  }
  return hits;
}

/** Every offset of `needle` in `text` (at most `max`). */
export function allIndexesOf(text: string, needle: string, max = 50, from = 0, to = text.length): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(needle, from); i >= 0 && i < to && out.length < max; i = text.indexOf(needle, i + 1)) out.push(i);
  return out;
}

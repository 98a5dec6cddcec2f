/**
 * Relation 6, prose against tables: the numbers part 一 states for quantities the tables also hold (收到申请 N 件,
 * 办结 N 件, the outcome groups, 结转, 规范性文件 and 规章 制发/废止/现行有效, 行政复议, 行政诉讼, 行政事业性收费), each
 * compared with the table, and an issue quoting the sentence for every disagreement. 主动公开 N 条 has no field in the
 * 2021 form and is not compared. Reads `meta.prose` (sentences the parser kept), so it also runs on saved JSON. Pure.
 */
import {
  S3_APPLICANT_COLUMNS,
  S3_OUTCOME_ROWS,
  S4_COLUMNS,
  shortFieldLabel,
  type CellValue,
  type Fields,
  type S3Column,
} from '../form/model.ts';
import type { Issue, Report } from '../parse/types.ts';

/** A number the prose states, with what it is about. */
export interface Statement {
  quantity: Quantity;
  value: number;
  unit: '件' | '条' | '项' | '万元' | '元';
  /** The clause it was read from. */
  clause: string;
  /** The whole sentence. */
  sentence: string;
}

export type Quantity =
  | 'received'
  | 'handled'
  | 'closed'
  | 'carried'
  | 'carryforward'
  | `outcome.${string}`
  | `applicant.${S3Column}`
  | 'applicant.orgs'
  | `s2.${'normative' | 'regulations'}.${'made' | 'repealed' | 'valid'}`
  | `s4.${'review' | 'suit'}.${'total' | 'upheld' | 'corrected' | 'other' | 'pending'}`
  | 's2.fees';

const NUMBER_UNIT = /(\d+(?:\.\d+)?)(件|条|项|万元|元)/g;
const APPLICANT_WORDS: [RegExp, S3Column | 'orgs'][] = [
  [/自然人/, 'natural'],
  [/法人或其他组织|法人和其他组织/, 'orgs'],
  [/商业企业/, 'commercial'],
  [/科研机构/, 'research'],
  [/社会公益组织/, 'social'],
  [/法律服务机构/, 'legal'],
];
const OUTCOME_WORDS: [RegExp, string][] = [
  [/不予公开/, 'denied'],
  [/部分公开|区分处理/, 'partial'],
  [/无法提供|不掌握/, 'unable'],
  [/不予处理/, 'ignored'],
  [/其他处理/, 'other'],
  [/(?:予以|同意|全部)公开|公开答复/, 'granted'],
];
const S4_WORDS: [RegExp, 'upheld' | 'corrected' | 'other' | 'pending'][] = [
  [/尚未审结|未审结|审理中/, 'pending'],
  [/维持/, 'upheld'],
  [/纠正|撤销|确认违法/, 'corrected'],
  [/其他结果/, 'other'],
];
const DOC_VERBS: [RegExp, 'made' | 'repealed' | 'valid'][] = [
  [/现行有效|继续有效|有效的?(?:行政)?(?:规范性文件|规章)/, 'valid'],
  [/废止|失效/, 'repealed'],
  [/制发|印发|出台|制定|新增|发布/, 'made'],
];

/** Every number part 一 states for a quantity the tables hold, in order. */
export function proseStatements(sentences: readonly string[]): Statement[] {
  const out: Statement[] = [];
  for (const sentence of sentences) {
    const aboutDisclosure = /信息公开|依申请/.test(sentence);
    let topic: 'apply' | 'review' | 'suit' | null = null;
    for (const raw of sentence.split(/[，、：（）]/)) {
      // `申请数量为0`: a count without its unit.
      const clause = raw.replace(/数量为(\d+)(?![\d.件条项])/, '数量为$1件');
      const nums = [...clause.matchAll(NUMBER_UNIT)];
      const hasReview = /行政复议/.test(clause);
      const hasSuit = /行政诉讼/.test(clause);
      if (hasReview && !hasSuit) topic = 'review';
      else if (hasSuit && !hasReview) topic = 'suit';
      else if (/(?<!依)申请/.test(clause) || NONE_RECEIVED.test(clause) || RECEIVED_MATTERS_ANY.test(clause)) topic = 'apply';
      if (nums.length === 0 && topic === 'apply' && NONE_RECEIVED.test(clause) && !/行政复议|行政诉讼/.test(clause)) {
        out.push({ quantity: 'received', value: 0, unit: '件', clause, sentence });
        continue;
      }
      if (nums.length !== 1) continue;
      const value = Number(nums[0][1]);
      const unit = nums[0][2] as Statement['unit'];
      const q = classify(clause, unit, topic, aboutDisclosure);
      if (q) out.push({ quantity: q, value, unit, clause, sentence });
    }
  }
  return out;
}

function classify(
  clause: string,
  unit: Statement['unit'],
  topic: 'apply' | 'review' | 'suit' | null,
  aboutDisclosure: boolean,
): Quantity | null {
  if (/行政事业性收费/.test(clause)) return unit === '万元' || unit === '元' ? 's2.fees' : null;
  if (unit !== '件' && unit !== '条' && unit !== '项') return null;
  if (/规范性文件|规章/.test(clause) && !/规章制度/.test(clause)) {
    // Reviews, filings and explanations of documents are not the documents made.
    if (unit !== '件' || /清理|备案|审查|审核|解读|征求意见|评估/.test(clause)) return null;
    const kind = /规范性文件/.test(clause) ? 'normative' : 'regulations';
    // The verb must come before the number: `现行有效行政规范性文件698件`, `本年度制发的规范性文件88件`.
    const before = clause.slice(0, clause.search(NUMBER_UNIT_ONE));
    for (const [re, what] of DOC_VERBS) if (re.test(before)) return `s2.${kind}.${what}`;
    return null;
  }
  if (!aboutDisclosure) return null;
  if (topic === 'review' || topic === 'suit') {
    if (unit !== '件') return null;
    if (/行政复议|行政诉讼/.test(clause)) return `s4.${topic}.total`;
    for (const [re, col] of S4_WORDS) if (re.test(clause)) return `s4.${topic}.${col}`;
    return null;
  }
  if (topic !== 'apply') return null;
  if (/上一?年度?结转|上年度?遗留/.test(clause)) return 'carried';
  if (/结转|顺延|转入?下一?年/.test(clause)) return 'carryforward';
  for (const [re, group] of OUTCOME_WORDS) if (re.test(clause)) return `outcome.${group}`;
  const before = clause.slice(0, clause.search(NUMBER_UNIT_ONE));
  if (/(?<!依)申请[^\d]{0,10}$/.test(before)) {
    if (/收到|受理|接收|接受|新收|共有|共计/.test(before)) return 'received';
    if (/办理/.test(before)) return 'handled';
    return null;
  }
  // `收到依申请公开事项1项`
  if (RECEIVED_MATTERS.test(before)) return 'received';
  if (/办结|答复|办复|办理完毕/.test(clause) && !/公开答复|信息答复/.test(clause)) return 'closed';
  for (const [re, col] of APPLICANT_WORDS) if (re.test(clause)) return col === 'orgs' ? 'applicant.orgs' : `applicant.${col}`;
  return null;
}
/** `未收到申请`, `没有接到…申请`: none received. */
const NONE_RECEIVED = /(?:未|没有)(?:收到|接到|受理)[^，。]{0,16}(?:申请|事项|事宜)/;
const RECEIVED_MATTERS = /(?:收到|受理|接收|接到)[^\d]{0,16}(?:申请|依申请公开)(?:事项|事宜)[^\d]{0,4}$/;
const RECEIVED_MATTERS_ANY = /(?:收到|受理|接收|接到)[^\d，]{0,16}依申请公开(?:事项|事宜)/;
const NUMBER_UNIT_ONE = /\d+(?:\.\d+)?(?:件|条|项|万元|元)/;

// ------------------------------------------------------------------------------------------- comparison

const num = (v: CellValue | undefined): number | null => (typeof v === 'number' ? v : null);
/** Sum of the cells, or null when one is not a number. */
function sumOf(f: Fields, ids: readonly string[]): number | null {
  let s = 0;
  for (const id of ids) {
    const v = num(f[id]);
    if (v === null) return null;
    s += v;
  }
  return s;
}
const rowTotal = (row: string) => [`s3.${row}.total`];
const rowCells = (row: string) => S3_APPLICANT_COLUMNS.map((c) => `s3.${row}.${c}`);
const groupRows = (group: string) => S3_OUTCOME_ROWS.filter((r) => r === group || r.startsWith(`${group}.`));

interface Reading {
  /** The fields the quantity is read from, for the issue. */
  fields: string[];
  /** The table's value as the form defines it, for the message. */
  shown: number | null;
  /** Every value the prose may legitimately mean (e.g. new applications, or new + carried). */
  accepted: number[];
  /** How the message names it. */
  label: string;
}

/** The table values a statement can be compared with; null when the table does not hold them as numbers. */
function reading(q: Quantity, f: Fields): Reading | null {
  const opts = (fields: string[], label: string, ...sums: (string[] | string[][])[]): Reading | null => {
    const values: number[] = [];
    for (const s of sums) {
      const v = Array.isArray(s[0]) ? sumAll(f, s as string[][]) : sumOf(f, s as string[]);
      if (v !== null) values.push(v);
    }
    return values.length ? { fields, shown: values[0], accepted: values, label } : null;
  };
  switch (q) {
    case 'received':
    case 'handled': {
      const extra: string[][] = q === 'handled' ? [rowTotal('total'), rowCells('total')] : [];
      return opts(
        ['s3.new.total'],
        `「${shortFieldLabel('s3.new.total')}」`,
        rowTotal('new'),
        rowCells('new'),
        [...rowTotal('new'), ...rowTotal('carried')],
        [...rowCells('new'), ...rowCells('carried')],
        ...extra,
      );
    }
    case 'closed':
      return opts(['s3.total.total'], `「${shortFieldLabel('s3.total.total')}」`, rowTotal('total'), rowCells('total'));
    case 'carried':
    case 'carryforward':
      return opts([`s3.${q}.total`], `「${shortFieldLabel(`s3.${q}.total`)}」`, rowTotal(q), rowCells(q));
    case 's2.fees':
      return opts(['s2.fees'], '「行政事业性收费·本年收费金额」', ['s2.fees']);
  }
  if (q.startsWith('outcome.')) {
    const rows = groupRows(q.slice(8));
    const fields = rows.map((r) => `s3.${r}.total`);
    const label = rows.length === 1 ? `「${shortFieldLabel(fields[0])}」` : `「${GROUP_LABEL[q.slice(8)]}」各项总计之和`;
    return opts(fields, label, fields, rows.flatMap(rowCells));
  }
  if (q.startsWith('applicant.')) {
    const col = q.slice(10);
    const cols = col === 'orgs' ? S3_APPLICANT_COLUMNS.slice(1) : [col];
    const newIds = cols.map((c) => `s3.new.${c}`);
    const carriedIds = cols.map((c) => `s3.carried.${c}`);
    const label = col === 'orgs' ? '「一、本年新收」法人或其他组织各列之和' : `「${shortFieldLabel(newIds[0])}」`;
    return opts(newIds, label, newIds, [...newIds, ...carriedIds]);
  }
  if (q.startsWith('s2.')) return opts([q], `「${S2_LABEL[q]}」`, [q]);
  if (q.startsWith('s4.')) {
    const [, g, col] = q.split('.');
    const groups = g === 'review' ? ['review'] : ['suit_direct', 'suit_after_review'];
    const fields = groups.map((x) => `s4.${x}.${col}`);
    const parts = groups.map((x) => S4_COLUMNS.filter((c) => c !== 'total').map((c) => `s4.${x}.${c}`));
    const label = `「${g === 'review' ? '行政复议' : '行政诉讼'}·${S4_LABEL[col]}」`;
    const sums: string[][][] = [[fields]];
    if (col === 'total') sums.push(parts);
    // 行政诉讼 may mean one of its two groups when the other is empty.
    const singles: string[][] = g === 'suit' ? fields.map((x) => [x]) : [];
    return opts(fields, label, ...sums, ...singles);
  }
  return null;
}

function sumAll(f: Fields, groups: string[][]): number | null {
  let s = 0;
  for (const g of groups) {
    const v = sumOf(f, g);
    if (v === null) return null;
    s += v;
  }
  return s;
}

const GROUP_LABEL: Record<string, string> = {
  granted: '（一）予以公开',
  partial: '（二）部分公开',
  denied: '（三）不予公开',
  unable: '（四）无法提供',
  ignored: '（五）不予处理',
  other: '（六）其他处理',
};
const S2_LABEL: Record<string, string> = {
  's2.normative.made': '行政规范性文件·本年制发件数',
  's2.normative.repealed': '行政规范性文件·本年废止件数',
  's2.normative.valid': '行政规范性文件·现行有效件数',
  's2.regulations.made': '规章·本年制发件数',
  's2.regulations.repealed': '规章·本年废止件数',
  's2.regulations.valid': '规章·现行有效件数',
};
const S4_LABEL: Record<string, string> = { total: '总计', upheld: '结果维持', corrected: '结果纠正', other: '其他结果', pending: '尚未审结' };

/** Does the prose's number agree with one of the table's values (fees: to the prose's own rounding)? */
function agrees(s: Statement, accepted: readonly number[]): boolean {
  if (s.quantity === 's2.fees') {
    const decimals = (String(s.value).split('.')[1] ?? '').length;
    const tol = 0.5 * 10 ** -decimals + 1e-9;
    const wan = s.unit === '元' ? s.value / 10000 : s.value;
    const tolWan = s.unit === '元' ? tol / 10000 + 1e-9 : tol;
    return accepted.some((a) => Math.abs(a - wan) <= tolWan);
  }
  return accepted.includes(s.value);
}

/** One warning per statement that disagrees with the table, quoting the sentence. */
export function proseIssues(report: Pick<Report, 'fields' | 'meta'>): Issue[] {
  const out: Issue[] = [];
  const seen = new Set<string>();
  for (const s of proseStatements(report.meta.prose ?? [])) {
    const r = reading(s.quantity, report.fields);
    if (!r || agrees(s, r.accepted)) continue;
    const key = `${s.quantity}:${s.value}:${s.unit}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const feesInYuan = s.quantity === 's2.fees' && s.unit === '元' && r.accepted.includes(s.value);
    out.push({
      severity: 'warning',
      code: feesInYuan ? 'sanity.fees_unit' : 'prose.mismatch',
      message: feesInYuan
        ? `正文称收费 ${s.value} 元，表中${r.label}也填为 ${s.value}：该栏单位为万元，疑似按元填报`
        : `正文与表格不一致：正文称“${s.clause}”，表中${r.label}为 ${r.shown}`,
      fields: r.fields,
      quote: quoteAround(s.sentence, s.clause),
    });
  }
  return out;
}

/** The sentence, cut to about 120 characters around the clause. */
function quoteAround(sentence: string, clause: string): string {
  if (sentence.length <= 120) return sentence;
  const at = Math.max(0, sentence.indexOf(clause));
  const from = Math.max(0, Math.min(at - 50, sentence.length - 120));
  return `${from > 0 ? '…' : ''}${sentence.slice(from, from + 120)}${from + 120 < sentence.length ? '…' : ''}`;
}

/**
 * Single cells whose value the prose states unambiguously (field → value), for diagnosis to prefer fixes that agree
 * with the text. A number that may mean new or new + carried is used only when nothing was carried.
 */
export function statedCells(report: Pick<Report, 'fields' | 'meta'>): Map<string, number> {
  const f = report.fields;
  const out = new Map<string, number>();
  const conflict = new Set<string>();
  const put = (id: string, v: number) => {
    if (out.has(id) && out.get(id) !== v) conflict.add(id);
    out.set(id, v);
  };
  for (const s of proseStatements(report.meta.prose ?? [])) {
    if (s.unit !== '件' && s.unit !== '条') continue;
    const q = s.quantity;
    if (q === 'received' && f['s3.carried.total'] === 0) put('s3.new.total', s.value);
    else if (q === 'closed') put('s3.total.total', s.value);
    else if (q === 'carried' || q === 'carryforward') put(`s3.${q}.total`, s.value);
    else if (q === 'outcome.granted' || q === 'outcome.partial') put(`s3.${q.slice(8)}.total`, s.value);
    else if (q.startsWith('s4.review.')) put(`s4.review.${q.slice(10)}`, s.value);
  }
  for (const id of conflict) out.delete(id);
  return out;
}

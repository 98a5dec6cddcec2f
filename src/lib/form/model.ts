/**
 * The form fixed by 国办公开办函〔2021〕30号: its 200 canonical fields, the rows and columns of parts 二, 三 and
 * 四, and the consistency relations between them. Everything that names a field goes through this module.
 * Pure: no DOM, no Node.
 */
import fieldsJson from './fields.json';

export type FieldType = 'int' | 'decimal';
export interface FieldDef {
  id: string;
  section: 2 | 3 | 4;
  /** Chinese label as the form prints it, e.g. `一、本年新收政府信息公开申请数量·自然人`. */
  label: string;
  unit: string;
  type: FieldType;
}

export const FIELDS: readonly FieldDef[] = fieldsJson.fields as FieldDef[];
export const FIELD_IDS: readonly string[] = FIELDS.map((f) => f.id);
export const FIELD_BY_ID: ReadonlyMap<string, FieldDef> = new Map(FIELDS.map((f) => [f.id, f]));

/** A cell value: a number, `null` (blank or absent), or the raw text of a non-numeric cell (`/`, `-`, `无`). */
export type CellValue = number | string | null;
export type Fields = Record<string, CellValue>;

/** Part 三 applicant columns, in the order the form prints them. */
export const S3_COLUMNS = ['natural', 'commercial', 'research', 'social', 'legal', 'other_org', 'total'] as const;
export type S3Column = (typeof S3_COLUMNS)[number];
export const S3_APPLICANT_COLUMNS = S3_COLUMNS.slice(0, 6);
export const S3_COLUMN_LABELS: Record<S3Column, string> = {
  natural: '自然人',
  commercial: '商业企业',
  research: '科研机构',
  social: '社会公益组织',
  legal: '法律服务机构',
  other_org: '其他',
  total: '总计',
};

export interface S3RowDef {
  /** Row key as used in field ids: `new`, `denied.secret`, … */
  key: string;
  /** The label as printed on the form. */
  label: string;
  /** Short label for messages and compact UI. */
  short: string;
  /** Outcome group of part 三 三、(一)…(六), or null for the four balance rows. */
  group: string | null;
  /** The list number printed before a sub-row label (`1.属于国家秘密`), if any. */
  number?: number;
}

export const S3_ROWS: readonly S3RowDef[] = [
  { key: 'new', label: '一、本年新收政府信息公开申请数量', short: '一、本年新收', group: null },
  { key: 'carried', label: '二、上年结转政府信息公开申请数量', short: '二、上年结转', group: null },
  { key: 'granted', label: '（一）予以公开', short: '（一）予以公开', group: 'granted' },
  { key: 'partial', label: '（二）部分公开（区分处理的，只计这一情形，不计其他情形）', short: '（二）部分公开', group: 'partial' },
  { key: 'denied.secret', label: '1.属于国家秘密', short: '（三）1.属于国家秘密', group: 'denied', number: 1 },
  { key: 'denied.law', label: '2.其他法律行政法规禁止公开', short: '（三）2.其他法律行政法规禁止公开', group: 'denied', number: 2 },
  { key: 'denied.safety', label: '3.危及“三安全一稳定”', short: '（三）3.危及“三安全一稳定”', group: 'denied', number: 3 },
  { key: 'denied.third_party', label: '4.保护第三方合法权益', short: '（三）4.保护第三方合法权益', group: 'denied', number: 4 },
  { key: 'denied.internal', label: '5.属于三类内部事务信息', short: '（三）5.属于三类内部事务信息', group: 'denied', number: 5 },
  { key: 'denied.process', label: '6.属于四类过程性信息', short: '（三）6.属于四类过程性信息', group: 'denied', number: 6 },
  { key: 'denied.enforcement', label: '7.属于行政执法案卷', short: '（三）7.属于行政执法案卷', group: 'denied', number: 7 },
  { key: 'denied.query', label: '8.属于行政查询事项', short: '（三）8.属于行政查询事项', group: 'denied', number: 8 },
  { key: 'unable.no_info', label: '1.本机关不掌握相关政府信息', short: '（四）1.本机关不掌握相关政府信息', group: 'unable', number: 1 },
  { key: 'unable.need_create', label: '2.没有现成信息需要另行制作', short: '（四）2.没有现成信息需要另行制作', group: 'unable', number: 2 },
  { key: 'unable.unclear', label: '3.补正后申请内容仍不明确', short: '（四）3.补正后申请内容仍不明确', group: 'unable', number: 3 },
  { key: 'ignored.petition', label: '1.信访举报投诉类申请', short: '（五）1.信访举报投诉类申请', group: 'ignored', number: 1 },
  { key: 'ignored.duplicate', label: '2.重复申请', short: '（五）2.重复申请', group: 'ignored', number: 2 },
  { key: 'ignored.publication', label: '3.要求提供公开出版物', short: '（五）3.要求提供公开出版物', group: 'ignored', number: 3 },
  { key: 'ignored.massive', label: '4.无正当理由大量反复申请', short: '（五）4.无正当理由大量反复申请', group: 'ignored', number: 4 },
  { key: 'ignored.confirm', label: '5.要求行政机关确认或重新出具已获取信息', short: '（五）5.要求行政机关确认或重新出具已获取信息', group: 'ignored', number: 5 },
  {
    key: 'other.overdue_correction',
    label: '1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请',
    short: '（六）1.逾期不补正',
    group: 'other',
    number: 1,
  },
  {
    key: 'other.overdue_fee',
    label: '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请',
    short: '（六）2.逾期未缴费',
    group: 'other',
    number: 2,
  },
  { key: 'other.other', label: '3.其他', short: '（六）3.其他', group: 'other', number: 3 },
  { key: 'total', label: '（七）总计', short: '（七）总计', group: null },
  { key: 'carryforward', label: '四、结转下年度继续办理', short: '四、结转下年度', group: null },
];

export const S3_GROUP_LABELS: Record<string, string> = {
  granted: '（一）予以公开',
  partial: '（二）部分公开',
  denied: '（三）不予公开',
  unable: '（四）无法提供',
  ignored: '（五）不予处理',
  other: '（六）其他处理',
};

/** The 23 outcome rows whose sum is （七）总计. */
export const S3_OUTCOME_ROWS: readonly string[] = S3_ROWS.filter((r) => r.group !== null).map((r) => r.key);

export const S4_GROUPS = ['review', 'suit_direct', 'suit_after_review'] as const;
export type S4Group = (typeof S4_GROUPS)[number];
export const S4_GROUP_LABELS: Record<S4Group, string> = {
  review: '行政复议',
  suit_direct: '行政诉讼·未经复议直接起诉',
  suit_after_review: '行政诉讼·复议后起诉',
};
export const S4_COLUMNS = ['upheld', 'corrected', 'other', 'pending', 'total'] as const;
export type S4Column = (typeof S4_COLUMNS)[number];
export const S4_COLUMN_LABELS: Record<S4Column, string> = {
  upheld: '结果维持',
  corrected: '结果纠正',
  other: '其他结果',
  pending: '尚未审结',
  total: '总计',
};

/** Part 四 field ids in the order the form prints them (one row of 15 cells). */
export const S4_FIELD_IDS: readonly string[] = S4_GROUPS.flatMap((g) => S4_COLUMNS.map((c) => `s4.${g}.${c}`));

export interface S2RowDef {
  key: string;
  label: string;
  /** Field ids of the row's cells, in print order. */
  fields: readonly string[];
}
export const S2_ROWS: readonly S2RowDef[] = [
  { key: 'regulations', label: '规章', fields: ['s2.regulations.made', 's2.regulations.repealed', 's2.regulations.valid'] },
  { key: 'normative', label: '行政规范性文件', fields: ['s2.normative.made', 's2.normative.repealed', 's2.normative.valid'] },
  { key: 'licensing', label: '行政许可', fields: ['s2.licensing'] },
  { key: 'punishment', label: '行政处罚', fields: ['s2.punishment'] },
  { key: 'coercion', label: '行政强制', fields: ['s2.coercion'] },
  { key: 'fees', label: '行政事业性收费', fields: ['s2.fees'] },
];

export const s3Field = (row: string, col: S3Column): string => `s3.${row}.${col}`;
export const s3RowFields = (row: string): string[] => S3_COLUMNS.map((c) => s3Field(row, c));

/** A field map with every one of the 200 ids set to null. */
export function emptyFields(): Fields {
  const out: Fields = {};
  for (const id of FIELD_IDS) out[id] = null;
  return out;
}

/** The label of a field as the form prints it, e.g. `（七）总计·自然人`. */
export function fieldLabel(id: string): string {
  return FIELD_BY_ID.get(id)?.label ?? id;
}

/** Short label for messages: `（七）总计·自然人`. */
export function shortFieldLabel(id: string): string {
  const m = /^s3\.(.+)\.([a-z_]+)$/.exec(id);
  if (m) {
    const row = S3_ROWS.find((r) => r.key === m[1]);
    const col = m[2] as S3Column;
    if (row && col in S3_COLUMN_LABELS) return `${row.short}·${S3_COLUMN_LABELS[col]}`;
  }
  return fieldLabel(id);
}

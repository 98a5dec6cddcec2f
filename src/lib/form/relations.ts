/**
 * The form's arithmetic (勾稽关系, FORMAT.md relations 1–4), evaluated on a field map. Shared by the parser
 * (which uses it to cut glued digit runs) and by validation (which reports it). Pure.
 */
import {
  S3_APPLICANT_COLUMNS,
  S3_COLUMNS,
  S3_OUTCOME_ROWS,
  S3_ROWS,
  S4_COLUMNS,
  S4_GROUPS,
  type CellValue,
  type Fields,
  s3Field,
} from './model.ts';

export type RelationId = 's3.balance' | 's3.outcomes' | 's3.row' | 's4.group';

export const RELATION_LABELS: Record<RelationId, string> = {
  's3.balance': '一 + 二 = （七）总计 + 四（本列勾稽关系）',
  's3.outcomes': '（七）总计 = （一）至（六）各项之和',
  's3.row': '总计 = 各类申请人之和',
  's4.group': '总计 = 维持 + 纠正 + 其他 + 尚未审结',
};

export interface Check {
  relation: RelationId;
  /** Column (s3.balance, s3.outcomes), row key (s3.row) or group (s4.group). */
  where: string;
  /** The side of the relation that is computed (a sum). */
  expected: number | null;
  /** The cell the report prints for it. */
  actual: number | null;
  /** true/false, or null when a cell involved is blank or text. */
  ok: boolean | null;
  /** Every field that takes part, summed side first. */
  fields: string[];
  /** For ok === null: the result with blank cells read as 0 (only when every other cell is a number). */
  blanksAsZero?: { expected: number; actual: number; ok: boolean };
}

interface Side {
  ids: string[];
}

function sum(fields: Fields, ids: readonly string[]): { value: number | null; zeroed: number | null } {
  let total = 0;
  let zeroed = 0;
  let blank = false;
  let text = false;
  for (const id of ids) {
    const v: CellValue = fields[id] ?? null;
    if (typeof v === 'number') {
      total += v;
      zeroed += v;
    } else if (v === null) blank = true;
    else text = true;
  }
  return { value: blank || text ? null : round(total), zeroed: text ? null : round(zeroed) };
}

const round = (x: number): number => Math.round(x * 1e6) / 1e6;

function make(relation: RelationId, where: string, fields: Fields, expectedSide: Side, actualSide: Side): Check {
  const e = sum(fields, expectedSide.ids);
  const a = sum(fields, actualSide.ids);
  const check: Check = {
    relation,
    where,
    expected: e.value,
    actual: a.value,
    ok: e.value === null || a.value === null ? null : e.value === a.value,
    fields: [...expectedSide.ids, ...actualSide.ids],
  };
  if (check.ok === null && e.zeroed !== null && a.zeroed !== null) {
    check.blanksAsZero = { expected: e.zeroed, actual: a.zeroed, ok: e.zeroed === a.zeroed };
  }
  return check;
}

/** Relation 1, per column: new + carried = total + carryforward. */
export function balanceCheck(fields: Fields, col: string): Check {
  return make(
    's3.balance',
    col,
    fields,
    { ids: [`s3.new.${col}`, `s3.carried.${col}`] },
    { ids: [`s3.total.${col}`, `s3.carryforward.${col}`] },
  );
}

/** Relation 2, per column: total = sum of the 23 outcome rows (less any row the report does not have). */
export function outcomesCheck(fields: Fields, col: string, absentRows: ReadonlySet<string> = new Set()): Check {
  return make(
    's3.outcomes',
    col,
    fields,
    { ids: S3_OUTCOME_ROWS.filter((r) => !absentRows.has(r)).map((r) => `s3.${r}.${col}`) },
    { ids: [`s3.total.${col}`] },
  );
}

/** Relation 3, per row: row total = sum of the six applicant columns. */
export function rowCheck(fields: Fields, row: string): Check {
  return make(
    's3.row',
    row,
    fields,
    { ids: S3_APPLICANT_COLUMNS.map((c) => s3Field(row, c)) },
    { ids: [s3Field(row, 'total')] },
  );
}

/** Relation 4, per part-四 group: total = upheld + corrected + other + pending. */
export function s4Check(fields: Fields, group: string): Check {
  return make(
    's4.group',
    group,
    fields,
    { ids: S4_COLUMNS.filter((c) => c !== 'total').map((c) => `s4.${group}.${c}`) },
    { ids: [`s4.${group}.total`] },
  );
}

export interface EvaluateOptions {
  /** Row keys of part 三 that the report does not have (e.g. the 2019 single （六） row layout). */
  absentRows?: ReadonlySet<string>;
}

/** Every relation 1–4 on one report, in a stable order. */
export function evaluateRelations(fields: Fields, opts: EvaluateOptions = {}): Check[] {
  const absent = opts.absentRows ?? new Set<string>();
  const checks: Check[] = [];
  for (const col of S3_COLUMNS) checks.push(balanceCheck(fields, col));
  for (const col of S3_COLUMNS) checks.push(outcomesCheck(fields, col, absent));
  for (const row of S3_ROWS) if (!absent.has(row.key)) checks.push(rowCheck(fields, row.key));
  for (const g of S4_GROUPS) checks.push(s4Check(fields, g));
  return checks;
}

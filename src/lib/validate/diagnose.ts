/**
 * Diagnosis of failed checks: the smallest change of cells (one, else two) that makes every failing relation hold
 * without breaking one that holds, said in words (疑似填报错误：「（七）总计·自然人」应为 6（表中为 5）), and the common
 * mistakes recognised by name: the 总计 column or the （七）总计 row left at 0, 上年结转 and 结转下年度 swapped, two
 * digits transposed, a row shifted by one column. It suggests; it never changes a value.
 *
 * Every relation 1–4 is a linear equation over cells (summed side minus printed side = 0), so a change of cell x by
 * d moves the residual of every equation holding x by ±d. A single cell explains the failures when it lies in every
 * failing equation and in no holding one; a pair when its two changes cancel in the holding equations they share.
 * Pure.
 */
import { S3_COLUMNS, S3_ROWS, S4_GROUPS, shortFieldLabel, type Fields } from '../form/model.ts';
import type { Check } from '../form/relations.ts';
import type { Issue } from '../parse/types.ts';

export type ExplanationKind =
  | 'cell'
  | 'transposition'
  | 'pair'
  | 'total_column_zero'
  | 'total_row_zero'
  | 'swap_carried'
  | 'row_shift';

export interface Explanation {
  kind: ExplanationKind;
  /** New value of every cell to change. */
  fix: Record<string, number>;
  /** For row_shift: the row key (`new`, `granted`, … or `s4`) and the direction the printed values moved. */
  row?: string;
  direction?: 'left' | 'right';
}

export interface DiagnoseOptions {
  /**
   * Values the report's prose states for single cells (field → value): a fix that agrees with the prose is preferred
   * among fixes the arithmetic cannot tell apart.
   */
  stated?: ReadonlyMap<string, number>;
}

interface Eq {
  check: Check;
  /** Coefficient of every cell: +1 on the summed side, −1 on the printed side. */
  terms: Map<string, number>;
  /** Summed side minus printed side; 0 when the relation holds; null when it cannot be evaluated. */
  residual: number | null;
}

const EPS = 1e-6;
const isZero = (x: number) => Math.abs(x) < EPS;
const round = (x: number) => Math.round(x * 1e6) / 1e6;

function equations(checks: readonly Check[]): Eq[] {
  return checks.map((check) => {
    const split = check.relation === 's3.balance' ? 2 : check.fields.length - 1;
    const terms = new Map<string, number>();
    check.fields.forEach((id, i) => terms.set(id, i < split ? 1 : -1));
    const residual = check.ok === null || check.expected === null || check.actual === null ? null : round(check.expected - check.actual);
    return { check, terms, residual };
  });
}

/** Residual of an equation after the fix (null stays null). */
function residualAfter(eq: Eq, fields: Fields, fix: Readonly<Record<string, number>>): number | null {
  if (eq.residual === null) return null;
  let r = eq.residual;
  for (const [id, v] of Object.entries(fix)) {
    const coef = eq.terms.get(id);
    if (coef !== undefined) r += coef * (v - (fields[id] as number));
  }
  return round(r);
}

/** A valid count: a non-negative integer. */
const validCount = (v: number) => v >= 0 && Number.isInteger(round(v));

interface FixEffect {
  /** Every failing equation holds afterwards and no holding one breaks. */
  full: boolean;
  fixed: number;
  broken: number;
}

function effect(eqs: readonly Eq[], fields: Fields, fix: Readonly<Record<string, number>>): FixEffect {
  let fixed = 0;
  let broken = 0;
  let stillFailing = 0;
  for (const eq of eqs) {
    if (eq.residual === null) continue;
    const after = residualAfter(eq, fields, fix)!;
    if (!isZero(eq.residual)) {
      if (isZero(after)) fixed++;
      else stillFailing++;
    } else if (!isZero(after)) broken++;
  }
  return { full: stillFailing === 0 && broken === 0, fixed, broken };
}

const numeric = (fields: Fields, id: string) => typeof fields[id] === 'number';

// ------------------------------------------------------------------------------------------- searches

function singleFixes(eqs: readonly Eq[], fields: Fields): Explanation[] {
  const failing = eqs.filter((e) => e.residual !== null && !isZero(e.residual));
  if (failing.length === 0) return [];
  const holding = eqs.filter((e) => e.residual !== null && isZero(e.residual));
  const out: Explanation[] = [];
  for (const [id, coef] of failing[0].terms) {
    if (!numeric(fields, id)) continue;
    if (!failing.every((e) => e.terms.has(id))) continue;
    if (holding.some((e) => e.terms.has(id))) continue;
    const d = -failing[0].residual! / coef;
    const v = round((fields[id] as number) + d);
    if (!validCount(v)) continue;
    const fix = { [id]: v };
    if (!failing.every((e) => isZero(residualAfter(e, fields, fix)!))) continue;
    out.push({ kind: isTransposition(fields[id] as number, v) ? 'transposition' : 'cell', fix });
  }
  return out;
}

/** 12 ↔ 21, 305 ↔ 350: the same digits in another order. */
export function isTransposition(a: number, b: number): boolean {
  if (a === b || !Number.isInteger(a) || !Number.isInteger(b) || a < 10 || b < 10) return false;
  const sa = String(a);
  const sb = String(b);
  return sa.length === sb.length && [...sa].sort().join('') === [...sb].sort().join('');
}

/** Largest number of cells in failing relations for which pairs are searched (beyond it, two cells cannot explain). */
const MAX_PAIR_CELLS = 240;

function pairFixes(eqs: readonly Eq[], fields: Fields): Explanation[] {
  const live = eqs.filter((e) => e.residual !== null);
  const failing = live.filter((e) => !isZero(e.residual!));
  if (failing.length === 0) return [];
  const index = new Map<string, Eq[]>();
  for (const e of live) for (const id of e.terms.keys()) (index.get(id) ?? index.set(id, []).get(id)!).push(e);
  const cells = new Set<string>();
  for (const e of failing) for (const id of e.terms.keys()) if (numeric(fields, id)) cells.add(id);
  if (cells.size > MAX_PAIR_CELLS) return [];
  const out: Explanation[] = [];
  const seen = new Set<string>();
  for (const x of cells) {
    const eqsX = index.get(x) ?? [];
    const need = [...failing.filter((e) => !e.terms.has(x)), ...eqsX.filter((e) => isZero(e.residual!))];
    let ys: string[];
    if (need.length) {
      ys = [...need[0].terms.keys()].filter((y) => y !== x && need.every((e) => e.terms.has(y)));
    } else {
      ys = [...new Set(eqsX.flatMap((e) => [...e.terms.keys()]))].filter((y) => y !== x);
    }
    for (const y of ys) {
      if (!numeric(fields, y)) continue;
      const key = x < y ? `${x}|${y}` : `${y}|${x}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const sol = solvePair(x, y, [...new Set([...eqsX, ...(index.get(y) ?? [])])]);
      if (!sol) continue;
      const vx = round((fields[x] as number) + sol[0]);
      const vy = round((fields[y] as number) + sol[1]);
      if (isZero(sol[0]) || isZero(sol[1]) || !validCount(vx) || !validCount(vy)) continue;
      const fix = { [x]: vx, [y]: vy };
      if (effect(eqs, fields, fix).full) out.push({ kind: 'pair', fix });
    }
  }
  return out;
}

/** dx, dy with residual + a·dx + b·dy = 0 in every equation, or null (none, or not determined). */
function solvePair(x: string, y: string, eqs: readonly Eq[]): [number, number] | null {
  const rows = eqs.map((e) => [e.terms.get(x) ?? 0, e.terms.get(y) ?? 0, -e.residual!] as const);
  for (let i = 0; i < rows.length; i++)
    for (let j = i + 1; j < rows.length; j++) {
      const [a1, b1, c1] = rows[i];
      const [a2, b2, c2] = rows[j];
      const det = a1 * b2 - a2 * b1;
      if (det === 0) continue;
      const dx = (c1 * b2 - c2 * b1) / det;
      const dy = (a1 * c2 - a2 * c1) / det;
      return rows.every(([a, b, c]) => isZero(a * dx + b * dy - c)) ? [dx, dy] : null;
    }
  return null;
}

// ------------------------------------------------------------------------------------------- patterns

/** 总计 column left at 0: part-三 rows whose 总计 is 0 while their six cells are not. The fix: each row's sum. */
function totalColumnZero(eqs: readonly Eq[], fields: Fields): Explanation | null {
  const fix: Record<string, number> = {};
  for (const e of eqs) {
    if (e.check.relation !== 's3.row' || e.residual === null || isZero(e.residual)) continue;
    if (e.check.actual === 0 && e.check.expected !== null && e.check.expected > 0) fix[`s3.${e.check.where}.total`] = e.check.expected;
  }
  if (Object.keys(fix).length < 2) return null;
  const all = S3_ROWS.map((r) => fields[`s3.${r.key}.total`]).filter((v) => v !== null);
  if (!all.every((v) => v === 0)) return null;
  return { kind: 'total_column_zero', fix };
}

/** （七）总计 row left at 0: every cell of the row is 0 while the outcome rows are not. The fix: the column sums. */
function totalRowZero(eqs: readonly Eq[], fields: Fields): Explanation | null {
  if (!S3_COLUMNS.every((c) => fields[`s3.total.${c}`] === 0)) return null;
  const fix: Record<string, number> = {};
  for (const e of eqs) {
    if (e.check.relation !== 's3.outcomes' || e.residual === null || isZero(e.residual)) continue;
    if (e.check.expected !== null && e.check.expected > 0) fix[`s3.total.${e.check.where}`] = e.check.expected;
  }
  return Object.keys(fix).length >= 2 ? { kind: 'total_row_zero', fix } : null;
}

/** 二、上年结转 and 四、结转下年度 entered in each other's row. */
function swapCarried(fields: Fields): Explanation | null {
  const fix: Record<string, number> = {};
  for (const c of S3_COLUMNS) {
    const a = fields[`s3.carried.${c}`];
    const b = fields[`s3.carryforward.${c}`];
    if (typeof a !== 'number' || typeof b !== 'number') return null;
    if (a !== b) {
      fix[`s3.carried.${c}`] = b;
      fix[`s3.carryforward.${c}`] = a;
    }
  }
  return Object.keys(fix).length ? { kind: 'swap_carried', fix } : null;
}

/**
 * A row whose values moved one cell: printed p, true t. Moved right (p[i+1] = t[i]): t = p[1..] with the last cell
 * (the total) recomputed. Moved left (p[i] = t[i+1]): t[1..] = p[..n-1] and t[0] = total − the other cells.
 */
function shifted(p: readonly number[], groupSize: number, direction: 'left' | 'right'): number[] | null {
  const n = p.length;
  const t = new Array<number>(n);
  if (direction === 'right') {
    for (let i = 0; i < n - 1; i++) t[i] = p[i + 1];
    const lastGroup = t.slice(n - groupSize, n - 1);
    t[n - 1] = lastGroup.reduce((a, b) => a + b, 0);
  } else {
    for (let i = 1; i < n; i++) t[i] = p[i - 1];
    t[0] = t[groupSize - 1] - t.slice(1, groupSize - 1).reduce((a, b) => a + b, 0);
    if (t[0] < 0) return null;
  }
  return t;
}

function rowShifts(eqs: readonly Eq[], fields: Fields): Explanation[] {
  const rows: [string, string[], number][] = S3_ROWS.map((r) => [r.key, S3_COLUMNS.map((c) => `s3.${r.key}.${c}`), 7]);
  rows.push(['s4', S4_GROUPS.flatMap((g) => ['upheld', 'corrected', 'other', 'pending', 'total'].map((c) => `s4.${g}.${c}`)), 5]);
  const out: Explanation[] = [];
  for (const [key, ids, groupSize] of rows) {
    if (!ids.every((id) => numeric(fields, id))) continue;
    const p = ids.map((id) => fields[id] as number);
    if (p.every((v) => v === 0)) continue;
    for (const direction of ['right', 'left'] as const) {
      const t = shifted(p, groupSize, direction);
      if (!t) continue;
      const fix: Record<string, number> = {};
      ids.forEach((id, i) => {
        if (t[i] !== p[i]) fix[id] = t[i];
      });
      if (Object.keys(fix).length < 2) continue;
      if (effect(eqs, fields, fix).full) out.push({ kind: 'row_shift', fix, row: key, direction });
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------- ranking

/** Prior plausibility of a fix among ones the arithmetic cannot tell apart. */
function plausibility(e: Explanation, fields: Fields, stated: ReadonlyMap<string, number> | undefined): number {
  let score = 0;
  for (const [id, v] of Object.entries(e.fix)) {
    const old = fields[id] as number;
    if (isTransposition(old, v)) score += 3;
    const said = stated?.get(id);
    if (said !== undefined) score += said === v ? 5 : said === old ? -5 : 0;
  }
  return score;
}

function ranked(list: Explanation[], fields: Fields, stated: ReadonlyMap<string, number> | undefined): Explanation[] {
  const scored = list.map((e) => ({ e, s: plausibility(e, fields, stated) }));
  scored.sort((a, b) => b.s - a.s);
  return scored.map((x) => x.e);
}

/** The best explanations of the failing equations, ranked, or [] when none with one or two cells or a pattern. */
function explain(eqs: readonly Eq[], fields: Fields, opts: DiagnoseOptions): { best: Explanation[]; unique: boolean } {
  const singles = singleFixes(eqs, fields);
  if (singles.length) return rank(singles, fields, opts);
  const named = [totalColumnZero(eqs, fields), totalRowZero(eqs, fields), swapCarried(fields)].filter(
    (e): e is Explanation => e !== null && effect(eqs, fields, e.fix).full,
  );
  if (named.length) return { best: [named[0]], unique: true };
  const shifts = rowShifts(eqs, fields);
  if (shifts.length) return rank(shifts, fields, opts);
  const pairs = pairFixes(eqs, fields);
  if (pairs.length) return rank(pairs, fields, opts);
  return { best: [], unique: false };
}

function rank(list: Explanation[], fields: Fields, opts: DiagnoseOptions): { best: Explanation[]; unique: boolean } {
  const best = ranked(list, fields, opts.stated);
  const unique =
    best.length === 1 || plausibility(best[0], fields, opts.stated) > plausibility(best[1], fields, opts.stated);
  return { best, unique };
}

// ------------------------------------------------------------------------------------------- words

const cellText = (id: string, v: number, fields: Fields) => `「${shortFieldLabel(id)}」应为 ${v}（表中为 ${fields[id]}）`;
/** `「A」应为 x（表中为 y）`; a cell and its own row total changed alike read as one error carried into the total. */
function fixText(fix: Record<string, number>, fields: Fields): string {
  const ids = Object.keys(fix);
  if (ids.length === 2) {
    const [a, b] = ids.map((id) => /^(s3\.[a-z_.]+)\.([a-z_]+)$/.exec(id));
    const total = a && b && a[1] === b[1] ? (a[2] === 'total' ? 0 : b[2] === 'total' ? 1 : -1) : -1;
    if (total >= 0) {
      const [cell, tot] = total === 0 ? [ids[1], ids[0]] : [ids[0], ids[1]];
      if (isZero(fix[cell] - (fields[cell] as number) - (fix[tot] - (fields[tot] as number))))
        return `${cellText(cell, fix[cell], fields)}，该行总计随之应为 ${fix[tot]}（表中为 ${fields[tot]}）`;
    }
  }
  return ids.map((id) => cellText(id, fix[id], fields)).join('，');
}
const valuesText = (fix: Record<string, number>) =>
  Object.entries(fix)
    .map(([id, v]) => `「${shortFieldLabel(id)}」${v}`)
    .join('、');

const ROW_SHORT: Record<string, string> = Object.fromEntries([...S3_ROWS.map((r) => [r.key, r.short]), ['s4', '第四部分']]);

function issueFor(found: { best: Explanation[]; unique: boolean }, fields: Fields, prefix: string): Issue {
  const { best, unique } = found;
  const e = best[0];
  const fieldsOf = (list: Explanation[]) => [...new Set(list.flatMap((x) => Object.keys(x.fix)))];
  const base = { severity: 'warning' as const, fields: fieldsOf(unique ? [e] : best) };
  const withAlts = (issue: Issue): Issue => {
    if (best.length > 1) issue.alternatives = best.map((x) => ({ ...x.fix }));
    if (unique) issue.suggestion = { ...e.fix };
    return issue;
  };
  switch (e.kind) {
    case 'cell':
    case 'transposition':
    case 'pair': {
      const two = e.kind === 'pair' && !fixText(e.fix, fields).includes('该行总计随之');
      const what = e.kind === 'transposition' ? '疑似数字颠倒' : two ? '疑似两处填报错误' : '疑似填报错误';
      if (unique) {
        const more = best.length > 1 ? `（另有 ${best.length - 1} 种改法也能相符，可能性较小）` : '';
        return withAlts({ ...base, code: `diagnosis.${e.kind}`, message: `${prefix}${what}：${fixText(e.fix, fields)}${more}` });
      }
      const list = best
        .slice(0, 5)
        .map((x) => fixText(x.fix, fields))
        .join('；或');
      const more = best.length > 5 ? `；等 ${best.length} 种` : '';
      const one = two ? '以下改法之一' : `以下 ${best.length} 处之一有误`;
      return withAlts({
        ...base,
        code: `diagnosis.${e.kind === 'transposition' ? 'cell' : e.kind}`,
        message: `${prefix}${what}，仅凭表内关系无法确定是哪一处，${one}：${list}${more}`,
      });
    }
    case 'total_column_zero':
      return withAlts({
        ...base,
        code: 'diagnosis.total_column_zero',
        message: `${prefix}疑似漏填“总计”列：${Object.keys(e.fix).length} 行的总计为 0，而各类申请人之和不为 0；按各行之和应为：${valuesText(e.fix)}`,
      });
    case 'total_row_zero':
      return withAlts({
        ...base,
        code: 'diagnosis.total_row_zero',
        message: `${prefix}疑似漏填“（七）总计”行：该行全为 0，而（一）至（六）之和不为 0；按各列之和应为：${valuesText(e.fix)}`,
      });
    case 'swap_carried':
      return withAlts({
        ...base,
        code: 'diagnosis.swap_carried',
        message: `${prefix}疑似将“二、上年结转”与“四、结转下年度”两行填反：两行互换后各项勾稽关系均相符`,
      });
    case 'row_shift':
      return withAlts({
        ...base,
        code: 'diagnosis.row_shift',
        message: `${prefix}疑似“${ROW_SHORT[e.row!] ?? e.row}”一行数值整体错位一列（${e.direction === 'right' ? '向右' : '向左'}），应为：${valuesText(e.fix)}`,
      });
  }
}

/**
 * Issues (code `diagnosis.*`, severity warning) that say which cells most likely hold the error when checks fail,
 * with the values that would make them hold in `suggestion` (only when one explanation is clearly best) and every
 * equally good one in `alternatives`. Nothing when every check holds or cannot be evaluated.
 */
export function diagnose(fields: Fields, checks: readonly Check[], opts: DiagnoseOptions = {}): Issue[] {
  return diagnoseEqs(equations(checks), fields, opts, '');
}

function diagnoseEqs(eqs: readonly Eq[], fields: Fields, opts: DiagnoseOptions, prefix: string): Issue[] {
  const failing = eqs.filter((e) => e.residual !== null && !isZero(e.residual));
  if (failing.length === 0) return [];
  const found = explain(eqs, fields, opts);
  if (found.best.length) return [issueFor(found, fields, prefix)];
  // A 总计 column or row left at 0 together with other errors: name the pattern, then diagnose what remains.
  const partial = [totalColumnZero(eqs, fields), totalRowZero(eqs, fields)].find((e) => e && effect(eqs, fields, e.fix).fixed >= 2);
  if (partial) {
    const fields2: Fields = { ...fields, ...partial.fix };
    const eqs2 = eqs.map((e) => ({ ...e, residual: residualAfter(e, fields, partial.fix) }));
    return [issueFor({ best: [partial], unique: true }, fields, prefix), ...diagnoseEqs(eqs2, fields2, opts, '补齐后仍不相符，')];
  }
  // Failures in independent parts of the form (part 三 and part 四) are separate mistakes: one diagnosis each.
  const groups = separate(eqs, failing);
  if (groups.length > 1) {
    const holding = eqs.filter((e) => !failing.includes(e));
    return groups.flatMap((g) => diagnoseEqs([...holding, ...g], fields, opts, prefix));
  }
  return [unexplained(eqs, prefix)];
}

/**
 * Failing equations grouped by the independent parts of the form they lie in: two equations are in one part when a
 * chain of equations (failing or holding) sharing cells links them. Parts 三 and 四 share no cell, so a mistake in
 * each is diagnosed on its own; within part 三 every relation is linked.
 */
function separate(eqs: readonly Eq[], failing: readonly Eq[]): Eq[][] {
  const live = eqs.filter((e) => e.residual !== null);
  const parent = live.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const owner = new Map<string, number>();
  live.forEach((e, i) => {
    for (const id of e.terms.keys()) {
      const j = owner.get(id);
      if (j === undefined) owner.set(id, i);
      else parent[find(i)] = find(j);
    }
  });
  const out = new Map<number, Eq[]>();
  for (const e of failing) {
    const root = find(live.indexOf(e));
    (out.get(root) ?? out.set(root, []).get(root)!).push(e);
  }
  return [...out.values()];
}

function unexplained(eqs: readonly Eq[], prefix: string): Issue {
  const failing = eqs.filter((e) => e.residual !== null && !isZero(e.residual));
  return {
    severity: 'warning',
    code: 'diagnosis.unexplained',
    message: `${prefix.replace(/，$/, '：')}有 ${failing.length} 项勾稽关系不符，无法用一两处改动或常见填报错误解释，请逐项核对原表`,
    fields: [...new Set(failing.flatMap((e) => e.check.fields))],
  };
}

/** For tests and the benchmark: the explanations diagnosis found, without the words. */
export function explainChecks(fields: Fields, checks: readonly Check[], opts: DiagnoseOptions = {}) {
  return explain(equations(checks), fields, opts);
}

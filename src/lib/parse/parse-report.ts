/**
 * Text of one report → the Report object of FORMAT.md. Finds the three tables by their row labels (in any of
 * the shapes text arrives in), reads each row's values, cuts glued digit runs with the table's own arithmetic,
 * and says in `issues` whatever it could not read or had to choose. Never throws on content. Pure.
 */
import {
  FIELD_BY_ID,
  S3_COLUMNS,
  S3_ROWS,
  S4_FIELD_IDS,
  emptyFields,
  s3Field,
  shortFieldLabel,
  type CellValue,
  type Fields,
} from '../form/model.ts';
import { evaluateRelations } from '../form/relations.ts';
import { narrativeMeta } from '../validate/narrative.ts';
import { validateReport } from '../validate/validate.ts';
import { cutRow, collectValues, numberValue, type Candidate, type Piece } from './cut.ts';
import { decodeText } from './decode.ts';
import { findIdentity } from './identity.ts';
import { S2_LEGACY_NAMES, S2_SPECS, S3_SPECS, allIndexesOf, findRows, type LabelHit } from './labels.ts';
import { compact, normalizeText, type Compact } from './normalize.ts';
import { solveJoint, type SolveResult, type SolveRow } from './solve.ts';
import { exactS3 } from './solve-s3.ts';
import { LineIndex, tokenize, type Token } from './tokenize.ts';
import type { Issue, Report, Source } from './types.ts';
import { PARSER_VERSION } from './version.ts';

export { PARSER_VERSION };

export interface ParseOptions {
  /** File name to put in `file`. @default null */
  file?: string | null;
  /** The current year, for the plausibility of report years. @default the clock's year */
  nowYear?: number;
  /** Input kind for `meta.kind`. @default 'text' */
  kind?: string;
}

/** Largest input read; beyond it the text is cut (the tables of a real report are in its first pages). */
export const MAX_CHARS = 24 * 1024 * 1024;

interface Ctx {
  text: string;
  cp: Compact;
  lines: LineIndex;
  fields: Fields;
  sources: Record<string, Source>;
  issues: Issue[];
}

/** Parse the text (or the bytes of a text file) of one report. */
export function parseReport(input: string | Uint8Array, opts: ParseOptions = {}): Report {
  let raw: string;
  let encoding: string | undefined;
  const issues: Issue[] = [];
  if (typeof input === 'string') raw = input;
  else {
    const d = decodeText(input);
    raw = d.text;
    encoding = d.encoding;
    if (d.encoding !== 'utf-8')
      issues.push({ severity: 'info', code: 'text.encoding', message: `文本编码识别为 ${d.encoding.toUpperCase()}` });
    if (d.lossy)
      issues.push({ severity: 'warning', code: 'text.lossy', message: '文本中有无法解码的字符，部分文字可能缺失' });
  }
  if (raw.length > MAX_CHARS) {
    issues.push({
      severity: 'warning',
      code: 'text.truncated',
      message: `文本过长（${(raw.length / 1e6).toFixed(1)} 百万字），只读取前 ${MAX_CHARS / 1024 / 1024} 百万字`,
    });
    raw = raw.slice(0, MAX_CHARS);
  }
  const nowYear = opts.nowYear ?? new Date().getFullYear();
  const text = normalizeText(raw);
  const ctx: Ctx = {
    text,
    cp: compact(text),
    lines: new LineIndex(text),
    fields: emptyFields(),
    sources: {},
    issues,
  };
  const report: Report = {
    file: opts.file ?? null,
    office: null,
    year: null,
    layout: '2021',
    fields: ctx.fields,
    legacy: {},
    checks: [],
    issues,
    meta: { parser: PARSER_VERSION, kind: opts.kind ?? 'text', sources: ctx.sources, chars: raw.length },
  };
  if (encoding) report.meta.encoding = encoding;

  const id = findIdentity(text, nowYear);
  report.office = id.office;
  report.year = id.year;
  report.meta.title = id.title;
  report.meta.published = id.published;
  if (id.office === null)
    issues.push({ severity: 'error', code: 'office.missing', message: '未能从标题或正文中确定机关名称' });
  else if (id.officeFrom === 'header')
    issues.push({ severity: 'info', code: 'office.from_header', message: '机关名称取自“发布机构”，标题中未写明' });
  if (id.year === null) issues.push({ severity: 'error', code: 'year.missing', message: '未能确定报告年度' });
  else if (id.yearFrom === 'body')
    issues.push({ severity: 'info', code: 'year.from_body', message: `报告年度 ${id.year} 取自正文中的统计期间，标题中未写明` });

  if (!/[\u4e00-\u9fff]/.test(text.slice(0, 200_000))) {
    issues.push({ severity: 'error', code: 'text.no_chinese', message: '文本中没有中文，无法识别为政府信息公开年报' });
    report.checks = [];
    return report;
  }

  const p3 = locatePart3(ctx.cp);
  const p3Start = p3 ? p3.hits.find((h) => h)!.labelStart : -1;
  const p3End = p3 ? lastHit(p3.hits)!.keyEnd : -1;
  const p2 = locatePart2(ctx.cp, p3Start);
  const s4From = p3 ? p3End : p2 ? p2.end : 0;

  if (p2) readPart2(ctx, p2.hits, p2.end, report);
  const absent = new Set<string>();
  if (p3) readPart3(ctx, p3.hits, absent);
  const s4 = readPart4(ctx, s4From);

  const found = [p2 !== null, p3 !== null, s4];
  if (!found.some(Boolean)) {
    issues.push({ severity: 'error', code: 'table.not_found', message: '未找到政府信息公开年报表格' });
  } else {
    if (!p2) issues.push({ severity: 'error', code: 'table.s2_missing', message: '未找到第二部分“主动公开政府信息情况”表格' });
    if (!p3)
      issues.push({ severity: 'error', code: 'table.s3_missing', message: '未找到第三部分“收到和处理政府信息公开申请情况”表格' });
    if (!s4)
      issues.push({ severity: 'error', code: 'table.s4_missing', message: '未找到第四部分“行政复议、行政诉讼情况”表格' });
  }
  if (p2?.legacy) report.layout = '2019';

  report.checks = found.some(Boolean) ? evaluateRelations(ctx.fields, { absentRows: absent }) : [];
  Object.assign(report.meta, narrativeMeta(text, ctx.sources));
  issues.push(...validateReport(report, { nowYear }));
  return report;
}

function lastHit(hits: readonly (LabelHit | null)[]): LabelHit | null {
  for (let i = hits.length - 1; i >= 0; i--) if (hits[i]) return hits[i];
  return null;
}

/** Text offsets of compact range [a, b). */
function span(cp: Compact, a: number, b: number, textLength: number): [number, number] {
  const start = a < cp.map.length ? cp.map[a] : textLength;
  const end = b < cp.map.length ? cp.map[b] : textLength;
  return [start, end];
}

function tokensBetween(ctx: Ctx, a: number, b: number): Token[] {
  const [s, e] = span(ctx.cp, a, b, ctx.text.length);
  return tokenize(ctx.text, s, e);
}

function setField(ctx: Ctx, id: string, v: CellValue, where: [number, number] | null): void {
  ctx.fields[id] = v;
  if (where) ctx.sources[id] = { start: where[0], end: where[1], line: ctx.lines.line(where[0]) };
}

const rawOf = (pieces: readonly Piece[]): string =>
  pieces.map((p) => (p.kind === 'empty' ? '（空）' : p.text)).join(' ');

const showCells = (cells: readonly CellValue[]): string => cells.map((c) => (c === null ? '空' : String(c))).join(' / ');

// ---------------------------------------------------------------------------------------------- part 三

function locatePart3(cp: Compact): { hits: (LabelHit | null)[]; count: number } | null {
  const starts = new Set<number>();
  for (const alias of S3_SPECS[0].aliases) for (const i of allIndexesOf(cp.text, alias, 20)) starts.add(i);
  // Without a recognisable first row, start a little before the second.
  for (const i of allIndexesOf(cp.text, '上年结转', 10)) starts.add(Math.max(0, i - 40));
  let best: { hits: (LabelHit | null)[]; count: number } | null = null;
  for (const s of [...starts].sort((a, b) => a - b)) {
    const hits = findRows(cp, s, S3_SPECS);
    const count = hits.filter(Boolean).length;
    if (!best || count > best.count) best = { hits, count };
    if (count === S3_SPECS.length) break;
  }
  return best && best.count >= 4 ? best : null;
}

/** Prior cost of a part-三 row reading: most applicants are 自然人, and a blank is most often the 总计 cell. */
function costS3(c: Candidate): number {
  let cost = 0;
  for (let i = 1; i < 6; i++) {
    const v = c.cells[i];
    if (typeof v === 'number' && v > 0) cost += 1 + Math.log10(v);
  }
  c.cells.forEach((v, i) => {
    if (v === null && c.spans[i] === null) cost += i === 6 ? 0.5 : 1;
  });
  return cost;
}

/** A part-三 row reading is kept while its 总计 (7th cell) equals the sum of the six applicant cells. */
function s3RowAccept(cells: readonly CellValue[]): boolean {
  if (cells.length !== 7) return true;
  return sumIfNumbers(cells.slice(0, 6)) === cells[6];
}

/** A part-四 reading is kept while each group's 总计 (5th cell) equals the sum of its four cells. */
function s4Accept(cells: readonly CellValue[]): boolean {
  const n = cells.length;
  if (n % 5 !== 0) return true;
  return sumIfNumbers(cells.slice(n - 5, n - 1)) === cells[n - 1];
}

function sumIfNumbers(cells: readonly CellValue[]): number | null {
  let s = 0;
  for (const c of cells) {
    if (typeof c !== 'number') return null;
    s += c;
  }
  return s;
}

const asNum = (v: unknown): number => (typeof v === 'number' ? v : v === null ? 0 : NaN);

/** Violations of relations 1–3 for one reading per part-三 row (blank read as 0, text skipped). */
function s3Objective(rowsCells: readonly (readonly unknown[])[]): number {
  let v = 0;
  const row = (k: string) => rowsCells[S3_INDEX[k]];
  for (const cells of rowsCells) {
    if (cells.every((c) => c === null)) continue;
    let s = 0;
    for (let i = 0; i < 6; i++) s += asNum(cells[i]);
    const t = asNum(cells[6]);
    if (!Number.isNaN(s) && !Number.isNaN(t) && s !== t) v++;
  }
  for (let c = 0; c < 7; c++) {
    const lhs = asNum(row('new')[c]) + asNum(row('carried')[c]);
    const total = asNum(row('total')[c]);
    const rhs = total + asNum(row('carryforward')[c]);
    if (!Number.isNaN(lhs) && !Number.isNaN(rhs) && lhs !== rhs) v++;
    let out = 0;
    for (const k of OUTCOME_KEYS) out += asNum(row(k)[c]);
    if (!Number.isNaN(out) && !Number.isNaN(total) && out !== total) v++;
  }
  return v;
}
const S3_INDEX: Record<string, number> = Object.fromEntries(S3_ROWS.map((r, i) => [r.key, i]));
const OUTCOME_KEYS = S3_ROWS.filter((r) => r.group !== null).map((r) => r.key);

const NULL_ROW = (k: number): Candidate => ({
  cells: new Array(k).fill(null),
  spans: new Array(k).fill(null),
  split: false,
  inserted: 0,
  cost: 0,
});

function readPart3(ctx: Ctx, hits: readonly (LabelHit | null)[], absent: Set<string>): void {
  const { cp } = ctx;
  const rows: SolveRow[] = [];
  const raws: string[] = [];
  /** Rows whose values were read (a row with no values has its own issue). */
  const readRows: boolean[] = [];
  // The 2019 layout has one （六）其他处理 row where the 2021 form has three.
  const other = hits[S3_INDEX['other.other']];
  const single =
    other !== null &&
    hits[S3_INDEX['other.overdue_correction']] === null &&
    hits[S3_INDEX['other.overdue_fee']] === null &&
    cp.text.startsWith('处理', other.keyEnd) &&
    !/^处理\(?\d[.、)]/.test(cp.text.slice(other.keyEnd, other.keyEnd + 6));
  if (single) {
    absent.add('other.overdue_correction');
    absent.add('other.overdue_fee');
    ctx.issues.push({
      severity: 'info',
      code: 's3.single_other_row',
      message: '第三部分“（六）其他处理”只有一行（2019 年版格式），其数值计入“3.其他”，另两项为空',
      fields: ['other.overdue_correction', 'other.overdue_fee'].flatMap((r) => S3_COLUMNS.map((c) => s3Field(r, c))),
    });
  }

  for (let i = 0; i < S3_SPECS.length; i++) {
    const spec = S3_SPECS[i];
    const hit = hits[i];
    raws.push('');
    readRows.push(false);
    if (!hit) {
      rows.push({ key: spec.key, candidates: [NULL_ROW(7)] });
      if (!absent.has(spec.key)) {
        const row = S3_ROWS[i];
        ctx.issues.push({
          severity: 'error',
          code: 'row.missing',
          message: `第三部分未找到“${row.short}”一行，其数值为空`,
          fields: S3_COLUMNS.map((c) => s3Field(spec.key, c)),
        });
      }
      continue;
    }
    let next = cp.text.length;
    for (let j = i + 1; j < hits.length; j++)
      if (hits[j]) {
        next = hits[j]!.labelStart;
        break;
      }
    if (next === cp.text.length) next = Math.min(cp.text.length, hit.keyEnd + 400);
    const { pieces } = collectValues(tokensBetween(ctx, hit.keyEnd, next));
    raws[i] = rawOf(pieces);
    readRows[i] = pieces.length > 0;
    const ids = S3_COLUMNS.map((c) => s3Field(spec.key, c));
    rows.push({ key: spec.key, candidates: rowCandidates(ctx, pieces, 7, S3_ROWS[i].short, ids, s3RowAccept) });
    if (hit.fuzzy)
      ctx.issues.push({
        severity: 'info',
        code: 'label.fuzzy',
        message: `“${S3_ROWS[i].short}”的行标题与表样有一字之差，按该行读取`,
        line: ctx.lines.line(span(cp, hit.keyStart, hit.keyEnd, ctx.text.length)[0]),
      });
  }
  for (const r of rows) for (const c of r.candidates) c.cost = costS3(c);
  const sol = solvePart3(rows);
  const glued: string[] = [];
  rows.forEach((r, i) => {
    const chosen = r.candidates[sol.choice[i]];
    const ids = S3_COLUMNS.map((c) => s3Field(r.key, c));
    ids.forEach((id, k) => setField(ctx, id, chosen.cells[k], chosen.spans[k]));
    reportChoice(ctx, S3_ROWS[i].short, ids, raws[i], r.candidates, sol.ties[i], sol.choice[i], sol.exhaustive);
    if (chosen.split && sol.ties[i].length === 1) glued.push(S3_ROWS[i].short);
  });
  if (glued.length)
    ctx.issues.push({
      severity: 'info',
      code: 'cut.glued',
      message: `第三部分有 ${glued.length} 行数字连在一起，已按表内勾稽关系唯一拆分：${glued.join('、')}`,
    });
  blankAndTextIssues(
    ctx,
    rows.filter((_, i) => hits[i] !== null && readRows[i]).flatMap((r) => S3_COLUMNS.map((c) => s3Field(r.key, c))),
  );
}

/** Joint choice for part 三: exhaustive for few combinations, else an exact bounded search, else local search. */
function solvePart3(rows: readonly SolveRow[]): SolveResult {
  const product = rows.reduce((a, r) => a * r.candidates.length, 1);
  if (product > 250_000) {
    const ex = exactS3(
      rows.map((r) => r.candidates),
      S3_INDEX,
      OUTCOME_KEYS.map((k) => S3_INDEX[k]),
    );
    if (ex.solutions.length) {
      const cost = (ch: readonly number[]) => ch.reduce((a, c, i) => a + rows[i].candidates[c].cost, 0);
      const sorted = [...ex.solutions].sort((a, b) => cost(a) - cost(b));
      const choice = sorted[0];
      const ties = choice.map((c, i) => [c, ...new Set(sorted.map((x) => x[i]).filter((x) => x !== c))]);
      return { choice, violations: s3Objective(rows.map((r, i) => r.candidates[choice[i]].cells)), ties, exhaustive: ex.complete };
    }
  }
  return solveJoint(rows, s3Objective);
}

/**
 * Readings of one row. `accept` states the row's own arithmetic (a total cell); readings that keep it are
 * preferred, the rest are used only when none does (the report's own error, e.g. a 总计 column left at 0).
 */
function rowCandidates(
  ctx: Ctx,
  allPieces: readonly Piece[],
  k: number,
  label: string,
  ids: readonly string[],
  accept?: (cells: readonly CellValue[]) => boolean,
): Candidate[] {
  const fieldsOf = () => [...ids];
  let pieces = allPieces;
  if (pieces.length === 0) {
    ctx.issues.push({
      severity: 'warning',
      code: 'row.no_values',
      message: `“${label}”一行没有读到数值`,
      fields: fieldsOf(),
    });
    return [NULL_ROW(k)];
  }
  // Empty cells before or after the values, beyond the row's cell count, are layout (a spanned label column).
  let trimmed = pieces;
  while (trimmed.length > k && trimmed[0].kind === 'empty') trimmed = trimmed.slice(1);
  while (trimmed.length > k && trimmed[trimmed.length - 1].kind === 'empty') trimmed = trimmed.slice(0, -1);
  pieces = trimmed;
  let res = accept ? cutRow(pieces, k, { accept }) : cutRow(pieces, k);
  if (accept && res.candidates.length === 0 && !res.tooMany) res = cutRow(pieces, k);
  if (res.candidates.length > 0) {
    if (res.truncated)
      ctx.issues.push({
        severity: 'warning',
        code: 'cut.truncated',
        message: `“${label}”一行的数字串（${rawOf(pieces)}）可拆分的方式过多，只比较了其中一部分`,
        fields: fieldsOf(),
        quote: rawOf(pieces),
      });
    return res.candidates;
  }
  const first = pieces.slice(0, k);
  const cells: CellValue[] = first.map((p) =>
    p.kind === 'digits' ? numberValue(p.text) : p.kind === 'number' ? p.value : p.kind === 'text' ? p.text : null,
  );
  const spans: ([number, number] | null)[] = first.map((p) => [p.start, p.end]);
  while (cells.length < k) {
    cells.push(null);
    spans.push(null);
  }
  ctx.issues.push({
    severity: 'error',
    code: res.tooMany ? 'row.extra_values' : 'row.missing_values',
    message: res.tooMany
      ? `“${label}”一行读到 ${pieces.length} 个数值，多于 ${k} 个单元格（${rawOf(pieces)}），取前 ${k} 个，请核对原文`
      : `“${label}”一行的数值少于 ${k} 个（${rawOf(pieces)}），缺少的单元格按空白处理，请核对原文`,
    fields: fieldsOf(),
    quote: rawOf(pieces),
  });
  return [{ cells, spans, split: false, inserted: 0, cost: 0 }];
}

/** Say when a reading had to be chosen among several that fit equally well. */
function reportChoice(
  ctx: Ctx,
  label: string,
  ids: readonly string[],
  raw: string,
  cands: readonly Candidate[],
  ties: readonly number[],
  chosenIdx: number,
  exhaustive: boolean,
): void {
  if (ties.length <= 1) return;
  const chosen = cands[chosenIdx];
  const alts = ties.map((t) => cands[t]);
  const alternatives = alts.map((c) => Object.fromEntries(ids.map((id, k) => [id, c.cells[k]])));
  const differing = ids.filter((_, k) => alts.some((c) => c.cells[k] !== chosen.cells[k]));
  const others = alts
    .slice(1, 6)
    .map((c) => showCells(c.cells))
    .join('；');
  const more = alts.length > 6 ? ` 等 ${alts.length - 1} 种` : '';
  const message =
    chosen.inserted > 0
      ? `“${label}”一行的数值少于单元格（${raw}），空白单元格的位置无法确定，暂按 ${showCells(chosen.cells)} 读取；也可能是：${others}${more}`
      : `“${label}”一行的数字连在一起（${raw}），有 ${alts.length} 种拆分都符合表内关系，暂按 ${showCells(chosen.cells)} 读取；也可能是：${others}${more}`;
  ctx.issues.push({
    severity: 'warning',
    code: chosen.inserted > 0 ? 'cut.blank_position' : 'cut.ambiguous',
    message: exhaustive ? message : message + '（组合过多，未能逐一比较）',
    fields: differing,
    alternatives,
    quote: raw,
  });
}

/** One issue per blank or text cell among `ids` (cells of rows that were read). */
function blankAndTextIssues(ctx: Ctx, ids: readonly string[]): void {
  for (const id of ids) {
    const v = ctx.fields[id];
    if (v === null)
      ctx.issues.push({
        severity: 'warning',
        code: 'cell.blank',
        field: id,
        message: `「${shortFieldLabel(id)}」单元格为空`,
        line: ctx.sources[id]?.line,
      });
    else if (typeof v === 'string')
      ctx.issues.push({
        severity: 'info',
        code: 'cell.text',
        field: id,
        message: `「${shortFieldLabel(id)}」单元格为“${v}”，按不适用处理`,
        line: ctx.sources[id]?.line,
      });
  }
}

// ---------------------------------------------------------------------------------------------- part 二

const S2_HEADER_ANCHORS = ['第二十条第(一)项', '第二十条第(1)项', '第二十条', '信息内容'];
const LEGACY_MARKERS = ['新制作数量', '新公开数量', '对外公开总数量', '上一年项目数量', '本年增/减', '政府集中采购', '第二十条第(九)项'];

function locatePart2(cp: Compact, p3Start: number): { hits: (LabelHit | null)[]; end: number; legacy: boolean } | null {
  const end = p3Start >= 0 ? p3Start : cp.text.length;
  const floor = p3Start >= 0 ? Math.max(0, p3Start - 3000) : 0;
  let anchor = -1;
  for (const a of S2_HEADER_ANCHORS) {
    const i = cp.text.lastIndexOf(a, end - 1);
    if (i >= floor && i > anchor) {
      // The nearest header before part 三 that is followed by a part-二 row label.
      const near = cp.text.slice(i, Math.min(end, i + 160));
      if (/规章|规范性文件|行政许可/.test(near)) {
        anchor = i;
        break;
      }
    }
  }
  if (anchor < 0) {
    // No header: the last 规范性文件/规章 label before part 三 that is followed by digits.
    for (const label of ['规范性文件', '规章']) {
      const i = cp.text.lastIndexOf(label, end - 1);
      if (i >= floor && /^\d/.test(cp.text.slice(i + label.length).replace(/^[^\d(（]{0,8}/, ''))) {
        anchor = Math.max(floor, i - 8);
        break;
      }
    }
  }
  if (anchor < 0) return null;
  // First-row search (规章) must start at the header, not inside prose.
  const hits = findRows(cp, anchor, S2_SPECS.map((s) => ({ ...s, window: s.window ?? 220 })), end);
  if (hits.filter(Boolean).length < 2) return null;
  const zone = cp.text.slice(anchor, end);
  const legacy = LEGACY_MARKERS.some((m) => zone.includes(m));
  return { hits, end, legacy };
}

const S2_CELLS_2021: Record<string, readonly string[]> = {
  regulations: ['s2.regulations.made', 's2.regulations.repealed', 's2.regulations.valid'],
  normative: ['s2.normative.made', 's2.normative.repealed', 's2.normative.valid'],
  licensing: ['s2.licensing'],
  punishment: ['s2.punishment'],
  coercion: ['s2.coercion'],
  fees: ['s2.fees'],
};

function readPart2(ctx: Ctx, hits: readonly (LabelHit | null)[], end: number, report: Report): void {
  const { cp } = ctx;
  const zoneStart = hits.find((h) => h)!.keyStart;
  const legacy = LEGACY_MARKERS.some((m) => cp.text.slice(Math.max(0, zoneStart - 200), end).includes(m));
  const prose = ctx.text.slice(0, span(cp, zoneStart, zoneStart, ctx.text.length)[0]);
  const readS2: string[] = [];
  for (let i = 0; i < S2_SPECS.length; i++) {
    const hit = hits[i];
    const key = S2_SPECS[i].key;
    if (!hit) continue;
    let next = end;
    for (let j = i + 1; j < hits.length; j++)
      if (hits[j]) {
        next = hits[j]!.labelStart;
        break;
      }
    const tokens = tokensBetween(ctx, hit.keyEnd, next);
    if (legacy) {
      report.legacy[S2_LEGACY_NAMES[key]] = legacyCells(tokens, key === 'fees' || key === 'procurement' ? 2 : 3);
      continue;
    }
    const ids = S2_CELLS_2021[key];
    if (!ids) {
      ctx.issues.push({
        severity: 'warning',
        code: 's2.unexpected_row',
        message: `第二部分出现 2021 年版表样中没有的“${S2_LEGACY_NAMES[key]}”一行，未读取`,
      });
      continue;
    }
    const { pieces } = collectValues(tokens);
    const label = S2_LEGACY_NAMES[key] === '规范性文件' ? '行政规范性文件' : S2_LEGACY_NAMES[key];
    if (ids.length === 1) readS2Single(ctx, ids[0], pieces, label);
    else readS2Triple(ctx, ids, pieces, label, prose);
    if (pieces.length) readS2.push(...ids);
  }
  if (legacy) {
    ctx.issues.push({
      severity: 'info',
      code: 's2.legacy_layout',
      message: '第二部分为 2019 年版表样（新制作/新公开/对外公开总数量等），其数值保存在 legacy 中，不对应 2021 年版字段',
    });
    return;
  }
  const missing = Object.entries(S2_CELLS_2021).filter(([k]) => !hits[S2_SPECS.findIndex((s) => s.key === k)]);
  for (const [k, ids] of missing) {
    const absentOk = k === 'regulations';
    ctx.issues.push({
      severity: absentOk ? 'info' : 'warning',
      code: absentOk ? 's2.no_regulations_row' : 'row.missing',
      message: absentOk
        ? '第二部分没有“规章”一行（本机关无规章制定权的常见情形），规章各项为空'
        : `第二部分未找到“${S2_LEGACY_NAMES[k]}”一行，其数值为空`,
      fields: [...ids],
    });
  }
  blankAndTextIssues(ctx, readS2);
}

function pieceValue(p: Piece): CellValue {
  return p.kind === 'digits' ? numberValue(p.text) : p.kind === 'number' ? p.value : p.kind === 'text' ? p.text : null;
}

function readS2Single(ctx: Ctx, id: string, allPieces: readonly Piece[], label: string): void {
  // One cell, often spanning the table's three columns: the blank columns beside it are not values.
  const pieces = allPieces.some((p) => p.kind !== 'empty') ? allPieces.filter((p) => p.kind !== 'empty') : allPieces;
  if (pieces.length === 0) {
    ctx.issues.push({ severity: 'warning', code: 'row.no_values', field: id, message: `“${label}”一行没有读到数值` });
    return;
  }
  const p = pieces[0];
  setField(ctx, id, pieceValue(p), [p.start, p.end]);
  if (pieces.length > 1)
    ctx.issues.push({
      severity: 'warning',
      code: 'row.extra_values',
      field: id,
      message: `“${label}”一行读到多个数值（${rawOf(pieces)}），取第一个 ${String(pieceValue(p))}，请核对原文`,
      quote: rawOf(pieces),
    });
  if (FIELD_BY_ID.get(id)?.type === 'int' && typeof ctx.fields[id] === 'number' && !Number.isInteger(ctx.fields[id]))
    ctx.issues.push({ severity: 'warning', code: 'value.decimal', field: id, message: `「${label}」应为整数，表中为 ${ctx.fields[id]}` });
}

/** Numbers the prose states for 规范性文件 (制发/废止/现行有效 N 件), to settle a glued part-二 run. */
function proseNormative(prose: string): { made: Set<number>; repealed: Set<number>; valid: Set<number> } {
  const out = { made: new Set<number>(), repealed: new Set<number>(), valid: new Set<number>() };
  for (const sentence of prose.replace(/\s+/g, '').split(/[。；;]/)) {
    if (!sentence.includes('规范性文件')) continue;
    for (const m of sentence.matchAll(/(\d+)件/g)) {
      const before = sentence.slice(Math.max(0, (m.index ?? 0) - 24), m.index);
      const n = Number(m[1]);
      const clause = before.split(/[，,]/).pop() ?? before;
      if (/现行有效|有效/.test(clause)) out.valid.add(n);
      else if (/废止|失效/.test(clause)) out.repealed.add(n);
      else if (/制发|印发|出台|制定|发布/.test(clause)) out.made.add(n);
    }
  }
  return out;
}

function readS2Triple(ctx: Ctx, ids: readonly string[], pieces: readonly Piece[], label: string, prose: string): void {
  if (pieces.length === 0) {
    ctx.issues.push({ severity: 'warning', code: 'row.no_values', fields: [...ids], message: `“${label}”一行没有读到数值` });
    return;
  }
  const cands = rowCandidates(ctx, pieces, 3, label, ids);
  const stated = label.includes('规范性文件') ? proseNormative(prose) : null;
  for (const c of cands) {
    const [made, repealed, valid] = c.cells.map((v) => (typeof v === 'number' ? v : null));
    let cost = 0;
    // 现行有效 is a stock that includes this year's new documents: valid < made is unlikely.
    if (made !== null && valid !== null && valid < made) cost += 2;
    const lens = c.spans.map((s) => (s ? s[1] - s[0] : 0));
    cost += (Math.max(...lens) - Math.min(...lens)) * 0.5;
    if (stated) {
      if (made !== null && stated.made.has(made)) cost -= 3;
      if (valid !== null && stated.valid.has(valid)) cost -= 3;
      if (repealed !== null && stated.repealed.has(repealed)) cost -= 3;
    }
    c.cost = cost;
  }
  const order = cands.map((_, i) => i).sort((a, b) => cands[a].cost - cands[b].cost);
  const chosenIdx = order[0];
  const chosen = cands[chosenIdx];
  ids.forEach((id, k) => setField(ctx, id, chosen.cells[k], chosen.spans[k]));
  if (cands.length > 1) {
    const raw = rawOf(pieces);
    const confirmed = stated && chosen.cost < -2;
    const alternatives = order.map((i) => Object.fromEntries(ids.map((id, k) => [id, cands[i].cells[k]])));
    const others = order
      .slice(1, 8)
      .map((i) => showCells(cands[i].cells))
      .join('；');
    ctx.issues.push({
      severity: 'warning',
      code: chosen.inserted > 0 ? 'cut.blank_position' : 'cut.ambiguous',
      message:
        chosen.inserted > 0
          ? `“${label}”一行的数值少于单元格（${raw}），空白单元格的位置无法确定，暂按 ${showCells(chosen.cells)} 读取；也可能是：${others}`
          : `“${label}”一行的数字连在一起（${raw}），本表没有可核对的合计，暂按 ${showCells(chosen.cells)} 读取${
              confirmed ? '（与正文所述数字一致）' : ''
            }；也可能是：${others}${order.length > 8 ? ` 等 ${order.length - 1} 种` : ''}`,
      fields: [...ids],
      alternatives,
      quote: raw,
    });
  }
}

/** An older-layout part-二 row as printed: numbers where the cells are clear, the raw text otherwise. */
function legacyCells(tokens: readonly Token[], k: number): CellValue[] | string {
  const words: string[] = [];
  for (const t of tokens) {
    if (t.kind === 'empty') continue;
    if (t.kind === 'txt') {
      // A unit printed after a number (`2笔`, `984361元`) stays with it; any other text ends the row.
      const unit = /^[元万件笔项个条]+/.exec(t.text.trim());
      if (unit && t.glued && words.length) words[words.length - 1] += unit[0];
      if (words.length && (!unit || unit[0].length < t.text.trim().length)) break;
      continue;
    }
    if (t.glued && words.length) words[words.length - 1] += t.text;
    else words.push(t.text);
  }
  if (words.length === k) return words.map((w) => (/^-?\d+(\.\d+)?$/.test(w) ? Number(w) : w));
  if (words.length === 1 && /^\d+$/.test(words[0]) && words[0].length === k) return [...words[0]].map(Number);
  return words.join(' ');
}

// ---------------------------------------------------------------------------------------------- part 四

const S4_HEADER = /^(?:行政复议|行政诉讼|未经复议直接起诉|未经复议|直接起诉|复议后起诉|复议后|起诉|结果|维持|纠正|其他|尚未|审结|总计|合计|[,、:;()\-—/])+/;
const S4_VOCAB_TOKEN = /^(?:行政复议|行政诉讼|未经复议直接起诉|复议后起诉|结果|维持|纠正|其他|尚未|审结|总计|[、,，:：()（）])+$/;

function readPart4(ctx: Ctx, from: number): boolean {
  const { cp } = ctx;
  const i = cp.text.indexOf('维持', from);
  if (i < 0 || i - from > 2500) return false;
  // Back to the header start (结果维持), then over the whole header.
  let start = i;
  if (cp.text.startsWith('结果', i - 2)) start = i - 2;
  let p = start;
  for (let guard = 0; guard < 8; guard++) {
    const m = S4_HEADER.exec(cp.text.slice(p, p + 400));
    if (!m) break;
    p += m[0].length;
    // A typo in a header word: skip one character if more header follows.
    const rest = cp.text.slice(p + 1, p + 6);
    if (/^(维持|纠正|其他|尚未|审结|总计|结果)/.test(rest)) p += 1;
    else break;
  }
  const tokens = tokensBetween(ctx, p, Math.min(cp.text.length, p + 700));
  const { pieces } = collectValues(tokens, {
    skippable: (t) => S4_VOCAB_TOKEN.test(t.text.replace(/\s/g, '')),
    max: 15,
  });
  const label = '第四部分（行政复议、行政诉讼）';
  const cands = rowCandidates(ctx, pieces, 15, label, S4_FIELD_IDS, s4Accept);
  for (const c of cands) c.cost = c.inserted ? c.cells.reduce<number>((a, v, k) => a + (v === null ? (k % 5 === 4 ? 0.5 : 1) : 0), 0) : 0;
  const sol = solveJoint([{ key: 's4', candidates: cands }], (rows) => {
    const cells = rows[0];
    let v = 0;
    for (let g = 0; g < 3; g++) {
      let s = 0;
      for (let k = 0; k < 4; k++) s += asNum(cells[g * 5 + k]);
      const t = asNum(cells[g * 5 + 4]);
      if (!Number.isNaN(s) && !Number.isNaN(t) && s !== t) v++;
    }
    return v;
  });
  const chosen = cands[sol.choice[0]];
  S4_FIELD_IDS.forEach((id, k) => setField(ctx, id, chosen.cells[k], chosen.spans[k]));
  reportChoice(ctx, label, S4_FIELD_IDS, rawOf(pieces), cands, sol.ties[0], sol.choice[0], sol.exhaustive);
  if (chosen.split && sol.ties[0].length === 1)
    ctx.issues.push({
      severity: 'info',
      code: 'cut.glued',
      message: `第四部分的数字连在一起（${rawOf(pieces)}），已按“总计 = 各项之和”唯一拆分`,
    });
  if (pieces.length > 0) blankAndTextIssues(ctx, S4_FIELD_IDS);
  return pieces.length > 0;
}

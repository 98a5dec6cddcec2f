/**
 * Importing a file this app exported (wide CSV, long CSV or library JSON, from a colleague or re-saved by Excel)
 * and merging it into a library by office + year. All or nothing: reading returns every entry of the file or
 * only errors (in Chinese, with line numbers); merging returns a complete plan (entries to add, ids to remove)
 * that the caller applies at once. Never throws on content. Pure.
 */
import { FIELD_BY_ID, FIELD_IDS, emptyFields, shortFieldLabel, type CellValue } from '../form/model.ts';
import { officeOf, type Correction, type Entry } from '../model/entry.ts';
import { decodeText as decodeBytes } from '../parse/decode.ts';
import { decodeText, decodeValue, kindOf, type ValueKind } from './cells.ts';
import { KIND_WORDS, YES_NO, headerLookup } from './columns.ts';
import { isEmptyRecord, parseCsv, type CsvRecord } from './csv.ts';
import { entryKey, readLibraryJson, type ReadError } from './library-json.ts';
import { parseIssueCodes, rebuildEntry, type RebuildOptions, type RowValues } from './rebuild.ts';
import { longRows, wideRow } from './to-csv.ts';

export type { ReadError } from './library-json.ts';
export type ExportFormat = 'wide' | 'long' | 'json';

export type ReadResult =
  | { ok: true; format: ExportFormat; encoding: string; entries: Entry[]; lines: number[] }
  | { ok: false; errors: ReadError[] };

/** Errors listed at most; the rest are counted in one last message. */
export const MAX_ERRORS = 50;

class Errors {
  readonly list: ReadError[] = [];
  private more = 0;
  add(line: number | null, message: string): void {
    if (this.list.length < MAX_ERRORS) this.list.push({ line, message: line ? `第 ${line} 行：${message}` : message });
    else this.more++;
  }
  get any(): boolean {
    return this.list.length > 0;
  }
  result(): { ok: false; errors: ReadError[] } {
    const errors = [...this.list];
    if (this.more) errors.push({ line: null, message: `……另有 ${this.more} 处错误未列出` });
    return { ok: false, errors };
  }
}

const fail = (line: number | null, message: string): { ok: false; errors: ReadError[] } => {
  const e = new Errors();
  e.add(line, message);
  return e.result();
};

/** Bytes (any encoding `decodeText` knows: UTF-8 with or without BOM, UTF-16, GB18030) or text → text. */
function decodeInput(input: Uint8Array | string): { ok: true; text: string; encoding: string } | { ok: false; errors: ReadError[] } {
  if (typeof input === 'string') return { ok: true, text: input.replace(/^\ufeff/, ''), encoding: 'text' };
  if (input.length >= 3 && input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf) {
    try {
      return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(input.subarray(3)), encoding: 'utf-8' };
    } catch {
      return fail(null, '文件标明是 UTF-8 编码，但其中有无法解码的字节，文件可能已损坏');
    }
  }
  const d = decodeBytes(input);
  if (d.lossy) return fail(null, `文件中有无法按 ${d.encoding.toUpperCase()} 解码的字节，无法确定文件编码，文件可能已损坏`);
  return { ok: true, text: d.text, encoding: d.encoding };
}

/** Read a file exported by this app. Every entry is complete, or there are only errors. */
export function readExport(input: Uint8Array | string, opts: RebuildOptions): ReadResult {
  const dec = decodeInput(input);
  if (!dec.ok) return dec;
  const { text, encoding } = dec;
  if (text.trim() === '') return fail(null, '文件是空的');
  if (/^\s*[{[]/.test(text)) {
    const r = readLibraryJson(text);
    if (!r.ok) return r;
    return dedupe('json', encoding, r.entries, r.lines);
  }
  const parsed = parseCsv(text);
  if (!parsed.ok) return fail(null, parsed.message);
  const records = parsed.records.filter((r) => !isEmptyRecord(r));
  if (records.length === 0) return fail(null, '文件是空的');
  const head = readHeader(records[0]);
  if (!head.ok) return head;
  const errs = new Errors();
  const rows = records.slice(1);
  let entries: Entry[];
  let lines: number[];
  if (head.format === 'wide') {
    const values = rows.map((r) => readWideRow(r, head.cols, errs, opts.now));
    if (errs.any) return errs.result();
    entries = (values as RowValues[]).map((v) => rebuildEntry(v, opts));
    lines = rows.map((r) => r.line);
  } else {
    const groups = readLong(rows, head.cols, errs, opts.now);
    if (errs.any) return errs.result();
    entries = groups.map((v) => rebuildEntry(v, opts));
    lines = groups.map((v) => v.line);
  }
  return dedupe(head.format, encoding, entries, lines);
}

// ----------------------------------------------------------------------------------------------- header

/** Column index → what it holds (a key from columns.ts, `field:<id>`) or null for an unnamed, ignored column. */
type Cols = (string | null)[];

function readHeader(rec: CsvRecord): { ok: true; format: 'wide' | 'long'; cols: Cols } | { ok: false; errors: ReadError[] } {
  const look = headerLookup();
  const errs = new Errors();
  const cols: Cols = [];
  const seen = new Map<string, number>();
  rec.cells.forEach((raw, i) => {
    const h = raw.trim().replace(/^'/, '');
    if (h === '') return void cols.push(null);
    const key = look.get(h) ?? look.get(h.toLowerCase()) ?? null;
    if (!key) errs.add(rec.line, `无法识别第 ${i + 1} 列的列名「${h}」`);
    else if (seen.has(key)) errs.add(rec.line, `第 ${seen.get(key)! + 1} 列和第 ${i + 1} 列重复（「${h}」）`);
    else seen.set(key, i);
    cols.push(key);
  });
  if (errs.any) return errs.result();
  const has = (k: string) => seen.has(k);
  if (has('field') && has('value')) {
    const missing = ['office', 'year'].filter((k) => !has(k));
    if (missing.length) return fail(rec.line, `长表缺少必需的列：${missing.join('、')}`);
    return { ok: true, format: 'long', cols };
  }
  if (!FIELD_IDS.some((id) => has(`field:${id}`)))
    return fail(rec.line, '表头中既没有字段列也没有“字段代码/值”列，这不是本程序导出的 CSV 文件');
  const missing = [...['office', 'year'].filter((k) => !has(k)), ...FIELD_IDS.filter((id) => !has(`field:${id}`)).map(shortFieldLabel)];
  if (missing.length)
    return fail(rec.line, `缺少 ${missing.length} 列：${missing.slice(0, 5).join('、')}${missing.length > 5 ? ' 等' : ''}`);
  return { ok: true, format: 'wide', cols };
}

/** The record's cell for each named column; false (after adding errors) when the row is short or has stray cells. */
function cellsOf(rec: CsvRecord, cols: Cols, errs: Errors): Map<string, string> | null {
  let last = -1;
  cols.forEach((c, i) => {
    if (c) last = i;
  });
  if (rec.cells.length <= last) {
    errs.add(rec.line, `只有 ${rec.cells.length} 列，表头有 ${last + 1} 列（文件可能不完整）`);
    return null;
  }
  const out = new Map<string, string>();
  for (let i = 0; i < rec.cells.length; i++) {
    const key = cols[i] ?? null;
    if (key) out.set(key, rec.cells[i]);
    else if (rec.cells[i].trim() !== '') {
      errs.add(rec.line, `第 ${i + 1} 列没有列名，却有内容「${clip(rec.cells[i])}」`);
      return null;
    }
  }
  return out;
}

const clip = (s: string): string => (s.length > 20 ? s.slice(0, 20) + '…' : s);
const HEX64 = /^[0-9a-fA-F]{64}$/;

function readYear(cell: string | undefined, line: number, errs: Errors): number | null | undefined {
  const v = decodeValue(cell ?? '');
  if (v === null) return null;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 1900 && v <= 2200) return v;
  errs.add(line, `年度「${clip(String(v))}」不是有效的年份`);
  return undefined;
}

function readId(cell: string | undefined, line: number, errs: Errors): string | null | undefined {
  const v = decodeText(cell ?? '');
  if (v === null) return null;
  if (HEX64.test(v.trim())) return v.trim().toLowerCase();
  errs.add(line, `SHA-256「${clip(v)}」应为 64 位十六进制数字`);
  return undefined;
}

// ------------------------------------------------------------------------------------------------- wide

function readWideRow(rec: CsvRecord, cols: Cols, errs: Errors, now: string): RowValues | null {
  const cells = cellsOf(rec, cols, errs);
  if (!cells) return null;
  const before = errs.list.length;
  const year = readYear(cells.get('year'), rec.line, errs);
  const id = readId(cells.get('sha256'), rec.line, errs);
  const layoutCell = cells.has('layout') ? decodeText(cells.get('layout')!)?.trim() : '2021';
  if (layoutCell !== '2021' && layoutCell !== '2019') errs.add(rec.line, `表式「${clip(layoutCell ?? '')}」应为 2021 或 2019`);
  const fields = emptyFields();
  for (const fid of FIELD_IDS) fields[fid] = decodeValue(cells.get(`field:${fid}`)!);
  let issues: RowValues['issues'] = null;
  if (cells.has('issue_codes')) {
    issues = parseIssueCodes(decodeText(cells.get('issue_codes')!) ?? '');
    if (!issues) errs.add(rec.line, '「提示代码」格式错误（应为 级别:代码 或 级别:代码@字段，以分号分隔）');
  }
  const corrections = readCorrections(cells.get('corrections'), rec.line, errs, now);
  const checked = cells.has('failed_checks')
    ? cells.get('failed_checks')!.trim() !== ''
    : FIELD_IDS.some((f) => fields[f] !== null);
  if (errs.list.length > before || year === undefined || id === undefined || !corrections) return null;
  return {
    office: decodeText(cells.get('office')!),
    year,
    layout: layoutCell as '2021' | '2019',
    file: cells.has('file') ? decodeText(cells.get('file')!) : null,
    id,
    parser: cells.has('parser') ? decodeText(cells.get('parser')!) : null,
    fields,
    corrections,
    checked,
    issues,
    line: rec.line,
  };
}

const isCell = (x: unknown): x is CellValue =>
  x === null || typeof x === 'string' || (typeof x === 'number' && Number.isFinite(x));

/**
 * The 更正记录 cell: `{"<field id>":{"original":…,"note":"…","at":"…"}}` (note and at may be left out), `{}` for none.
 * An empty cell is an error: it is what a file cut just before its last cell looks like.
 */
function readCorrections(
  cell: string | undefined,
  line: number,
  errs: Errors,
  now: string,
): Record<string, Omit<Correction, 'value'>> | null {
  if (cell === undefined) return {};
  const text = decodeText(cell);
  if (text === null) {
    errs.add(line, '「更正记录」为空（没有更正时应为 {}；文件可能不完整）');
    return null;
  }
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    errs.add(line, '「更正记录」不是有效的 JSON');
    return null;
  }
  if (typeof o !== 'object' || o === null || Array.isArray(o)) {
    errs.add(line, '「更正记录」应为 JSON 对象');
    return null;
  }
  const out: Record<string, Omit<Correction, 'value'>> = {};
  for (const [k, c] of Object.entries(o)) {
    if (!FIELD_BY_ID.has(k)) {
      errs.add(line, `「更正记录」中有未知字段“${clip(k)}”`);
      return null;
    }
    const r = c as Record<string, unknown> | null;
    if (
      typeof r !== 'object' ||
      r === null ||
      !Object.hasOwn(r, 'original') ||
      !isCell(r.original) ||
      (r.note !== undefined && typeof r.note !== 'string') ||
      (r.at !== undefined && typeof r.at !== 'string')
    ) {
      errs.add(line, `「更正记录」中「${shortFieldLabel(k)}」的格式错误`);
      return null;
    }
    out[k] = { original: r.original, note: (r.note as string | undefined) ?? '', at: (r.at as string | undefined) ?? now };
  }
  return out;
}

// ------------------------------------------------------------------------------------------------- long

const KIND_BY_WORD = new Map<string, ValueKind>(
  (['ids', 'labels'] as const).flatMap((s) => Object.entries(KIND_WORDS[s]).map(([k, w]) => [w, k as ValueKind])),
);
const YES = new Set<string>([YES_NO.ids[0], YES_NO.labels[0]]);
const NO = new Set<string>([YES_NO.ids[1], YES_NO.labels[1]]);

interface Group extends RowValues {
  seen: Map<string, number>;
}

function readLong(rows: CsvRecord[], cols: Cols, errs: Errors, now: string): RowValues[] {
  const groups = new Map<string, Group>();
  for (const rec of rows) {
    const cells = cellsOf(rec, cols, errs);
    if (!cells) continue;
    const line = rec.line;
    const field = (cells.get('field') ?? '').trim();
    if (!FIELD_BY_ID.has(field)) {
      errs.add(line, `未知的字段代码「${clip(field)}」`);
      continue;
    }
    const year = readYear(cells.get('year'), line, errs);
    const id = readId(cells.get('sha256'), line, errs);
    if (year === undefined || id === undefined) continue;
    const office = decodeText(cells.get('office') ?? '');
    const file = cells.has('file') ? decodeText(cells.get('file')!) : null;
    const key = id ?? JSON.stringify([file, office, year]);
    let g = groups.get(key);
    if (!g) {
      g = {
        office,
        year,
        layout: '2021',
        file,
        id,
        parser: null,
        fields: emptyFields(),
        corrections: {},
        checked: true,
        issues: null,
        line,
        seen: new Map(),
      };
      groups.set(key, g);
    } else if (g.office !== office || g.year !== year || g.file !== file) {
      errs.add(line, `与第 ${g.line} 行属于同一份报告，但机关名称、年度或源文件不同`);
      continue;
    }
    if (g.seen.has(field)) {
      errs.add(line, `「${shortFieldLabel(field)}」在第 ${g.seen.get(field)} 行已经出现过`);
      continue;
    }
    g.seen.set(field, line);
    const value = decodeValue(cells.get('value') ?? '');
    if (cells.has('kind')) {
      const word = cells.get('kind')!.trim();
      const kind = KIND_BY_WORD.get(word);
      if (!kind) errs.add(line, `类型「${clip(word)}」应为 数字、空白 或 文字`);
      else if (kind !== kindOf(value))
        errs.add(line, `「${shortFieldLabel(field)}」的值「${clip(cells.get('value') ?? '')}」与类型「${word}」不符`);
    }
    g.fields[field] = value;
    if (cells.has('corrected')) {
      const word = cells.get('corrected')!.trim();
      const original = cells.get('original') ?? '';
      if (YES.has(word)) g.corrections[field] = { original: decodeValue(original), note: '', at: now };
      else if (!NO.has(word)) errs.add(line, `“已更正”一栏「${clip(word)}」应为 是 或 否`);
      else if (original.trim() !== '') errs.add(line, `「${shortFieldLabel(field)}」未更正，却填写了原值`);
    }
  }
  const out: RowValues[] = [];
  for (const g of groups.values()) {
    const missing = FIELD_IDS.filter((f) => !g.seen.has(f));
    if (missing.length) {
      errs.add(
        g.line,
        `从这一行开始的报告（${g.office ?? '机关未知'}，${g.year ?? '年度未知'}）缺少 ${missing.length} 个字段，如「${shortFieldLabel(missing[0])}」（文件可能不完整）`,
      );
      continue;
    }
    const { seen: _seen, ...v } = g;
    v.checked = FIELD_IDS.some((f) => (Object.hasOwn(v.corrections, f) ? v.corrections[f].original : v.fields[f]) !== null);
    out.push(v);
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ merge

/** What a file's entry is compared on: what that format carries. */
function contentKey(format: ExportFormat, e: Entry): string {
  if (format === 'wide') return wideRow(e).join('\u0000');
  if (format === 'long') return longRows(e).map((r) => r.join('\u0000')).join('\u0001');
  return entryKey(e);
}

/** One report twice in a file: the same content is kept once, different content under one SHA-256 is an error. */
function dedupe(format: ExportFormat, encoding: string, entries: Entry[], lines: number[]): ReadResult {
  const errs = new Errors();
  const first = new Map<string, number>();
  const keepE: Entry[] = [];
  const keepL: number[] = [];
  entries.forEach((e, i) => {
    const j = first.get(e.id);
    if (j === undefined) {
      first.set(e.id, i);
      keepE.push(e);
      keepL.push(lines[i]);
    } else if (contentKey(format, entries[j]) !== contentKey(format, e))
      errs.add(lines[i], `与第 ${lines[j]} 行是同一文件（SHA-256 相同），内容却不同`);
  });
  if (errs.any) return errs.result();
  return { ok: true, format, encoding, entries: keepE, lines: keepL };
}

export type ConflictChoice = 'mine' | 'theirs' | 'both';

export interface Conflict {
  incoming: Entry;
  /** Line of the incoming entry in the file. */
  line: number;
  /** Library entries it collides with: the same file (SHA-256), or the same office and year. */
  mine: Entry[];
  /** One of `mine` is the same file: the library cannot hold both, so 'both' keeps mine. */
  sameFile: boolean;
}

export interface MergePlan {
  /** Entries to put into the library, in file order. */
  add: Entry[];
  /** Ids of library entries to delete first (where the choice was 'theirs'). */
  remove: string[];
  /** Entries of the file the library already holds unchanged. */
  unchanged: Entry[];
  conflicts: { conflict: Conflict; choice: ConflictChoice; applied: ConflictChoice }[];
}

export type OnConflict = ConflictChoice | ((c: Conflict) => ConflictChoice);

const mergeKey = (e: Entry): string | null => {
  const office = officeOf(e);
  return office !== null && e.report.year !== null ? `${office}\u0000${e.report.year}` : null;
};

/** Decide, for every entry read, whether it is added, already there, or in conflict (resolved by `onConflict`). */
export function planMerge(
  library: readonly Entry[],
  read: { format: ExportFormat; entries: readonly Entry[]; lines: readonly number[] },
  onConflict: OnConflict,
): MergePlan {
  const byId = new Map(library.map((e) => [e.id, e]));
  const byKey = new Map<string, Entry[]>();
  for (const e of library) {
    const k = mergeKey(e);
    if (k) byKey.set(k, [...(byKey.get(k) ?? []), e]);
  }
  const plan: MergePlan = { add: [], remove: [], unchanged: [], conflicts: [] };
  const removed = new Set<string>();
  read.entries.forEach((x, i) => {
    const same = byId.get(x.id);
    if (same && contentKey(read.format, same) === contentKey(read.format, x)) return void plan.unchanged.push(x);
    const k = mergeKey(x);
    const mine = [...(same ? [same] : []), ...((k && byKey.get(k)) || []).filter((e) => e.id !== x.id)];
    if (mine.length === 0) return void plan.add.push(x);
    const conflict: Conflict = { incoming: x, line: read.lines[i], mine, sameFile: same !== undefined };
    const choice = typeof onConflict === 'function' ? onConflict(conflict) : onConflict;
    const applied: ConflictChoice = choice === 'both' && conflict.sameFile ? 'mine' : choice;
    plan.conflicts.push({ conflict, choice, applied });
    if (applied === 'theirs') {
      for (const m of mine) if (!removed.has(m.id)) removed.add(m.id);
      plan.add.push(x);
    } else if (applied === 'both') plan.add.push(x);
  });
  plan.remove = [...removed];
  return plan;
}

export interface ImportOptions extends RebuildOptions {
  onConflict: OnConflict;
}

export type ImportResult =
  | { ok: true; format: ExportFormat; encoding: string; plan: MergePlan }
  | { ok: false; errors: ReadError[] };

/** Read a file and plan its merge into the library: the plan is complete, or there are only errors. */
export function importExport(input: Uint8Array | string, library: readonly Entry[], opts: ImportOptions): ImportResult {
  const r = readExport(input, opts);
  if (!r.ok) return r;
  return { ok: true, format: r.format, encoding: r.encoding, plan: planMerge(library, r, opts.onConflict) };
}

/** One sentence for the user: 导入 5 份：新增 3 份，替换 1 份，保留原有 1 份，已存在 0 份。 */
export function summarize(plan: MergePlan): string {
  const count = (c: ConflictChoice) => plan.conflicts.filter((x) => x.applied === c).length;
  const n = plan.add.length + plan.unchanged.length + count('mine');
  return `导入 ${n} 份：新增 ${plan.add.length - count('theirs')} 份，替换 ${count('theirs')} 份，保留原有 ${count('mine')} 份，已存在 ${plan.unchanged.length} 份。`;
}

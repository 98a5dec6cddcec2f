/**
 * Library entries for the export/import tests: the 12 corpus reports and 5 seeds as parsed, and generated entries
 * with blanks, text cells (`/`, `-`, `"0"`, `""`, formula-like text, commas, quotes, line breaks), single-（六）-row
 * reports, reports whose tables were not found, office overrides and user corrections of every kind. Plus what
 * Excel does to a CSV when it re-saves it (GB18030, other line breaks, quotes, empty columns and rows).
 */
import { createHash } from 'node:crypto';
import { FIELD_IDS, S3_COLUMNS, emptyFields, type CellValue, type Fields } from '../../src/lib/form/model.ts';
import { evaluateRelations } from '../../src/lib/form/relations.ts';
import type { Correction, Entry } from '../../src/lib/model/entry.ts';
import { PARSER_VERSION, parseReport } from '../../src/lib/parse/parse-report.ts';
import type { Issue, Report } from '../../src/lib/parse/types.ts';
import { validateReport } from '../../src/lib/validate/validate.ts';
import { parseCsv } from '../../src/lib/export/csv.ts';
import { generateFields, generateIdentity, int, pick, rng, type Rng } from '../gen/values.ts';
import { corpus, seeds } from './fixtures.ts';

export const sha = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');
export const ADDED = '2026-01-15T08:00:00.000Z';

export function fixtureEntries(): Entry[] {
  return [...corpus(), ...seeds()].map((f) => ({
    id: sha(f.bytes),
    file: `${f.name}.txt`,
    size: f.bytes.length,
    addedAt: ADDED,
    report: parseReport(f.bytes, { file: `${f.name}.txt`, nowYear: 2026 }),
    corrections: {},
    officeOverride: null,
  }));
}

/** Text cells a user or a report may hold, chosen to break a careless encoding. */
export const TRICKY_TEXT = [
  '/',
  '-',
  '无',
  '—',
  '0',
  '',
  ' ',
  '12',
  ' 5',
  '3.5',
  '1e3',
  "'",
  "'0",
  "=cmd|' /C calc'!A0",
  '+1',
  '-1+2',
  '@SUM(A1)',
  '\tx',
  '\rx',
  'a,b',
  '引号"内"',
  '两\n行',
  '两\r\n行',
  '不适用',
];

function randomText(r: Rng): string {
  return pick(r, TRICKY_TEXT);
}

function randomValue(r: Rng): CellValue {
  const k = r();
  if (k < 0.25) return null;
  if (k < 0.5) return randomText(r);
  if (k < 0.6) return -int(r, 1, 50);
  if (k < 0.7) return Math.round(r() * 100000) / 1000;
  return int(r, 0, 500);
}

const OFFICE_ODDITIES = ["=HYPERLINK(\"http://x\")", '-某某局', '某某局,办公室', '某"某"局', '@某局', "'某局", '两行\n机关'];

/** A generated entry: values from tests/gen/values.ts with blanks, text and corrections mixed in. */
export function generatedEntry(seed: number): Entry {
  const r = rng(seed);
  const fields: Fields = generateFields(r);
  const idn = generateIdentity(r);
  // Blank and text cells, and wrong numbers (failing checks → diagnosis; negative or decimal counts → sanity).
  const spoil = int(r, 0, 12);
  for (let i = 0; i < spoil; i++) {
    const id = pick(r, FIELD_IDS);
    const k = r();
    fields[id] = k < 0.4 ? null : k < 0.8 ? randomText(r) : k < 0.9 ? (typeof fields[id] === 'number' ? fields[id] : 0) + int(r, 1, 5) : pick(r, [-2, 2.5]);
  }
  // One in six reports has the single （六）其他处理 row of older forms: two rows absent, left out of the checks.
  const singleOther = seed % 6 === 1;
  const absent = new Set<string>();
  if (singleOther) {
    for (const row of ['other.overdue_correction', 'other.overdue_fee']) {
      absent.add(row);
      for (const c of S3_COLUMNS) fields[`s3.${row}.${c}`] = null;
    }
  }
  // One in eleven: the tables were not found (all blank, nothing checked).
  const noTables = seed % 11 === 5;
  const f = noTables ? emptyFields() : fields;
  const checks = noTables ? [] : evaluateRelations(f, { absentRows: absent });
  const issues: Issue[] = [];
  if (noTables) issues.push({ severity: 'error', code: 'table.not_found', message: '未找到政府信息公开年报表格' });
  if (singleOther)
    issues.push({ severity: 'info', code: 's3.single_other_row', message: '（六）其他处理只有一行', fields: [] });
  for (const id of FIELD_IDS) {
    if (noTables || absent.has(id.split('.').slice(1, -1).join('.'))) continue;
    if (f[id] === null) issues.push({ severity: 'warning', code: 'cell.blank', field: id, message: '单元格为空' });
    else if (typeof f[id] === 'string') issues.push({ severity: 'info', code: 'cell.text', field: id, message: '文字' });
  }
  if (r() < 0.3) issues.push({ severity: 'warning', code: 'cut.ambiguous', message: '有多种读法', fields: ['s2.licensing'] });
  const office = r() < 0.15 ? pick(r, OFFICE_ODDITIES) : r() < 0.05 ? null : idn.office;
  const report: Report = {
    file: `${seed}.txt`,
    office,
    year: r() < 0.05 ? null : idn.year,
    layout: singleOther && r() < 0.5 ? '2019' : '2021',
    fields: f,
    legacy: {},
    checks,
    issues,
    meta: { parser: PARSER_VERSION, sources: {}, chars: 1000 + seed },
  };
  // What the parser ends with: relations, diagnosis, sanity.
  issues.push(...validateReport(report, { nowYear: 2026 }));
  const corrections: Record<string, Correction> = {};
  const nCorr = r() < 0.4 ? 0 : int(r, 1, 6);
  for (let i = 0; i < nCorr; i++) {
    const id = pick(r, FIELD_IDS);
    corrections[id] = {
      value: randomValue(r),
      original: f[id],
      note: pick(r, ['', '核对原件', '与上年报告一致,改正', '"引号" 与\n换行', '=1+1']),
      at: `2026-01-${String(int(r, 10, 28))}T0${int(r, 0, 9)}:00:00.000Z`,
    };
  }
  return {
    id: sha(`generated ${seed}`),
    file: r() < 0.1 ? pick(r, ['=x.txt', '报告,2024.txt', '', "'a.txt"]) : `${seed}.txt`,
    size: 2000 + seed,
    addedAt: ADDED,
    report,
    corrections,
    officeOverride: r() < 0.1 ? `${idn.office}（合并）` : null,
  };
}

export const generatedEntries = (n: number, from = 0): Entry[] =>
  Array.from({ length: n }, (_, i) => generatedEntry(from + i));

// ------------------------------------------------------------------------------------ Excel re-saving

let gbTable: Map<string, number[]> | null = null;

/** Text → GB18030 bytes (two-byte GBK range and ASCII; enough for every character the tests write). */
export function encodeGb18030(text: string): Uint8Array {
  if (!gbTable) {
    gbTable = new Map();
    const dec = new TextDecoder('gb18030');
    for (let a = 0x81; a <= 0xfe; a++)
      for (let b = 0x40; b <= 0xfe; b++) {
        if (b === 0x7f) continue;
        const ch = dec.decode(new Uint8Array([a, b]));
        if (ch.length === 1 && ch !== '\ufffd' && !gbTable.has(ch)) gbTable.set(ch, [a, b]);
      }
  }
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else {
      const bytes = gbTable.get(ch);
      if (!bytes) throw new Error(`not in GBK: ${ch} U+${c.toString(16)}`);
      out.push(...bytes);
    }
  }
  return new Uint8Array(out);
}

export interface Resave {
  /** Line break written between rows. @default '\r\n' */
  eol?: '\r\n' | '\n' | '\r';
  /** Quote every cell (numbers too), as some tools do. */
  quoteAll?: boolean;
  /** Empty cells appended to every row (Excel's used range grown by a stray click). */
  extraColumns?: number;
  /** Empty rows (`,,,`) inserted after the header and at the end. */
  extraRows?: boolean;
  /** Keep the UTF-8 BOM. @default false */
  bom?: boolean;
}

/** A CSV as another program writes it back: the same cells, other bytes. */
export function resave(csv: string, how: Resave = {}): string {
  const parsed = parseCsv(csv.replace(/^\ufeff/, ''));
  if (!parsed.ok) throw new Error(parsed.message);
  const eol = how.eol ?? '\r\n';
  const width = parsed.records[0].cells.length + (how.extraColumns ?? 0);
  const cell = (s: string) =>
    how.quoteAll || /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  const rows = parsed.records.map((r) => {
    const cells = [...r.cells];
    while (cells.length < width) cells.push('');
    return cells.map(cell).join(',');
  });
  if (how.extraRows) {
    const empty = Array(width).fill('').join(',');
    rows.splice(1, 0, empty);
    rows.push(empty, empty);
  }
  return (how.bom ? '\ufeff' : '') + rows.join(eol) + eol;
}

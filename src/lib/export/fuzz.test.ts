/**
 * The importer never crashes and never half-imports: random bytes, random quoting, truncated files and thousands
 * of mutations of real exports each give either errors (Chinese, with sane line numbers) or complete, valid
 * entries. Deterministic (seeded).
 */
import { describe, expect, it } from 'vitest';
import { FIELD_IDS } from '../form/model.ts';
import { fixtureEntries, generatedEntries } from '../../../tests/unit/export-fixtures.ts';
import { rng, type Rng } from '../../../tests/gen/values.ts';
import { parseCsv } from './csv.ts';
import { importExport, readExport } from './import.ts';
import { readLibraryJson, toLibraryJson } from './library-json.ts';
import { longRows, toLongCsv, toWideCsv, wideRow } from './to-csv.ts';

const NOW = '2026-03-01T00:00:00.000Z';
const fixtures = fixtureEntries();
const base = [...fixtures.slice(0, 3), ...generatedEntries(3, 7000)];
const library = fixtures.slice(1, 2);
const WIDE = toWideCsv(base);
const WIDE_LABELS = toWideCsv(base, { headers: 'labels' });
const LONG = toLongCsv(base.slice(0, 2));
const JSON_TEXT = toLibraryJson(base.slice(0, 3));

const CJK = /[\u4e00-\u9fff]/;
const isCell = (v: unknown) => v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));

/** Import must not throw; errors must be Chinese with a plausible line; entries must be whole and valid. */
function importSafely(input: string | Uint8Array): { ok: boolean; ids: string[] } {
  let r: ReturnType<typeof importExport>;
  try {
    r = importExport(input, library, { onConflict: 'both', now: NOW });
  } catch (e) {
    throw new Error(`import threw on ${JSON.stringify(String(input).slice(0, 200))}: ${(e as Error).stack}`);
  }
  if (!r.ok) {
    expect(r.errors.length).toBeGreaterThan(0);
    for (const e of r.errors) {
      expect(e.message).toMatch(CJK);
      if (e.line !== null) expect(Number.isInteger(e.line) && e.line >= 1).toBe(true);
    }
    return { ok: false, ids: [] };
  }
  for (const e of r.plan.add)
    expect(FIELD_IDS.every((id) => Object.hasOwn(e.report.fields, id) && isCell(e.report.fields[id]))).toBe(true);
  // Whole, valid entries: the library JSON reader accepts them.
  expect(readLibraryJson(toLibraryJson(r.plan.add)).ok).toBe(true);
  return { ok: true, ids: [...r.plan.add, ...r.plan.unchanged].map((e) => e.id) };
}

function mutate(s: string, r: Rng): string {
  const pool = [',', '"', '\r', '\n', "'", '=', '0', '9', '.', '-', 'x', '无', '\ufeff', '\u0000', ';', '\t', '{', '}'];
  const tokens = ['', '/', '0', "'", '"', 'abc', '1e999', '-', '2024', 'NaN', '{"a":1}', 'error:x', '"a""b"'];
  const at = () => Math.floor(r() * (s.length + 1));
  const ch = () => pool[Math.floor(r() * pool.length)];
  const lines = () => s.split(/(?<=\n)/);
  switch (Math.floor(r() * 8)) {
    case 0: {
      const i = at();
      return s.slice(0, i) + s.slice(i + 1);
    }
    case 1: {
      const i = at();
      return s.slice(0, i) + ch() + s.slice(i);
    }
    case 2: {
      const i = at();
      return s.slice(0, i) + ch() + s.slice(i + 1);
    }
    case 3: {
      const l = lines();
      l.splice(Math.floor(r() * l.length), 1);
      return l.join('');
    }
    case 4: {
      const l = lines();
      const i = Math.floor(r() * l.length);
      l.splice(i, 0, l[i]);
      return l.join('');
    }
    case 5: {
      const l = lines();
      const i = Math.floor(r() * l.length);
      const j = Math.floor(r() * l.length);
      [l[i], l[j]] = [l[j], l[i]];
      return l.join('');
    }
    case 6:
      return s.slice(0, at());
    default: {
      // Replace one cell (the text between two commas) with a token.
      const i = s.indexOf(',', at());
      if (i < 0) return s;
      const j = s.indexOf(',', i + 1);
      if (j < 0) return s;
      return s.slice(0, i + 1) + tokens[Math.floor(r() * tokens.length)] + s.slice(j);
    }
  }
}

describe('fuzzing the importer', () => {
  it('random bytes: errors, never a throw', () => {
    const r = rng(11);
    for (let k = 0; k < 400; k++) {
      const n = Math.floor(r() * 3000);
      const bytes = new Uint8Array(n).map(() => Math.floor(r() * 256));
      if (k % 4 === 1 && n > 3) bytes.set([0xef, 0xbb, 0xbf]);
      if (k % 4 === 2 && n > 0) bytes[0] = 0x7b; // '{'
      expect(importSafely(bytes).ok).toBe(false);
    }
  });

  it('random valid quoting of every kind of cell reads the same entries', () => {
    const r = rng(12);
    const p = parseCsv(WIDE.slice(1));
    if (!p.ok) throw new Error(p.message);
    for (let k = 0; k < 100; k++) {
      const text = p.records
        .map((rec) => rec.cells.map((c) => (r() < 0.5 || /[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(','))
        .join(r() < 0.5 ? '\r\n' : '\n');
      const back = readExport(text, { now: NOW });
      if (!back.ok) throw new Error(JSON.stringify(back.errors));
      expect(toWideCsv(back.entries)).toBe(WIDE);
    }
  });

  it('random broken quoting: errors or whole entries, never a throw', () => {
    const r = rng(13);
    for (let k = 0; k < 400; k++) {
      let s = k % 2 ? WIDE : WIDE_LABELS;
      for (let q = 0; q < 1 + Math.floor(r() * 3); q++) {
        const i = Math.floor(r() * s.length);
        s = r() < 0.5 ? s.slice(0, i) + '"' + s.slice(i) : s.slice(0, i) + s.slice(i).replace('"', '');
      }
      importSafely(s);
    }
  });

  // Every cut position. Found a parseCsv bug: a comma at the very end of the text gave two empty cells, so a row
  // cut right after its 提示数 cell read as complete.
  it('truncated wide CSV, at every position: errors, or exactly the rows before the cut', () => {
    const rows = base.map((e) => wideRow(e).join(','));
    const headerEnd = WIDE.indexOf('\r\n') + 2;
    let whole = 0;
    for (let cut = 0; cut <= WIDE.length; cut++) {
      const res = readExport(WIDE.slice(0, cut), { now: NOW });
      if (!res.ok) continue;
      expect(res.entries.map((e) => wideRow(e).join(',')), `cut at ${cut}`).toEqual(rows.slice(0, res.entries.length));
      // A header cut before its optional last columns holds no data: nothing else reads without a whole last row.
      if (res.entries.length === 0) expect(cut).toBeLessThanOrEqual(headerEnd);
      else {
        whole++;
        expect(['\r', '\n', '}', '"']).toContain(WIDE[cut - 1]);
      }
    }
    // Each data row reads whole when the cut falls just before its CR, between CR and LF, or after the LF.
    expect(whole).toBe(3 * base.length);
  });

  it('truncated long CSV: errors, or exactly the reports before the cut; truncated JSON: errors', () => {
    const r = rng(15);
    const reports = base.slice(0, 2).map((e) => longRows(e).map((x) => x.join(',')).join('|'));
    const boundary = LONG.indexOf('\r\n', LONG.indexOf(',s4.suit_after_review.total,')) + 2;
    for (const cut of [...Array.from({ length: 200 }, () => Math.floor(r() * LONG.length)), boundary, boundary - 1, boundary + 1]) {
      const res = readExport(LONG.slice(0, cut), { now: NOW });
      if (!res.ok) continue;
      expect(res.entries.map((e) => longRows(e).map((x) => x.join(',')).join('|'))).toEqual(reports.slice(0, res.entries.length));
    }
    expect(readExport(LONG.slice(0, boundary), { now: NOW }).ok).toBe(true);
    for (let k = 0; k < 300; k++) {
      const cut = Math.floor(r() * (JSON_TEXT.length - 4));
      expect(importSafely(JSON_TEXT.slice(0, cut)).ok).toBe(false);
    }
  });

  // 1500 + 1500 + 400 + 1000 mutations, 1–3 each, of real exports.
  it.each([
    ['wide CSV (ids)', WIDE, 1500, 16],
    ['wide CSV (labels)', WIDE_LABELS, 1500, 17],
    ['long CSV', LONG, 400, 18],
    ['library JSON', JSON_TEXT, 1000, 19],
  ] as const)('mutations of a real %s: errors or whole entries', (_name, src, n, seed) => {
    const r = rng(seed);
    let accepted = 0;
    for (let k = 0; k < n; k++) {
      let s = src;
      const ops = 1 + Math.floor(r() * 3);
      for (let o = 0; o < ops; o++) s = mutate(s, r);
      if (importSafely(s).ok) accepted++;
    }
    // Both outcomes occur: the mutations are neither all fatal nor all harmless.
    expect(accepted).toBeGreaterThan(n * 0.02);
    expect(accepted).toBeLessThan(n * 0.9);
  });

  it('500 byte-level mutations (invalid UTF-8, stray high bytes) of the wide export', () => {
    const r = rng(20);
    const bytes = new TextEncoder().encode(WIDE);
    for (let k = 0; k < 500; k++) {
      const b = bytes.slice();
      for (let q = 0; q < 1 + Math.floor(r() * 4); q++) b[Math.floor(r() * b.length)] = Math.floor(r() * 256);
      importSafely(k % 3 === 0 ? b.subarray(3) : b);
    }
  });
});

/**
 * Export → import → export is byte-identical, for the wide CSV, the long CSV (both header styles) and the library
 * JSON, on the 12 corpus reports + 5 seeds and on generated entries with blanks, text cells and corrections; and
 * what each format promises to carry comes back equal, including through an Excel re-save.
 */
import { describe, expect, it } from 'vitest';
import { FIELD_IDS } from '../form/model.ts';
import { effectiveFields, officeOf, type Entry } from '../model/entry.ts';
import {
  ADDED,
  encodeGb18030,
  fixtureEntries,
  generatedEntries,
  resave,
} from '../../../tests/unit/export-fixtures.ts';
import type { HeaderStyle } from './columns.ts';
import { importExport, readExport } from './import.ts';
import { toLibraryJson } from './library-json.ts';
import { failedChecks, issueCodes, toLongCsv, toWideCsv } from './to-csv.ts';

const NOW = '2026-03-01T00:00:00.000Z';
const fixtures = fixtureEntries();
const generated = generatedEntries(120);

function read(input: Uint8Array | string): Entry[] {
  const r = readExport(input, { now: NOW, fileName: 'in.csv' });
  if (!r.ok) throw new Error(JSON.stringify(r.errors.slice(0, 3)));
  return r.entries;
}

const utf8 = (s: string) => new TextEncoder().encode(s);

/** What the wide CSV carries, compared field by field. */
function wideView(e: Entry) {
  return {
    id: e.id,
    office: officeOf(e),
    year: e.report.year,
    layout: e.report.layout,
    file: e.file,
    parser: e.report.meta.parser,
    fields: effectiveFields(e),
    corrections: e.corrections,
    failed: failedChecks(e),
    issues: issueCodes(e.report),
  };
}

/** What the long CSV carries: values, and which were corrected from what (no notes or times). */
function longView(e: Entry) {
  return {
    id: e.id,
    office: officeOf(e),
    year: e.report.year,
    file: e.file,
    fields: effectiveFields(e),
    corrected: Object.fromEntries(
      Object.entries(e.corrections)
        .filter(([k]) => FIELD_IDS.includes(k))
        .map(([k, c]) => [k, { value: c.value, original: c.original }]),
    ),
  };
}

describe.each([
  ['corpus + seeds', fixtures],
  ['generated', generated],
])('round trip: %s', (_name, entries) => {
  for (const headers of ['ids', 'labels'] as HeaderStyle[]) {
    it(`wide CSV (${headers}): byte-identical, every carried value equal`, () => {
      const a = toWideCsv(entries, { headers });
      const back = read(utf8(a));
      expect(toWideCsv(back, { headers })).toBe(a);
      expect(back.map(wideView)).toEqual(entries.map(wideView));
    });
    it(`long CSV (${headers}): byte-identical, values and corrections equal`, () => {
      const a = toLongCsv(entries, { headers });
      const back = read(utf8(a));
      expect(toLongCsv(back, { headers })).toBe(a);
      expect(back.map(longView)).toEqual(entries.map(longView));
    });
  }
  it('library JSON: byte-identical and deep-equal', () => {
    const a = toLibraryJson(entries);
    const back = read(utf8(a));
    expect(toLibraryJson(back)).toBe(a);
    expect(back).toEqual(entries);
  });
});

describe('what the round trip keeps', () => {
  it('the generated set really holds blanks, text cells, 0, corrections, overrides and unchecked reports', () => {
    const all = generated.flatMap((e) => Object.values(effectiveFields(e)));
    expect(all.filter((v) => v === null).length).toBeGreaterThan(100);
    expect(all.filter((v) => v === 0).length).toBeGreaterThan(1000);
    for (const t of ['/', '0', '', "=cmd|' /C calc'!A0", '两\r\n行']) expect(all).toContain(t);
    const corrected = generated.filter((e) => Object.keys(e.corrections).length > 0);
    expect(corrected.length).toBeGreaterThan(40);
    expect(generated.some((e) => e.officeOverride !== null)).toBe(true);
    expect(generated.some((e) => e.report.checks.length === 0)).toBe(true);
    const codes = new Set(generated.flatMap((e) => e.report.issues.map((i) => i.code)));
    for (const c of ['check.s3.row', 'check.unverifiable', 'diagnosis.cell', 'sanity.negative', 'sanity.decimal', 'cell.blank'])
      expect(codes).toContain(c);
  });

  it('wide CSV: corrections come back with value, original, note and time; the sheet shows the corrected value', () => {
    const e = structuredClone(fixtures[0]);
    e.corrections['s3.new.natural'] = { value: 30, original: e.report.fields['s3.new.natural'], note: '核对原件', at: ADDED };
    e.corrections['s4.review.other'] = { value: '/', original: 0, note: '', at: ADDED };
    const csv = toWideCsv([e]);
    const row = csv.split('\r\n')[1];
    expect(row).toContain(
      `"{""s3.new.natural"":{""original"":${e.report.fields['s3.new.natural']},""note"":""核对原件"",""at"":""${ADDED}""},""s4.review.other"":{""original"":0,""note"":"""",""at"":""${ADDED}""}}"`,
    );
    const [back] = read(csv);
    expect(back.corrections).toEqual(e.corrections);
    expect(back.report.fields['s3.new.natural']).toBe(e.report.fields['s3.new.natural']);
    expect(effectiveFields(back)['s3.new.natural']).toBe(30);
    expect(effectiveFields(back)['s4.review.other']).toBe('/');
  });

  it('long CSV: a corrected cell says 是/yes and its original; notes are not carried (empty, time of import)', () => {
    const e = structuredClone(fixtures[1]);
    e.corrections['s2.fees'] = { value: null, original: e.report.fields['s2.fees'], note: '不要', at: ADDED };
    const csv = toLongCsv([e], { headers: 'labels' });
    const line = csv.split('\r\n').find((l) => l.includes(',s2.fees,'))!;
    expect(line.endsWith(`,s2.fees,行政事业性收费·本年收费金额,,空白,${e.report.fields['s2.fees']},是`)).toBe(true);
    const [back] = read(csv);
    expect(back.corrections['s2.fees']).toEqual({ value: null, original: e.report.fields['s2.fees'], note: '', at: NOW });
  });

  it('an imported wide row gets its checks re-evaluated and the report issues back, behind an import notice', () => {
    // 007: older layout, single （六） row, four failing checks in the original parse.
    const e = fixtures.find((x) => x.file === '007.txt')!;
    const [back] = read(toWideCsv([e]));
    expect(back.report.checks).toEqual(e.report.checks);
    expect(back.report.checks.filter((c) => c.ok === false)).toHaveLength(4);
    expect(back.report.issues[0]).toEqual({
      severity: 'info',
      code: 'import.values',
      message: '数据导入自「in.csv」第 2 行：只有数值，原报告中的出处位置和提示详情未随文件带入',
    });
    // What validation gives again comes back whole (relations, diagnosis); the others keep severity, code and field.
    expect(back.report.issues.slice(1).map((i) => [i.severity, i.code])).toEqual(
      e.report.issues.map((i) => [i.severity, i.code]),
    );
    const validated = (i: { code: string }) => /^(check|diagnosis)\./.test(i.code);
    expect(e.report.issues.filter(validated).map((i) => i.code)).toEqual([
      'check.s3.balance',
      'check.s3.balance',
      'check.s3.outcomes',
      'check.s3.outcomes',
      'diagnosis.total_row_zero',
    ]);
    expect(back.report.issues.filter(validated)).toEqual(e.report.issues.filter(validated));
    expect(back.report.issues[2].message).toBe('原报告的提示（s3.single_other_row），详细内容未随 CSV 导入');
    expect(back).toMatchObject({ size: 0, addedAt: NOW, officeOverride: null });
    expect(back.report.meta).toEqual({ parser: '1.0.0', kind: 'csv', sources: {}, chars: 0 });
  });
});

describe('Excel re-saves the CSV', () => {
  const entries = [...fixtures, ...generatedEntries(40, 500).filter(gbkSafe)];
  it('every generated entry can be written in GBK', () => expect(entries).toHaveLength(17 + 40));
  for (const headers of ['ids', 'labels'] as HeaderStyle[]) {
    const a = toWideCsv(entries, { headers });
    // Guards the decodeText() call in import.ts decodeInput: read as UTF-8, GB18030 Chinese is garbage (U+FFFD),
    // the header is not recognised and the import fails.
    it(`wide (${headers}): GB18030, no BOM, CRLF → the same entries`, () => {
      const bytes = encodeGb18030(resave(a));
      expect(bytes[0]).not.toBe(0xef);
      expect(new TextDecoder('utf-8').decode(bytes)).toContain('\ufffd');
      const r = readExport(bytes, { now: NOW });
      expect(r.ok && r.encoding).toBe('gb18030');
      expect(toWideCsv(read(bytes), { headers })).toBe(a);
    });
    // Guards parseCsv's CR / LF handling (a lone \r or \n ends a record, not only \r\n).
    it.each(['\n', '\r'] as const)(`wide (${headers}): line breaks %j instead of CRLF`, (eol) => {
      expect(toWideCsv(read(utf8(resave(a, { eol, bom: true }))), { headers })).toBe(a);
    });
    // Guards decodeValue's trim + number test on the unquoted cell, and isEmptyRecord / unnamed-column handling.
    it(`wide (${headers}): every cell quoted, extra empty columns and rows, BOM lost`, () => {
      const re = resave(a, { quoteAll: true, extraColumns: 3, extraRows: true });
      expect(re.split('\r\n')[1]).toMatch(/^,+$/);
      expect(re.split('\r\n')[2]).toMatch(/^"平潭综合实验区","2022","2021","001.txt","[0-9a-f]{64}","1.0.0","0","0",/);
      expect(toWideCsv(read(encodeGb18030(re)), { headers })).toBe(a);
    });
  }
  it('long (labels): GB18030, LF, quoted numbers → the same entries', () => {
    const a = toLongCsv(entries.slice(0, 4), { headers: 'labels' });
    const re = resave(a, { eol: '\n', quoteAll: true, extraRows: true });
    expect(toLongCsv(read(encodeGb18030(re)), { headers: 'labels' })).toBe(a);
  });
});

/** GBK cannot hold every character (Excel would write `?`): skip generated entries that use others. */
function gbkSafe(e: Entry): boolean {
  try {
    encodeGb18030(toWideCsv([e]).slice(1));
    return true;
  } catch {
    return false;
  }
}

describe('import into a library', () => {
  it('the whole file is added to an empty library, in file order', () => {
    const r = importExport(toWideCsv(fixtures), [], { onConflict: 'mine', now: NOW });
    expect(r.ok && r.plan.add.map((e) => e.id)).toEqual(fixtures.map((e) => e.id));
    expect(r.ok && r.plan.remove).toEqual([]);
  });
});

/**
 * Import: bad rows get a Chinese message with their line and nothing is imported; ids; merging by office + year
 * with each conflict choice. Each bad-row test names the check in import.ts it guards.
 */
import { describe, expect, it } from 'vitest';
import { FIELD_IDS } from '../form/model.ts';
import type { Entry } from '../model/entry.ts';
import { encodeGb18030, fixtureEntries, generatedEntries, resave, sha } from '../../../tests/unit/export-fixtures.ts';
import { parseCsv, writeCsv } from './csv.ts';
import { MAX_ERRORS, importExport, planMerge, readExport, summarize, type Conflict } from './import.ts';
import { toLibraryJson } from './library-json.ts';
import { toLongCsv, toWideCsv } from './to-csv.ts';

const NOW = '2026-03-01T00:00:00.000Z';
const fixtures = fixtureEntries();
const some = fixtures.slice(0, 4);

/** Parse a CSV, change its rows, write it back. */
function edit(csv: string, fn: (rows: string[][]) => void): string {
  const p = parseCsv(csv.replace(/^\ufeff/, ''));
  if (!p.ok) throw new Error(p.message);
  const rows = p.records.map((r) => r.cells);
  fn(rows);
  return writeCsv(rows);
}

const errorsOf = (input: string | Uint8Array) => {
  const r = readExport(input, { now: NOW });
  if (r.ok) throw new Error('expected errors');
  return r.errors;
};

const col = (csv: string, name: string) => parseCsv(csv.slice(1)).ok && (parseCsv(csv.slice(1)) as { records: { cells: string[] }[] }).records[0].cells.indexOf(name);

describe('a bad row: a message with its line, and nothing imported', () => {
  const wide = toWideCsv(some);
  const yearCol = col(wide, 'year') as number;

  it('a year that is not a year (guards readYear)', () => {
    const bad = edit(wide, (rows) => (rows[3][yearCol] = '二〇二四'));
    expect(errorsOf(bad)).toEqual([{ line: 4, message: '第 4 行：年度「二〇二四」不是有效的年份' }]);
    // All or nothing: the three good rows are not imported either.
    expect(importExport(bad, [], { onConflict: 'theirs', now: NOW }).ok).toBe(false);
  });

  it('line numbers count line breaks inside quoted cells', () => {
    const bad = edit(wide, (rows) => {
      rows[1][0] = '两行\n机关';
      rows[2][yearCol] = 'x';
    });
    expect(errorsOf(bad)).toEqual([{ line: 4, message: '第 4 行：年度「x」不是有效的年份' }]);
  });

  it('a row cut short, as in a truncated file (guards the length check in cellsOf)', () => {
    const cut = wide.slice(0, wide.lastIndexOf('\r\n', wide.length - 3) + 2) + '某某局,2024,2021';
    expect(errorsOf(cut)).toEqual([{ line: 5, message: '第 5 行：只有 3 列，表头有 210 列（文件可能不完整）' }]);
  });

  it('an unclosed quote (guards parseCsv)', () => {
    expect(errorsOf(wide + '"某某局,2024\r\n')).toEqual([{ line: null, message: '第 6 行：引号没有闭合（文件可能不完整）' }]);
  });

  it('a SHA-256 that is not one, corrections that are not JSON, a bad layout, bad issue codes: all listed', () => {
    const bad = edit(wide, (rows) => {
      rows[1][col(wide, 'sha256') as number] = 'abc';
      rows[2][col(wide, 'corrections') as number] = '{"s3.new.natural":';
      rows[3][col(wide, 'layout') as number] = '2020';
      rows[4][col(wide, 'issue_codes') as number] = 'fatal:oops';
    });
    expect(errorsOf(bad).map((e) => e.message)).toEqual([
      '第 2 行：SHA-256「abc」应为 64 位十六进制数字',
      '第 3 行：「更正记录」不是有效的 JSON',
      '第 4 行：表式「2020」应为 2021 或 2019',
      '第 5 行：「提示代码」格式错误（应为 级别:代码 或 级别:代码@字段，以分号分隔）',
    ]);
  });

  it('an empty 更正记录 cell, as in a file cut just before it (guards the empty-cell check in readCorrections)', () => {
    expect(wide.endsWith(',{}\r\n')).toBe(true);
    expect(errorsOf(wide.slice(0, -4))).toEqual([
      { line: 5, message: '第 5 行：「更正记录」为空（没有更正时应为 {}；文件可能不完整）' },
    ]);
  });

  it('a correction of an unknown field, or without its original (guards readCorrections)', () => {
    const c = col(wide, 'corrections') as number;
    expect(errorsOf(edit(wide, (rows) => (rows[1][c] = '{"s9.x":{"original":1}}')))[0].message).toBe(
      '第 2 行：「更正记录」中有未知字段“s9.x”',
    );
    expect(errorsOf(edit(wide, (rows) => (rows[1][c] = '{"s2.fees":{"note":"x"}}')))[0].message).toBe(
      '第 2 行：「更正记录」中「行政事业性收费·本年收费金额」的格式错误',
    );
  });

  it('content in a column without a name (guards the stray-cell check in cellsOf)', () => {
    const bad = edit(wide, (rows) => {
      rows.forEach((r) => r.push(''));
      rows[2][rows[2].length - 1] = '备注';
    });
    expect(errorsOf(bad)).toEqual([{ line: 3, message: '第 3 行：第 211 列没有列名，却有内容「备注」' }]);
  });

  it('the same SHA-256 twice with different content; twice the same row is read once', () => {
    const twice = edit(wide, (rows) => rows.push([...rows[1]]));
    const r = readExport(twice, { now: NOW });
    expect(r.ok && r.entries.map((e) => e.id)).toEqual(some.map((e) => e.id));
    const clash = edit(wide, (rows) => {
      rows.push([...rows[1]]);
      rows[5][col(wide, 's2.fees') as number] = '99';
    });
    expect(errorsOf(clash)).toEqual([{ line: 6, message: '第 6 行：与第 2 行是同一文件（SHA-256 相同），内容却不同' }]);
  });

  it('an unknown column name, a duplicate column, a missing field column (guards readHeader)', () => {
    expect(errorsOf(edit(wide, (rows) => (rows[0][2] = '备注')))).toEqual([
      { line: 1, message: '第 1 行：无法识别第 3 列的列名「备注」' },
    ]);
    expect(errorsOf(edit(wide, (rows) => (rows[0][7] = 's2.regulations.made')))[0].message).toBe(
      '第 1 行：第 7 列和第 8 列重复（「s2.regulations.made」）',
    );
    const noFees = edit(wide, (rows) => rows.forEach((r) => r.splice(col(wide, 's2.fees') as number, 1)));
    expect(errorsOf(noFees)).toEqual([{ line: 1, message: '第 1 行：缺少 1 列：行政事业性收费·本年收费金额' }]);
  });

  it('not an export of this app at all', () => {
    expect(errorsOf('姓名,电话\r\n张三,123\r\n')[0].message).toBe('第 1 行：无法识别第 1 列的列名「姓名」');
    expect(errorsOf('')).toEqual([{ line: null, message: '文件是空的' }]);
    expect(errorsOf('\r\n,,,\r\n')).toEqual([{ line: null, message: '文件是空的' }]);
    expect(errorsOf(new Uint8Array([0xef, 0xbb, 0xbf, 0xff, 0xfe, 0x41]))[0].message).toBe(
      '文件标明是 UTF-8 编码，但其中有无法解码的字节，文件可能已损坏',
    );
  });

  it(`at most ${MAX_ERRORS} errors are listed, the rest counted`, () => {
    const many = toWideCsv(generatedEntries(60, 900));
    const bad = edit(many, (rows) => rows.slice(1).forEach((r) => (r[yearCol] = 'x')));
    const errs = errorsOf(bad);
    expect(errs).toHaveLength(MAX_ERRORS + 1);
    expect(errs[MAX_ERRORS]).toEqual({ line: null, message: '……另有 10 处错误未列出' });
  });
});

describe('long CSV bad rows', () => {
  const long = toLongCsv(some.slice(0, 2), { headers: 'labels' });
  it('a report missing fields, as in a truncated file (guards the completeness check in readLong)', () => {
    const cut = edit(long, (rows) => rows.splice(300, 1));
    expect(errorsOf(cut)).toEqual([
      {
        line: 202,
        message: '第 202 行：从这一行开始的报告（平潭综合实验区，2024）缺少 1 个字段，如「（四）1.本机关不掌握相关政府信息·其他」（文件可能不完整）',
      },
    ]);
  });
  it('a value that does not match its kind, an unknown field, a repeated field, a bad yes/no', () => {
    const bad = edit(long, (rows) => {
      rows[5][6] = '/';
      rows[6][4] = 's3.nope';
      rows[8][4] = rows[7][4];
      rows[9][9] = '对';
    });
    expect(errorsOf(bad).map((e) => e.message)).toEqual([
      '第 6 行：「行政规范性文件·本年废止件数」的值「/」与类型「数字」不符',
      '第 7 行：未知的字段代码「s3.nope」',
      '第 9 行：「行政许可·本年处理决定数量」在第 8 行已经出现过',
      '第 10 行：“已更正”一栏「对」应为 是 或 否',
      '第 2 行：从这一行开始的报告（平潭综合实验区，2022）缺少 2 个字段，如「行政规范性文件·现行有效件数」（文件可能不完整）',
    ]);
  });
});

describe('library JSON bad entries', () => {
  const json = toLibraryJson(some);
  it('an entry missing a field names its line', () => {
    const lines = json.split('\n');
    lines[3] = lines[3].replace('"s3.new.natural":', '"s3.new.naturel":');
    expect(errorsOf(lines.join('\n'))).toEqual([
      { line: 4, message: '第 4 行：缺少字段「一、本年新收·自然人」（s3.new.natural）' },
    ]);
  });
  it('a truncated file, a newer format version, another JSON', () => {
    expect(errorsOf(json.slice(0, json.length / 2))[0].message).toMatch(/JSON 格式错误，文件可能不完整或已损坏$/);
    expect(errorsOf(json.replace('"version":1', '"version":2'))[0].message).toBe(
      '文件格式版本（2）高于本程序支持的版本 1，请先更新本程序',
    );
    expect(errorsOf('{"a":1}')[0].message).toBe('这不是本程序导出的年报库 JSON 文件');
  });
});

describe('ids', () => {
  it('without a SHA-256 column: a SHA-256 of the row content, the same after an Excel re-save', () => {
    const wide = toWideCsv(some);
    const noSha = edit(wide, (rows) => rows.forEach((r) => r.splice(col(wide, 'sha256') as number, 1)));
    const a = readExport(noSha, { now: NOW });
    const b = readExport(encodeGb18030(resave(noSha, { eol: '\n', quoteAll: true })), { now: NOW });
    const changed = readExport(edit(noSha, (rows) => (rows[1][10] = '7')), { now: NOW });
    if (!a.ok || !b.ok || !changed.ok) throw new Error('read failed');
    expect(a.entries.map((e) => e.id)).toEqual(b.entries.map((e) => e.id));
    expect(new Set(a.entries.map((e) => e.id)).size).toBe(4);
    for (const e of a.entries) expect(e.id).toMatch(/^[0-9a-f]{64}$/);
    expect(a.entries.map((e) => e.id)).not.toContain(some[0].id);
    expect(changed.entries[0].id).not.toBe(a.entries[0].id);
    expect(changed.entries[1].id).toBe(a.entries[1].id);
  });
  it('without SHA-256 and without the times of corrections: the same id whenever the file is imported', () => {
    const e = structuredClone(some[0]);
    e.corrections['s2.fees'] = { value: 1, original: e.report.fields['s2.fees'], note: 'x', at: NOW };
    const wide = toWideCsv([e]);
    const c = col(wide, 'corrections') as number;
    const bare = edit(wide, (rows) => {
      rows.forEach((r) => r.splice(col(wide, 'sha256') as number, 1));
      rows[1][c - 1] = `{"s2.fees":{"original":${e.report.fields['s2.fees']}}}`;
    });
    const a = readExport(bare, { now: '2026-01-01T00:00:00.000Z' });
    const b = readExport(bare, { now: '2027-06-01T00:00:00.000Z' });
    if (!a.ok || !b.ok) throw new Error('read failed');
    expect(a.entries[0].corrections['s2.fees']).toEqual({ value: 1, original: e.report.fields['s2.fees'], note: '', at: '2026-01-01T00:00:00.000Z' });
    expect(a.entries[0].id).toBe(b.entries[0].id);
  });

  it('the SHA-256 column is taken as it is, lower-cased', () => {
    const upper = edit(toWideCsv(some.slice(0, 1)), (rows) => (rows[1][4] = rows[1][4].toUpperCase()));
    const r = readExport(upper, { now: NOW });
    expect(r.ok && r.entries[0].id).toBe(some[0].id);
  });
});

describe('merge by office + year', () => {
  const mine = fixtures.slice(0, 3);
  const [a, b] = mine;
  const withCorrection = (e: Entry): Entry => ({
    ...e,
    corrections: { 's2.fees': { value: 1, original: e.report.fields['s2.fees'], note: '', at: NOW } },
  });
  const sameOfficeYear = (e: Entry): Entry => ({ ...structuredClone(e), id: sha(`other copy of ${e.id}`), file: 'copy.txt' });
  const incoming = [a, withCorrection(b), sameOfficeYear(mine[2]), fixtures[5]];
  const file = toWideCsv(incoming);

  it('identical → unchanged; same file changed → conflict; same office and year → conflict; new → added', () => {
    const seen: Conflict[] = [];
    const r = importExport(file, mine, {
      now: NOW,
      onConflict: (c) => (seen.push(c), 'mine'),
    });
    if (!r.ok) throw new Error('read failed');
    expect(r.plan.unchanged.map((e) => e.id)).toEqual([a.id]);
    expect(seen.map((c) => [c.line, c.sameFile, c.mine.map((m) => m.id)])).toEqual([
      [3, true, [b.id]],
      [4, false, [mine[2].id]],
    ]);
    expect(r.plan.add.map((e) => e.id)).toEqual([fixtures[5].id]);
    expect(r.plan.remove).toEqual([]);
    expect(summarize(r.plan)).toBe('导入 4 份：新增 1 份，替换 0 份，保留原有 2 份，已存在 1 份。');
  });

  it('take theirs: mine are removed, theirs added', () => {
    const r = importExport(file, mine, { now: NOW, onConflict: 'theirs' });
    if (!r.ok) throw new Error('read failed');
    expect(r.plan.remove).toEqual([b.id, mine[2].id]);
    expect(r.plan.add.map((e) => e.id)).toEqual([b.id, incoming[2].id, fixtures[5].id]);
    expect(r.plan.add[0].corrections['s2.fees'].value).toBe(1);
    expect(summarize(r.plan)).toBe('导入 4 份：新增 1 份，替换 2 份，保留原有 0 份，已存在 1 份。');
  });

  it('keep both: a different file is added beside mine; the same file cannot be held twice, mine stays', () => {
    const r = importExport(file, mine, { now: NOW, onConflict: 'both' });
    if (!r.ok) throw new Error('read failed');
    expect(r.plan.conflicts.map((c) => [c.choice, c.applied])).toEqual([
      ['both', 'mine'],
      ['both', 'both'],
    ]);
    expect(r.plan.add.map((e) => e.id)).toEqual([incoming[2].id, fixtures[5].id]);
    expect(r.plan.remove).toEqual([]);
  });

  it('entries without office or year never collide by key', () => {
    const anon = (e: Entry, id: string): Entry => ({
      ...e,
      id: sha(id),
      report: { ...e.report, office: null },
    });
    const plan = planMerge([anon(a, 'x')], { format: 'json', entries: [anon(a, 'y')], lines: [2] }, 'mine');
    expect(plan.add).toHaveLength(1);
    expect(plan.conflicts).toEqual([]);
  });

  it('JSON merges the same way and compares whole entries (not the time they were added)', () => {
    const r = importExport(toLibraryJson([{ ...a, addedAt: NOW }, withCorrection(b)]), mine, {
      now: NOW,
      onConflict: 'theirs',
    });
    if (!r.ok) throw new Error('read failed');
    expect(r.format).toBe('json');
    expect(r.plan.unchanged.map((e) => e.id)).toEqual([a.id]);
    expect(r.plan.add).toEqual([withCorrection(b)]);
  });
});

describe('formula injection in a whole export', () => {
  // Fails without FORMULA_START in cells.ts: the office and text cells below would start with = + - @ tab CR.
  it('no cell of an export starts with a formula character, except a negative number', () => {
    const entries = generatedEntries(80, 2000);
    for (const csv of [toWideCsv(entries), toLongCsv(entries.slice(0, 10))]) {
      const p = parseCsv(csv.slice(1));
      if (!p.ok) throw new Error(p.message);
      const risky = p.records.flatMap((r) => r.cells).filter((c) => /^[=+\-@\t\r]/.test(c));
      expect(risky.length).toBeGreaterThan(0);
      expect(risky.filter((c) => !/^-\d+(\.\d+)?$/.test(c))).toEqual([]);
    }
  });
  it("the classic payload and an office name starting with '=' come back as they were", () => {
    const e = structuredClone(fixtures[0]);
    e.officeOverride = '=HYPERLINK("http://x","点击")';
    e.corrections['s2.fees'] = { value: "=cmd|' /C calc'!A0", original: 0, note: '@x', at: NOW };
    const csv = toWideCsv([e]);
    expect(csv).toContain(`\r\n"'=HYPERLINK(""http://x"",""点击"")",`);
    expect(csv).toContain(`,'=cmd|' /C calc'!A0,`);
    const r = readExport(csv, { now: NOW });
    if (!r.ok) throw new Error('read failed');
    expect(r.entries[0].report.office).toBe('=HYPERLINK("http://x","点击")');
    expect(r.entries[0].corrections['s2.fees']).toEqual(e.corrections['s2.fees']);
  });
});

describe('blank, "/" and 0 in one file', () => {
  it('are told apart in both directions, and text "0" and "" too', () => {
    const e = structuredClone(fixtures[0]);
    Object.assign(e.report.fields, { 's2.fees': null, 's2.licensing': '/', 's2.punishment': 0, 's2.coercion': '0' });
    e.report.fields['s2.normative.made'] = '';
    const csv = toWideCsv([e]);
    const row = csv.split('\r\n')[1].split(',');
    const at = (id: string) => row[6 + FIELD_IDS.indexOf(id)];
    expect([at('s2.fees'), at('s2.licensing'), at('s2.punishment'), at('s2.coercion'), at('s2.normative.made')]).toEqual([
      '',
      '/',
      '0',
      "'0",
      "'",
    ]);
    const r = readExport(csv, { now: NOW });
    if (!r.ok) throw new Error('read failed');
    const f = r.entries[0].report.fields;
    expect([f['s2.fees'], f['s2.licensing'], f['s2.punishment'], f['s2.coercion'], f['s2.normative.made']]).toEqual([
      null,
      '/',
      0,
      '0',
      '',
    ]);
  });
});

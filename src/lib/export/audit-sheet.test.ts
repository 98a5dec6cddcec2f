import { describe, expect, it } from 'vitest';
import { evaluateRelations } from '../form/relations.ts';
import type { Entry } from '../model/entry.ts';
import type { Issue } from '../parse/types.ts';
import { ADDED, fixtureEntries, sha } from '../../../tests/unit/export-fixtures.ts';
import { generateFields, rng } from '../../../tests/gen/values.ts';
import { auditHeader, auditRow, toAuditCsv } from './audit-sheet.ts';
import { parseCsv } from './csv.ts';

const fixtures = fixtureEntries();
const header = auditHeader('ids');
const cell = (row: string[], name: string) => row[header.indexOf(name)];

function entryOf(fields: Entry['report']['fields'], issues: Issue[] = []): Entry {
  return {
    id: sha('audit'),
    file: 'a.txt',
    size: 1,
    addedAt: ADDED,
    report: {
      file: 'a.txt',
      office: '某某县自然资源局',
      year: 2024,
      layout: '2021',
      fields,
      legacy: {},
      checks: evaluateRelations(fields),
      issues,
      meta: { parser: '1.0.0', sources: {}, chars: 1 },
    },
    corrections: {},
    officeOverride: null,
  };
}

describe('audit sheet', () => {
  it('one column per check: 7 balance + 7 outcome + 25 row + 3 part-四 checks, between the report and the findings', () => {
    expect(header).toHaveLength(5 + 42 + 3);
    expect(header.slice(0, 6)).toEqual(['office', 'year', 'file', 'sha256', 'failed_checks', 's3.balance:natural']);
    expect(header.slice(-4)).toEqual(['s4.group:suit_after_review', 'suspect_cells', 'suggested_fixes', 'findings']);
    expect(auditHeader('labels')[5]).toBe('「自然人」列：一 + 二 = （七）总计 + 四（本列勾稽关系）');
  });

  it('corpus 007 without diagnosis: four failing checks, absent rows, the (七) totals named and a fix for each', () => {
    // The relation issues only, so the sheet's own fallback is what is tested (the parser may add diagnosis issues).
    const e = structuredClone(fixtures.find((x) => x.file === '007.txt')!);
    e.report.issues = e.report.issues.filter((i) => i.code.startsWith('check.'));
    const row = auditRow(e);
    expect(cell(row, 'failed_checks')).toBe('4');
    expect(cell(row, 's3.balance:natural')).toBe('不符：一 + 二 = 4，（七）总计 + 四 = 0');
    expect(cell(row, 's3.outcomes:total')).toBe('不符：（一）至（六）合计 4，（七）总计为 0');
    expect(cell(row, 's3.balance:commercial')).toBe('相符');
    expect(cell(row, 's3.row:other.overdue_fee')).toBe('无此行');
    expect(cell(row, 'suspect_cells')).toBe('（七）总计·自然人、（七）总计·总计');
    expect(cell(row, 'suggested_fixes')).toBe(
      '「（七）总计·自然人」改为 4（表中为 0，若各分项无误）\n「（七）总计·总计」改为 4（表中为 0，若各分项无误）',
    );
    expect(cell(row, 'findings')).toBe('');
  });

  it('one wrong cell: the failing row and column cross on it', () => {
    const f = generateFields(rng(5), { scale: 2 });
    const was = f['s3.granted.commercial'] as number;
    f['s3.granted.commercial'] = was + 3;
    const row = auditRow(entryOf(f));
    expect(cell(row, 'failed_checks')).toBe('2');
    expect(cell(row, 'suspect_cells')).toBe('（一）予以公开·商业企业');
    const total = f['s3.granted.total'] as number;
    expect(cell(row, 's3.row:granted')).toBe(`不符：各类申请人合计 ${total + 3}，总计为 ${total}`);
    expect(cell(row, 'suggested_fixes')).toBe(
      `「（七）总计·商业企业」改为 ${(f['s3.total.commercial'] as number) + 3}（表中为 ${f['s3.total.commercial']}，若各分项无误）\n` +
        `「（一）予以公开·总计」改为 ${total + 3}（表中为 ${total}，若各分项无误）`,
    );
  });

  it("checks the user's corrected values", () => {
    const f = generateFields(rng(5), { scale: 2 });
    const was = f['s3.granted.commercial'] as number;
    const e = entryOf({ ...f, 's3.granted.commercial': was + 3 });
    e.corrections['s3.granted.commercial'] = { value: was, original: was + 3, note: '', at: ADDED };
    const row = auditRow(e);
    expect(cell(row, 'failed_checks')).toBe('0');
    expect(row.slice(5, 47)).toEqual(Array(42).fill('相符'));
    expect(cell(row, 'suspect_cells')).toBe('');
  });

  it('diagnosis issues (code diagnosis.*, suggestion cell → value) name the cells and give the fix', () => {
    const f = generateFields(rng(6), { scale: 2 });
    const right = f['s3.granted.natural'] as number;
    f['s3.granted.natural'] = right + 1;
    const diag = {
      severity: 'warning',
      code: 'diagnosis.cell',
      message: `疑似填报错误：「（一）予以公开·自然人」应为 ${right}（表中为 ${right + 1}）`,
      fields: ['s3.granted.natural'],
      suggestion: { 's3.granted.natural': right },
    } as Issue;
    const other: Issue = { severity: 'info', code: 'cut.glued', message: '数字连写' };
    const row = auditRow(entryOf(f, [other, diag]));
    expect(cell(row, 'suspect_cells')).toBe('（一）予以公开·自然人');
    expect(cell(row, 'suggested_fixes')).toBe(`「（一）予以公开·自然人」改为 ${right}`);
    expect(cell(row, 'findings')).toBe(`疑似填报错误：「（一）予以公开·自然人」应为 ${right}（表中为 ${right + 1}）`);
    // Once the user corrected the cell every check holds and the diagnosis is no longer shown.
    const fixed = entryOf(f, [other, diag]);
    fixed.corrections['s3.granted.natural'] = { value: right, original: right + 1, note: '', at: ADDED };
    const row2 = auditRow(fixed);
    expect([cell(row2, 'failed_checks'), cell(row2, 'suspect_cells'), cell(row2, 'suggested_fixes'), cell(row2, 'findings')]).toEqual(['0', '', '', '']);
  });

  it('a report whose tables were not found: nothing checked, its error listed', () => {
    const e = entryOf(generateFields(rng(1)), [{ severity: 'error', code: 'table.not_found', message: '未找到政府信息公开年报表格' }]);
    e.report.checks = [];
    const row = auditRow(e);
    expect(cell(row, 'failed_checks')).toBe('');
    expect(cell(row, 's4.group:review')).toBe('未核对');
    expect(cell(row, 'findings')).toBe('未找到政府信息公开年报表格');
  });

  it('the CSV has Chinese headers by default, and office names cannot run as formulas', () => {
    const e = { ...fixtures[0], officeOverride: '=HYPERLINK("x")' };
    const csv = toAuditCsv([e]);
    expect(csv.startsWith('\ufeff机关名称,年度,源文件,SHA-256,勾稽不符数,')).toBe(true);
    const p = parseCsv(csv.slice(1));
    expect(p.ok && p.records[1].cells[0]).toBe(`'=HYPERLINK("x")`);
  });
});

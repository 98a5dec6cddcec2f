import { describe, expect, it } from 'vitest';
import { emptyFields, type Fields } from '../form/model.ts';
import type { Issue } from '../parse/types.ts';
import { isTownship, sanityIssues } from './sanity.ts';

const report = (fields: Partial<Fields>, office: string | null = '某某县自然资源局', year: number | null = 2024, issues: Issue[] = []) => ({
  fields: { ...emptyFields(), ...fields } as Fields,
  office,
  year,
  issues,
});
const codes = (r: ReturnType<typeof report>) => sanityIssues(r, { nowYear: 2026 }).map((i) => [i.code, i.field ?? null]);

describe('sanityIssues', () => {
  it('nothing to say about ordinary values', () => {
    expect(codes(report({ 's3.new.total': 3119, 's2.punishment': 3985758, 's2.fees': 96171.6 }, '淮安市人民政府'))).toEqual([]);
  });

  it('a negative number', () => {
    const [i] = sanityIssues(report({ 's3.new.natural': -3 }), { nowYear: 2026 });
    expect(i).toEqual({
      severity: 'warning',
      code: 'sanity.negative',
      field: 's3.new.natural',
      message: '「一、本年新收·自然人」为负数（-3），件数和金额不应为负',
    });
  });

  it('a decimal in a count, unless the parser already said so; fees may be decimal', () => {
    expect(codes(report({ 's3.granted.total': 2.5, 's2.fees': 32.781 }))).toEqual([['sanity.decimal', 's3.granted.total']]);
    const said: Issue = { severity: 'warning', code: 'value.decimal', field: 's2.licensing', message: '' };
    expect(codes(report({ 's2.licensing': 1.5 }, 'x', 2024, [said]))).toEqual([]);
  });

  it('fees that look like 元: beyond 10^7 万元 anywhere, beyond 10^4 万元 for a township or street office', () => {
    expect(codes(report({ 's2.fees': 12_000_000 }, '某某省交通运输厅'))).toEqual([['sanity.fees_unit', 's2.fees']]);
    expect(codes(report({ 's2.fees': 35000 }, '某某县自然资源局'))).toEqual([]);
    expect(codes(report({ 's2.fees': 35000 }, '卫滨区解放路街道办事处'))).toEqual([['sanity.fees_unit', 's2.fees']]);
    expect(sanityIssues(report({ 's2.fees': 35000 }, '某某镇人民政府'), { nowYear: 2026 })[0].message).toBe(
      '「行政事业性收费·本年收费金额」为 35000 万元（约 3.5 亿元），对乡镇、街道一级明显偏大，疑似按元填报（该栏单位为万元）',
    );
  });

  it('implausibly large counts', () => {
    expect(codes(report({ 's3.new.total': 1_200_000, 's2.licensing': 200_000_000 }))).toEqual([
      ['sanity.too_large', 's2.licensing'],
      ['sanity.too_large', 's3.new.total'],
    ]);
  });

  it('a year outside 2008–now', () => {
    expect(codes(report({}, 'x', 2007))).toEqual([['sanity.year', null]]);
    expect(codes(report({}, 'x', 2027))).toEqual([['sanity.year', null]]);
    expect(codes(report({}, 'x', 2026))).toEqual([]);
    expect(codes(report({}, 'x', null))).toEqual([]);
  });

  it('isTownship', () => {
    expect(['原州区南关街道', '某某镇人民政府', '孟津区西霞院街道办事处', '淮安市人民政府', '平潭综合实验区海坛片区管理局'].map(isTownship)).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});

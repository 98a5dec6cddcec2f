import { describe, expect, it } from 'vitest';
import { emptyFields, type Fields } from '../form/model.ts';
import { parseReport } from '../parse/parse-report.ts';
import { corpus, seeds } from '../../../tests/unit/fixtures.ts';
import { sentences } from './narrative.ts';
import { proseIssues, proseStatements, statedCells } from './prose.ts';

const stated = (text: string) => proseStatements(sentences(text)).map((s) => [s.quantity, s.value, s.unit]);

describe('proseStatements', () => {
  it('reads applications, outcomes and carry-over from one sentence (040)', () => {
    expect(
      stated(
        '2025年，共受理政府信息公开申请21件，经分类处置后，给予同意公开答复1件，不予公开答复3件，区分处理后公开11件，因无法提供相关信息答复2件，其他处理2件，结转下年度继续办理2件，所有申请均在法定期限内办结。',
      ),
    ).toEqual([
      ['received', 21, '件'],
      ['outcome.granted', 1, '件'],
      ['outcome.denied', 3, '件'],
      ['outcome.partial', 11, '件'],
      ['outcome.unable', 2, '件'],
      ['outcome.other', 2, '件'],
      ['carryforward', 2, '件'],
    ]);
  });

  it('reads the part-一 prose of the 淮安市人民政府 2024 report (PDF text, lines broken anywhere)', () => {
    // From the published PDF (tests of ingestion hold the file); its prose agrees with its tables.
    const text = `2024 年，全市共受理政府信息公开申请 3119 件，答
复 3050 件（含上年度结转申请 34 件，另有 103 件顺延到下年度
答复），均在法定期限内予以答复。政府信息公开行政复议 351
件，其中结果维持 72 件，结果纠正 64 件，其他结果 178 件，尚
未审结 37 件；政府信息公开行政诉讼 46 件，其中结果维持 25
件，结果纠正 5 件，其他结果 9 件，尚未审结 7 件。全年新增公开市政府规章 1 件、市政府及市
政府办政策性文件 11 件。`;
    expect(stated(text)).toEqual([
      ['received', 3119, '件'],
      ['closed', 3050, '件'],
      ['carried', 34, '件'],
      ['carryforward', 103, '件'],
      ['s4.review.total', 351, '件'],
      ['s4.review.upheld', 72, '件'],
      ['s4.review.corrected', 64, '件'],
      ['s4.review.other', 178, '件'],
      ['s4.review.pending', 37, '件'],
      ['s4.suit.total', 46, '件'],
      ['s4.suit.upheld', 25, '件'],
      ['s4.suit.corrected', 5, '件'],
      ['s4.suit.other', 9, '件'],
      ['s4.suit.pending', 7, '件'],
      ['s2.regulations.made', 1, '件'],
    ]);
  });

  it('normative documents: 现行有效, 制发; reviews and explanations of documents are not the documents made', () => {
    expect(stated('集中公开现行有效行政规范性文件698件，动态更新本年度制发的规范性文件88件。')).toEqual([
      ['s2.normative.valid', 698, '件'],
      ['s2.normative.made', 88, '件'],
    ]);
    expect(stated('全年清理规范性文件12件，发布规范性文件解读5件。')).toEqual([]);
    expect(stated('下发《教学计划》等规章制度，全年共发布133条。')).toEqual([]);
  });

  it('none received, said in words or as 数量为0', () => {
    expect(stated('2023年我局未收到依申请公开事宜。')).toEqual([['received', 0, '件']]);
    expect(stated('我办2023年度新收到的政府信息公开申请数量为0，上年度结转数量为0，2023年度办结数量为0，转下一年度办理数量为0。')).toEqual([
      ['received', 0, '件'],
      ['carried', 0, '件'],
      ['closed', 0, '件'],
      ['carryforward', 0, '件'],
    ]);
  });

  it('leaves alone what is not an application count: 依申请公开信息数, hotline calls, 主动公开 N 条', () => {
    expect(stated('其中主动公开政府信息148条，依申请公开信息数182条，不予公开信息数95条。')).toEqual([]);
    expect(stated('受理12345便民服务热线559件（其中救助类245件）。')).toEqual([]);
    expect(stated('全年主动公开政府信息14571条。')).toEqual([]);
  });

  it('行政复议 and 行政诉讼 only in sentences about information disclosure', () => {
    expect(stated('全年共办理行政复议案件120件。')).toEqual([]);
    expect(stated('2022年，全区政府信息公开工作方面共有行政诉讼案件1件、行政复议案件2件，均已结案。')).toEqual([
      ['s4.suit.total', 1, '件'],
      ['s4.review.total', 2, '件'],
    ]);
  });
});

function withProse(fields: Partial<Fields>, prose: string[]) {
  return { fields: { ...emptyFields(), ...fields } as Fields, meta: { parser: 't', sources: {}, chars: 0, prose } };
}

describe('proseIssues', () => {
  it('received: new, or new + carried, both agree (001: 75 = 74 new + 1 carried)', () => {
    const r = withProse({ 's3.new.total': 74, 's3.carried.total': 1 }, sentences('全区收到政府信息公开申请75件。'));
    expect(proseIssues(r)).toEqual([]);
    const wrong = withProse({ 's3.new.total': 74, 's3.carried.total': 0 }, sentences('全区收到政府信息公开申请75件。'));
    expect(proseIssues(wrong)).toEqual([
      {
        severity: 'warning',
        code: 'prose.mismatch',
        message: '正文与表格不一致：正文称“全区收到政府信息公开申请75件”，表中「一、本年新收·总计」为 74',
        fields: ['s3.new.total'],
        quote: '全区收到政府信息公开申请75件',
      },
    ]);
  });

  it('fees: agree to the prose rounding; a fee in 元 typed into the 万元 cell is named', () => {
    expect(proseIssues(withProse({ 's2.fees': 32.781 }, ['本年度行政事业性收费32.78万元']))).toEqual([]);
    expect(proseIssues(withProse({ 's2.fees': 32.781 }, ['本年度行政事业性收费327810元']))).toEqual([]);
    expect(proseIssues(withProse({ 's2.fees': 35000 }, ['本年度行政事业性收费35000元'])).map((i) => i.code)).toEqual(['sanity.fees_unit']);
  });

  it('a table value that is blank or text is not compared', () => {
    expect(proseIssues(withProse({ 's3.new.total': null }, ['全年共收到政府信息公开申请5件']))).toEqual([]);
  });
});

describe('prose against tables on real reports', () => {
  const parse = (f: { bytes: Uint8Array; name: string }) => parseReport(f.bytes, { file: f.name, nowYear: 2026 });

  it('040: the prose says 无法提供2件 and 其他处理2件; the table has 0 and 4; both quoted', () => {
    const r = parse(corpus().find((f) => f.name === '040')!);
    const issues = r.issues.filter((i) => i.code === 'prose.mismatch');
    expect(issues.map((i) => [i.message, i.fields])).toEqual([
      [
        '正文与表格不一致：正文称“因无法提供相关信息答复2件”，表中「（四）无法提供」各项总计之和为 0',
        ['s3.unable.no_info.total', 's3.unable.need_create.total', 's3.unable.unclear.total'],
      ],
      [
        '正文与表格不一致：正文称“其他处理2件”，表中「（六）其他处理」各项总计之和为 4',
        ['s3.other.overdue_correction.total', 's3.other.overdue_fee.total', 's3.other.other.total'],
      ],
    ]);
    expect(issues[0].quote).toContain('因无法提供相关信息答复2件，其他处理2件');
    expect(issues.every((i) => i.severity === 'warning')).toBe(true);
  });

  it('every other corpus and seed report: the prose agrees with the tables wherever they can be compared', () => {
    const all = [...corpus().filter((f) => f.name !== '040'), ...seeds()].map(parse);
    expect(all).toHaveLength(16);
    expect(all.flatMap((r) => r.issues.filter((i) => i.code.startsWith('prose.') || i.code.startsWith('sanity.')))).toEqual([]);
    // …and they were compared: the numbers the prose states, per report.
    const counts = all.map((r) => [r.file, proseStatements(r.meta.prose ?? []).length]);
    expect(Object.fromEntries(counts)).toEqual({
      '001': 7,
      '003': 2,
      '007': 1,
      '008': 1,
      '014': 0,
      '016': 1,
      '020': 0,
      '029': 0,
      '035': 3,
      '045': 1,
      '049': 0,
      '000_6a46581b0013c0e7': 1,
      '001_f75252eabce76267': 1,
      '002_0d5fbfa6f6b06582': 1,
      '003_ed60ee903ad4e3a2': 4,
      '004_d7e15d7c5350514b': 1,
    });
  });

  it('035: the prose says 6 applications, which the row agrees with though its 总计 cell is 0', () => {
    const r = parse(corpus().find((f) => f.name === '035')!);
    expect(r.fields['s3.new.total']).toBe(0);
    expect(proseStatements(r.meta.prose ?? []).find((s) => s.quantity === 'received')?.value).toBe(6);
    expect(r.issues.filter((i) => i.code === 'prose.mismatch')).toEqual([]);
    expect(statedCells(r).get('s4.review.total')).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import { S3_APPLICANT_COLUMNS, type Fields } from '../form/model.ts';
import { evaluateRelations } from '../form/relations.ts';
import { parseReport } from '../parse/parse-report.ts';
import type { Report } from '../parse/types.ts';
import { corpus } from '../../../tests/unit/fixtures.ts';
import { renderText } from '../../../tests/gen/shapes.ts';
import { generateFields, pick, rng, type Rng } from '../../../tests/gen/values.ts';
import { auditReports, type Finding } from './audit.ts';
import { groupOffices, sameOffice } from './office-name.ts';

describe('office names', () => {
  it('same office: region prefix or not, 区 for 县, a trailing 办事处', () => {
    expect(sameOffice('平潭综合实验区海坛片区管理局', '海坛片区管理局')).toBe('region_prefix');
    expect(sameOffice('卫滨区解放路街道办事处', '解放路街道办事处')).toBe('region_prefix');
    expect(sameOffice('孟津县西霞院街道办事处', '孟津区西霞院街道办事处')).toBe('district_county');
    expect(sameOffice('原州区南关街道办事处', '原州区南关街道')).toBe('suffix');
  });

  it('never: a generic department or government without its region, two different places', () => {
    expect(sameOffice('平潭综合实验区财政金融局', '财政金融局')).toBeNull();
    expect(sameOffice('淮安市人民政府', '人民政府')).toBeNull();
    expect(sameOffice('淮安市人民政府', '淮北市人民政府')).toBeNull();
    expect(sameOffice('平潭综合实验区', '平潭综合实验区海坛片区管理局')).toBeNull();
  });

  it('groups say which spellings they joined; a short name that fits two offices joins neither', () => {
    const g = groupOffices(['平潭综合实验区海坛片区管理局', '海坛片区管理局 ', null, '平潭综合实验区 海坛片区管理局', '淮安市解放路街道办事处', '徐州市解放路街道办事处', '解放路街道办事处']);
    expect(g.groupOf).toEqual([0, 0, null, 0, 1, 2, 3]);
    expect(g.groups[0]).toEqual({
      name: '平潭综合实验区海坛片区管理局',
      names: ['平潭综合实验区海坛片区管理局', '海坛片区管理局 ', '平潭综合实验区 海坛片区管理局'],
      reasons: ['region_prefix'],
    });
    expect(g.ambiguous).toEqual([{ name: '解放路街道办事处', candidates: ['淮安市解放路街道办事处', '徐州市解放路街道办事处'] }]);
  });
});

const codes = (fs: Finding[]) => fs.map((f) => `${f.code} ${f.years.join(',')}`);

describe('audit: series from the corpus', () => {
  const files = corpus();
  const parse = (name: string) => parseReport(files.find((f) => f.name === name)!.bytes, { file: `${name}.txt`, nowYear: 2026 });
  const haitan = ['007', '045', '035'].map(parse);
  const zone = ['029', '001', '003'].map(parse);

  it('海坛片区管理局 2022–2024: consecutive, carried = previous carryforward, no copied table or narrative', () => {
    const res = auditReports(haitan);
    expect(res.offices).toEqual([
      { office: '平潭综合实验区海坛片区管理局', names: ['平潭综合实验区海坛片区管理局'], years: [2022, 2023, 2024], files: ['007.txt', '045.txt', '035.txt'] },
    ]);
    // Published 2023-01-09, 2024-01-25, 2025-01-23: all on time.
    expect(res.findings).toEqual([]);
  });

  it('平潭综合实验区 2019, 2022, 2024: the missing years, and the two reports published late', () => {
    const res = auditReports(zone);
    expect(res.findings.map((f) => [f.severity, f.code, f.message])).toEqual([
      ['info', 'series.missing_year', '平潭综合实验区 缺少 2020、2021 年度的报告（已有 2019 和 2022 年度）'],
      ['info', 'series.missing_year', '平潭综合实验区 缺少 2023 年度的报告（已有 2022 和 2024 年度）'],
      ['warning', 'report.late', '2022 年度报告发布于 2023-02-20，晚于规定的 2023-01-31（条例第五十条）'],
      ['warning', 'report.late', '2024 年度报告发布于 2025-03-10，晚于规定的 2025-01-31（条例第五十条）'],
    ]);
  });

  it('the office written without its region prefix in one year is joined, and the finding says so', () => {
    const renamed = { ...haitan[1], office: '海坛片区管理局' };
    const res = auditReports([haitan[0], renamed, haitan[2]]);
    expect(res.offices.map((o) => o.years)).toEqual([[2022, 2023, 2024]]);
    expect(res.findings.map((f) => [f.code, f.message])).toEqual([
      ['office.merged', '以下机关名称视为同一机关（一个带地区前缀、一个不带）：平潭综合实验区海坛片区管理局、海坛片区管理局'],
    ]);
  });

  it('relation 5 across real reports: 035 with a carried value changed no longer follows 045', () => {
    const changed: Report = { ...haitan[2], fields: { ...haitan[2].fields, 's3.carried.natural': 2 } };
    const f = auditReports([haitan[1], changed]).findings;
    expect(f.map((x) => [x.code, x.message, x.fields])).toEqual([
      [
        'series.carried',
        '平潭综合实验区海坛片区管理局 2024 年“二、上年结转”与 2023 年“四、结转下年度”不一致：自然人列 2023 年结转 0、2024 年上年结转 2',
        ['s3.carried.natural', 's3.carryforward.natural'],
      ],
    ]);
  });
});

// ------------------------------------------------------------------------------------------- generated series

const WORDS = ['加强', '深化', '规范', '优化', '完善', '推进', '落实', '提升', '健全', '拓展'];
const THINGS = ['政策解读', '平台建设', '依申请公开办理', '主动公开目录', '信息发布审核', '政务新媒体', '基层政务公开', '公开指南', '保密审查', '培训考核'];
/** A paragraph of distinct sentences, different for every seed. */
function prose(r: Rng, n: number): string {
  return Array.from({ length: n }, () => `${pick(r, WORDS)}${pick(r, THINGS)}工作，${pick(r, WORDS)}${pick(r, THINGS)}${Math.floor(r() * 900) + 10}项`).join('。') + '。';
}

/** Next year's fields: what was carried forward is now carried over; part 二 stock follows. */
function nextYear(prev: Fields, r: Rng, scale: 1 | 2 | 3): Fields {
  const f = generateFields(r, { scale });
  for (const c of S3_APPLICANT_COLUMNS) {
    const carried = prev[`s3.carryforward.${c}`] as number;
    f[`s3.carried.${c}`] = carried;
    let cf = (f[`s3.new.${c}`] as number) + carried - (f[`s3.total.${c}`] as number);
    if (cf < 0) {
      f[`s3.new.${c}`] = (f[`s3.new.${c}`] as number) - cf;
      cf = 0;
    }
    f[`s3.carryforward.${c}`] = cf;
  }
  for (const row of ['new', 'carried', 'carryforward'])
    f[`s3.${row}.total`] = S3_APPLICANT_COLUMNS.reduce((a, c) => a + (f[`s3.${row}.${c}`] as number), 0);
  for (const k of ['regulations', 'normative']) {
    const valid = (prev[`s2.${k}.valid`] as number) + (f[`s2.${k}.made`] as number);
    f[`s2.${k}.repealed`] = Math.min(f[`s2.${k}.repealed`] as number, valid);
    f[`s2.${k}.valid`] = valid - (f[`s2.${k}.repealed`] as number);
  }
  return f;
}

interface YearSpec {
  year: number;
  fields: Fields;
  part1: string;
  part5: string;
}

function series(seed: number, years = 3): { office: string; specs: YearSpec[] } {
  const r = rng(seed);
  const scale = pick(r, [2, 3] as const);
  const office = pick(r, ['浉河区人民政府', '某某县自然资源局', '淮安市人民政府', '某某市市场监督管理局']);
  const specs: YearSpec[] = [];
  let fields = generateFields(r, { scale });
  for (let k = 0; k < years; k++) {
    if (k > 0) fields = nextYear(fields, r, scale);
    specs.push({ year: 2021 + k, fields, part1: prose(r, 6), part5: prose(r, 4) });
  }
  return { office, specs };
}

/** Render, put the year's own prose into parts 一 and 五, and parse back. */
function report(office: string, s: YearSpec, seed: number): Report {
  const r = rng(seed);
  const text = renderText({ office, year: s.year, fields: s.fields }, 'tabs', r)
    .replace('一、总体情况', `一、总体情况\n${s.part1}`)
    .replace('一是信息公开的及时性有待提高；二是政策解读形式较为单一。下一步将加强培训2次以上。', s.part5);
  return parseReport(text, { file: `${office}-${s.year}.txt`, nowYear: 2026 });
}

describe('audit: generated series', () => {
  it('200 consistent three-year series: relations 5 and 7 hold, nothing copied or repeated, no finding', () => {
    const findings: string[] = [];
    for (let i = 0; i < 200; i++) {
      const { office, specs } = series(600_000 + i);
      for (const s of specs) expect(evaluateRelations(s.fields).every((c) => c.ok !== false)).toBe(true);
      const reps = specs.map((s, k) => report(office, s, 700_000 + 10 * i + k));
      const res = auditReports(reps);
      expect(res.offices.map((o) => o.years)).toEqual([[2021, 2022, 2023]]);
      findings.push(...codes(res.findings).map((c) => `#${i} ${c}`));
    }
    expect(findings).toEqual([]);
  });

  it('break relation 5: one column of 上年结转 no longer equals last year\'s 结转下年度', () => {
    const { office, specs } = series(610_001);
    const f = { ...specs[1].fields };
    f['s3.carried.legal'] = (f['s3.carried.legal'] as number) + 2;
    f['s3.carried.total'] = (f['s3.carried.total'] as number) + 2;
    f['s3.carryforward.legal'] = (f['s3.carryforward.legal'] as number) + 2;
    f['s3.carryforward.total'] = (f['s3.carryforward.total'] as number) + 2;
    expect(evaluateRelations(f).every((c) => c.ok !== false)).toBe(true);
    specs[1] = { ...specs[1], fields: f };
    const res = auditReports(specs.map((s, k) => report(office, s, 1 + k)));
    // 2022 no longer follows 2021, and 2023 no longer follows 2022 (its carryforward changed too).
    expect(codes(res.findings)).toEqual(['series.carried 2021,2022', 'series.carried 2022,2023']);
    expect(res.findings[0].fields).toEqual(['s3.carried.legal', 's3.carryforward.legal', 's3.carried.total', 's3.carryforward.total']);
  });

  it('break relation 7: part 二 stock that does not follow (a warning)', () => {
    const { office, specs } = series(610_002);
    specs[2] = { ...specs[2], fields: { ...specs[2].fields, 's2.normative.valid': (specs[2].fields['s2.normative.valid'] as number) + 7 } };
    const res = auditReports(specs.map((s, k) => report(office, s, 1 + k)));
    expect(res.findings.map((f) => [f.severity, f.code, f.years])).toEqual([['warning', 'series.s2_stock', [2022, 2023]]]);
    expect(res.findings[0].message).toContain('行政规范性文件现行有效件数前后不接');
  });

  it('copy a table forward: the 2023 report repeats the 2022 tables', () => {
    const { office, specs } = series(610_003);
    specs[2] = { ...specs[2], fields: specs[1].fields };
    const res = auditReports(specs.map((s, k) => report(office, s, 1 + k)));
    expect(office).toBe('某某市市场监督管理局');
    expect(res.findings.map((f) => [f.severity, f.code, f.years, f.message])).toEqual([
      // A table copied forward also carries last year's 上年结转 and 现行有效 unchanged: relations 5 and 7 break too.
      [
        'warning',
        'series.carried',
        [2022, 2023],
        '某某市市场监督管理局 2023 年“二、上年结转”与 2022 年“四、结转下年度”不一致：自然人列 2022 年结转 89、2023 年上年结转 68；商业企业列 2022 年结转 8、2023 年上年结转 4；法律服务机构列 2022 年结转 5、2023 年上年结转 3；总计列 2022 年结转 102、2023 年上年结转 75',
      ],
      [
        'warning',
        'series.s2_stock',
        [2022, 2023],
        '某某市市场监督管理局 行政规范性文件现行有效件数前后不接：2022 年 426 件 + 2023 年制发 60 件 − 废止 7 件 = 479 件，而 2023 年为 426 件（修订、范围调整也可能造成差异）',
      ],
      ['warning', 'series.copied_table', [2022, 2023], '某某市市场监督管理局 2023 年第二部分（主动公开）表格与 2022 年完全相同，疑似沿用上年数据'],
      ['warning', 'series.copied_table', [2022, 2023], '某某市市场监督管理局 2023 年第三部分（收到和处理申请）表格与 2022 年完全相同，疑似沿用上年数据'],
      ['warning', 'series.copied_table', [2022, 2023], '某某市市场监督管理局 2023 年第四部分（行政复议、行政诉讼）表格与 2022 年完全相同，疑似沿用上年数据'],
    ]);
  });

  it('repeat narrative: part 一 copied with only the year changed, part 五 half copied', () => {
    const { office, specs } = series(610_004);
    const p5 = specs[0].part5.split('。').filter(Boolean);
    specs[1] = { ...specs[1], part1: specs[0].part1, part5: [...p5.slice(0, 2), ...specs[1].part5.split('。').filter(Boolean).slice(0, 2)].join('。') + '。' };
    const res = auditReports(specs.map((s, k) => report(office, s, 1 + k)));
    // 3 of part 一's 12 sentences differ all the same: the generator's two with this year's own numbers (主动公开 N 条,
    // 收到申请 N 件) and the title, whose year is written 2021年度 one year and 2022年 the next.
    expect(res.findings.map((f) => [f.code, f.years, f.share])).toEqual([['series.repeated_narrative', [2021, 2022], { part1: 0.75, part5: 0.5 }]]);
    expect(res.findings[0].message).toBe(`${office} 2022 年报告与 2021 年大段雷同：第一部分 75%、第五部分 50% 的句子与上年相同（年份不计）`);
  });

  it('drop a year: 2021 and 2023 only', () => {
    const { office, specs } = series(610_005);
    const res = auditReports([specs[0], specs[2]].map((s, k) => report(office, s, 1 + k)));
    expect(res.findings.map((f) => [f.code, f.years])).toEqual([['series.missing_year', [2022]]]);
  });

  it('the same year twice: identical is one report, different is a warning', () => {
    const { office, specs } = series(610_006);
    const a = report(office, specs[0], 1);
    expect(codes(auditReports([a, { ...a, file: 'copy.txt' }]).findings)).toEqual(['series.duplicate_year 2021']);
    expect(auditReports([a, { ...a, file: 'copy.txt' }]).findings[0].severity).toBe('info');
    const b = { ...a, fields: { ...a.fields, 's2.licensing': 999_999 } };
    expect(auditReports([a, b]).findings[0].severity).toBe('warning');
  });

  it('relation 8: published after 31 January of the following year', () => {
    const { office, specs } = series(610_007);
    const a = report(office, specs[0], 1);
    const on = { ...a, meta: { ...a.meta, published: '2022-01-31' } };
    const late = { ...a, meta: { ...a.meta, published: '2022-02-01' } };
    expect(auditReports([on]).findings).toEqual([]);
    expect(auditReports([late]).findings).toEqual([
      {
        severity: 'warning',
        code: 'report.late',
        message: '2021 年度报告发布于 2022-02-01，晚于规定的 2022-01-31（条例第五十条）',
        office,
        years: [2021],
        files: [a.file],
      },
    ]);
  });
});

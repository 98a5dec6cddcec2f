import { describe, expect, it } from 'vitest';
import { A, B, C, handLibrary } from '../../analyze/__fixtures__/library.ts';
import { CompareState } from './compare-state.svelte.ts';

const fresh = () => new CompareState(() => handLibrary());

describe('filters', () => {
  it('part of a name, a level, a region prefix', () => {
    const s = fresh();
    // Code-point order: 原 (U+539F) before 淮 (U+6DEE).
    expect(s.officeChoices.map((o) => o.name)).toEqual([C, A, B]);
    s.officeText = '清江浦';
    expect(s.officeChoices.map((o) => o.name)).toEqual([B]);
    // B 2024 leaves （二）部分公开 blank: no 公开率, listed as missing rather than ranked as 0.
    expect(s.ranking!.all).toEqual([]);
    expect(s.ranking!.missing).toEqual([B]);
    s.officeText = '';
    s.level = '乡镇级';
    expect(s.officeChoices.map((o) => o.name)).toEqual([C]);
    s.level = '';
    s.region = '淮安市';
    expect(s.officeChoices.map((o) => o.name)).toEqual([A, B]);
  });

  it('a name nothing matches selects no report (not every report)', () => {
    const s = fresh();
    s.officeText = '不存在的机关';
    expect(s.officeChoices).toEqual([]);
    expect(s.yearChoices).toEqual([]);
    expect(s.rankingSpec).toBeNull();
    expect(s.heatmapSpec).toBeNull();
  });

  it('the year filter narrows the years offered; a chosen year no longer offered falls back to the latest', () => {
    const s = fresh();
    expect(s.yearChoices).toEqual([2022, 2023, 2024]);
    s.rankYear = 2022;
    expect(s.rankYearShown).toBe(2022);
    s.years = [2023];
    expect(s.yearChoices).toEqual([2023]);
    expect(s.rankYearShown).toBe(2023);
    expect(s.yearsSpec!.config.data.labels).toEqual(['2023']);
  });

  it('entries put in by the test hook replace the library', () => {
    const s = fresh();
    s.injected = handLibrary().filter((e) => e.id.startsWith('a'));
    expect(s.dataset.offices.map((o) => o.name)).toEqual([A]);
    s.injected = null;
    expect(s.dataset.offices).toHaveLength(3);
  });
});

describe('metrics over years', () => {
  it('at most two units: a third is refused until one is given up; the order stays the list order', () => {
    const s = fresh();
    expect(s.metrics).toEqual(['applications', 'handled', 'disclosure_rate']);
    expect(s.canPick('fees')).toBe(false);
    s.toggleMetric('fees');
    expect(s.metrics).toEqual(['applications', 'handled', 'disclosure_rate']);
    s.toggleMetric('applications');
    s.toggleMetric('handled');
    expect(s.canPick('fees')).toBe(true);
    s.toggleMetric('fees');
    expect(s.metrics).toEqual(['disclosure_rate', 'fees']);
    // 本年新收 is 件, a third unit beside % and 万元: refused.
    expect(s.canPick('new')).toBe(false);
    s.toggleMetric('new');
    expect(s.metrics).toEqual(['disclosure_rate', 'fees']);
    s.toggleMetric('natural_share');
    expect(s.metrics).toEqual(['disclosure_rate', 'natural_share', 'fees']);
  });

  it('one office across years: A 申请总数 54, 84, 104 (new + carried)', () => {
    const s = fresh();
    expect(s.currentOffice!.name).toBe(C);
    s.office = s.dataset.offices.find((o) => o.name === A)!.key;
    const data = s.yearsSpec!.config.data;
    expect(data.labels).toEqual(['2022', '2023', '2024']);
    expect(data.datasets[0].data).toEqual([54, 84, 104]);
  });
});

describe('the pooled 其他 bar', () => {
  it('a rate is always drawn; a sum many times the bars shown is not, unless asked for', () => {
    const s = fresh();
    s.rankYear = 2023;
    s.rankN = 1;
    expect(s.rankOtherShown).toBe(true); // 公开率, a rate
    s.rankMetric = 'applications';
    // Top 1: A 84; 其他 = B 20 + C 2 = 22 ≤ 2 × 84: drawn.
    expect(s.rankOtherShown).toBe(true);
    expect(s.rankingSpec!.config.data.labels).toEqual([A, '其他（2 个机关）']);
    // Bottom 1: C 2; 其他 = 104 > 2 × 2: not drawn, until the user asks.
    s.rankOrder = 'asc';
    expect(s.rankOtherShown).toBe(false);
    expect(s.rankingSpec!.config.data.labels).toEqual([C]);
    expect(s.rankingSpec!.config.data.datasets[0].data).toEqual([2]);
    s.rankOther = true;
    expect(s.rankingSpec!.config.data.datasets[0].data).toEqual([2, 104]);
  });

  it('stacked counts: 其他 dropped with its segments when it dwarfs the bars; shares always drawn', () => {
    const s = fresh();
    s.stackN = 1;
    s.stackYear = 2023;
    // 2023 new: A 80, then B 20 + C 2 = 22 pooled: drawn.
    expect(s.stackOtherShown).toBe(true);
    expect(s.stackSpec!.config.data.labels).toEqual([A, '其他（2 个机关）']);
    s.stackOther = false;
    expect(s.stackSpec!.config.data.labels).toEqual([A]);
    expect(s.stackSpec!.config.data.datasets[0].data).toEqual([60]);
    expect(s.stackSpec!.table).toEqual([
      ['机关', '自然人（件）', '商业企业（件）', '科研机构（件）', '社会公益组织（件）', '法律服务机构（件）', '其他（件）'],
      [A, 60, 10, 0, 0, 5, 5],
    ]);
    expect(s.stackOtherTotal).toBe(22);
  });
});

describe('two years of one office', () => {
  it('defaults to the last two years; the same year twice is not compared', () => {
    const s = fresh();
    s.office = s.dataset.offices.find((o) => o.name === C)!.key;
    expect(s.officeYears).toEqual([2022, 2023, 2024]);
    expect(s.diffYears).toEqual({ from: 2023, to: 2024 });
    s.diffFrom = 2024;
    expect(s.diffYears).toEqual({ from: 2023, to: 2024 });
    s.diffFrom = 2022;
    expect(s.diffYears).toEqual({ from: 2022, to: 2024 });
    // C 2022 all zero, C 2024 (corrected) new 5: 一、本年新收 rows differ.
    expect(s.comparison!.changes.find((c) => c.field === 's3.new.total')).toMatchObject({ from: 0, to: 5, delta: 5 });
  });

  it('findings wait for the audit', () => {
    const s = fresh();
    expect(s.officeFindings).toBeNull();
  });
});

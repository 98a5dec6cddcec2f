import { describe, expect, it } from 'vitest';
import { buildDataset, rankOffices } from '../../analyze/aggregate.ts';
import { handLibrary } from '../../analyze/__fixtures__/library.ts';
import { rankingChart } from '../charts/chart-config.ts';
import { fitTitles, fontSizeFor, wrapText } from './chart-fit.ts';

/** 10 px per character, 11 when bold. */
const measure = (s: string, bold = false) => [...s].length * (bold ? 11 : 10);

describe('wrapping titles', () => {
  it('breaks between characters so that no line is wider than the width', () => {
    expect(wrapText('公开率：2024 年最高的 3 个机关', 100, measure)).toEqual(['公开率：2024 年', '最高的 3 个机关']);
    expect(wrapText(['短', '一二三四五六七八九十十一'], 50, measure)).toEqual(['短', '一二三四五', '六七八九十', '十一']);
    expect(wrapText('正好十个字一二三四五', 100, measure)).toEqual(['正好十个字一二三四五']);
  });

  it('a space at a break does not start the next line', () => {
    expect(wrapText('ab cd', 20, measure)).toEqual(['ab', 'cd']);
  });

  it('fits title and subtitle of a ranking and counts the lines added; the spec itself is not changed', () => {
    const spec = rankingChart(rankOffices(buildDataset(handLibrary()), 2023, 'disclosure_rate', { n: 1 }));
    const before = JSON.stringify(spec.config.options?.plugins?.subtitle?.text);
    const { config, added } = fitTitles(spec.config, 300, measure);
    const plugins = config.options!.plugins!;
    // Title: 「公开率：2023 年最高的 1 个机关」, 19 characters × 11 px = 209 px: one line.
    expect(plugins.title!.text).toEqual(['公开率：2023 年最高的 1 个机关']);
    // Subtitle: the formula (43 characters) breaks after 30; the 其他 note (exactly 30) stays whole.
    expect(plugins.subtitle!.text).toEqual([
      '公开率 = （（一）予以公开 + （二）部分公开）÷（七）总',
      '计 × 100%（总计列）',
      '其他：未列出机关的合计（比率按分子之和 ÷ 分母之和计算）。',
    ]);
    expect(added).toBe(1);
    expect(JSON.stringify(spec.config.options?.plugins?.subtitle?.text)).toBe(before);
  });

  it('a smaller font below 560 px', () => {
    expect(fontSizeFor(390)).toBe(10);
    expect(fontSizeFor(1200)).toBe(12);
  });
});

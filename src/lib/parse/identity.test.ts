import { describe, expect, it } from 'vitest';
import { findIdentity } from './identity.ts';

const id = (t: string) => {
  const r = findIdentity(t, 2026);
  return { office: r.office, year: r.year };
};

describe('office and year', () => {
  it('one title line with spaces', () =>
    expect(id('\n卫滨区解放路街道办事处 2024 年政府信息公开工作 年度报告\n\n一、总体情况')).toEqual({ office: '卫滨区解放路街道办事处', year: 2024 }));
  it('markdown heading', () =>
    expect(id('# 孟津区西霞院街道办事处 2023 年政府信息公开工作年度报告\n## 一、总体情况')).toEqual({ office: '孟津区西霞院街道办事处', year: 2023 }));
  it('title split over two lines', () =>
    expect(id(' 原州区南关街道\n2024 年政府信息公开工作年度报告\n\n根据《条例》')).toEqual({ office: '原州区南关街道', year: 2024 }));
  it('a crawler 标题 line, 年度', () =>
    expect(id('标题: 平潭综合实验区海坛片区管理局 2022年度政府信息公开工作年度报告\n发布时间: 2023-01-10 10:00\n')).toEqual({
      office: '平潭综合实验区海坛片区管理局',
      year: 2022,
    }));
  it('year first, office after it', () =>
    expect(id('2024年度浉河区人民政府政府信息公开工作年度报告\n一、总体情况')).toEqual({ office: '浉河区人民政府', year: 2024 }));
  it('year only in the body', () =>
    expect(id('某某县自然资源局政府信息公开工作年度报告\n本报告统计数据从2023年1月1日至12月31日。')).toEqual({ office: '某某县自然资源局', year: 2023 }));
  it('nothing to find', () => expect(id('一、总体情况\n本机关认真贯彻落实条例。')).toEqual({ office: null, year: null }));
  it('the publication date from a 发布时间 line or the signature', () => {
    expect(findIdentity('标题: X局2024年政府信息公开工作年度报告\n发布时间: 2025-01-23 09:13\n', 2026).published).toBe('2025-01-23');
    expect(findIdentity('X局2024年政府信息公开工作年度报告\n……\nX局\n2025年2月3日', 2026).published).toBe('2025-02-03');
  });
});

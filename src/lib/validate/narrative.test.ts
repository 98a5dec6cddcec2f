import { describe, expect, it } from 'vitest';
import { parseReport } from '../parse/parse-report.ts';
import { corpus } from '../../../tests/unit/fixtures.ts';
import { cutProse, hashSentence, narrativeKey, narrativeMeta, normalizeSentence, sentences } from './narrative.ts';

describe('sentences and hashes', () => {
  it('whitespace, line breaks and punctuation width do not change a sentence', () => {
    expect(sentences('全年共收到申请 1,234 件(含结转),均已办结。\n二是加\n强培训;三是…')).toEqual([
      '全年共收到申请1234件（含结转），均已办结',
      '二是加强培训',
      '三是…',
    ]);
    expect(normalizeSentence('a b\u3000c')).toBe('abc');
  });

  it('a short, stable hash; the year a sentence names is masked for comparison', () => {
    expect(hashSentence('本年度未收取信息处理费')).toBe(hashSentence('本年度未收取信息处理费'));
    expect(hashSentence('a')).not.toBe(hashSentence('b'));
    expect(hashSentence('本年度未收取信息处理费')).toMatch(/^[0-9a-z]{6,11}$/);
    expect(narrativeKey('2023年共组织培训3次')).toBe(narrativeKey('2024年共组织培训3次'));
    expect(narrativeKey('2023年共组织培训3次')).not.toBe(narrativeKey('2023年共组织培训4次'));
  });
});

describe('parts 一 and 五 of real reports', () => {
  const files = corpus();
  const text = (name: string) => new TextDecoder().decode(files.find((f) => f.name === name)!.bytes);

  it('040: part 一 runs from the body to the part-二 heading, part 五 from its heading to part 六', () => {
    const t = text('040');
    const r = parseReport(t, { nowYear: 2026 });
    const p = cutProse(t, r.meta.sources);
    expect(p.part1.startsWith('根据《中华人民共和国政府信息公开条例》')).toBe(true);
    expect(p.part1).not.toContain('二、主动公开政府信息情况');
    expect(p.part1.endsWith('政务服务覆盖面和群众获得感显著提升。')).toBe(true);
    expect(p.part1).toContain('其他处理2件');
    expect(p.part5.startsWith('五、存在的主要问题及改进情况')).toBe(true);
    expect(p.part5).not.toContain('六、其他需要报告的事项');
    expect(r.meta.narrative).toEqual(narrativeMeta(t, r.meta.sources).narrative);
    expect([r.meta.narrative!.part1.length, r.meta.narrative!.part5.length]).toEqual([25, 14]);
  });

  it('the crawler header before `==== 正文 ====` is not part of the report', () => {
    const t = text('003');
    const p = cutProse(t, parseReport(t, { nowYear: 2026 }).meta.sources);
    expect(p.part1).not.toContain('发布时间');
    expect(p.part1.startsWith('本报告根据')).toBe(true);
  });

  it('the same report with lines re-wrapped and CRLF gives the same narrative hashes', () => {
    const t = text('001');
    const variant = t.replace(/，/g, ',').replace(/([\u4e00-\u9fff])([\u4e00-\u9fff])/g, (m, a, b, i) => (i % 37 === 0 ? `${a}\r\n${b}` : m));
    expect(parseReport(variant, { nowYear: 2026 }).meta.narrative).toEqual(parseReport(t, { nowYear: 2026 }).meta.narrative);
  });

  it('without any table, nothing is cut', () => {
    expect(cutProse('一、总体情况 本机关全年收到申请3件。', {})).toEqual({ part1: '', part5: '' });
  });
});

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../../tests/unit/fixtures.ts';
import { divisionsOf, inRegion, normalizeOffice, officeLevel } from './office.ts';

/** Every office name the fixtures expect (corpus, seeds, and the PDF, HTML and Word fixtures present). */
function fixtureOffices(dirs = ['corpus/expected', 'seeds/expected', 'pdf', 'html', 'docx']): Set<string> {
  const names = new Set<string>();
  for (const dir of dirs) {
    const d = path.join(FIXTURES, dir);
    if (!existsSync(d)) continue;
    for (const f of readdirSync(d).filter((x) => x.endsWith('.json'))) {
      const office = (JSON.parse(readFileSync(path.join(d, f), 'utf8')) as { office: string | null }).office;
      if (office) names.add(office);
    }
  }
  return names;
}

describe('normalizeOffice', () => {
  it('removes spaces of every width and folds full-width characters', () => {
    expect(normalizeOffice('卫滨区 解放路街道办事处')).toBe('卫滨区解放路街道办事处');
    expect(normalizeOffice('卫滨区\u3000解放路街道\u00a0办事处 ')).toBe('卫滨区解放路街道办事处');
    expect(normalizeOffice('ＸＸ市第１中学（分校）')).toBe('XX市第1中学(分校)');
    expect(normalizeOffice('原州区\u200b南关街道')).toBe('原州区南关街道');
  });
  it('folds a Kangxi radical into the ideograph (⾦ U+2FA6 → 金)', () => {
    expect(normalizeOffice('平潭综合实验区\u2fa6井片区管理局')).toBe('平潭综合实验区金井片区管理局');
  });
  it('keeps different offices apart', () => {
    expect(normalizeOffice('原州区南关街道')).not.toBe(normalizeOffice('固原市原州区南关街道'));
  });
});

describe('office level on the real names of the fixtures', () => {
  const expected: Record<string, string | null> = {
    平潭综合实验区: '县级',
    平潭综合实验区海坛片区管理局: '县级',
    平潭综合实验区金井片区管理局: '县级',
    平潭综合实验区财政金融局: '县级',
    平潭综合实验区君山片区管理局: '县级',
    平潭综合实验区经济发展局: '县级',
    平潭综合实验区市场监督管理局: '县级',
    平潭综合实验区社会事业局: '县级',
    卫滨区解放路街道办事处: '乡镇级',
    孟津区西霞院街道办事处: '乡镇级',
    浉河区人民政府: '县级',
    北关区红旗路街道办事处: '乡镇级',
    原州区南关街道: '乡镇级',
    某某市人民政府: '市级',
    某某县自然资源局: '县级',
    某某市市场监督管理局: '市级',
    某某省交通运输厅: '省级',
    某某镇人民政府: '乡镇级',
    淮安市人民政府: '市级',
  };
  it('covers every office name in the fixtures', () => {
    const real = [...fixtureOffices(['corpus/expected', 'seeds/expected'])];
    expect(real).toHaveLength(13);
    for (const n of [...real, ...fixtureOffices()]) expect(Object.keys(expected)).toContain(n);
  });
  it.each(Object.entries(expected))('%s → %s', (name, level) => expect(officeLevel(name)).toBe(level));
});

describe('level rules', () => {
  it.each([
    ['广西壮族自治区人民政府', '省级'],
    ['香港特别行政区', '省级'],
    ['北京市人民政府', '省级'], // 直辖市
    ['重庆市万州区人民政府', '县级'], // 州 inside a name, 区 under a 直辖市
    ['杭州市西湖区人民政府', '县级'],
    ['贵州省人民政府办公厅', '省级'],
    ['延边朝鲜族自治州人民政府', '市级'],
    ['阿克苏地区行政公署', '市级'],
    ['内蒙古自治区阿拉善盟额济纳旗人民政府', '县级'],
    ['某某旗某某苏木', '乡镇级'],
    ['浙江省金华市义乌市人民政府', '县级'], // 市 inside a 市 is a county-level city
    ['江苏省镇江市人民政府', '市级'], // 镇 starting a name is no 镇
    ['济南市市中区人民政府', '县级'], // 市 starting a name is no 市
    ['某某县市场监督管理局', '县级'], // 市场
    ['某某县住房和城乡建设局', '县级'], // 城乡
    ['某某县乡村振兴局', '县级'], // 乡村
    ['某某市城市管理局', '市级'], // 城市
    ['某某区某某社区', '县级'], // 社区
    ['国务院办公厅', '中央'],
    ['教育部', '中央'],
    ['海关总署', '中央'],
    ['国家税务总局某某市税务局', '市级'],
    ['某某管委会', null],
  ])('%s → %s', (name, level) => expect(officeLevel(name)).toBe(level));

  it('lists the divisions with their prefixes', () => {
    expect(divisionsOf('北关区红旗路街道办事处')).toEqual([
      { name: '北关区', prefix: '北关区', suffix: '区', level: '县级' },
      { name: '红旗路街道', prefix: '北关区红旗路街道', suffix: '街道', level: '乡镇级' },
    ]);
    expect(divisionsOf('某 某 省 交通运输厅').map((d) => d.prefix)).toEqual(['某某省']);
    expect(divisionsOf('国务院办公厅')).toEqual([]);
  });
});

describe('inRegion', () => {
  it('matches a normalised prefix', () => {
    expect(inRegion('平潭综合实验区海坛片区管理局', '平潭综合实验区')).toBe(true);
    expect(inRegion('平潭 综合实验区财政金融局', '平潭综合实验区')).toBe(true);
    expect(inRegion('原州区南关街道', '平潭')).toBe(false);
    expect(inRegion('原州区南关街道', '')).toBe(true);
  });
});

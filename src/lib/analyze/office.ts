/**
 * Office names: the normalised key that matches differently typed spellings of one office, the administrative
 * divisions a name starts with, and the office level derived from them. Pure.
 *
 * Level rules (names only; there is no gazetteer, so they are heuristics, documented and tested on real names):
 * 1. The name is cut left to right into divisions, each ending in a division suffix:
 *    特别行政区 / 自治区 / 省 → 省级; 市 / 州 / 自治州 / 盟 / 地区 → 市级; 区 / 县 / 自治县 / 旗 / 自治旗 → 县级;
 *    乡 / 镇 / 街道 / 苏木 → 乡镇级. The longest suffix wins (自治区 before 区).
 * 2. A suffix character is not a cut when it starts the segment (镇江市, 市中区), when it is a 州 followed by
 *    省/市/区/县/盟 (杭州市, 万州区, 贵州省: the 州 belongs to the name), or when it is part of a common word
 *    (市场, 城市, 城乡, 乡村, 城镇, 社区, 片区, 区域, 红旗 …: see NOT_DIVISION).
 * 3. 北京市, 天津市, 上海市, 重庆市 are 直辖市 → 省级. A 市 inside a 市/州/盟/地区 is a county-level city → 县级.
 * 4. The office's level is the level of its last (deepest) division, so departments (…局, …委, …办, …厅,
 *    …办事处) inherit the level of the division their name starts with: 某某县自然资源局 → 县级.
 * 5. No division: 中央 when the name starts with 国务院 / 国家 / 中华人民共和国 / 中国 or ends with 部 / 总局 / 总署;
 *    otherwise unknown (null).
 * Known limits: a county-level city named alone (义乌市) reads as 市级; functional zones (开发区, 新区,
 * 综合实验区) read as 县级 whatever their real rank (平潭综合实验区 is run by the province).
 */

export type OfficeLevel = '中央' | '省级' | '市级' | '县级' | '乡镇级';
export const OFFICE_LEVELS: readonly OfficeLevel[] = ['中央', '省级', '市级', '县级', '乡镇级'];

/**
 * The key offices are matched by: Unicode NFKC (full-width letters, digits and brackets → half-width, Kangxi
 * radicals → ideographs), then every space (ASCII, U+3000, nbsp) and zero-width character removed.
 */
export function normalizeOffice(name: string): string {
  return name.normalize('NFKC').replace(/[\s\u200b-\u200d\u2060\ufeff]+/g, '');
}

export interface Division {
  /** The division's own name with its suffix, e.g. `原州区`. */
  name: string;
  /** The name from the start of the office name up to this division, e.g. `固原市原州区`: a region prefix. */
  prefix: string;
  suffix: string;
  level: Exclude<OfficeLevel, '中央'>;
}

const SUFFIXES: readonly [string, Division['level']][] = [
  ['特别行政区', '省级'],
  ['自治区', '省级'],
  ['自治州', '市级'],
  ['自治县', '县级'],
  ['自治旗', '县级'],
  ['街道', '乡镇级'],
  ['地区', '市级'],
  ['苏木', '乡镇级'],
  ['省', '省级'],
  ['市', '市级'],
  ['州', '市级'],
  ['盟', '市级'],
  ['区', '县级'],
  ['县', '县级'],
  ['旗', '县级'],
  ['乡', '乡镇级'],
  ['镇', '乡镇级'],
];
/** After 州, these mean the 州 is part of a longer name (杭州市, 万州区, 贵州省). */
const AFTER_ZHOU = new Set('省市区县盟');

/** Words in which a suffix character does not end a division name. */
const NOT_DIVISION = [
  '市场', '市政', '市容', '市民', '市级', '城市', '都市', '超市', '市域',
  '社区', '小区', '辖区', '片区', '区域',
  '县域', '县级',
  '乡村', '城乡',
  '城镇', '镇域',
  '联盟',
  '红旗', '国旗', '旗帜',
];

const MUNICIPALITIES = new Set(['北京市', '天津市', '上海市', '重庆市']);

function inWord(n: string, i: number): boolean {
  for (const w of NOT_DIVISION) {
    const k = w.indexOf(n[i]);
    if (k >= 0 && n.startsWith(w, i - k)) return true;
  }
  return false;
}

/** The divisions an office name starts with, outermost first (`卫滨区解放路街道办事处` → 卫滨区, 解放路街道). */
export function divisionsOf(name: string): Division[] {
  const n = normalizeOffice(name);
  const out: Division[] = [];
  let start = 0;
  for (let i = 0; i < n.length; i++) {
    if (i === start) continue;
    const hit = SUFFIXES.find(([s]) => n.startsWith(s, i));
    if (!hit) continue;
    const [suffix, base] = hit;
    if (suffix === '州' && AFTER_ZHOU.has(n[i + 1] ?? '')) continue;
    if (suffix.length === 1 && inWord(n, i)) continue;
    const end = i + suffix.length;
    const own = n.slice(start, end);
    let level = base;
    if (suffix === '市') {
      const outer = out[out.length - 1];
      if (MUNICIPALITIES.has(own)) level = '省级';
      else if (outer && outer.level === '市级') level = '县级';
    }
    out.push({ name: own, prefix: n.slice(0, end), suffix, level });
    start = end;
    i = end - 1;
  }
  return out;
}

const CENTRAL_START = /^(国务院|国家|中华人民共和国|中国)/;
const CENTRAL_END = /(部|总局|总署)$/;

/** The office's level by the rules above, or null when the name says nothing about it. */
export function officeLevel(name: string): OfficeLevel | null {
  const d = divisionsOf(name);
  if (d.length) return d[d.length - 1].level;
  const n = normalizeOffice(name);
  return CENTRAL_START.test(n) || CENTRAL_END.test(n) ? '中央' : null;
}

/** Whether the office's name starts with the region prefix (both normalised); an empty prefix matches all. */
export function inRegion(name: string, prefix: string): boolean {
  return normalizeOffice(name).startsWith(normalizeOffice(prefix));
}

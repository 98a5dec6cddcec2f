/**
 * Which reports come from the same office. Names are compared after normalisation (spaces, full/half width), and
 * a few spellings of one office are treated as one: a leading region prefix present or not (平潭综合实验区海坛片区管理局 /
 * 海坛片区管理局), 区 for 县 after a county became a district (孟津县… / 孟津区…), a trailing 办事处 or 人民政府. Such a
 * merge is never silent: every group says which spellings it joined and why. Pure.
 */

/** Spaces removed and full-width ASCII folded; nothing else changes. */
export function normalizeOfficeName(name: string): string {
  return name
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]+/g, '')
    .replace(/\(/g, '（')
    .replace(/\)/g, '）');
}

/** A region name a longer office name may start with: ends with a level of government or a zone. */
const REGION_PREFIX = /^[\u4e00-\u9fff]{2,}?(?:省|自治区|市|自治州|地区|盟|区|县|自治县|旗|新区|实验区|开发区|高新区|示范区)$/;
/**
 * A name that can stand without its region: it starts with a proper name followed by its own level (片区, 街道, 镇,
 * 乡, a district…), so `海坛片区管理局` or `解放路街道办事处` qualify while `财政局` or `人民政府` never do.
 */
const STANDALONE = /^[\u4e00-\u9fff]{2,}?(?:片区|街道|镇|乡|苏木|社区|区|县|市|旗)/;
const SUFFIXES = ['办事处', '人民政府'];

export type MergeReason = 'spelling' | 'region_prefix' | 'district_county' | 'suffix';

export interface OfficeGroup {
  /** The name shown for the office: the most frequent spelling; on a tie the longest, written without spaces. */
  name: string;
  /** Every spelling seen, as given. */
  names: string[];
  /** Why names were joined (empty when all spellings are identical after normalisation of spaces and width). */
  reasons: MergeReason[];
}

export interface Grouping {
  groups: OfficeGroup[];
  /** For each input name, its group index (null for a null name). */
  groupOf: (number | null)[];
  /** Short names that could belong to several offices (e.g. one suffix of two prefixed names), left apart. */
  ambiguous: { name: string; candidates: string[] }[];
}

/** Same office? The reason, or null. `a` and `b` are normalised and differ. */
export function sameOffice(a: string, b: string): MergeReason | null {
  const [long, short] = a.length >= b.length ? [a, b] : [b, a];
  if (long.endsWith(short) && REGION_PREFIX.test(long.slice(0, long.length - short.length)) && STANDALONE.test(short))
    return 'region_prefix';
  if (a.length === b.length) {
    let diff = -1;
    for (let i = 0; i < a.length; i++)
      if (a[i] !== b[i]) {
        if (diff >= 0) return null;
        diff = i;
      }
    const pair = a[diff] + b[diff];
    if (['区县', '县区', '县市', '市县'].includes(pair) && diff >= 2) return 'district_county';
    return null;
  }
  for (const s of SUFFIXES) if (long === short + s && short.length >= 4) return 'suffix';
  return null;
}

export function groupOffices(names: readonly (string | null)[]): Grouping {
  const keys = [...new Set(names.filter((n): n is string => n !== null).map(normalizeOfficeName))];
  const parent = keys.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const reasons = new Map<number, Set<MergeReason>>();
  const ambiguous: Grouping['ambiguous'] = [];
  for (let i = 0; i < keys.length; i++) {
    const matches: [number, MergeReason][] = [];
    for (let j = 0; j < keys.length; j++) {
      if (i === j) continue;
      const why = sameOffice(keys[i], keys[j]);
      if (why) matches.push([j, why]);
    }
    // A short name that fits two longer ones with different prefixes belongs to neither.
    const longer = matches.filter(([j, why]) => why === 'region_prefix' && keys[j].length > keys[i].length);
    if (longer.length > 1) {
      ambiguous.push({ name: keys[i], candidates: longer.map(([j]) => keys[j]) });
      continue;
    }
    for (const [j, why] of matches) {
      if (why === 'region_prefix' && keys[j].length < keys[i].length) continue; // decided from the short side
      const a = find(i);
      const b = find(j);
      if (a === b) continue;
      parent[b] = a;
      const set = reasons.get(a) ?? new Set<MergeReason>();
      for (const r of [...(reasons.get(b) ?? []), why]) set.add(r);
      reasons.set(a, set);
    }
  }
  const rootIndex = new Map<number, number>();
  const groups: OfficeGroup[] = [];
  const counts: Map<string, number>[] = [];
  const groupOf = names.map((n) => {
    if (n === null) return null;
    const root = find(keys.indexOf(normalizeOfficeName(n)));
    let g = rootIndex.get(root);
    if (g === undefined) {
      g = groups.length;
      rootIndex.set(root, g);
      groups.push({ name: n, names: [], reasons: [...(reasons.get(root) ?? [])] });
      counts.push(new Map());
    }
    if (!groups[g].names.includes(n)) groups[g].names.push(n);
    counts[g].set(n, (counts[g].get(n) ?? 0) + 1);
    return g;
  });
  groups.forEach((g, i) => {
    const clean = (n: string) => (n === normalizeOfficeName(n) ? 1 : 0);
    const ranked = [...counts[i]].sort(
      (a, b) =>
        b[1] - a[1] ||
        normalizeOfficeName(b[0]).length - normalizeOfficeName(a[0]).length ||
        clean(b[0]) - clean(a[0]),
    );
    g.name = ranked[0][0];
    if (g.names.length > 1 && g.reasons.length === 0) g.reasons.push('spelling');
  });
  return { groups, groupOf, ambiguous };
}

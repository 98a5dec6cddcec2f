/**
 * Random, arithmetic-consistent field maps for generated fixtures: the same distribution a real sweep shows
 * (most applications from 自然人, many all-zero tables, a few large offices). Deterministic per seed.
 */
import {
  FIELD_IDS,
  S3_APPLICANT_COLUMNS,
  S3_OUTCOME_ROWS,
  S4_COLUMNS,
  S4_GROUPS,
  emptyFields,
  type Fields,
} from '../../src/lib/form/model.ts';

export type Rng = () => number;

/** mulberry32: small, fast, good enough for fixtures. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const int = (r: Rng, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
export const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

/** Split n into k non-negative parts with the given weights. */
function split(r: Rng, n: number, weights: number[]): number[] {
  const out = weights.map(() => 0);
  const total = weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < n; i++) {
    let x = r() * total;
    let j = 0;
    while (j < weights.length - 1 && x >= weights[j]) x -= weights[j++];
    out[j]++;
  }
  return out;
}

export interface GenOptions {
  /** Size of the office: 0 none, 1 small (township), 2 county, 3 city/province. */
  scale?: 0 | 1 | 2 | 3;
}

const APPLICANT_WEIGHTS = [40, 4, 0.3, 0.3, 1.5, 1];
const OUTCOME_WEIGHTS: Record<string, number> = {
  granted: 30,
  partial: 8,
  'denied.secret': 0.3,
  'denied.law': 0.6,
  'denied.safety': 0.2,
  'denied.third_party': 0.5,
  'denied.internal': 0.8,
  'denied.process': 0.8,
  'denied.enforcement': 0.4,
  'denied.query': 1,
  'unable.no_info': 18,
  'unable.need_create': 1,
  'unable.unclear': 0.7,
  'ignored.petition': 2,
  'ignored.duplicate': 1.5,
  'ignored.publication': 0.3,
  'ignored.massive': 0.3,
  'ignored.confirm': 0.4,
  'other.overdue_correction': 2,
  'other.overdue_fee': 0.3,
  'other.other': 3,
};

/** A complete, consistent field map (all 200 ids, numbers only). */
export function generateFields(r: Rng, opts: GenOptions = {}): Fields {
  const scale = opts.scale ?? pick(r, [0, 1, 1, 1, 2, 2, 3] as const);
  const f = emptyFields();
  const maxNew = [0, 12, 300, 4000][scale];
  const newTotal = scale === 0 ? 0 : Math.floor(Math.pow(r(), 2) * maxNew);
  const carriedTotal = scale === 0 ? 0 : Math.floor(r() * r() * Math.max(1, newTotal / 8));
  const newCols = split(r, newTotal, APPLICANT_WEIGHTS);
  const carriedCols = split(r, carriedTotal, APPLICANT_WEIGHTS);
  S3_APPLICANT_COLUMNS.forEach((c, i) => {
    f[`s3.new.${c}`] = newCols[i];
    f[`s3.carried.${c}`] = carriedCols[i];
    const avail = newCols[i] + carriedCols[i];
    const cf = avail === 0 ? 0 : Math.floor(r() * r() * (avail / 4 + 1));
    const carry = Math.min(avail, cf);
    f[`s3.carryforward.${c}`] = carry;
    const handled = avail - carry;
    f[`s3.total.${c}`] = handled;
    const parts = split(
      r,
      handled,
      S3_OUTCOME_ROWS.map((row) => OUTCOME_WEIGHTS[row] ?? 0.5),
    );
    S3_OUTCOME_ROWS.forEach((row, k) => (f[`s3.${row}.${c}`] = parts[k]));
  });
  for (const row of ['new', 'carried', ...S3_OUTCOME_ROWS, 'total', 'carryforward']) {
    f[`s3.${row}.total`] = S3_APPLICANT_COLUMNS.reduce((a, c) => a + (f[`s3.${row}.${c}`] as number), 0);
  }
  for (const g of S4_GROUPS) {
    const n = scale < 2 ? (r() < 0.8 ? 0 : int(r, 0, 3)) : Math.floor(r() * r() * [0, 5, 40, 400][scale]);
    const parts = split(r, n, [5, 1, 2, 1.5]);
    S4_COLUMNS.slice(0, 4).forEach((c, i) => (f[`s4.${g}.${c}`] = parts[i]));
    f[`s4.${g}.total`] = n;
  }
  const regs = scale === 3 && r() < 0.6;
  f['s2.regulations.made'] = regs ? int(r, 0, 6) : 0;
  f['s2.regulations.repealed'] = regs ? int(r, 0, 3) : 0;
  f['s2.regulations.valid'] = regs ? int(r, 5, 120) : 0;
  const made = scale === 0 ? int(r, 0, 2) : int(r, 0, [3, 5, 30, 120][scale]);
  f['s2.normative.made'] = made;
  f['s2.normative.repealed'] = int(r, 0, Math.max(1, Math.floor(made / 2)));
  f['s2.normative.valid'] = made + int(r, 0, [10, 20, 200, 900][scale]);
  const big = [10, 200, 20000, 500000][scale];
  f['s2.licensing'] = r() < 0.4 ? 0 : Math.floor(r() * r() * big);
  f['s2.punishment'] = r() < 0.4 ? 0 : Math.floor(r() * r() * big);
  f['s2.coercion'] = r() < 0.6 ? 0 : Math.floor(r() * r() * big * 0.1);
  f['s2.fees'] = r() < 0.6 ? 0 : Math.round(r() * r() * [1, 50, 5000, 100000][scale] * 10000) / 10000;
  return f;
}

/** A copy of the map with every field present (sanity for callers). */
export function assertComplete(f: Fields): void {
  for (const id of FIELD_IDS) if (!(id in f)) throw new Error(`missing ${id}`);
}

const OFFICES = [
  '卫滨区解放路街道办事处',
  '孟津区西霞院街道办事处',
  '浉河区人民政府',
  '北关区红旗路街道办事处',
  '原州区南关街道',
  '平潭综合实验区财政金融局',
  '淮安市人民政府',
  '某某县自然资源局',
  '某某市市场监督管理局',
  '某某区教育体育局',
  '某某镇人民政府',
  '某某省交通运输厅',
];

export function generateIdentity(r: Rng): { office: string; year: number } {
  return { office: pick(r, OFFICES), year: int(r, 2021, 2025) };
}

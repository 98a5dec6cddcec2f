/**
 * Libraries for the analysis tests and the benchmark: a hand-made one (3 offices × 3 years, whose expected
 * figures the tests write out by hand) and a generated one of any size (tests/gen/values.ts: consistent fields).
 */
import { S3_ROWS, emptyFields, type CellValue, type Fields } from '../../form/model.ts';
import type { Correction, Entry } from '../../model/entry.ts';
import type { Report } from '../../parse/types.ts';
import { generateFields, pick, rng } from '../../../../tests/gen/values.ts';

export function makeReport(office: string | null, year: number | null, fields: Fields): Report {
  return { file: null, office, year, layout: '2021', fields, legacy: {}, checks: [], issues: [], meta: { parser: 'test', sources: {}, chars: 0 } };
}

export function makeEntry(
  id: string,
  office: string | null,
  year: number | null,
  fields: Fields,
  opts: { addedAt?: string; corrections?: Record<string, CellValue>; officeOverride?: string } = {},
): Entry {
  const corrections: Record<string, Correction> = {};
  for (const [k, value] of Object.entries(opts.corrections ?? {}))
    corrections[k] = { value, original: fields[k] ?? null, note: '', at: '2025-03-01T00:00:00Z' };
  return {
    id,
    file: `${id}.txt`,
    size: 0,
    addedAt: opts.addedAt ?? '2025-01-01T00:00:00Z',
    report: makeReport(office, year, fields),
    corrections,
    officeOverride: opts.officeOverride ?? null,
  };
}

export interface Table {
  /** 一、本年新收 by applicant column: natural, commercial, research, social, legal, other_org. */
  new: [number, number, number, number, number, number];
  carried: number;
  /** Outcome totals (总计 column): written to （一）, （二）, （三）2, （四）1, （五）2 and （六）3; every other outcome row is 0. */
  granted: CellValue;
  partial: CellValue;
  denied: CellValue;
  unable: CellValue;
  ignored: CellValue;
  other: CellValue;
  carryforward: number;
  /** 行政复议: upheld, corrected, other, pending (总计 is their sum). */
  review?: [number, number, number, number];
  s2?: Record<string, CellValue>;
}

/** A field map from a table: the 总计 column of part 三, the 一 row by column, part 四, part 二 as given. */
export function tableFields(t: Table): Fields {
  const f = emptyFields();
  const cols = ['natural', 'commercial', 'research', 'social', 'legal', 'other_org'];
  cols.forEach((c, i) => (f[`s3.new.${c}`] = t.new[i]));
  f['s3.new.total'] = t.new.reduce((a, b) => a + b, 0);
  f['s3.carried.total'] = t.carried;
  for (const r of S3_ROWS) if (r.group) f[`s3.${r.key}.total`] = 0;
  f['s3.granted.total'] = t.granted;
  f['s3.partial.total'] = t.partial;
  f['s3.denied.law.total'] = t.denied;
  f['s3.unable.no_info.total'] = t.unable;
  f['s3.ignored.duplicate.total'] = t.ignored;
  f['s3.other.other.total'] = t.other;
  const outcomes = [t.granted, t.partial, t.denied, t.unable, t.ignored, t.other];
  f['s3.total.total'] = outcomes.reduce<number>((a, b) => a + (typeof b === 'number' ? b : 0), 0);
  f['s3.carryforward.total'] = t.carryforward;
  for (const g of ['review', 'suit_direct', 'suit_after_review']) for (const c of ['upheld', 'corrected', 'other', 'pending', 'total']) f[`s4.${g}.${c}`] = 0;
  const rv = t.review ?? [0, 0, 0, 0];
  ['upheld', 'corrected', 'other', 'pending'].forEach((c, i) => (f[`s4.review.${c}`] = rv[i]));
  f['s4.review.total'] = rv.reduce((a, b) => a + b, 0);
  Object.assign(f, t.s2 ?? {});
  return f;
}

export const A = '淮安市人民政府';
export const B = '淮安市清江浦区人民政府';
export const B_SPACED = '淮安市 清江浦区人民政府';
export const C = '原州区南关街道';

/**
 * 3 offices × 2022–2024, plus: B's 2023 report spelled with a space (merged), B 2024 with （二）部分公开 blank,
 * C 2022 all zero, C 2024 twice (the later one kept; its （一）予以公开 misread as 1, corrected by the user to 2,
 * so that （七）总计 5 adds up again), and one
 * entry without an office (skipped).
 */
export function handLibrary(): Entry[] {
  const z = [0, 0, 0, 0, 0, 0] as Table['new'];
  return [
    makeEntry('a22', A, 2022, tableFields({ new: [40, 5, 0, 0, 3, 2], carried: 4, granted: 30, partial: 6, denied: 2, unable: 10, ignored: 2, other: 0, carryforward: 4, review: [3, 1, 0, 0], s2: { 's2.normative.made': 3, 's2.fees': 1.5 } })),
    makeEntry('a23', A, 2023, tableFields({ new: [60, 10, 0, 0, 5, 5], carried: 4, granted: 40, partial: 10, denied: 4, unable: 20, ignored: 4, other: 2, carryforward: 4, review: [2, 2, 0, 1], s2: { 's2.normative.made': '/', 's2.fees': 1.5 } })),
    makeEntry('a24', A, 2024, tableFields({ new: [70, 20, 1, 1, 4, 4], carried: 4, granted: 60, partial: 4, denied: 6, unable: 24, ignored: 4, other: 2, carryforward: 4, s2: { 's2.normative.made': 5, 's2.fees': 2 } })),
    makeEntry('b22', B, 2022, tableFields({ new: [9, 1, 0, 0, 0, 0], carried: 0, granted: 5, partial: 0, denied: 1, unable: 3, ignored: 1, other: 0, carryforward: 0 })),
    makeEntry('b23', B_SPACED, 2023, tableFields({ new: [18, 2, 0, 0, 0, 0], carried: 0, granted: 8, partial: 2, denied: 0, unable: 6, ignored: 2, other: 0, carryforward: 2, review: [1, 0, 0, 0] })),
    makeEntry('b24', B, 2024, tableFields({ new: [27, 3, 0, 0, 0, 0], carried: 2, granted: 24, partial: null, denied: 2, unable: 4, ignored: 0, other: 0, carryforward: 2 })),
    makeEntry('c22', C, 2022, tableFields({ new: z, carried: 0, granted: 0, partial: 0, denied: 0, unable: 0, ignored: 0, other: 0, carryforward: 0 })),
    makeEntry('c23', C, 2023, tableFields({ new: [2, 0, 0, 0, 0, 0], carried: 0, granted: 1, partial: 0, denied: 0, unable: 1, ignored: 0, other: 0, carryforward: 0 })),
    makeEntry('c24old', C, 2024, tableFields({ new: [3, 0, 0, 0, 0, 0], carried: 0, granted: 3, partial: 0, denied: 0, unable: 0, ignored: 0, other: 0, carryforward: 0 }), { addedAt: '2025-01-01T00:00:00Z' }),
    makeEntry('c24', C, 2024, { ...tableFields({ new: [5, 0, 0, 0, 0, 0], carried: 0, granted: 2, partial: 1, denied: 0, unable: 1, ignored: 1, other: 0, carryforward: 0 }), 's3.granted.total': 1 }, { addedAt: '2025-02-01T00:00:00Z', corrections: { 's3.granted.total': 2 } }),
    makeEntry('nobody', null, 2024, tableFields({ new: z, carried: 0, granted: 0, partial: 0, denied: 0, unable: 0, ignored: 0, other: 0, carryforward: 0 })),
  ];
}

const PROVINCES = ['甲省', '乙省', '丙自治区'];
const DEPARTMENTS = ['人民政府', '自然资源局', '市场监督管理局', '教育局', '财政局'];

/** Office i of a generated library: a mix of 省/市/县/乡镇 level names, each unique. */
export function generatedOffice(i: number): string {
  const p = PROVINCES[i % PROVINCES.length];
  const d = DEPARTMENTS[Math.floor(i / 3) % DEPARTMENTS.length];
  switch (i % 4) {
    case 0:
      return `${p}第${i}市${d}`;
    case 1:
      return `${p}某市第${i}县${d}`;
    case 2:
      return `${p}某市某县第${i}镇人民政府`;
    default:
      return `${p}某市第${i}区某街道办事处`;
  }
}

/** `offices` × `years` entries (years ending 2024), consistent generated fields, deterministic. */
export function generatedLibrary(offices: number, years: number): Entry[] {
  const out: Entry[] = [];
  for (let i = 0; i < offices; i++) {
    const r = rng(7_000 + i);
    const scale = pick(r, [0, 1, 1, 1, 2, 2, 3] as const);
    for (let k = 0; k < years; k++) {
      const year = 2024 - years + 1 + k;
      out.push(makeEntry(`g${i}-${year}`, generatedOffice(i), year, generateFields(r, { scale })));
    }
  }
  return out;
}

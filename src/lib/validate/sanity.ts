/**
 * Sanity checks on single values, beyond the form's arithmetic: negative numbers, decimals in count fields, a fee
 * that looks like 元 rather than 万元, values implausibly large for any office, a report year outside 2008–this
 * year. Each is a warning naming the cell. Thresholds are set so that no real report in the fixtures trips them. Pure.
 */
import { FIELD_BY_ID, FIELD_IDS, shortFieldLabel } from '../form/model.ts';
import type { Issue, Report } from '../parse/types.ts';

/** The first year of reports under the 2008 条例. */
export const FIRST_YEAR = 2008;

/**
 * Largest plausible values. Part 三 and 四 count applications and cases: the busiest offices receive tens of
 * thousands a year (淮安市人民政府 3119), so a million is a misreading or a typo. Part 二 counts decisions: a city
 * reports millions of 行政处罚 (淮安 3985758), so the bound is higher.
 */
export const MAX_S3 = 1_000_000;
export const MAX_S2_COUNT = 100_000_000;
/** 行政事业性收费 in 万元: 10^7 万元 is 1000 亿元, beyond any office. */
export const MAX_FEES = 10_000_000;
/**
 * A township or street office rarely collects fees at all; 10^4 万元 (1 亿元) or more there is almost surely a
 * figure in 元 typed into the 万元 column.
 */
export const MAX_FEES_TOWNSHIP = 10_000;

/** Township-level offices (乡镇, 街道, 社区): the name ends with their office type. */
const TOWNSHIP = /(?:街道|街道办事处|街道办|镇|镇人民政府|镇政府|乡|乡人民政府|乡政府|苏木|社区|社区居民委员会)$/;

export function isTownship(office: string | null): boolean {
  return office !== null && TOWNSHIP.test(office.replace(/\s+/g, ''));
}

export interface SanityOptions {
  /** The current year. @default the clock's year */
  nowYear?: number;
}

export function sanityIssues(report: Pick<Report, 'fields' | 'year' | 'office' | 'issues'>, opts: SanityOptions = {}): Issue[] {
  const nowYear = opts.nowYear ?? new Date().getFullYear();
  const out: Issue[] = [];
  const already = new Set(report.issues.filter((i) => i.code === 'value.decimal').map((i) => i.field));
  for (const id of FIELD_IDS) {
    const v = report.fields[id];
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    const label = shortFieldLabel(id);
    if (v < 0) {
      out.push({ severity: 'warning', code: 'sanity.negative', field: id, message: `「${label}」为负数（${v}），件数和金额不应为负` });
      continue;
    }
    const def = FIELD_BY_ID.get(id);
    if (def?.type === 'int' && !Number.isInteger(v) && !already.has(id))
      out.push({ severity: 'warning', code: 'sanity.decimal', field: id, message: `「${label}」是件数，应为整数，表中为 ${v}` });
    if (id === 's2.fees') {
      if (v >= MAX_FEES)
        out.push({
          severity: 'warning',
          code: 'sanity.fees_unit',
          field: id,
          message: `「行政事业性收费·本年收费金额」为 ${v} 万元（${formatYi(v)}），疑似按元填报（该栏单位为万元）`,
        });
      else if (v >= MAX_FEES_TOWNSHIP && isTownship(report.office))
        out.push({
          severity: 'warning',
          code: 'sanity.fees_unit',
          field: id,
          message: `「行政事业性收费·本年收费金额」为 ${v} 万元（${formatYi(v)}），对乡镇、街道一级明显偏大，疑似按元填报（该栏单位为万元）`,
        });
    } else if (id.startsWith('s2.') ? v >= MAX_S2_COUNT : v >= MAX_S3) {
      out.push({ severity: 'warning', code: 'sanity.too_large', field: id, message: `「${label}」为 ${v}，远超任何机关的正常数量，请核对` });
    }
  }
  if (report.year !== null && (report.year < FIRST_YEAR || report.year > nowYear))
    out.push({
      severity: 'warning',
      code: 'sanity.year',
      message: `报告年度 ${report.year} 不在 ${FIRST_YEAR}–${nowYear} 年之间`,
    });
  return out;
}

const formatYi = (wan: number): string => `约 ${(wan / 10000).toFixed(1).replace(/\.0$/, '')} 亿元`;

/**
 * Findings across reports (`auditReports`): for each office's series of years, relation 5 (上年结转 of year N =
 * 结转下年度 of year N−1, per column), relation 7 (part 二 stock: 现行有效 of N−1 + 制发 − 废止 = 现行有效 of N, a
 * warning since revisions and changes of scope break it legitimately), tables identical to the previous year's
 * (copied forward), repeated narrative (the share of part-一 and part-五 sentences found in the previous year's
 * report), a missing year, two reports for one year; and for every report, relation 8 (published after 31 January
 * of the following year). Office names are matched after normalisation and every merge of spellings is a finding.
 * Reads only Report objects (narrative as hashes in `meta.narrative`), so it runs on saved JSON. Pure.
 */
import { FIELD_IDS, S3_COLUMNS, S3_COLUMN_LABELS, S4_FIELD_IDS, type CellValue, type Fields } from '../form/model.ts';
import type { Report, Severity } from '../parse/types.ts';
import { groupOffices, type MergeReason } from './office-name.ts';

export interface Finding {
  severity: Severity;
  /** Stable code: `series.carried`, `series.s2_stock`, `series.copied_table`, `series.repeated_narrative`,
   * `series.missing_year`, `series.duplicate_year`, `report.late`, `office.merged`, `office.ambiguous`. */
  code: string;
  /** One sentence in Chinese. */
  message: string;
  /** The office as shown (null for a report without one). */
  office: string | null;
  /** The years concerned, ascending. */
  years: number[];
  /** The files concerned, in the order of `years` (or of the reports, for office findings). */
  files: (string | null)[];
  /** Fields concerned. */
  fields?: string[];
  /** Repeated narrative: share of sentences of each part found in the previous report (null: part not found). */
  share?: { part1: number | null; part5: number | null };
}

export interface OfficeSeries {
  office: string;
  /** Every spelling of the name seen. */
  names: string[];
  years: number[];
  files: (string | null)[];
}

export interface AuditResult {
  findings: Finding[];
  offices: OfficeSeries[];
}

/** Share of sentences repeated from the previous report at or above which narrative is reported as repeated. */
export const REPEATED_SHARE = 0.5;
/** A part needs this many sentences for its share to mean anything. */
export const MIN_SENTENCES = 3;

const MERGE_WORDS: Record<MergeReason, string> = {
  spelling: '写法（空格、全角半角）不同',
  region_prefix: '一个带地区前缀、一个不带',
  district_county: '“区”“县”一字之差（撤县设区）',
  suffix: '一个带“办事处/人民政府”、一个不带',
};

const num = (v: CellValue | undefined): number | null => (typeof v === 'number' ? v : null);

export function auditReports(reports: readonly Report[]): AuditResult {
  const findings: Finding[] = [];
  const { groups, groupOf, ambiguous } = groupOffices(reports.map((r) => r.office));
  for (const g of groups)
    if (g.names.length > 1)
      findings.push({
        severity: 'info',
        code: 'office.merged',
        message: `以下机关名称视为同一机关（${g.reasons.map((r) => MERGE_WORDS[r]).join('；')}）：${g.names.join('、')}`,
        office: g.name,
        years: [],
        files: reports.filter((_, i) => groupOf[i] !== null && groups[groupOf[i]!] === g).map((r) => r.file),
      });
  for (const a of ambiguous)
    findings.push({
      severity: 'info',
      code: 'office.ambiguous',
      message: `机关名称“${a.name}”可能是 ${a.candidates.join('、')} 中的任一个，未与之合并`,
      office: a.name,
      years: [],
      files: [],
    });

  const offices: OfficeSeries[] = [];
  groups.forEach((g, gi) => {
    const members = reports.filter((_, i) => groupOf[i] === gi && reports[i].year !== null);
    members.sort((a, b) => a.year! - b.year!);
    const series: Report[] = [];
    for (const r of members) {
      const prev = series[series.length - 1];
      if (prev && prev.year === r.year) {
        const same = FIELD_IDS.every((id) => prev.fields[id] === r.fields[id]);
        findings.push({
          severity: same ? 'info' : 'warning',
          code: 'series.duplicate_year',
          message: same
            ? `${g.name} ${r.year} 年度有两份数值相同的报告，按一份计`
            : `${g.name} ${r.year} 年度有两份数值不同的报告，跨年度比较只用第一份（${prev.file ?? '未命名'}）`,
          office: g.name,
          years: [r.year!],
          files: [prev.file, r.file],
        });
        continue;
      }
      series.push(r);
    }
    offices.push({ office: g.name, names: g.names, years: series.map((r) => r.year!), files: series.map((r) => r.file) });
    for (let i = 1; i < series.length; i++) {
      const prev = series[i - 1];
      const cur = series[i];
      if (cur.year! - prev.year! > 1) {
        const missing = Array.from({ length: cur.year! - prev.year! - 1 }, (_, k) => prev.year! + 1 + k);
        findings.push({
          severity: 'info',
          code: 'series.missing_year',
          message: `${g.name} 缺少 ${missing.join('、')} 年度的报告（已有 ${prev.year} 和 ${cur.year} 年度）`,
          office: g.name,
          years: missing,
          files: [prev.file, cur.file],
        });
      } else {
        findings.push(...carriedFindings(g.name, prev, cur), ...stockFindings(g.name, prev, cur));
      }
      findings.push(...copiedFindings(g.name, prev, cur));
      const rep = repeatedNarrative(g.name, prev, cur);
      if (rep) findings.push(rep);
    }
  });

  reports.forEach((r, i) => {
    const late = lateness(r);
    if (late) findings.push({ ...late, office: groupOf[i] !== null ? groups[groupOf[i]!].name : r.office });
  });
  return { findings, offices };
}

const pair = (prev: Report, cur: Report) => ({ years: [prev.year!, cur.year!], files: [prev.file, cur.file] });

/** Relation 5, per column: 上年结转 of this year = 结转下年度 of the previous year. */
function carriedFindings(office: string, prev: Report, cur: Report): Finding[] {
  const diffs: string[] = [];
  const fields: string[] = [];
  for (const c of S3_COLUMNS) {
    const before = num(prev.fields[`s3.carryforward.${c}`]);
    const now = num(cur.fields[`s3.carried.${c}`]);
    if (before === null || now === null || before === now) continue;
    diffs.push(`${S3_COLUMN_LABELS[c]}列 ${prev.year} 年结转 ${before}、${cur.year} 年上年结转 ${now}`);
    fields.push(`s3.carried.${c}`, `s3.carryforward.${c}`);
  }
  if (!diffs.length) return [];
  return [
    {
      severity: 'warning',
      code: 'series.carried',
      message: `${office} ${cur.year} 年“二、上年结转”与 ${prev.year} 年“四、结转下年度”不一致：${diffs.join('；')}`,
      office,
      ...pair(prev, cur),
      fields,
    },
  ];
}

/** Relation 7: part 二 stock carried over (a warning: revisions and changes of scope break it legitimately). */
function stockFindings(office: string, prev: Report, cur: Report): Finding[] {
  if (prev.layout !== '2021' || cur.layout !== '2021') return [];
  const out: Finding[] = [];
  for (const [kind, label] of [
    ['regulations', '规章'],
    ['normative', '行政规范性文件'],
  ] as const) {
    const before = num(prev.fields[`s2.${kind}.valid`]);
    const made = num(cur.fields[`s2.${kind}.made`]);
    const repealed = num(cur.fields[`s2.${kind}.repealed`]);
    const valid = num(cur.fields[`s2.${kind}.valid`]);
    if (before === null || made === null || repealed === null || valid === null) continue;
    const expected = before + made - repealed;
    if (expected === valid) continue;
    out.push({
      severity: 'warning',
      code: 'series.s2_stock',
      message: `${office} ${label}现行有效件数前后不接：${prev.year} 年 ${before} 件 + ${cur.year} 年制发 ${made} 件 − 废止 ${repealed} 件 = ${expected} 件，而 ${cur.year} 年为 ${valid} 件（修订、范围调整也可能造成差异）`,
      office,
      ...pair(prev, cur),
      fields: [`s2.${kind}.valid`, `s2.${kind}.made`, `s2.${kind}.repealed`],
    });
  }
  return out;
}

const S2_FLOW = ['s2.regulations.made', 's2.regulations.repealed', 's2.normative.made', 's2.normative.repealed', 's2.licensing', 's2.punishment', 's2.coercion', 's2.fees'];
const S2_IDS = FIELD_IDS.filter((id) => id.startsWith('s2.'));
const S3_IDS = FIELD_IDS.filter((id) => id.startsWith('s3.'));

/**
 * How much a table says, to tell a copied table from a coincidence: identical all-zero tables are common and
 * innocent, identical small tables can be chance. Returns null when the table is all zero or not all numbers.
 */
function informative(part: 2 | 3 | 4, f: Fields): 'strong' | 'weak' | null {
  const ids = part === 2 ? S2_IDS : part === 3 ? S3_IDS : S4_FIELD_IDS;
  if (!ids.every((id) => typeof f[id] === 'number' || (part === 3 && f[id] === null))) return null;
  if (part === 2) {
    const flows = S2_FLOW.filter((id) => num(f[id]) !== null && num(f[id])! > 0).length;
    return flows === 0 ? null : flows >= 3 ? 'strong' : 'weak';
  }
  if (part === 3) {
    const n = (num(f['s3.new.total']) ?? 0) + (num(f['s3.carried.total']) ?? 0);
    return n === 0 ? null : n >= 5 ? 'strong' : 'weak';
  }
  const cases = ['review', 'suit_direct', 'suit_after_review'].reduce((a, g) => a + (num(f[`s4.${g}.total`]) ?? 0), 0);
  return cases === 0 ? null : cases >= 5 ? 'strong' : 'weak';
}

/** A table identical to the previous report's (copied forward). */
function copiedFindings(office: string, prev: Report, cur: Report): Finding[] {
  const out: Finding[] = [];
  const parts: [2 | 3 | 4, string, readonly string[]][] = [
    [2, '第二部分（主动公开）', S2_IDS],
    [3, '第三部分（收到和处理申请）', S3_IDS],
    [4, '第四部分（行政复议、行政诉讼）', S4_FIELD_IDS],
  ];
  for (const [part, label, ids] of parts) {
    if (part === 2 && (prev.layout !== '2021' || cur.layout !== '2021')) continue;
    if (!ids.every((id) => prev.fields[id] === cur.fields[id])) continue;
    const strength = informative(part, cur.fields);
    if (!strength) continue;
    out.push({
      severity: strength === 'strong' ? 'warning' : 'info',
      code: 'series.copied_table',
      message:
        strength === 'strong'
          ? `${office} ${cur.year} 年${label}表格与 ${prev.year} 年完全相同，疑似沿用上年数据`
          : `${office} ${cur.year} 年${label}表格与 ${prev.year} 年完全相同（数值较小，也可能是巧合）`,
      office,
      ...pair(prev, cur),
      fields: [...ids],
    });
  }
  return out;
}

/** Share of this report's sentences (by hash) found in the previous report's same part. */
function shareOf(now: readonly string[] | undefined, before: readonly string[] | undefined): number | null {
  if (!now || !before || now.length < MIN_SENTENCES || before.length === 0) return null;
  const set = new Set(before);
  return now.filter((h) => set.has(h)).length / now.length;
}

function repeatedNarrative(office: string, prev: Report, cur: Report): Finding | null {
  const a = prev.meta.narrative;
  const b = cur.meta.narrative;
  if (!a || !b) return null;
  const share = { part1: shareOf(b.part1, a.part1), part5: shareOf(b.part5, a.part5) };
  const high = [share.part1, share.part5].some((s) => s !== null && s >= REPEATED_SHARE);
  if (!high) return null;
  const pct = (s: number | null) => (s === null ? '—' : `${Math.round(s * 100)}%`);
  return {
    severity: 'warning',
    code: 'series.repeated_narrative',
    message: `${office} ${cur.year} 年报告与 ${prev.year} 年大段雷同：第一部分 ${pct(share.part1)}、第五部分 ${pct(share.part5)} 的句子与上年相同（年份不计）`,
    office,
    ...pair(prev, cur),
    share,
  };
}

/** Relation 8: due by 31 January of the following year (条例 Article 50). */
function lateness(r: Report): Omit<Finding, 'office'> | null {
  const pub = r.meta.published;
  if (!pub || r.year === null || !/^\d{4}-\d{2}-\d{2}$/.test(pub)) return null;
  const due = `${r.year + 1}-01-31`;
  if (pub <= due) return null;
  return {
    severity: 'warning',
    code: 'report.late',
    message: `${r.year} 年度报告发布于 ${pub}，晚于规定的 ${due}（条例第五十条）`,
    years: [r.year],
    files: [r.file],
  };
}

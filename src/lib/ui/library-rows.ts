/**
 * The library table's rows: from each stored summary (office, year, level, applications, 公开率, checks, issues),
 * computed once and cached, then filtered and sorted cheaply (5,000 reports answer in milliseconds). The two
 * metrics are computed when first read, so opening the library does not decode every summary's values;
 * `warmMetrics` computes them in small slices once the table is on screen.
 */
import { computeMetric, metricDef } from '../analyze/metrics.ts';
import { officeLevel } from '../analyze/office.ts';
import type { EntrySummary } from '../store/index.ts';

export interface LibraryRow {
  id: string;
  office: string;
  year: number | null;
  level: string;
  applications: number | null;
  disclosure: number | null;
  checksOk: number;
  checksFailed: number;
  errors: number;
  warnings: number;
  corrected: number;
  /** The file could not be read at all (its first error, else null). */
  unreadable: boolean;
  file: string;
  addedAt: string;
  /** Lower-cased text searched by the filter box. */
  haystack: string;
}

const cache = new WeakMap<EntrySummary, LibraryRow>();
/** Level by office name: a library holds each office for several years, and reading divisions is the costly part of a row. */
const levels = new Map<string, string>();
function levelOf(office: string): string {
  let l = levels.get(office);
  if (l === undefined) levels.set(office, (l = officeLevel(office) ?? ''));
  return l;
}
const APPLICATIONS = metricDef('applications');
const DISCLOSURE = metricDef('disclosure_rate');
const FILE_FAILURE = /^error:((file|pdf|docx)\.|table\.not_found|text\.no_chinese)/;

export function rowOf(s: EntrySummary): LibraryRow {
  const hit = cache.get(s);
  if (hit) return hit;
  const unreadable = s.issueCodes.some((c) => FILE_FAILURE.test(c));
  const office = s.office ?? (unreadable ? '（无法读取）' : '（未识别）');
  let applications: number | null | undefined;
  let disclosure: number | null | undefined;
  const row: LibraryRow = {
    id: s.id,
    office,
    year: s.year,
    level: s.office ? levelOf(s.office) : '',
    // Computed when first shown or sorted on: the summary decodes its 200 values only then (store/summary.ts).
    get applications() {
      if (applications === undefined) applications = computeMetric(APPLICATIONS, s.fields);
      return applications;
    },
    get disclosure() {
      if (disclosure === undefined) disclosure = computeMetric(DISCLOSURE, s.fields);
      return disclosure;
    },
    checksOk: s.checks?.ok ?? 0,
    checksFailed: s.checks?.failed ?? 0,
    errors: s.issues.error,
    warnings: s.issues.warning,
    corrected: s.corrected.length,
    unreadable,
    file: s.file,
    addedAt: s.addedAt,
    haystack: `${office} ${s.file} ${s.year ?? ''}`.toLowerCase(),
  };
  cache.set(s, row);
  return row;
}

/**
 * Compute both metrics of every row (decoding each summary's values) in slices of `slice` rows, one task each,
 * starting after `delay` ms: the first sort by 申请总数 or 公开率 then finds them ready. Returns a cancel function.
 */
export function warmMetrics(rows: readonly LibraryRow[], delay = 200, slice = 250): () => void {
  let i = 0;
  const step = () => {
    const end = Math.min(rows.length, i + slice);
    for (; i < end; i++) {
      // Reading a metric computes and keeps it.
      void rows[i].applications;
      void rows[i].disclosure;
    }
    timer = i < rows.length ? setTimeout(step, 0) : null;
  };
  let timer: ReturnType<typeof setTimeout> | null = setTimeout(step, delay);
  return () => {
    if (timer) clearTimeout(timer);
  };
}

export type SortKey = 'office' | 'year' | 'level' | 'applications' | 'disclosure' | 'checksFailed' | 'errors' | 'file' | 'addedAt';

export interface RowFilter {
  text?: string;
  year?: number | null;
  level?: string;
  /** Only reports with failed checks or errors. */
  problems?: boolean;
}

export function filterRows(rows: readonly LibraryRow[], f: RowFilter): LibraryRow[] {
  const q = f.text?.trim().toLowerCase() ?? '';
  return rows.filter(
    (r) =>
      (!q || r.haystack.includes(q)) &&
      (f.year == null || r.year === f.year) &&
      (!f.level || r.level === f.level) &&
      (!f.problems || r.checksFailed > 0 || r.errors > 0),
  );
}

/** One collator for Chinese names (localeCompare with a locale argument rebuilds one on every call). */
const ZH = new Intl.Collator('zh-CN');

export function sortRows(rows: LibraryRow[], key: SortKey, desc: boolean): LibraryRow[] {
  const dir = desc ? -1 : 1;
  // ISO timestamps compare as plain strings; names need the collator.
  const text = key === 'addedAt' ? (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0) : ZH.compare;
  return rows.sort((a, b) => {
    const x = a[key];
    const y = b[key];
    // Unknown values sort last whatever the direction.
    if (x === null || x === '') return y === null || y === '' ? 0 : 1;
    if (y === null || y === '') return -1;
    if (typeof x === 'number' && typeof y === 'number') return (x - y) * dir;
    return text(String(x), String(y)) * dir;
  });
}

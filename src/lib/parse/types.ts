/**
 * The object the parser returns for one report (FORMAT.md, "What the parser returns"). This is a contract:
 * the CLI prints it, the app stores it, CSV export reads it. Add fields; never rename or remove one.
 */
import type { CellValue, Fields } from '../form/model.ts';
import type { Check } from '../form/relations.ts';

export type Severity = 'error' | 'warning' | 'info';

export interface Issue {
  severity: Severity;
  /** Stable machine code, e.g. `cell.blank`, `cut.ambiguous`, `table.not_found`. */
  code: string;
  /** One sentence in Chinese for the user. */
  message: string;
  /** The field concerned, if one. */
  field?: string;
  /** Several fields concerned (e.g. a row). */
  fields?: string[];
  /** 1-based line of the input where it was found, when known. */
  line?: number;
  /** For a value the parser had to choose: every reading that fits, the chosen one first. */
  alternatives?: Record<string, CellValue>[];
  /** The text the issue is about (a quoted sentence, a raw run of digits). */
  quote?: string;
  /** For a diagnosis: the values that would make the failing relations hold. A suggestion only; never applied. */
  suggestion?: Record<string, CellValue>;
}

/** Where a value came from in the input. */
export interface Source {
  /** 0-based character offsets in the decoded text given to the parser. */
  start: number;
  end: number;
  /** 1-based line in that text. */
  line: number;
  /** For PDF input: page (1-based) and box in PDF points (origin bottom left), filled in by ingestion. */
  page?: number;
  box?: [number, number, number, number];
}

export interface ReportMeta {
  /** Parser version that produced this object; stored results are re-parsed when it changes. */
  parser: string;
  /** Encoding the bytes were decoded with (`utf-8`, `utf-16le`, `gb18030`, …), when the parser decoded them. */
  encoding?: string;
  /** Kind of input: `text`, `pdf`, `html`, `docx`. */
  kind?: string;
  /** The title line the office and year were read from. */
  title?: string | null;
  /** Publication date from a `发布时间:` line or the signature, ISO `YYYY-MM-DD`. */
  published?: string | null;
  /** Source of every field that was read. */
  sources: Record<string, Source>;
  /** Characters of text parsed. */
  chars: number;
  /** Page count, for paged input. */
  pages?: number;
  /** Milliseconds spent extracting text (PDF: pdf.js and the row rebuild) and parsing; only when asked (benchmarks). */
  timings?: { extract: number; parse: number };
  /**
   * Short hashes of the normalised sentences of part 一 and part 五, so that repeated narrative across years can be
   * measured from saved JSON without the full text (src/lib/validate/narrative.ts).
   */
  narrative?: { part1: string[]; part5: string[] };
  /** Sentences of part 一 that state a number for a quantity the tables hold (relation 6), normalised. */
  prose?: string[];
}

export interface Report {
  file: string | null;
  office: string | null;
  year: number | null;
  layout: '2021' | '2019';
  /** All 200 canonical ids, always. */
  fields: Fields;
  /** Older part 二 rows (layout 2019), free-form keys. */
  legacy: Record<string, CellValue[] | string>;
  checks: Check[];
  issues: Issue[];
  meta: ReportMeta;
}

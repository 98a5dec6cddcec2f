/**
 * One file's bytes → a Report, whatever the file is: sniff the kind, extract text (PDF through the injected
 * pdf.js, HTML, Word, plain text), parse, and map every value's source back to the PDF page and box. Never throws
 * on content: a file that cannot be read gives a Report whose issues say why. Only cancellation throws
 * (`AbortError`). Used by the app's worker and by the command line alike.
 */
import { emptyFields } from '../form/model.ts';
import { decodeText } from '../parse/decode.ts';
import { PARSER_VERSION, parseReport } from '../parse/parse-report.ts';
import type { Issue, Report } from '../parse/types.ts';
import { DocxError, docxToText } from './docx.ts';
import { htmlToText } from './html.ts';
import { spanAt } from './layout.ts';
import { MAX_MARKUP_DEPTH, type MarkupNotes } from './table-text.ts';
import type { PdfEnv } from './pdf.ts';
import { sniff } from './sniff.ts';
import { AbortError, FILE_TIME_LIMIT_MS, MAX_FILE_BYTES, issue, type Extracted } from './types.ts';

export interface IngestEnv {
  /** Loads pdf.js only when a PDF arrives (it is large). */
  loadPdf: () => Promise<{ extractPdf: typeof import('./pdf.ts').extractPdf; env: PdfEnv }>;
}

export interface IngestOptions {
  password?: string;
  signal?: AbortSignal | null;
  /** Time limit in ms. @default FILE_TIME_LIMIT_MS */
  timeLimit?: number;
  nowYear?: number;
  /** Record extraction and parse times in `meta.timings` (benchmarks; off by default so results are reproducible). */
  timings?: boolean;
}

/** A Report for a file that could not be read: all fields null, the reason as an error issue. */
export function failedReport(file: string, issues: Issue[], kind?: string): Report {
  return {
    file,
    office: null,
    year: null,
    layout: '2021',
    fields: emptyFields(),
    legacy: {},
    checks: [],
    issues,
    meta: { parser: PARSER_VERSION, sources: {}, chars: 0, ...(kind ? { kind } : {}) },
  };
}

/** A warning when reading markup stopped at MAX_MARKUP_DEPTH. */
function tooDeep(notes: MarkupNotes, what: string): Issue[] {
  if (!notes.tooDeep) return [];
  return [issue('warning', 'markup.too_deep', `${what}的标签嵌套超过 ${MAX_MARKUP_DEPTH} 层（文件可能已损坏），其后的内容未读取`)];
}

export async function extract(name: string, bytes: Uint8Array, env: IngestEnv, opts: IngestOptions = {}): Promise<Extracted> {
  const s = sniff(bytes, name);
  if (s.kind === 'unsupported') return { kind: 'text', text: '', issues: [issue('error', `file.${s.what}`, s.message)], failed: true };
  switch (s.kind) {
    case 'pdf': {
      const { extractPdf, env: pdfEnv } = await env.loadPdf();
      return extractPdf(bytes, pdfEnv, {
        password: opts.password,
        signal: opts.signal,
        deadline: Date.now() + (opts.timeLimit ?? FILE_TIME_LIMIT_MS),
      });
    }
    case 'docx':
      try {
        const notes: MarkupNotes = {};
        return { kind: 'docx', text: docxToText(bytes, notes), issues: tooDeep(notes, 'Word 文件') };
      } catch (e) {
        if (e instanceof DocxError && e.code === 'too_large')
          return {
            kind: 'docx',
            text: '',
            issues: [issue('error', 'docx.too_large', `Word 文件解压后超过 ${MAX_FILE_BYTES / 1048576} MB 的上限，未读取`)],
            failed: true,
          };
        const msg = e instanceof DocxError ? 'Word 文件已损坏或不完整，无法读取' : `无法读取此 Word 文件（${(e as Error).message}）`;
        return { kind: 'docx', text: '', issues: [issue('error', 'docx.invalid', msg)], failed: true };
      }
    case 'html': {
      const d = decodeText(bytes);
      const notes: MarkupNotes = {};
      return { kind: 'html', text: htmlToText(d.text, notes), encoding: d.encoding, issues: tooDeep(notes, '网页') };
    }
    case 'text':
      return { kind: 'text', text: '', issues: [] };
  }
}

export async function ingestBytes(name: string, bytes: Uint8Array, env: IngestEnv, opts: IngestOptions = {}): Promise<Report> {
  if (opts.signal?.aborted) throw new AbortError();
  if (bytes.length === 0) return failedReport(name, [issue('error', 'file.empty', '文件是空的（0 字节）')]);
  if (bytes.length > MAX_FILE_BYTES)
    return failedReport(name, [
      issue('error', 'file.too_large', `文件过大（${(bytes.length / 1048576).toFixed(0)} MB），超过 ${MAX_FILE_BYTES / 1048576} MB 的上限`),
    ]);
  const t0 = performance.now();
  const x = await extract(name, bytes, env, opts);
  const t1 = performance.now();
  if (opts.signal?.aborted) throw new AbortError();
  if (x.failed) {
    const r = failedReport(name, x.issues, x.kind);
    if (x.pages !== undefined) r.meta.pages = x.pages;
    return r;
  }
  // Plain text goes to the parser as bytes so it detects the encoding itself.
  const report =
    x.kind === 'text'
      ? parseReport(bytes, { file: name, kind: 'text', nowYear: opts.nowYear })
      : parseReport(x.text, { file: name, kind: x.kind, nowYear: opts.nowYear });
  report.issues.unshift(...x.issues);
  if (opts.timings) report.meta.timings = { extract: Math.round(t1 - t0), parse: Math.round(performance.now() - t1) };
  if (x.encoding) report.meta.encoding = x.encoding;
  if (x.pages !== undefined) report.meta.pages = x.pages;
  if (x.spans) {
    for (const src of Object.values(report.meta.sources)) {
      const sp = spanAt(x.spans, src.start);
      if (sp) {
        src.page = sp.page;
        src.box = sp.box;
      }
    }
  }
  return report;
}

/**
 * PDF → text for the parser, through pdf.js. The pdf.js module is injected (the browser build in the app's
 * worker, the legacy build in Node), so this file holds the one way we use it: `isEvalSupported: false`, CMaps
 * and standard fonts from our own origin or disk, page by page with cancellation and a deadline, reading stops
 * once the report's tables and the parts after them are in (the page count stays honest), and every failure
 * becomes a clear Chinese message.
 */
import type { DocumentInitParameters, PDFDocumentLoadingTask, TextItem } from 'pdfjs-dist/types/src/display/api';
import { compact } from '../parse/normalize.ts';
import { layoutPages, type PageRuns, type TextRun } from './layout.ts';
import type { Issue } from '../parse/types.ts';
import { AbortError, issue, type Extracted } from './types.ts';

/** The part of the pdf.js module we use. */
export interface Pdfjs {
  getDocument(src: DocumentInitParameters): PDFDocumentLoadingTask;
  Util: { transform(m1: number[], m2: number[]): number[] };
}

export interface PdfEnv {
  pdfjs: Pdfjs;
  /** Directory URLs or paths, each ending in `/`. */
  cMapUrl: string;
  standardFontDataUrl: string;
  wasmUrl?: string;
  /** A pdf.js PDFWorker to reuse across documents (browser). */
  worker?: unknown;
  /** Environment-specific getDocument options (in a worker: no `document`, so say what pdf.js would ask it). */
  extra?: Partial<DocumentInitParameters>;
}

export interface PdfOptions {
  password?: string;
  signal?: AbortSignal | null;
  /** Epoch ms after which reading stops with an error. */
  deadline?: number;
  /** Pages read at most when the tables are not found. @default 60 */
  maxPages?: number;
}

const PUA = /[\ue000-\uf8ff]/g;
const CJK = /[\u4e00-\u9fff]/g;

/** Parts 二–四 are in and the text has gone on to part 六 (or the end of part 五). */
export function tablesComplete(text: string): boolean {
  const c = compact(text).text;
  const p3 = c.indexOf('结转下年度');
  if (p3 < 0) return false;
  const p4 = c.indexOf('复议后起诉', p3);
  if (p4 < 0) return false;
  return c.indexOf('其他需要报告', p4) > 0;
}

export function runsOf(items: readonly TextItem[], viewport: number[], util: Pdfjs['Util']): TextRun[] {
  const out: TextRun[] = [];
  for (const it of items) {
    if (!it.str) continue;
    const m = util.transform(viewport, it.transform);
    const h = Math.hypot(m[2], m[3]);
    const dirLen = Math.hypot(m[0], m[1]) || 1;
    // Horizontal in page space (after the page's own rotation): the usual case.
    const dx = m[0] / dirLen;
    const dy = m[1] / dirLen;
    const w = it.width;
    const x0 = Math.min(m[4], m[4] + dx * w);
    out.push({ str: it.str, x: x0, y: m[5] + (Math.abs(dy) > 0.5 ? (dy * w) / 2 : 0), w: Math.abs(dx) * w || h, h: h || it.height });
  }
  return out;
}

export async function extractPdf(bytes: Uint8Array, env: PdfEnv, opts: PdfOptions = {}): Promise<Extracted> {
  const issues: Issue[] = [];
  const maxPages = opts.maxPages ?? 60;
  // pdf.js transfers the buffer to its worker: give it a copy so the caller can still store the original.
  const data = bytes.slice();
  let task: PDFDocumentLoadingTask | null = null;
  const onAbort = () => void task?.destroy();
  opts.signal?.addEventListener('abort', onAbort);
  try {
    task = env.pdfjs.getDocument({
      data,
      password: opts.password,
      isEvalSupported: false,
      cMapUrl: env.cMapUrl,
      cMapPacked: true,
      standardFontDataUrl: env.standardFontDataUrl,
      ...(env.wasmUrl ? { wasmUrl: env.wasmUrl } : {}),
      ...(env.worker ? { worker: env.worker as never } : {}),
      verbosity: 0,
      stopAtErrors: false,
      ...env.extra,
    });
    const doc = await withDeadline(task.promise, opts);
    const pages: PageRuns[] = [];
    const empty: number[] = [];
    const pageErrors: number[] = [];
    let sofar = '';
    let stopAt = Infinity;
    for (let p = 1; p <= doc.numPages; p++) {
      if (opts.signal?.aborted) throw new AbortError();
      if (opts.deadline && Date.now() > opts.deadline) {
        issues.push(issue('error', 'pdf.timeout', `读取超时：只读取了前 ${p - 1} 页（共 ${doc.numPages} 页）`));
        break;
      }
      try {
        const page = await withDeadline(doc.getPage(p), opts);
        const vp = page.getViewport({ scale: 1 });
        const tc = await withDeadline(page.getTextContent(), opts);
        const runs = runsOf(tc.items.filter((i): i is TextItem => 'str' in i), vp.transform, env.pdfjs.Util);
        if (!runs.some((r) => r.str.trim())) empty.push(p);
        pages.push({ page: p, width: vp.width, height: vp.height, runs });
        sofar += runs.map((r) => r.str).join('\n') + '\n';
        page.cleanup();
      } catch (e) {
        if (e instanceof AbortError || opts.signal?.aborted) throw new AbortError();
        if ((e as Error)?.name === 'TimeoutError') throw e;
        pageErrors.push(p);
      }
      if (p >= stopAt) break;
      // Once parts 二–四 and the heading of part 六 are in, one more page finishes the report.
      if (stopAt === Infinity && p >= 2 && tablesComplete(sofar)) stopAt = p + 1;
      if (p >= maxPages && stopAt === Infinity) {
        if (p < doc.numPages)
          issues.push(issue('warning', 'pdf.long', `文件共 ${doc.numPages} 页，前 ${p} 页中未找到完整的年报表格，未继续读取`));
        break;
      }
    }
    const numPages = doc.numPages;
    const pagesRead = pages.length + pageErrors.length;
    if (pageErrors.length)
      issues.push(
        issue(
          pageErrors.length === numPages ? 'error' : 'warning',
          'pdf.page_error',
          `第 ${pageErrors.join('、')} 页无法读取（文件可能已损坏或不完整）`,
        ),
      );
    const laid = layoutPages(pages);
    const chars = laid.text.replace(/\s/g, '');
    const result: Extracted = { kind: 'pdf', text: laid.text, spans: laid.spans, pages: numPages, pagesRead, issues };
    if (pagesRead < numPages && !issues.some((i) => i.code === 'pdf.long' || i.code === 'pdf.timeout'))
      issues.push(issue('info', 'pdf.stopped_early', `共 ${numPages} 页，年报表格已在前 ${pagesRead} 页读全，其余页未读取`));
    if (chars.length < 20) {
      result.failed = true;
      issues.push(
        pageErrors.length === numPages
          ? issue('error', 'pdf.damaged', 'PDF 文件已损坏或不完整，无法读取其中的页面')
          : issue('error', 'pdf.no_text', 'PDF 中没有可提取的文字（可能是扫描件或图片），本工具无法离线识别图片中的文字（OCR），请使用带文字层的 PDF'),
      );
      return result;
    }
    const pua = (chars.match(PUA) ?? []).length;
    const cjk = (chars.match(CJK) ?? []).length;
    if (pua > chars.length * 0.1 || (cjk < chars.length * 0.05 && chars.length > 100)) {
      result.failed = true;
      issues.push(issue('error', 'pdf.garbled', 'PDF 的文字层无法识别（字体编码异常，提取出的是乱码），请使用其他方式导出的 PDF 或原始文档'));
      return result;
    }
    if (empty.length && empty.length < pagesRead)
      issues.push(issue('warning', 'pdf.image_pages', `第 ${empty.join('、')} 页没有文字（可能是扫描图片），其中的内容无法读取`));
    return result;
  } catch (e) {
    if (e instanceof AbortError || opts.signal?.aborted) throw new AbortError();
    return { kind: 'pdf', text: '', issues: [...issues, pdfError(e)], failed: true };
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    await task?.destroy().catch(() => undefined);
  }
}

class TimeoutError extends Error {
  override name = 'TimeoutError';
}

function withDeadline<T>(p: Promise<T>, opts: PdfOptions): Promise<T> {
  if (!opts.deadline) return p;
  const left = opts.deadline - Date.now();
  if (left <= 0) return Promise.reject(new TimeoutError('deadline'));
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new TimeoutError('deadline')), left);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

/** pdf.js exceptions → one Chinese sentence. */
export function pdfError(e: unknown) {
  const err = e as { name?: string; code?: number; message?: string };
  switch (err?.name) {
    case 'PasswordException':
      return err.code === 2
        ? issue('error', 'pdf.password_wrong', 'PDF 密码不正确')
        : issue('error', 'pdf.password', '此 PDF 已加密，需要输入打开密码才能读取');
    case 'InvalidPDFException':
      return issue('error', 'pdf.invalid', '文件不是有效的 PDF，或已损坏、不完整');
    case 'TimeoutError':
      return issue('error', 'pdf.timeout', '读取超时，文件可能过于复杂或已损坏');
    default:
      return issue('error', 'pdf.unreadable', `无法读取此 PDF（${err?.message ?? String(e)}）`);
  }
}

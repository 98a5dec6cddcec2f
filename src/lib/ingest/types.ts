/**
 * What extraction produces for the parser, and the stable error names it uses. Every extractor returns an
 * `Extracted`; content problems are issues, never exceptions (only cancellation throws).
 */
import type { Issue } from '../parse/types.ts';
import type { CellSpan } from './layout.ts';

export type InputKind = 'pdf' | 'html' | 'docx' | 'text';

export interface Extracted {
  kind: InputKind;
  /** Text for the parser: table rows as tab-separated cells, one row per line. */
  text: string;
  /** For PDF: where each cell of `text` came from. */
  spans?: CellSpan[];
  /** Page count of a PDF (always the document's full count, also when reading stopped early). */
  pages?: number;
  pagesRead?: number;
  encoding?: string;
  issues: Issue[];
  /** No usable text: the parser is not run and the issues say why. */
  failed?: boolean;
}

/** Largest file read, in bytes (README documents it). */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;
/** Time limit per file, in milliseconds. */
export const FILE_TIME_LIMIT_MS = 120_000;

/** Cancellation by the user: not a failure, and never shown as one. */
export class AbortError extends Error {
  override name = 'AbortError';
  constructor(message = '已取消') {
    super(message);
  }
}

export function throwIfAborted(signal?: AbortSignal | null): void {
  if (signal?.aborted) throw new AbortError();
}

export const issue = (severity: Issue['severity'], code: string, message: string): Issue => ({ severity, code, message });

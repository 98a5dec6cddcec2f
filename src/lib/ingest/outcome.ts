/** One line for the batch list from a parse result: read, read with failed checks, or unreadable. Pure. */
import type { Report } from '../parse/types.ts';

export type Outcome = { status: 'done' | 'error'; message: string; /** The error's issue code, for actions (a password). */ code?: string };

/** File-level failures: the report could not be read at all. */
export const FILE_FAILURE = /^(file|pdf|docx)\.|^table\.not_found$|^text\.no_chinese$/;

export function outcomeOf(r: Report): Outcome {
  const err = r.issues.find((i) => i.severity === 'error' && FILE_FAILURE.test(i.code));
  if (err) return { status: 'error', message: err.message, code: err.code };
  const who = [r.office ?? '（机关未识别）', r.year ? `${r.year} 年` : '（年度未识别）'].join(' ');
  const failed = r.checks.filter((c) => c.ok === false).length;
  return { status: 'done', message: failed ? `${who}，${failed} 项勾稽关系不符` : who };
}

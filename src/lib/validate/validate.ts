/**
 * Everything said about one report beyond reading it: the relations 1–4 (failed and unverifiable checks), the
 * diagnosis of failed ones, sanity checks on single values, and prose against tables (relation 6). The parser calls
 * it last; it reads only the Report, so it runs the same on saved JSON. Pure.
 */
import type { Issue, Report } from '../parse/types.ts';
import { diagnose } from './diagnose.ts';
import { proseIssues, statedCells } from './prose.ts';
import { relationIssues } from './relation-issues.ts';
import { sanityIssues } from './sanity.ts';

export interface ValidateOptions {
  /** The current year, for the plausibility of the report year. @default the clock's year */
  nowYear?: number;
}

export function validateReport(report: Report, opts: ValidateOptions = {}): Issue[] {
  return [
    ...relationIssues(report.checks, report.fields),
    ...diagnose(report.fields, report.checks, { stated: statedCells(report) }),
    ...sanityIssues(report, opts),
    ...proseIssues(report),
  ];
}

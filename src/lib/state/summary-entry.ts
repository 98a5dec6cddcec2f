/**
 * A library summary in the Entry shape the analysis functions take. The summary's values already have the
 * user's corrections applied, so the entry carries none (applying them twice would be wrong either way).
 * Pure.
 */
import type { Entry } from '../model/entry.ts';
import type { EntrySummary } from '../store/index.ts';

const cache = new WeakMap<EntrySummary, Entry>();

/**
 * The summary as an Entry whose report holds fields, office, year, layout, publication date and narrative
 * hashes only (no sources, checks, issues): what analysis and the cross-report audit read.
 */
export function summaryAsEntry(s: EntrySummary): Entry {
  let e = cache.get(s);
  if (!e) {
    e = {
      id: s.id,
      file: s.file,
      size: s.size,
      addedAt: s.addedAt,
      corrections: {},
      officeOverride: s.officeOverride,
      report: {
        file: s.file,
        office: s.parsedOffice,
        year: s.year,
        layout: s.layout,
        fields: s.fields,
        legacy: {},
        checks: [],
        issues: [],
        meta: {
          parser: s.parser,
          sources: {},
          chars: 0,
          published: s.published,
          ...(s.kind ? { kind: s.kind } : {}),
          ...(s.narrative ? { narrative: s.narrative } : {}),
        },
      },
    };
    cache.set(s, e);
  }
  return e;
}

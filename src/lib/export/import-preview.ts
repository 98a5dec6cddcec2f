/**
 * What importing a file would do, said before anything changes: how many reports are new, already in the library
 * unchanged, or in conflict (the same file, or the same office and year), and for each conflict the values that
 * differ. Works from the library's summaries: only the few entries a file collides with are needed in full
 * (`collidingIds`), and planning against them gives the plan planning against the whole library would give
 * (planMerge only ever looks at entries of the same id or the same office and year). Pure.
 */
import { FIELD_IDS, shortFieldLabel, type CellValue } from '../form/model.ts';
import { effectiveFields, officeOf, type Entry } from '../model/entry.ts';
import { planMerge, type ConflictChoice, type ExportFormat, type MergePlan, type ReadError } from './import.ts';

/** What was read of a file: the entries and the line each starts on (`readExport`'s result). */
export interface ReadFile {
  format: ExportFormat;
  encoding: string;
  entries: Entry[];
  lines: number[];
}

export interface FieldDiff {
  field: string;
  label: string;
  mine: CellValue;
  theirs: CellValue;
}

export interface ConflictView {
  /** Line of the file where the incoming report starts. */
  line: number;
  office: string | null;
  year: number | null;
  /** The library holds this very file (same SHA-256): it cannot hold two, so 两者都保留 keeps the library's. */
  sameFile: boolean;
  mineFiles: string[];
  theirFile: string;
  /** Fields whose values (corrections applied) differ from the first library entry in conflict, in form order. */
  diffs: FieldDiff[];
}

export interface ImportPreview {
  total: number;
  added: number;
  unchanged: number;
  conflicts: ConflictView[];
}

/** A file read and its preview, or why it cannot be imported (then nothing is). */
export type ImportCheck = { ok: true; read: ReadFile; preview: ImportPreview } | { ok: false; errors: ReadError[] };

const keyOf = (office: string | null, year: number | null): string | null =>
  office !== null && year !== null ? `${office}\u0000${year}` : null;

/** Ids of library entries (by summary: id, shown office, year) that share a file or an office and year with `incoming`. */
export function collidingIds(
  library: readonly { id: string; office: string | null; year: number | null }[],
  incoming: readonly Entry[],
): string[] {
  const ids = new Set(incoming.map((e) => e.id));
  const keys = new Set(incoming.map((e) => keyOf(officeOf(e), e.report.year)).filter((k) => k !== null));
  return library.filter((s) => ids.has(s.id) || keys.has(keyOf(s.office, s.year) ?? '')).map((s) => s.id);
}

/** Fields that differ between two entries, corrections applied, in form order. */
export function fieldDiffs(mine: Entry, theirs: Entry): FieldDiff[] {
  const a = effectiveFields(mine);
  const b = effectiveFields(theirs);
  return FIELD_IDS.filter((id) => !Object.is(a[id] ?? null, b[id] ?? null)).map((id) => ({
    field: id,
    label: shortFieldLabel(id),
    mine: a[id] ?? null,
    theirs: b[id] ?? null,
  }));
}

/** The plan for `choice`, against the library entries the file collides with. */
export const planImport = (colliding: readonly Entry[], read: ReadFile, choice: ConflictChoice): MergePlan =>
  planMerge(colliding, read, choice);

export function previewImport(colliding: readonly Entry[], read: ReadFile): ImportPreview {
  const plan = planImport(colliding, read, 'mine');
  return {
    total: read.entries.length,
    added: plan.add.length,
    unchanged: plan.unchanged.length,
    conflicts: plan.conflicts.map(({ conflict: c }) => ({
      line: c.line,
      office: officeOf(c.incoming),
      year: c.incoming.report.year,
      sameFile: c.sameFile,
      mineFiles: c.mine.map((m) => m.file),
      theirFile: c.incoming.file,
      diffs: fieldDiffs(c.mine[0], c.incoming),
    })),
  };
}

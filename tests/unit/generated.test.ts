/**
 * Round trip on generated reports: random arithmetic-consistent values written in every text shape, parsed back.
 * Shapes with cell separators must come back exactly. Web-crawler text with glued digit runs must never come back
 * wrong silently: a value that differs is covered by a warning that lists the true reading. Copies with one
 * injected error must be reported.
 */
import { describe, expect, it } from 'vitest';
import { FIELD_IDS, S3_COLUMNS, S3_ROWS, S4_FIELD_IDS, type Fields } from '../../src/lib/form/model.ts';
import { parseReport } from '../../src/lib/parse/parse-report.ts';
import type { Report } from '../../src/lib/parse/types.ts';
import { SHAPES, renderText, type Shape } from '../gen/shapes.ts';
import { generateFields, generateIdentity, pick, rng } from '../gen/values.ts';

const PER_SHAPE = 72; // 7 shapes × 72 = 504 reports
const NOW = 2026;

function make(shape: Shape, i: number) {
  const r = rng(1000 * SHAPES.indexOf(shape) + i);
  const fields = generateFields(r);
  const id = generateIdentity(r);
  const spec = { ...id, fields, splitTitle: i % 4 === 0 && shape !== 'crawl' && shape !== 'spaced' };
  return { spec, text: renderText(spec, shape, r), r };
}

/** Fields that differ and are not covered by a cut warning listing the true value. */
function silentlyWrong(rep: Report, truth: Fields): string[] {
  return FIELD_IDS.filter((id) => {
    if (rep.fields[id] === truth[id]) return false;
    return !rep.issues.some(
      (i) =>
        i.severity === 'warning' &&
        i.code.startsWith('cut.') &&
        i.fields?.includes(id) &&
        i.alternatives?.some((alt) => Object.entries(alt).every(([k, v]) => v === truth[k])),
    );
  });
}

describe('generated reports round trip', () => {
  for (const shape of SHAPES) {
    it(`${shape}: ${PER_SHAPE} reports`, () => {
      let exact = 0;
      for (let i = 0; i < PER_SHAPE; i++) {
        const { spec, text } = make(shape, i);
        const rep = parseReport(text, { nowYear: NOW });
        expect({ office: rep.office, year: rep.year }, `${shape} #${i}`).toEqual({ office: spec.office, year: spec.year });
        expect(silentlyWrong(rep, spec.fields), `${shape} #${i}`).toEqual([]);
        // A consistent table never raises a false alarm.
        expect(rep.checks.filter((c) => c.ok === false), `${shape} #${i}`).toEqual([]);
        if (FIELD_IDS.every((id) => rep.fields[id] === spec.fields[id])) exact++;
      }
      // With cell separators nothing is ambiguous: every field of every report is exact.
      if (shape !== 'crawl') expect(exact).toBe(PER_SHAPE);
      // Glued runs: only part 二 (no totals to check against) and a few part-四 runs stay ambiguous.
      else expect(exact).toBeGreaterThan(PER_SHAPE * 0.5);
    });
  }
});

/** Change one part-三 or part-四 cell so the table no longer adds up. */
function inject(fields: Fields, r: () => number): { fields: Fields; id: string } {
  const f = { ...fields };
  const ids = [...S3_ROWS.flatMap((row) => S3_COLUMNS.map((c) => `s3.${row.key}.${c}`)), ...S4_FIELD_IDS];
  const id = pick(r, ids);
  const v = f[id] as number;
  const delta = pick(r, [1, 2, 3, 10]);
  f[id] = v >= delta && r() < 0.5 ? v - delta : v + delta;
  return { fields: f, id };
}

describe('injected errors are reported', () => {
  for (const shape of SHAPES) {
    it(`${shape}: one wrong cell per report`, () => {
      for (let i = 0; i < 40; i++) {
        const r = rng(777 + 1000 * SHAPES.indexOf(shape) + i);
        const id0 = generateIdentity(r);
        const truth = generateFields(r, { scale: pick(r, [1, 2] as const) });
        const { fields, id } = inject(truth, r);
        const text = renderText({ ...id0, fields }, shape, r);
        const rep = parseReport(text, { nowYear: NOW });
        const failed = rep.checks.filter((c) => c.ok === false);
        if (shape !== 'crawl') {
          // Read exactly as printed, never repaired, and at least one relation naming the cell fails.
          expect(rep.fields[id], `${shape} #${i} ${id}`).toBe(fields[id]);
          expect(failed.some((c) => c.fields.includes(id)), `${shape} #${i} ${id}`).toBe(true);
        } else {
          // Glued: the error must show as a failed relation, or as a warning on the cut of the row holding it.
          const row = id.startsWith('s4.') ? S4_FIELD_IDS : S3_COLUMNS.map((c) => `${id.slice(0, id.lastIndexOf('.'))}.${c}`);
          const warnedRow = rep.issues.some((x) => x.code.startsWith('cut.') && x.fields?.some((f) => row.includes(f)));
          expect(failed.length > 0 || warnedRow, `${shape} #${i} ${id}`).toBe(true);
        }
      }
    });
  }
});

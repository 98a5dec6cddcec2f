/**
 * The import preview: which library entries a file collides with (from summaries), what is new, unchanged or in
 * conflict and which values differ; and planning against only the colliding entries gives the plan planning
 * against the whole library gives, for every choice.
 */
import { describe, expect, it } from 'vitest';
import type { Entry } from '../model/entry.ts';
import { summarize } from '../store/summary.ts';
import { fixtureEntries, generatedEntries, sha } from '../../../tests/unit/export-fixtures.ts';
import { planMerge, readExport } from './import.ts';
import { collidingIds, planImport, previewImport, type ReadFile } from './import-preview.ts';
import { toWideCsv } from './to-csv.ts';

const NOW = '2026-03-01T00:00:00.000Z';

function read(csv: string): ReadFile {
  const r = readExport(csv, { now: NOW, fileName: 'colleague.csv' });
  if (!r.ok) throw new Error(r.errors[0].message);
  return r;
}

const library = fixtureEntries().slice(0, 4); // corpus 001, 003, 007, 008
const [same, corrected, sameYear, untouched] = library;
const incoming: Entry[] = [
  same,
  {
    ...corrected,
    corrections: { 's3.new.natural': { value: 9, original: corrected.report.fields['s3.new.natural'], note: '核对', at: NOW } },
  },
  // Another file of 平潭综合实验区海坛片区管理局 2022 with one value changed by a correction.
  {
    ...sameYear,
    id: sha('another copy of 007'),
    file: '海坛2022.txt',
    corrections: { 's2.fees': { value: 1.5, original: sameYear.report.fields['s2.fees'], note: '', at: NOW } },
  },
  generatedEntries(1, 77)[0],
];
const file = read(toWideCsv(incoming));
const summaries = library.map((e) => summarize(e, true));

describe('collidingIds', () => {
  it('finds the same files and the same office and year, from summaries', () => {
    expect(collidingIds(summaries, file.entries)).toEqual([same.id, corrected.id, sameYear.id]);
    expect(untouched.report.office).toBe('平潭综合实验区金井片区管理局');
  });
  it('an office merged by the user collides under its merged name', () => {
    const merged = { ...summarize(untouched, true), office: '平潭综合实验区海坛片区管理局', year: 2022 };
    expect(collidingIds([merged], file.entries)).toEqual([untouched.id]);
  });
});

describe('previewImport', () => {
  const colliding = library.filter((e) => collidingIds(summaries, file.entries).includes(e.id));
  const p = previewImport(colliding, file);
  it('counts new, unchanged and conflicting reports', () => {
    expect([p.total, p.added, p.unchanged, p.conflicts.length]).toEqual([4, 1, 1, 2]);
  });
  it('names each conflict with its office, year, line and the values that differ', () => {
    expect(p.conflicts.map((c) => [c.line, c.office, c.year, c.sameFile, c.mineFiles, c.theirFile])).toEqual([
      [3, '平潭综合实验区', 2024, true, ['003.txt'], '003.txt'],
      [4, '平潭综合实验区海坛片区管理局', 2022, false, ['007.txt'], '海坛2022.txt'],
    ]);
    expect(p.conflicts[0].diffs).toEqual([
      { field: 's3.new.natural', label: '一、本年新收·自然人', mine: corrected.report.fields['s3.new.natural'], theirs: 9 },
    ]);
    expect(corrected.report.fields['s3.new.natural']).not.toBe(9);
    // 007 as published has no fee (blank): blank against 1.5.
    expect(p.conflicts[1].diffs).toEqual([{ field: 's2.fees', label: '行政事业性收费·本年收费金额', mine: null, theirs: 1.5 }]);
  });
});

describe('planImport against the colliding entries only', () => {
  const lib = generatedEntries(200, 1000);
  const ss = lib.map((e) => summarize(e, true));
  // Copies, edited copies, other files of the same office and year, and new reports.
  const theirs = read(
    toWideCsv([
      ...lib.slice(0, 20),
      ...lib.slice(20, 40).map((e) => ({ ...e, corrections: {}, officeOverride: '改名后的机关' })),
      ...lib.slice(40, 60).map((e, i) => ({ ...e, id: sha(`other ${i}`), file: `other-${i}.txt` })),
      ...generatedEntries(20, 5000),
    ]),
  );
  const colliding = lib.filter((e) => new Set(collidingIds(ss, theirs.entries)).has(e.id));
  it.each(['mine', 'theirs', 'both'] as const)('gives the whole library’s plan: %s', (choice) => {
    const ids = (p: ReturnType<typeof planMerge>) => ({
      add: p.add.map((e) => e.id),
      remove: p.remove,
      unchanged: p.unchanged.map((e) => e.id),
      conflicts: p.conflicts.map((c) => [c.conflict.incoming.id, c.conflict.mine.map((m) => m.id), c.applied]),
    });
    const whole = ids(planMerge(lib, theirs, choice));
    expect(ids(planImport(colliding, theirs, choice))).toEqual(whole);
    expect(whole.conflicts.length).toBeGreaterThanOrEqual(40);
    expect(colliding.length).toBeLessThan(lib.length);
  });
});

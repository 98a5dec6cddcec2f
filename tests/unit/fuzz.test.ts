/**
 * The fuzz harness (scripts/fuzz/): first that it catches what it must (a throw, a hang, a dead worker, a result
 * breaking the Report contract, a stray rejection, a runaway heap), then the quick run itself: 2,000 mutated
 * files, seed 1, through ingestion in two worker threads. No case may crash or outlive the time limit, and the
 * workers' heap after garbage collection must end where it started once warm.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFuzz, type CaseResult, type FuzzSummary } from '../../scripts/fuzz/runner.ts';
import { FIXTURES } from './fixtures.ts';

const MISBEHAVE = new URL('../../scripts/fuzz/misbehave.ts', import.meta.url).href;

describe('the fuzz runner catches', () => {
  const seedText = new Uint8Array(readFileSync(path.join(FIXTURES, 'seeds', '000_6a46581b0013c0e7.txt')));
  const names = ['ok.txt', 'throws.txt', 'hangs.txt', 'exits.txt', 'infinite.txt', 'leaves-a-rejection.txt', 'after.txt', 'eats-memory.txt', 'last.txt'];

  it('a throw, a hang, a thread that exits, Infinity in a field, a stray rejection, a heap out of bounds; the others read', async () => {
    const s = await runFuzz({
      cases: names.length,
      seed: 0,
      jobs: 1,
      timeLimit: 1000,
      // V8 takes a few seconds of last-ditch collections before it gives up on a full heap.
      grace: 5000,
      heapLimitMb: 128,
      target: MISBEHAVE,
      preloadPdfjs: false, // text only: each of the five replaced workers starts faster
      make: (index) => ({ index, name: names[index], label: names[index], bytes: seedText }),
    });
    const got = Object.fromEntries(s.results.map((r) => [r.name, [r.outcome, r.error?.split('\n')[0] ?? null]]));
    expect(got).toEqual({
      'ok.txt': ['ok', null],
      'throws.txt': ['crash', 'TypeError: cannot read this'],
      'hangs.txt': ['timeout', null],
      'exits.txt': ['crash', 'worker died: exit code 3'],
      'infinite.txt': ['crash', 'fields.s3.new.total = Infinity'],
      'leaves-a-rejection.txt': ['ok', null],
      // The rejection ends the thread after its case was answered: the next case is blamed, naming the one before.
      'after.txt': ['crash', expect.stringMatching(/^worker died: .*stray.* \(the case before in this worker: #5\)$/)],
      'eats-memory.txt': ['crash', 'worker out of memory'],
      'last.txt': ['ok', null],
    });
    expect([s.ran, s.crashed, s.timedOut]).toEqual([9, 5, 1]);
    const ok = s.results.find((r) => r.name === 'last.txt')!;
    expect([ok.office, ok.year, ok.codes]).toEqual(['卫滨区解放路街道办事处', 2024, []]);
  }, 120_000);
});

describe('npm run fuzz, quick run (2,000 cases, seed 1)', () => {
  let summary: FuzzSummary;
  const byName = (name: string): CaseResult => summary.results.find((r) => r.name === name)!;

  it('2,000 cases ran: none crashed, none timed out (20 s per file), none even reached the limit', async () => {
    summary = await runFuzz({ cases: 2000, seed: 1 });
    expect(summary.results.filter((r) => r.outcome !== 'ok').map((r) => `#${r.index} ${r.label}: ${r.outcome} ${r.error ?? ''}`)).toEqual([]);
    expect([summary.ran, summary.crashed, summary.timedOut, summary.stoppedAtLimit]).toEqual([2000, 0, 0, 0]);
    expect(new Set(summary.results.map((r) => r.index)).size).toBe(2000);
  }, 240_000);

  it('memory stays bounded: each worker’s heap after GC grows by less than 16 MB over the run, RSS stays under 2 GB', () => {
    const m = summary.memory;
    expect(m.heapAfterWarmupMB).toHaveLength(2);
    m.heapAtEndMB.forEach((end, i) => expect(end - m.heapAfterWarmupMB[i]).toBeLessThan(16));
    expect(m.rssPeakMB).toBeLessThan(2048);
  });

  it('the special cases get their own messages', () => {
    for (const name of ['empty.pdf', 'empty.txt', 'empty.docx', 'empty.html', 'empty', 'empty.doc']) expect(byName(name).codes).toEqual(['file.empty']);
    expect(byName('junk.pdf').codes).toEqual(['pdf.invalid']);
    expect(byName('junk.txt').codes).toEqual(['file.binary']);
    expect(byName('junk.docx').codes).toEqual(['file.binary']);
    expect(byName('junk.wps').codes).toEqual(['file.doc']);
    expect(byName('zip-junk.docx').codes).toEqual(['docx.invalid']);
    expect(byName('bomb.docx').codes).toEqual(['docx.too_large']);
    expect(byName('huge-image.pdf')).toMatchObject({ codes: ['pdf.no_text'], pages: 1 });
    expect(byName('deep.html').notes).toContain('markup.too_deep');
  });

  it('a 300-page PDF: the report on its first two pages is read exactly and the rest is not read; without a report, 60 pages', () => {
    const report = byName('report-300-pages.pdf');
    expect(report).toMatchObject({ outcome: 'ok', codes: [], office: '卫滨区解放路街道办事处', year: 2024, pages: 300 });
    expect(report.notes).toContain('pdf.stopped_early');
    const prose = byName('prose-300-pages.pdf');
    expect(prose).toMatchObject({ outcome: 'ok', pages: 300 });
    expect(prose.notes).toContain('pdf.long');
    expect(prose.codes).toEqual(['office.missing', 'year.missing', 'table.not_found']);
  });

  it('a 1 MB line does not hide a report after it', () => {
    expect(byName('mega-line.txt')).toMatchObject({ outcome: 'ok', codes: [], office: '孟津区西霞院街道办事处', year: 2023 });
  });

  it('every kind of source and mutation was exercised', () => {
    const labels = summary.results.map((r) => r.label);
    for (const src of ['seeds/', 'corpus/raw/', 'encodings/', 'generated/', 'pdf/', 'html/', 'docx/'])
      expect(labels.filter((l) => l.startsWith(src)).length).toBeGreaterThan(10);
    for (const m of ['truncate', 'flip', 'cut', 'repeat', 'zero', 'junk', 'delete-lines', 'shuffle-lines', 'giant-numbers', 'mega-line', 'blank-flood', 'unicode', 'crlf', 'utf16', 'table-soup', 'deep', 'tag-soup', 'xml'])
      expect(labels.filter((l) => l.split(': ')[1]?.split('+').includes(m)).length, m).toBeGreaterThan(3);
  });
});

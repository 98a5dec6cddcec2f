/**
 * The wide and long CSV written from the store's summaries are the bytes written from the full entries: on the
 * corpus and seeds (with corrections and a merged office name added), on generated entries (blanks, text cells,
 * formula-like text, corrections, single-（六）-row reports, reports without tables) and on entries read back from
 * an import (whose `import.values` notice is not one of the report's issues).
 */
import { describe, expect, it } from 'vitest';
import type { Entry } from '../model/entry.ts';
import { summarize } from '../store/summary.ts';
import { fixtureEntries, generatedEntries } from '../../../tests/unit/export-fixtures.ts';
import { readExport } from './import.ts';
import { summarySource } from './summary-source.ts';
import { toLongCsv, toWideCsv, wideRow } from './to-csv.ts';
import { wideHeader } from './columns.ts';

const AT = '2026-02-01T00:00:00.000Z';

/** Corpus and seeds, with corrections that change the checks and one merged office name. */
function corrected(): Entry[] {
  return fixtureEntries().map((e, i) => {
    if (i % 3 !== 0) return e;
    const f = e.report.fields;
    return {
      ...e,
      officeOverride: i === 3 ? '=合并后的机关' : null,
      corrections: {
        's3.new.natural': { value: 7, original: f['s3.new.natural'], note: '核对原件', at: AT },
        's2.fees': { value: '-', original: f['s2.fees'], note: '', at: AT },
      },
    };
  });
}

const imported = (() => {
  const r = readExport(toWideCsv(generatedEntries(40, 300)), { now: AT, fileName: 'colleague.csv' });
  if (!r.ok) throw new Error(r.errors[0].message);
  return r.entries;
})();

describe.each([
  ['corpus + seeds, corrected', corrected()],
  ['generated', generatedEntries(150)],
  ['read back from an import', imported],
])('from summaries: %s', (_name, entries) => {
  const summaries = entries.map((e) => summarySource(summarize(e, true)));
  it('wide CSV, both header styles: the same bytes', () => {
    for (const headers of ['ids', 'labels'] as const) expect(toWideCsv(summaries, { headers })).toBe(toWideCsv(entries, { headers }));
  });
  it('long CSV, both header styles: the same bytes', () => {
    for (const headers of ['ids', 'labels'] as const) expect(toLongCsv(summaries, { headers })).toBe(toLongCsv(entries, { headers }));
  });
});

describe('summarySource', () => {
  it('leaves out the import notice', () => {
    const e = imported[0];
    expect(e.report.issues.some((i) => i.code === 'import.values')).toBe(true);
    const s = summarize(e, false);
    expect(s.issueCodes).toContain('info:import.values');
    const row = wideRow(summarySource(s));
    const head = wideHeader('ids');
    const cell = (k: string) => row[head.indexOf(k)];
    expect(cell('issue_codes')).not.toContain('import.');
    expect(Number(cell('issues'))).toBe(s.issueCodes.length - 1);
  });
  it('the failed-check count follows a correction', () => {
    const e = fixtureEntries().find((x) => x.file === '035.txt')!;
    const head = wideHeader('ids');
    const failed = (x: Entry) => wideRow(summarySource(summarize(x, true)))[head.indexOf('failed_checks')];
    // As parsed: relation 3 for 自然人, and the sums of six rows (本年新收 among them).
    expect(failed(e)).toBe('7');
    // 本年新收·总计 is in two relations: its row sum (already failing) and 一 + 二 = （七） + 四 of the 总计 column
    // (holding as parsed, broken by 99999): 8.
    const broken: Entry = {
      ...e,
      corrections: { 's3.new.total': { value: 99_999, original: e.report.fields['s3.new.total'], note: '', at: AT } },
    };
    expect(failed(broken)).toBe('8');
  });
});

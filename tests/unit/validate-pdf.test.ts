/**
 * Validation on reports that arrive as PDF, through the same reading path as the command line: the real 淮安市人民政府
 * 2024 report, whose prose agrees with its tables, and a generated report made inconsistent on purpose (its JSON says
 * which cells were edited).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { proseStatements } from '../../src/lib/validate/prose.ts';
import { readReportFile } from '../../scripts/lib/read-report.ts';
import { FIXTURES } from './fixtures.ts';

const pdf = (name: string) => path.join(FIXTURES, 'pdf', `${name}.pdf`);

describe('validation of PDF reports', () => {
  it('淮安 2024: fifteen numbers in part 一, every one agrees with the tables; no warning at all', async () => {
    const r = await readReportFile(pdf('huaian_2024'));
    expect(r.office).toBe('淮安市人民政府');
    const stated = proseStatements(r.meta.prose ?? []).map((s) => `${s.quantity}=${s.value}`);
    expect(stated).toEqual([
      's2.regulations.made=1',
      'received=3119',
      'closed=3050',
      'carried=34',
      'carryforward=103',
      's4.review.total=351',
      's4.review.upheld=72',
      's4.review.corrected=64',
      's4.review.other=178',
      's4.review.pending=37',
      's4.suit.total=46',
      's4.suit.upheld=25',
      's4.suit.corrected=5',
      's4.suit.other=9',
      's4.suit.pending=7',
    ]);
    expect(r.issues.filter((i) => i.severity !== 'info')).toEqual([]);
    expect(r.meta.narrative?.part1.length).toBeGreaterThan(10);
    expect(r.meta.narrative?.part5.length).toBeGreaterThan(2);
  });

  it('generated, inconsistent on purpose: the （七）总计 pair and the 行政复议 group diagnosed separately', async () => {
    const r = await readReportFile(pdf('gen_inconsistent_wqy'));
    const notes = JSON.parse(readFileSync(path.join(FIXTURES, 'pdf', 'gen_inconsistent_wqy.json'), 'utf8')).notes as string;
    // generated -> printed: s3.total.natural 116 -> 117; s3.total.total 144 -> 145; s4.review.total 25 -> 24
    expect(notes).toContain('s3.total.natural 116 -> 117; s3.total.total 144 -> 145; s4.review.total 25 -> 24');
    const d = r.issues.filter((i) => i.code.startsWith('diagnosis.'));
    expect(d.map((i) => i.code)).toEqual(['diagnosis.pair', 'diagnosis.cell']);
    expect(d[0].suggestion).toEqual({ 's3.total.natural': 116, 's3.total.total': 144 });
    expect(d[0].message).toBe('疑似填报错误：「（七）总计·自然人」应为 116（表中为 117），该行总计随之应为 144（表中为 145）');
    // One relation for five cells: listed, not picked. The prose quotes the printed total 24, so the total is the
    // least likely of the five, though here it is the edited one.
    expect(d[1].suggestion).toBeUndefined();
    expect(d[1].alternatives).toContainEqual({ 's4.review.total': 25 });
    expect(d[1].alternatives).toHaveLength(5);
  });
});

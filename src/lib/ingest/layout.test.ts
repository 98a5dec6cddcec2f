/** The row rebuild on recorded pdf.js runs (a real WPS PDF) and on small synthetic pages for each situation. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../../tests/unit/fixtures.ts';
import { BLANK_CELL } from '../parse/tokenize.ts';
import { layoutPages, spanAt, type PageRuns, type TextRun } from './layout.ts';

const lines = (pages: PageRuns[]) => layoutPages(pages).text.split('\n').filter(Boolean);
const page = (runs: TextRun[], n = 1): PageRuns => ({ page: n, width: 595, height: 842, runs });
const run = (str: string, x: number, y: number, h = 10, w = str.length * h * (/\d/.test(str) ? 0.5 : 1)): TextRun => ({ str, x, y, w, h });
/** A row: label at x=60, values at fixed column centres. */
const COLS = [250, 290, 330, 370, 410, 450, 490];
const valueRuns = (vals: (string | null)[], y: number, cols = COLS) =>
  vals.flatMap((v, i) => (v === null ? [] : [run(v, cols[i] - v.length * 2.5, y)]));

describe('recorded: 淮安市人民政府 2024, pages 3–5 (WPS, CID fonts)', () => {
  const rec = JSON.parse(readFileSync(path.join(FIXTURES, 'runs', 'huaian_p3-5.json'), 'utf8')) as { pages: PageRuns[] };
  const out = lines(rec.pages);
  it('numbers on a baseline 2pt below their label stay in the label’s row', () => {
    expect(out).toContain('一、本年新收政府信息公开申请数量\t3001\t53\t0\t0\t61\t4\t3119');
  });
  it('a label wrapped above and below its centred numbers is one cell', () => {
    expect(out).toContain('（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t447\t7\t0\t0\t0\t0\t454');
  });
  it('the page number between pages 4 and 5 is dropped', () => {
    expect(out.some((l) => /-\s*4\s*-/.test(l))).toBe(false);
  });
  it('the part-四 values are one row of 15 cells', () => {
    expect(out).toContain(['72', '64', '178', '37', '351', '13', '4', '8', '1', '26', '12', '1', '1', '6', '20'].join('\t'));
  });
  it('every cell span points at its page', () => {
    const laid = layoutPages(rec.pages);
    const at = laid.text.indexOf('3119');
    expect(spanAt(laid.spans, at)?.page).toBe(4);
    expect(laid.text.slice(spanAt(laid.spans, at)!.start, spanAt(laid.spans, at)!.end)).toBe('3119');
  });
});

describe('synthetic pages', () => {
  it('runs split by font changes are merged into one cell, radicals folded', () => {
    const out = lines([page([run('⼀', 60, 100, 10, 10), run('、本年新收', 70, 100, 10, 50), run('申请数量', 120, 100), ...valueRuns(['1', '0', '0', '0', '0', '0', '1'], 100)])]);
    expect(out).toEqual(['一、本年新收申请数量\t1\t0\t0\t0\t0\t0\t1']);
  });
  it('a top-aligned label wrapped below its numbers goes with its own row, not the next', () => {
    const out = lines([
      page([
        run('2.申请人逾期未按收费通', 60, 100, 10, 110),
        ...valueRuns(['1', '0', '0', '0', '0', '0', '1'], 100),
        run('知要求缴纳费用、行政机', 60, 113, 10, 110),
        run('关不再处理其政府信息公', 60, 126, 10, 110),
        run('3.其他', 60, 146, 10, 40),
        ...valueRuns(['7', '0', '0', '0', '0', '0', '7'], 146),
      ]),
    ]);
    expect(out).toEqual([
      '2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公\t1\t0\t0\t0\t0\t0\t1',
      '3.其他\t7\t0\t0\t0\t0\t0\t7',
    ]);
  });
  it('a header printed one character per line becomes words', () => {
    const chars = [...'结果维持'].map((c, i) => run(c, 250, 60 + i * 12, 10, 10));
    const chars2 = [...'总计'].map((c, i) => run(c, 290, 60 + i * 12, 10, 10));
    const out = lines([page([...chars, ...chars2, ...valueRuns(['3', '3'], 120, [255, 295]), run('行政复议', 60, 120, 10, 40)])]);
    expect(out).toEqual(['结果维持\t总计', '行政复议\t3\t3']);
  });
  it('a row with a missing value gets a blank cell where its column is empty', () => {
    const out = lines([
      page([
        run('（一）予以公开', 60, 100, 10, 70),
        ...valueRuns(['5', '1', '0', '0', '0', '0', '6'], 100),
        run('（二）部分公开', 60, 120, 10, 70),
        ...valueRuns(['2', null, '0', '0', '0', '0', '2'], 120),
        run('（三）不予公开', 60, 140, 10, 70),
        ...valueRuns(['0', '0', '0', '0', '0', '0', null], 140),
      ]),
    ]);
    expect(out[1]).toBe(`（二）部分公开\t2\t${BLANK_CELL}\t0\t0\t0\t0\t2`);
    expect(out[2]).toBe(`（三）不予公开\t0\t0\t0\t0\t0\t0\t${BLANK_CELL}`);
  });
  it('a lone row with evenly spaced columns: a double gap is a blank cell', () => {
    const cols = Array.from({ length: 15 }, (_, i) => 100 + i * 30);
    const vals: (string | null)[] = ['1', '0', '0', '0', '1', '2', '0', '0', '0', '2', '3', '0', '0', null, '3'];
    const out = lines([page(valueRuns(vals, 200, cols))]);
    expect(out).toEqual([['1', '0', '0', '0', '1', '2', '0', '0', '0', '2', '3', '0', '0', BLANK_CELL, '3'].join('\t')]);
  });
  it('a running header repeated at the top of two pages is dropped', () => {
    const head = (n: number) => run('某某局2024年政府信息公开工作年度报告', 150, 30, 9, 200);
    const out = lines([
      page([head(1), run('一、总体情况', 60, 200, 10, 60)], 1),
      page([head(2), run('二、主动公开政府信息情况', 60, 200, 10, 120)], 2),
    ]);
    expect(out).toEqual(['一、总体情况', '二、主动公开政府信息情况']);
  });
});

import { describe, expect, it } from 'vitest';
import type { CellValue } from '../form/model.ts';
import { collectValues, cutRow, type Piece } from './cut.ts';
import { tokenize } from './tokenize.ts';

const digits = (...runs: string[]): Piece[] => {
  let at = 0;
  return runs.map((text) => {
    const p: Piece = { kind: 'digits', text, start: at, end: at + text.length };
    at += text.length + 1;
    return p;
  });
};
const rowTotal = (cells: readonly CellValue[]) =>
  cells.length !== 7 || cells.slice(0, 6).reduce<number>((a, c) => a + (c as number), 0) === cells[6];
const cellsOf = (r: ReturnType<typeof cutRow>) => r.candidates.map((c) => c.cells);

describe('cutRow', () => {
  it('713000074 with a row total is 71 3 0 0 0 0 74 only', () => {
    expect(cellsOf(cutRow(digits('713000074'), 7, { accept: rowTotal }))).toEqual([[71, 3, 0, 0, 0, 0, 74]]);
  });
  it('110000011 has two readings that keep the row total', () => {
    expect(cellsOf(cutRow(digits('110000011'), 7, { accept: rowTotal }))).toEqual([
      [1, 10, 0, 0, 0, 0, 11],
      [11, 0, 0, 0, 0, 0, 11],
    ]);
  });
  it('no cell but 0 starts with 0 when a run is cut', () => {
    const r = cutRow(digits('1050'), 3);
    expect(cellsOf(r)).toEqual([
      [1, 0, 50],
      [10, 5, 0],
    ]);
  });
  it('2120 into three cells', () => {
    expect(cellsOf(cutRow(digits('2120'), 3))).toEqual([
      [2, 1, 20],
      [2, 12, 0],
      [21, 2, 0],
    ]);
  });
  it('space-separated groups are never joined: 230 000023 is 23 0 | 0 0 0 0 23', () => {
    expect(cellsOf(cutRow(digits('230', '000023'), 7, { accept: rowTotal }))).toEqual([[23, 0, 0, 0, 0, 0, 23]]);
  });
  it('six zeros for seven cells: a blank in each of the seven places', () => {
    const r = cutRow(digits('000000'), 7);
    expect(r.tooFew).toBe(true);
    expect(r.candidates).toHaveLength(7);
    expect(r.candidates.every((c) => c.cells.filter((x) => x === null).length === 1)).toBe(true);
  });
  it('more values than cells', () => expect(cutRow(digits('1', '2', '3', '4'), 3).tooMany).toBe(true));
  it('a long run stops at the limit and says so', () => {
    const r = cutRow(digits('1'.repeat(40)), 15, { limit: 100 });
    expect(r.truncated).toBe(true);
    expect(r.candidates).toHaveLength(100);
  });
});

describe('collectValues', () => {
  const values = (s: string) => collectValues(tokenize(s)).pieces.map((p) => ('text' in p ? p.text : null));
  it('skips the rest of a label and stops at the next one', () => {
    expect(values('（区分处理的）0 0 1（三）不予公开')).toEqual(['0', '0', '1']);
  });
  it('a year glued to the last value and followed by 年 is prose', () => {
    expect(values('收费02025年，我局')).toEqual(['0']);
    expect(values('20000022025年，我局')).toEqual(['2000002']);
  });
  it('a list number glued to the last value belongs to the next label', () => {
    expect(values('00000002.其他法律')).toEqual(['0000000']);
  });
  it('tab cells: an empty cell between values is a blank, outer empties are layout', () => {
    const p = collectValues(tokenize('\t\t0\t\t5\t\t')).pieces;
    expect(p.map((x) => x.kind)).toEqual(['digits', 'empty', 'digits']);
  });
  it('/ and 无 are cell values', () => {
    expect(values('\t/\t无\t0\t')).toEqual(['/', '无', '0']);
  });
});

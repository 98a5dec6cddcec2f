import { describe, expect, it } from 'vitest';
import { detectDelimiter, parseCsv, writeCsv } from './csv.ts';

const cells = (text: string) => {
  const r = parseCsv(text);
  if (!r.ok) throw new Error(r.message);
  return r.records.map((x) => x.cells);
};

describe('writeCsv', () => {
  it('BOM, CRLF after every row, quotes only where RFC 4180 needs them', () => {
    expect(writeCsv([['a', 'b,c', 'say "hi"', 'two\nlines', ''], ['1']])).toBe(
      '\ufeffa,"b,c","say ""hi""","two\nlines",\r\n1\r\n',
    );
  });
});

describe('parseCsv', () => {
  it('reads quoted cells, doubled quotes, empty cells and a missing final line break', () => {
    expect(cells('a,"b,c","say ""hi""",\r\n,x')).toEqual([
      ['a', 'b,c', 'say "hi"', ''],
      ['', 'x'],
    ]);
  });
  it('a separator at the very end of the text ends with one empty cell, not two (a file cut after a comma)', () => {
    expect(cells('a,b\r\n1,')).toEqual([
      ['a', 'b'],
      ['1', ''],
    ]);
    expect(cells('1,,')).toEqual([['1', '', '']]);
  });
  it('CRLF, LF and CR all end a record; inside quotes they are text', () => {
    expect(cells('a\r\nb\nc\rd')).toEqual([['a'], ['b'], ['c'], ['d']]);
    expect(cells('"x\r\ny",z')).toEqual([['x\r\ny', 'z']]);
  });
  it('gives each record the line it starts on, counting breaks inside quotes', () => {
    const r = parseCsv('h\r\n"a\r\nb\nc",1\r\nnext\r\n');
    expect(r.ok && r.records.map((x) => x.line)).toEqual([1, 2, 5]);
  });
  it('an unclosed quote is an error at the line where it opened', () => {
    expect(parseCsv('h\r\nok\r\n"open,\r\nmore\r\n')).toEqual({
      ok: false,
      line: 3,
      message: '第 3 行：引号没有闭合（文件可能不完整）',
    });
  });
  it('text after a closing quote, and a quote inside an unquoted cell, are errors with their line', () => {
    expect(parseCsv('a\r\n"x"y,1')).toMatchObject({ ok: false, line: 2 });
    expect(parseCsv('a\r\nb\r\nx"y')).toMatchObject({ ok: false, line: 3, message: '第 3 行：未加引号的单元格中出现引号' });
  });
  it('finds the separator Excel used: comma, else tab, else semicolon', () => {
    expect(detectDelimiter('a,b;c\r\n')).toBe(',');
    expect(detectDelimiter('a\tb;c\r\nx,y')).toBe('\t');
    expect(detectDelimiter('"a,b";c\r\n')).toBe(';');
    expect(cells('a\tb\r\n1\t2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { TRICKY_TEXT } from '../../../tests/unit/export-fixtures.ts';
import { rng } from '../../../tests/gen/values.ts';
import { decodeText, decodeValue, encodeText, encodeValue, kindOf } from './cells.ts';

describe('value cells: blank, 0 and text stay distinct', () => {
  it('writes blank empty, numbers as numbers, plain text as it is', () => {
    expect(encodeValue(null)).toBe('');
    expect(encodeValue(0)).toBe('0');
    expect(encodeValue(32.781)).toBe('32.781');
    expect(encodeValue(-3)).toBe('-3');
    expect(encodeValue('/')).toBe('/');
    expect(encodeValue('无')).toBe('无');
  });
  it('text that would read back as blank or as a number gets a leading apostrophe', () => {
    expect(encodeValue('0')).toBe("'0");
    expect(encodeValue('')).toBe("'");
    expect(encodeValue('  ')).toBe("'  ");
    expect(encodeValue(' 5')).toBe("' 5");
    expect(encodeValue('1e3')).toBe("'1e3");
    expect(encodeValue("'x")).toBe("''x");
  });
  it('NaN and Infinity (never a parsed value) are written blank, as JSON writes them null', () => {
    expect([encodeValue(NaN), encodeValue(Infinity), kindOf(NaN)]).toEqual(['', '', 'blank']);
  });
  it('reads back what it wrote, and what Excel writes (spaces around a number)', () => {
    expect(decodeValue('')).toBeNull();
    expect(decodeValue(' ')).toBeNull();
    expect(decodeValue('0')).toBe(0);
    expect(decodeValue(' 12 ')).toBe(12);
    expect(decodeValue('-3')).toBe(-3);
    expect(decodeValue("'0")).toBe('0');
    expect(decodeValue("'")).toBe('');
    expect(decodeValue('/')).toBe('/');
    expect(decodeValue('12件')).toBe('12件');
  });
  it('every tricky text and random string survives encode → decode', () => {
    const r = rng(3);
    const alphabet = ["'", '=', '+', '-', '@', '\t', '\r', '\n', ' ', '0', '1', '.', 'e', ',', '"', '/', '无'];
    const samples = [...TRICKY_TEXT];
    for (let i = 0; i < 2000; i++) {
      const n = Math.floor(r() * 6);
      samples.push(Array.from({ length: n }, () => alphabet[Math.floor(r() * alphabet.length)]).join(''));
    }
    for (const s of samples) expect(decodeValue(encodeValue(s)), JSON.stringify(s)).toBe(s);
    for (const n of [0, 1, -1, 0.1, 32.781, 1e21, 5e-7, 123456789.125]) expect(decodeValue(encodeValue(n))).toBe(n);
  });
});

describe('formula injection is neutralised, and reversed on import', () => {
  // Each case fails without the FORMULA_START test in encodeValue / encodeText (cells.ts).
  it.each(["=cmd|' /C calc'!A0", '+1', '-1+2', '@SUM(A1)', '\tx', '\rx'])('%j', (s) => {
    expect(encodeValue(s)).toBe("'" + s);
    expect(encodeText(s)).toBe("'" + s);
    expect(decodeValue(encodeValue(s))).toBe(s);
    expect(decodeText(encodeText(s))).toBe(s);
  });
  it('a negative number stays a number (a spreadsheet reads it as one, not as a formula)', () => {
    expect(encodeValue(-5)).toBe('-5');
  });
});

describe('text columns', () => {
  it('null is empty, "" and spaces are kept apart from it', () => {
    expect(encodeText(null)).toBe('');
    expect(encodeText('')).toBe("'");
    expect(encodeText(' ')).toBe("' ");
    expect(encodeText('2021')).toBe('2021');
    for (const s of [null, '', ' ', '2021', "'a", '某某局', ...TRICKY_TEXT]) expect(decodeText(encodeText(s))).toBe(s);
  });
});

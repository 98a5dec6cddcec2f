/**
 * The same report in superficially different text gives the same result: line endings, trailing spaces, tabs
 * versus runs of spaces, full- versus half-width punctuation, lines re-wrapped the way PDF text wraps.
 */
import { describe, expect, it } from 'vitest';
import { corpus, seeds } from '../../../tests/unit/fixtures.ts';
import { parseReport } from './parse-report.ts';
import type { Report } from './types.ts';

const essence = (r: Report) => ({
  office: r.office,
  year: r.year,
  layout: r.layout,
  fields: r.fields,
  legacy: r.legacy,
  checks: r.checks,
  issues: r.issues.map((i) => `${i.severity} ${i.code} ${i.field ?? ''} ${(i.fields ?? []).join(',')}`),
});
const parse = (t: string) => essence(parseReport(t, { nowYear: 2026 }));

const HALF: Record<string, string> = { '（': '(', '）': ')', '：': ':', '，': ',', '；': ';' };
const FULL: Record<string, string> = Object.fromEntries(Object.entries(HALF).map(([a, b]) => [b, a]));

/** Break long lines between two CJK characters every `w` characters, as PDF text wraps inside a cell. */
function rewrap(t: string, w: number): string {
  return t
    .split('\n')
    .map((line) => {
      let out = '';
      let run = 0;
      for (let i = 0; i < line.length; i++) {
        out += line[i];
        run++;
        const cjk = (c: string | undefined) => c !== undefined && /[\u4e00-\u9fff]/.test(c);
        if (run >= w && cjk(line[i]) && cjk(line[i + 1])) {
          out += '\n';
          run = 0;
        }
      }
      return out;
    })
    .join('\n');
}

const VARIANTS: [string, (t: string) => string][] = [
  ['CRLF line endings', (t) => t.replace(/\n/g, '\r\n')],
  ['trailing spaces', (t) => t.replace(/\n/g, '   \n')],
  ['half-width punctuation', (t) => t.replace(/[（）：，；]/g, (c) => HALF[c])],
  ['full-width punctuation', (t) => t.replace(/[():,;]/g, (c) => FULL[c])],
  ['lines re-wrapped inside labels', (t) => rewrap(t, 17)],
  ['a UTF-8 BOM', (t) => '\ufeff' + t],
];

describe('invariance', () => {
  for (const f of [...seeds(), ...corpus()]) {
    const base = parse(f.text);
    for (const [name, change] of VARIANTS) {
      it(`${f.name}: ${name}`, () => expect(parse(change(f.text))).toEqual(base));
    }
  }
  // Tabs → spaces loses nothing only where no cell is blank (a blank tab cell has no space equivalent).
  for (const f of seeds().filter((s) => s.text.includes('\t'))) {
    it(`${f.name}: tabs replaced by runs of spaces`, () => {
      expect(parse(f.text.replace(/\t+/g, (m) => ' '.repeat(2 + m.length)))).toEqual(parse(f.text));
    });
  }
});

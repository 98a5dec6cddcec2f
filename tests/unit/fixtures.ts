/** Loading the committed fixtures (tests never read ../shared). */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CellValue } from '../../src/lib/form/model.ts';

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

export interface Expected {
  office: string | null;
  year: number | null;
  layout: '2021' | '2019';
  fields: Record<string, CellValue>;
  legacy: Record<string, unknown>;
  inconsistent: string[];
  notes: string;
}

export interface Fixture {
  name: string;
  bytes: Uint8Array;
  text: string;
  expected: Expected;
}

function load(dir: string, expDir: string, ext = '.txt'): Fixture[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((f) => {
      const name = f.slice(0, -ext.length);
      const bytes = new Uint8Array(readFileSync(path.join(dir, f)));
      return {
        name,
        bytes,
        text: new TextDecoder().decode(bytes),
        expected: JSON.parse(readFileSync(path.join(expDir, `${name}.json`), 'utf8')) as Expected,
      };
    });
}

export const corpus = (): Fixture[] => load(path.join(FIXTURES, 'corpus', 'raw'), path.join(FIXTURES, 'corpus', 'expected'));
export const seeds = (): Fixture[] => load(path.join(FIXTURES, 'seeds'), path.join(FIXTURES, 'seeds', 'expected'));

/** `C2 col1: …` / `C1 unable_1: …` from an expected file → the check (relation, where) it names. */
export function inconsistencyToCheck(s: string): { relation: string; where: string } {
  const cols = ['natural', 'commercial', 'research', 'social', 'legal', 'other_org', 'total'];
  const m = /^C(\d) (\S+):/.exec(s);
  if (!m) throw new Error(`unreadable inconsistency: ${s}`);
  const rel = { '1': 's3.row', '2': 's3.balance', '3': 's3.outcomes', '4': 's4.group' }[m[1]]!;
  let where = m[2];
  const col = /^col(\d)$/.exec(where);
  if (col) where = cols[Number(col[1]) - 1];
  const sub = /^(denied|unable|ignored|other)_(\d)$/.exec(where);
  if (sub) {
    const names: Record<string, string[]> = {
      denied: ['secret', 'law', 'safety', 'third_party', 'internal', 'process', 'enforcement', 'query'],
      unable: ['no_info', 'need_create', 'unclear'],
      ignored: ['petition', 'duplicate', 'publication', 'massive', 'confirm'],
      other: ['overdue_correction', 'overdue_fee', 'other'],
    };
    where = `${sub[1]}.${names[sub[1]][Number(sub[2]) - 1]}`;
  }
  return { relation: rel, where };
}

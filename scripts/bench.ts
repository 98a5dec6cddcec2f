/**
 * `npm run bench [-- SECTION…]`: the figures the issues ask for, measured and printed (the README quotes them).
 * Sections: parse (text parser over the corpus, seeds and generated reports).
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseReport } from '../src/lib/parse/parse-report.ts';
import { SHAPES, renderText } from '../tests/gen/shapes.ts';
import { generateFields, generateIdentity, rng } from '../tests/gen/values.ts';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const FIX = path.join(ROOT, 'tests', 'fixtures');

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

function timeEach(texts: string[], rounds: number): number[] {
  const per: number[] = [];
  for (const t of texts) {
    parseReport(t); // warm
    const ms: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const t0 = performance.now();
      parseReport(t);
      ms.push(performance.now() - t0);
    }
    per.push(median(ms));
  }
  return per;
}

function benchParse(): void {
  const corpus = readdirSync(path.join(FIX, 'corpus', 'raw')).map((f) => readFileSync(path.join(FIX, 'corpus', 'raw', f), 'utf8'));
  const seeds = readdirSync(path.join(FIX, 'seeds'))
    .filter((f) => f.endsWith('.txt'))
    .map((f) => readFileSync(path.join(FIX, 'seeds', f), 'utf8'));
  const generated: Record<string, string[]> = {};
  for (const shape of SHAPES)
    generated[shape] = Array.from({ length: 60 }, (_, i) => {
      const r = rng(50_000 + i);
      return renderText({ ...generateIdentity(r), fields: generateFields(r) }, shape, r);
    });
  const rows: [string, string[]][] = [['corpus (12 real)', corpus], ['seeds (5 real)', seeds], ...SHAPES.map((s): [string, string[]] => [`generated ${s} (60)`, generated[s]])];
  console.log('\n## parse (Node, text → Report incl. checks)\n');
  console.log('| input | median ms/report | p90 ms | reports/s | MB/s |');
  console.log('|---|---|---|---|---|');
  for (const [name, texts] of rows) {
    const per = timeEach(texts, 15);
    const total = per.reduce((a, b) => a + b, 0);
    const bytes = texts.reduce((a, t) => a + Buffer.byteLength(t), 0);
    console.log(`| ${name} | ${median(per).toFixed(2)} | ${pct(per, 0.9).toFixed(2)} | ${Math.round((texts.length / total) * 1000)} | ${((bytes / 1e6) / (total / 1000)).toFixed(1)} |`);
  }
}

const SECTIONS: Record<string, () => void | Promise<void>> = { parse: benchParse };

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
for (const name of wanted.length ? wanted : Object.keys(SECTIONS)) {
  const run = SECTIONS[name];
  if (!run) {
    console.error(`unknown section ${name}; known: ${Object.keys(SECTIONS).join(', ')}`);
    process.exit(2);
  }
  await run();
}

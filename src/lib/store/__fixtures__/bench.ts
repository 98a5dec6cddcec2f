/**
 * `npm run bench -- store`: the library with 5,000 entries in Node, on fake-indexeddb and in memory (corpus
 * reports with varied offices and years, one in ten with a correction). fake-indexeddb is not a browser's
 * IndexedDB: these figures compare the operations with each other; summary.ts has what headless Chromium does.
 */
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { createHash } from 'node:crypto';
import type { Entry } from '../../model/entry.ts';
import { IdbLibrary, MemoryLibrary, type Library } from '../library.ts';
import { storeFixtures } from './reports.ts';

const N = 5000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

async function timeMs(f: () => Promise<unknown>, rounds: number): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    await f();
    ms.push(performance.now() - t0);
  }
  return median(ms);
}

function entries(): Entry[] {
  const base = storeFixtures();
  return Array.from({ length: N }, (_, i) => {
    const f = base[i % base.length];
    const id = createHash('sha256').update(`entry ${i}`).digest('hex');
    const corrections: Entry['corrections'] =
      i % 10 === 0 ? { 's3.new.natural': { value: 1, original: f.report.fields['s3.new.natural'], note: '', at: '2026-01-05T00:00:00.000Z' } } : {};
    const report = { ...f.report, office: `${f.report.office}${Math.floor(i / 6)}`, year: 2019 + (i % 6) };
    return { id, file: `${i}.txt`, size: f.bytes.length, addedAt: '2026-01-05T00:00:00.000Z', report, corrections, officeOverride: null };
  });
}

async function measure(lib: Library, all: Entry[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  let t0 = performance.now();
  for (let i = 0; i < all.length; i += 500) await lib.importEntries(all.slice(i, i + 500), []);
  out.import = performance.now() - t0;
  const base = storeFixtures();
  const adds: number[] = [];
  for (let i = 0; i < 100; i++) {
    const f = base[i % base.length];
    const bytes = new Uint8Array(f.bytes.length + 8);
    bytes.set(f.bytes);
    new DataView(bytes.buffer).setFloat64(f.bytes.length, i);
    t0 = performance.now();
    await lib.addFile(`add-${i}.txt`, bytes, f.report);
    adds.push(performance.now() - t0);
  }
  out.add = median(adds);
  out.list = await timeMs(() => lib.list(), 3);
  out.summaries = await timeMs(() => lib.summaries(), 5);
  out.stale = await timeMs(() => lib.staleEntries(), 3);
  const ids = all.slice(0, 200).map((e) => e.id);
  const gets: number[] = [];
  for (const id of ids) {
    t0 = performance.now();
    await lib.get(id);
    gets.push(performance.now() - t0);
  }
  out.get = median(gets);
  out.correct = await timeMs(() => lib.setCorrection(ids[1], 's3.new.total', 5, ''), 20);
  out.merge = await timeMs(() => lib.setOfficeOverride(ids.slice(0, 50), '合并后的机关'), 5);
  return out;
}

export async function benchStore(): Promise<void> {
  globalThis.indexedDB = new IDBFactory();
  const all = entries();
  const idb = await IdbLibrary.open();
  const onIdb = await measure(idb, all);
  idb.close();
  const onMemory = await measure(new MemoryLibrary({ maxBytes: 2 ** 31 }), all);
  const rows: [string, string][] = [
    ['import, 5,000 entries in 10 transactions (total)', 'import'],
    ['addFile, one 8–11 kB file + report (median of 100, SHA-256 included)', 'add'],
    ['list(): 5,000 full entries', 'list'],
    ['summaries(): 5,000 summaries with their 200 values', 'summaries'],
    ['staleEntries() over 5,000', 'stale'],
    ['get(id), one full entry (median of 200)', 'get'],
    ['setCorrection (entry + summary rewritten)', 'correct'],
    ['setOfficeOverride on 50 entries', 'merge'],
  ];
  console.log(`\n## store (Node, ${N.toLocaleString('en')} entries of real reports)\n`);
  console.log('| operation | fake-indexeddb, ms | memory, ms |');
  console.log('|---|---|---|');
  for (const [name, k] of rows) console.log(`| ${name} | ${onIdb[k].toFixed(1)} | ${onMemory[k].toFixed(1)} |`);
}

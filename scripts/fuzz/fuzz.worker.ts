/**
 * Fuzz worker thread: runs one case at a time through the target (ingestion by default) and says how it went:
 * the time, the error codes, or what was thrown. A result must keep the Report contract (FORMAT.md: all 200
 * fields, each a finite number, null or text; JSON-serialisable), else it counts as a crash too.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parentPort, workerData } from 'node:worker_threads';
import type { Report } from '../../src/lib/parse/types.ts';
import { preferPdfjsInflate } from '../lib/pdf-node.ts';
import { contractBreach } from './contract.ts';
import type { FromFuzzWorker, FuzzWorkerData, ToFuzzWorker } from './protocol.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const port = parentPort!;
const data = workerData as FuzzWorkerData;
const post = (m: FromFuzzWorker) => port.postMessage(m);
const heap = () => getHeapStatistics().used_heap_size;

preferPdfjsInflate();
const target = (await import(data.target)) as {
  ingest: (name: string, bytes: Uint8Array, opts: { timeLimit: number; nowYear: number }) => Promise<Report>;
};

port.on('message', async (m: ToFuzzWorker) => {
  if (m.type === 'gc') {
    gc();
    post({ type: 'heap', heapUsed: heap() });
    return;
  }
  const t0 = performance.now();
  let error: string | undefined;
  let codes: string[] = [];
  let notes: string[] = [];
  let pages: number | undefined;
  let office: string | null | undefined;
  let year: number | null | undefined;
  try {
    const r = await target.ingest(m.name, m.bytes, { timeLimit: data.timeLimit, nowYear: data.nowYear });
    error = contractBreach(r) ?? undefined;
    codes = r.issues.filter((i) => i.severity === 'error').map((i) => i.code);
    notes = r.issues.filter((i) => i.severity !== 'error').map((i) => i.code);
    pages = r.meta?.pages;
    office = r.office;
    year = r.year;
  } catch (e) {
    const err = e as Error;
    error = `${err?.name ?? 'Error'}: ${err?.message ?? String(e)}\n${(err?.stack ?? '').split('\n').slice(1, 6).join('\n')}`;
  }
  post({ type: 'done', index: m.index, ms: performance.now() - t0, error, codes, notes, office, year, pages, heapUsed: heap() });
});

post({ type: 'ready' });

/**
 * The pool with a scripted worker: a `store` job that has parsed gives its worker to the next file while its
 * result is committed, and is still answered (or failed) on its own.
 */
import { describe, expect, it } from 'vitest';
import { IngestPool, type Stored } from './pool.ts';
import type { FromWorker, ToWorker } from './protocol.ts';
import type { EntrySummary } from '../store/summary.ts';

class ScriptedWorker {
  onmessage: ((ev: MessageEvent<FromWorker>) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  /** ingest messages received, in order */
  readonly jobs: Extract<ToWorker, { type: 'ingest' }>[] = [];
  terminated = false;
  postMessage(m: ToWorker): void {
    if (m.type === 'init') queueMicrotask(() => this.send({ type: 'ready' }));
    if (m.type === 'ingest') this.jobs.push(m);
  }
  terminate(): void {
    this.terminated = true;
  }
  send(m: FromWorker): void {
    this.onmessage?.({ data: m } as MessageEvent<FromWorker>);
  }
  crash(): void {
    this.onerror?.({ preventDefault() {} } as ErrorEvent);
  }
}

const ASSETS = { cMapUrl: 'http://x/c/', standardFontDataUrl: 'http://x/f/', wasmUrl: 'http://x/w/' };
const tick = () => new Promise((r) => setTimeout(r, 0));
const summary = (id: string) => ({ id }) as unknown as EntrySummary;
const outcome = { status: 'done' } as never;

function onePool() {
  const workers: ScriptedWorker[] = [];
  const pool = new IngestPool(ASSETS, {
    size: 1,
    store: true,
    create: () => {
      const w = new ScriptedWorker();
      workers.push(w);
      return w as unknown as Worker;
    },
  });
  return { pool, workers };
}

describe('IngestPool store jobs', () => {
  it('the next file starts once the previous one has parsed; both are answered with their own results', async () => {
    const { pool, workers } = onePool();
    const settled: string[] = [];
    const a = pool.store('a.pdf', new Uint8Array([1])).then((r) => (settled.push('a'), r));
    const b = pool.store('b.pdf', new Uint8Array([2])).then((r) => (settled.push('b'), r));
    await tick();
    const w = workers[0];
    expect(w.jobs.map((j) => j.name)).toEqual(['a.pdf']);
    expect(pool.pending).toBe(2);

    w.send({ type: 'hashed', id: w.jobs[0].id, sha: 'sha-a' });
    w.send({ type: 'parsed', id: w.jobs[0].id });
    await tick();
    // a is committing; b is already running in the same worker.
    expect(w.jobs.map((j) => j.name)).toEqual(['a.pdf', 'b.pdf']);
    expect(pool.pending).toBe(2);
    expect(settled).toEqual([]);

    // b answers first: a, still committing, waits for its own answer.
    w.send({ type: 'stored', id: w.jobs[1].id, sha: 'sha-b', duplicate: true });
    expect(await b).toEqual<Stored>({ kind: 'duplicate', sha: 'sha-b' });
    expect(settled).toEqual(['b']);
    w.send({ type: 'stored', id: w.jobs[0].id, sha: 'sha-a', duplicate: false, summary: summary('sha-a'), outcome });
    expect(await a).toEqual<Stored>({ kind: 'stored', sha: 'sha-a', summary: summary('sha-a'), outcome });
    expect(settled).toEqual(['b', 'a']);
    expect(pool.pending).toBe(0);
    pool.terminate();
  });

  it('a worker that crashes fails the file it was parsing and the one it was committing, each with its SHA-256', async () => {
    const { pool, workers } = onePool();
    const a = pool.store('a.pdf', new Uint8Array([1]));
    const b = pool.store('b.pdf', new Uint8Array([2]));
    await tick();
    const w = workers[0];
    w.send({ type: 'hashed', id: w.jobs[0].id, sha: 'sha-a' });
    w.send({ type: 'parsed', id: w.jobs[0].id });
    await tick();
    w.send({ type: 'hashed', id: w.jobs[1].id, sha: 'sha-b' });
    w.crash();
    const [ra, rb] = await Promise.all([a, b]);
    expect([ra.kind, ra.sha, rb.kind, rb.sha]).toEqual(['failed', 'sha-a', 'failed', 'sha-b']);
    for (const r of [ra, rb]) if (r.kind === 'failed') expect(r.report.issues.map((i) => i.code)).toEqual(['file.crashed']);
    expect(w.terminated).toBe(true);
    pool.terminate();
  });

  it('a storage error while committing reaches the caller as that error', async () => {
    const { pool, workers } = onePool();
    const a = pool.store('a.pdf', new Uint8Array([1]));
    await tick();
    const w = workers[0];
    w.send({ type: 'parsed', id: w.jobs[0].id });
    w.send({ type: 'error', id: w.jobs[0].id, error: { name: 'StorageFullError', message: 'full' } });
    await expect(a).rejects.toMatchObject({ name: 'StorageFullError' });
    pool.terminate();
  });
});

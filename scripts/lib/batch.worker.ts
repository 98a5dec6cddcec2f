/**
 * Batch worker thread: a message switch around `readForBatch`. Each worker keeps one pdf.js instance (loaded on
 * its first PDF, or at start by batch-boot.mjs) for all the files it reads. Started through batch-boot.mjs.
 */
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import type { BatchWorkerData, FromBatchWorker, ToBatchWorker } from './batch-protocol.ts';
import { readForBatch, serialise } from './batch-read.ts';
import { preferPdfjsInflate } from './pdf-node.ts';

const port = parentPort!;
const data = workerData as BatchWorkerData;
const post = (m: FromBatchWorker) => port.postMessage(m);
const answers = new Map<number, (go: boolean) => void>();

/**
 * Test-only: a worker that reads a file of this name loops forever, as a file stuck inside pdf.js would
 * (tests/unit/cli-batch.test.ts checks that the pool ends it). Never set it outside tests.
 */
const HANG_ON = process.env.NIANBAO_TEST_HANG_ON_FILE;
/** Test-only: a worker that reads a file of this name dies (as after a crash inside pdf.js). Never set it outside tests. */
const DIE_ON = process.env.NIANBAO_TEST_DIE_ON_FILE;

preferPdfjsInflate();

let peakHeap = 0;
if (data.stats) {
  const sample = () => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapTotal + m.external);
  };
  setInterval(sample, 20).unref();
}

port.on('message', async (m: ToBatchWorker) => {
  switch (m.type) {
    case 'go':
    case 'skip':
      answers.get(m.id)?.(m.type === 'go');
      answers.delete(m.id);
      break;
    case 'read': {
      const ask = (sha256: string | undefined) =>
        new Promise<boolean>((resolve) => {
          answers.set(m.id, resolve);
          post({ type: 'hash', id: m.id, sha256 });
        });
      const hang = HANG_ON !== undefined && path.basename(m.path) === HANG_ON;
      const die = DIE_ON !== undefined && path.basename(m.path) === DIE_ON;
      const report = await readForBatch(
        m.path,
        async (sha256) => {
          const go = await ask(sha256);
          if (go && hang) for (;;);
          if (go && die) process.exit(70); // in a worker thread, ends only this thread
          return go;
        },
        { timeLimit: data.timeLimit },
      );
      if (data.stats) post({ type: 'stats', peakHeapBytes: peakHeap });
      if (report) post({ type: 'result', id: m.id, text: serialise(report, data.format) });
      break;
    }
  }
});

post({ type: 'ready' });

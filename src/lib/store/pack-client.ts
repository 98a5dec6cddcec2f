/**
 * Runs `Library.repack()` in a worker of its own (pack.worker.ts): reading 5,000 summary records and writing them
 * as one string takes about a second, which the page's thread should not spend. The worker ends when done.
 */
export function repackInWorker(): Promise<boolean> {
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(new URL('./pack.worker.ts', import.meta.url), { type: 'module' });
    } catch {
      resolve(false);
      return;
    }
    const end = (packed: boolean) => {
      worker.terminate();
      resolve(packed);
    };
    worker.onmessage = (e: MessageEvent<unknown>) => end(e.data === true);
    worker.onerror = () => end(false);
    worker.postMessage('repack');
  });
}

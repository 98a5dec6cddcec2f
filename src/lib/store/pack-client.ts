/**
 * Runs `Library.repack()` in a worker of its own (pack.worker.ts): reading 5,000 summary records and writing them
 * as one string takes about a second, which the page's thread should not spend. The worker ends when done, or
 * after PACK_TIMEOUT_MS (its database open can wait on another tab's upgrade indefinitely).
 */
const PACK_TIMEOUT_MS = 60_000;

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
      clearTimeout(timer);
      worker.terminate();
      resolve(packed);
    };
    const timer = setTimeout(() => end(false), PACK_TIMEOUT_MS);
    worker.onmessage = (e: MessageEvent<unknown>) => end(e.data === true);
    worker.onerror = () => end(false);
    worker.postMessage('repack');
  });
}

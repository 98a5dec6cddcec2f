/**
 * A target for testing the fuzz runner itself (tests/unit/fuzz.test.ts): ingestion, except for files whose name
 * asks it to misbehave the ways the runner must catch. Never the default target.
 */
import type { Report } from '../../src/lib/parse/types.ts';
import { ingest as real } from './target.ts';

export async function ingest(name: string, bytes: Uint8Array, opts: { timeLimit: number; nowYear: number }): Promise<Report> {
  switch (name) {
    case 'throws.txt':
      throw new TypeError('cannot read this');
    case 'hangs.txt':
      for (;;);
    case 'exits.txt':
      process.exit(3); // in a worker thread, ends only the thread
    case 'infinite.txt': {
      const r = await real(name, bytes, opts);
      r.fields['s3.new.total'] = Infinity;
      return r;
    }
    case 'leaves-a-rejection.txt':
      // Read fine, but a promise rejects later with no one to handle it (what pdf.js did, see pdf-node.ts).
      setTimeout(() => void Promise.reject(new Error('stray')), 0);
      return real(name, bytes, opts);
    case 'after.txt':
      // Waits on a timer: the stray rejection the case before scheduled is due first, so it ends the thread
      // during this case whatever the machine's load (else it could fire before this case began, or after).
      await new Promise((r) => setTimeout(r, 50));
      return real(name, bytes, opts);
    case 'eats-memory.txt': {
      const hoard: string[] = [];
      for (;;) hoard.push('x'.repeat(16_000_000 + hoard.length));
    }
    default:
      return real(name, bytes, opts);
  }
}

/**
 * What the fuzz runs by default: a file's bytes through `ingestBytes` with the Node pdf.js environment, exactly
 * as the command line reads a file (the app's workers run the same function with the browser's pdf.js).
 */
import { ingestBytes } from '../../src/lib/ingest/ingest.ts';
import type { Report } from '../../src/lib/parse/types.ts';
import { nodeIngestEnv } from '../lib/pdf-node.ts';

export function ingest(name: string, bytes: Uint8Array, opts: { timeLimit: number; nowYear: number }): Promise<Report> {
  return ingestBytes(name, bytes, nodeIngestEnv, opts);
}

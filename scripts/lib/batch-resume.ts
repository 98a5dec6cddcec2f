/**
 * Resuming a JSON-lines output file: a run killed part-way (even by SIGKILL) leaves at most a partial last line,
 * because each line is written with one write. `prepareResume` cuts that partial line off and returns the keys of
 * the inputs already done: `meta.sha256`, or `path:<meta.path>` for an object of a file that could not be read.
 */
import { createReadStream, existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';

export interface ResumeState {
  done: Set<string>;
  /** Complete objects found. */
  objects: number;
  /** Bytes of a partial last line that were cut off (0 if none). */
  truncated: number;
  /** Complete lines that are not one of our objects (left in place, not counted as done). */
  badLines: number;
}

/** The key under which an object marks its input as done, or null. */
export function doneKey(v: unknown): string | null {
  const meta = (v as { meta?: { sha256?: unknown; path?: unknown } } | null)?.meta;
  if (typeof meta?.sha256 === 'string') return meta.sha256;
  if (typeof meta?.path === 'string') return `path:${meta.path}`;
  return null;
}

/** Position just after the last '\n' of the file (0 if none), reading backwards in blocks. */
async function endOfLastLine(fd: Awaited<ReturnType<typeof open>>, size: number): Promise<number> {
  const block = Buffer.alloc(64 * 1024);
  for (let end = size; end > 0; ) {
    const start = Math.max(0, end - block.length);
    const { bytesRead } = await fd.read(block, 0, end - start, start);
    const at = block.subarray(0, bytesRead).lastIndexOf(0x0a);
    if (at >= 0) return start + at + 1;
    end = start;
  }
  return 0;
}

export async function prepareResume(file: string): Promise<ResumeState> {
  const state: ResumeState = { done: new Set(), objects: 0, truncated: 0, badLines: 0 };
  if (!existsSync(file)) return state;
  const fd = await open(file, 'r+');
  try {
    const size = (await fd.stat()).size;
    const keep = await endOfLastLine(fd, size);
    if (keep < size) {
      await fd.truncate(keep);
      state.truncated = size - keep;
    }
  } finally {
    await fd.close();
  }
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    let key: string | null = null;
    try {
      key = doneKey(JSON.parse(line));
    } catch {
      key = null;
    }
    if (key === null) state.badLines++;
    else {
      state.objects++;
      state.done.add(key);
    }
  }
  return state;
}

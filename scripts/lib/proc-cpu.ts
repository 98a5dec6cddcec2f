/**
 * CPU time per thread from /proc (Linux; empty elsewhere): how the batch CLI reports its own threads, and how the
 * app benchmark finds out where Chromium's CPU went during a batch (our workers, V8's helper threads, storage).
 */
import { readFileSync, readdirSync } from 'node:fs';

export interface ThreadCpu {
  pid: number;
  tid: number;
  /** The thread's name as the kernel has it (at most 15 characters, e.g. `DedicatedWorker`, `ThreadPoolForeg`). */
  name: string;
  /** User + system CPU time, seconds. */
  seconds: number;
}

const TICK = 100; // USER_HZ on Linux

/** Every thread of one process (`self` or a pid). */
export function threadCpu(pid: number | 'self' = 'self'): ThreadCpu[] {
  try {
    const owner = pid === 'self' ? process.pid : pid;
    return readdirSync(`/proc/${pid}/task`).flatMap((t) => {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${t}/stat`, 'utf8');
        const close = stat.lastIndexOf(')');
        const f = stat.slice(close + 2).split(' ');
        return [{ pid: owner, tid: Number(t), name: stat.slice(stat.indexOf('(') + 1, close), seconds: (Number(f[11]) + Number(f[12])) / TICK }];
      } catch {
        return []; // the thread ended meanwhile
      }
    });
  } catch {
    return [];
  }
}

/** Pids of the processes whose command line contains `needle` (e.g. a browser profile's directory). */
export function pidsWith(needle: string): number[] {
  try {
    return readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .filter((d) => {
        try {
          return readFileSync(`/proc/${d}/cmdline`, 'utf8').includes(needle);
        } catch {
          return false;
        }
      })
      .map(Number);
  } catch {
    return [];
  }
}

/** A Chromium process's kind from its command line: `browser`, `renderer`, `gpu-process`, `utility (storage)`. */
export function chromiumKind(pid: number): string {
  try {
    return kindFromCmdline(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return '?';
  }
}

/** The same from the text of /proc/PID/cmdline (Chromium rewrites its process title, so the arguments may come
 * back joined by spaces instead of NULs). */
export function kindFromCmdline(cmdline: string): string {
  const args = cmdline.split(/[\0 ]/);
  const type = args.find((a) => a.startsWith('--type='))?.slice(7);
  const sub = args.find((a) => a.startsWith('--utility-sub-type='))?.slice(19);
  return !type ? 'browser' : sub ? `${type} (${sub.replace(/\.mojom\..*/, '')})` : type;
}

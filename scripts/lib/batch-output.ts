/**
 * Where a batch writes: stdout or a file, one write per line (so a killed run leaves at most a partial last line),
 * the JSON array in input order while results arrive in any order, and the progress line for a terminal.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

export interface Sink {
  write(text: string): void;
  close(): void;
}

export function stdoutSink(): Sink {
  return { write: (t) => void process.stdout.write(t), close: () => {} };
}

/** A file opened for appending (resume) or from scratch. Each `write` is one write(2) unless the kernel takes less. */
export function fileSink(file: string, append: boolean): Sink {
  const fd = openSync(file, append ? 'a' : 'w');
  return {
    write(text) {
      const buf = Buffer.from(text, 'utf8');
      for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off);
    },
    close: () => closeSync(fd),
  };
}

/**
 * The default output, a JSON array byte-identical to `JSON.stringify(reports, null, 2) + '\n'`, written in input
 * order as soon as each element's predecessors are written (elements arrive already indented).
 */
export class ArrayWriter {
  readonly #sink: Sink;
  readonly #waiting = new Map<number, string>();
  #next = 0;

  constructor(sink: Sink) {
    this.#sink = sink;
  }

  put(index: number, element: string): void {
    this.#waiting.set(index, element);
    for (let e = this.#waiting.get(this.#next); e !== undefined; e = this.#waiting.get(this.#next)) {
      this.#waiting.delete(this.#next);
      this.#sink.write((this.#next === 0 ? '[\n' : ',\n') + e);
      this.#next++;
    }
  }

  end(): void {
    this.#sink.write(this.#next === 0 ? '[]\n' : '\n]\n');
  }
}

const clock = (s: number) => {
  if (!Number.isFinite(s)) return '—';
  const t = Math.round(s);
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const ss = String(t % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
};

/** `已完成 120/2000 · 14.2 份/秒 · 预计剩余 2:12` on one redrawn line; only for a terminal. */
export class Progress {
  readonly #total: number;
  readonly #out: NodeJS.WriteStream | null;
  readonly #t0 = performance.now();
  #read = 0;
  #skipped = 0;
  #drawn = 0;

  constructor(total: number, out: NodeJS.WriteStream | null) {
    this.#total = total;
    this.#out = out?.isTTY ? out : null;
  }

  tick(skipped: boolean): void {
    if (skipped) this.#skipped++;
    else this.#read++;
    const now = performance.now();
    if (this.#out && (now - this.#drawn > 200 || this.#read + this.#skipped === this.#total)) {
      this.#drawn = now;
      this.#draw(now);
    }
  }

  end(): void {
    if (this.#out && this.#total > 0) this.#out.write('\n');
  }

  #draw(now: number): void {
    const done = this.#read + this.#skipped;
    const rate = this.#read / ((now - this.#t0) / 1000);
    const skipped = this.#skipped ? `（跳过 ${this.#skipped}）` : '';
    const left = (this.#total - done) / rate;
    this.#out!.write(`\r已完成 ${done}/${this.#total}${skipped} · ${rate.toFixed(1)} 份/秒 · 预计剩余 ${clock(left)}\x1b[K`);
  }
}

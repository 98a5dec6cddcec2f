/** Ingestion worker: a message switch around `ingestBytes` (the work itself lives in ingest.ts). */
import { unzipSync } from 'fflate';
import { browserIngestEnv } from './browser-env.ts';
import { ingestBytes, type IngestEnv } from './ingest.ts';
import { storeIngest } from './store-ingest.ts';
import { sha256Hex } from './sha256.ts';
import { toWire, type FromWorker, type ToWorker } from './protocol.ts';

let env: IngestEnv | null = null;
let nowYear = new Date().getFullYear();
let timings = false;
let store = false;
const running = new Map<number, AbortController>();
const post = (m: FromWorker) => (self as unknown as Worker).postMessage(m);

self.onmessage = async (ev: MessageEvent<ToWorker>) => {
  const m = ev.data;
  switch (m.type) {
    case 'init':
      env = browserIngestEnv(m.assets);
      nowYear = m.nowYear;
      timings = m.timings === true;
      store = m.store === true;
      post({ type: 'ready' });
      break;
    case 'cancel':
      running.get(m.id)?.abort();
      break;
    case 'unzip':
      try {
        const files = unzipSync(m.bytes);
        (self as unknown as Worker).postMessage({ type: 'unzipped', id: m.id, files } satisfies FromWorker, Object.values(files).map((b) => b.buffer));
      } catch (e) {
        post({ type: 'error', id: m.id, error: toWire(e) });
      }
      break;
    case 'ingest': {
      const ac = new AbortController();
      running.set(m.id, ac);
      try {
        if (!env) throw new Error('worker not initialised');
        const bytes = m.source instanceof Uint8Array ? m.source : new Uint8Array(await m.source.arrayBuffer());
        const opts = { signal: ac.signal, password: m.password, timeLimit: m.timeLimit, nowYear, timings };
        if (store && m.storeAs !== undefined) {
          post(
            await storeIngest(
              m.id,
              m.storeAs,
              bytes,
              env,
              opts,
              {
                hashed: (sha) => post({ type: 'hashed', id: m.id, sha }),
                parsed: () => post({ type: 'parsed', id: m.id }),
              },
              m.owner,
            ),
          );
        } else {
          if (m.hash) post({ type: 'hashed', id: m.id, sha: await sha256Hex(bytes), bytes });
          post({ type: 'result', id: m.id, report: await ingestBytes(m.name, bytes, env, opts) });
        }
      } catch (e) {
        post({ type: 'error', id: m.id, error: toWire(e) });
      } finally {
        running.delete(m.id);
      }
      break;
    }
  }
};

import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { IngestPool } from './lib/ingest/pool.ts';
import { openLibrary } from './lib/store/index.ts';
import { repackInWorker } from './lib/store/pack-client.ts';
import { summarize } from './lib/store/summary.ts';
import { sessionContext } from './lib/state/context.ts';
import { Session } from './lib/state/session.svelte.ts';
import { libraryChannel, tabPresence } from './lib/state/tab-sync.ts';
import { registerAfterLoad } from './lib/state/sw-bridge.ts';

const assets = new URL(import.meta.env.BASE_URL + 'pdfjs/', document.baseURI).href;
const session = new Session({
  openLibrary: (onEvent) => openLibrary({ onEvent }),
  summarize: (e) => summarize(e, true),
  channel: libraryChannel,
  presence: tabPresence,
  repack: repackInWorker,
  makePool: async (store) =>
    new IngestPool(
      { cMapUrl: assets + 'cmaps/', standardFontDataUrl: assets + 'standard_fonts/', wasmUrl: assets + 'wasm/' },
      // ?bench: workers time each file (the benchmark reads meta.timings).
      { store, timings: new URLSearchParams(location.search).has('bench') },
    ),
});

mount(App, { target: document.getElementById('app')!, context: sessionContext(session) });

// Offline use (src/sw): production builds only, so `vite dev` always serves fresh modules.
if (import.meta.env.PROD) registerAfterLoad(session.notices, { url: new URL(import.meta.env.BASE_URL + 'sw.js', document.baseURI) });

// ?bench: the benchmark reads the session (entries with their timings). Nothing is exposed otherwise.
if (new URLSearchParams(location.search).has('bench')) (globalThis as { __nianbaoSession?: Session }).__nianbaoSession = session;

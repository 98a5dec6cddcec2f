import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { IngestPool } from './lib/ingest/pool.ts';
import { openLibrary } from './lib/store/index.ts';
import { summarize } from './lib/store/summary.ts';
import { sessionContext } from './lib/state/context.ts';
import { Session } from './lib/state/session.svelte.ts';

const assets = new URL(import.meta.env.BASE_URL + 'pdfjs/', document.baseURI).href;
const session = new Session({
  openLibrary: (onEvent) => openLibrary({ onEvent }),
  summarize: (e) => summarize(e, true),
  makePool: async (store) =>
    new IngestPool(
      { cMapUrl: assets + 'cmaps/', standardFontDataUrl: assets + 'standard_fonts/', wasmUrl: assets + 'wasm/' },
      // ?bench: workers time each file (the benchmark reads meta.timings).
      { store, timings: new URLSearchParams(location.search).has('bench') },
    ),
});

mount(App, { target: document.getElementById('app')!, context: sessionContext(session) });

// ?bench: the benchmark reads the session (entries with their timings). Nothing is exposed otherwise.
if (new URLSearchParams(location.search).has('bench')) (globalThis as { __nianbaoSession?: Session }).__nianbaoSession = session;

import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { IngestPool } from './lib/ingest/pool.ts';
import { DevMemoryLibrary } from './lib/state/dev-memory-library.ts';
import { sessionContext } from './lib/state/context.ts';
import { Session } from './lib/state/session.svelte.ts';

const assets = new URL(import.meta.env.BASE_URL + 'pdfjs/', document.baseURI).href;
const session = new Session({
  openLibrary: async () => ({ library: new DevMemoryLibrary(), persistent: true, reason: null }),
  makePool: async () => new IngestPool({ cMapUrl: assets + 'cmaps/', standardFontDataUrl: assets + 'standard_fonts/', wasmUrl: assets + 'wasm/' }),
});

mount(App, { target: document.getElementById('app')!, context: sessionContext(session) });

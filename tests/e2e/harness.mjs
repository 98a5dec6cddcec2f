/**
 * End-to-end harness: serves the built app (dist/) with Vite's preview server on 127.0.0.1 and drives Debian's
 * Chromium through playwright-core (no browser download). Every request the page makes is recorded so tests can
 * assert that nothing leaves the page's origin.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { preview } from 'vite';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURES = path.join(ROOT, 'tests', 'fixtures');

export const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumPath() {
  for (const p of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'])
    if (p && fs.existsSync(p)) return p;
  throw new Error('Chromium not found: apt-get install -y chromium (or set CHROMIUM_PATH)');
}

export async function startServer() {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'index.html'))) throw new Error('dist/ missing: run npm run build first');
  const server = await preview({ root: ROOT, logLevel: 'silent', preview: { port: 0, host: '127.0.0.1', strictPort: false } });
  const addr = server.httpServer.address();
  return { server, base: `http://127.0.0.1:${addr.port}/` };
}

/** A fresh persistent profile (IndexedDB survives reload and relaunch with the same dir). */
export async function launch(userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-')), options = {}) {
  const ctx = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 800 },
    locale: 'zh-CN',
    ...options,
  });
  return { ctx, userDataDir };
}

/** Records every request and console error of a page. */
export function watch(page, base) {
  const origin = new URL(base).origin;
  const requests = [];
  const foreign = [];
  const errors = [];
  page.on('request', (r) => {
    const url = r.url();
    requests.push(url);
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) foreign.push(url);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return { requests, foreign, errors };
}

/** Drop `files` on the import panel's file input and wait until the batch has ended. */
export async function importFiles(page, files) {
  await page.getByTestId('file-input').setInputFiles(files);
  await page.getByTestId('batch-done').waitFor({ timeout: 90_000 });
}

/**
 * A page of `ctx` on an empty library, with its requests and errors watched. The browser profile is shared, so the
 * database is deleted first, from a page of the same origin that is not the app (the app would hold it open).
 */
export async function freshPage(ctx, base) {
  const page = await ctx.newPage();
  await page.route(base + '__blank', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>blank</title>' }));
  await page.goto(base + '__blank');
  await page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const r = indexedDB.deleteDatabase('nianbao-library');
        r.onsuccess = resolve;
        r.onerror = () => reject(r.error);
      }),
  );
  const w = watch(page, base);
  await page.goto(base);
  await page.getByRole('heading', { name: '年报分析' }).waitFor();
  return { page, w };
}

/**
 * Whether the summaries' pack is in the page's IndexedDB and made at their current revision. `keys` are
 * store/library.ts PACK_KEYS ({ rev, pack, packedAt } → meta keys); the default is their value, for tests that
 * cannot import TypeScript.
 */
export function packCurrent(
  page,
  keys = { rev: 'library:summaries-rev', pack: 'library:summaries-pack', packedAt: 'library:summaries-packed' },
  dbName = 'nianbao-library',
) {
  return page.evaluate(
    ([dbName, keys]) =>
      new Promise((resolve, reject) => {
        const req = indexedDB.open(dbName);
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          const store = db.transaction('meta', 'readonly').objectStore('meta');
          const got = {};
          let left = Object.keys(keys).length;
          for (const [name, key] of Object.entries(keys)) {
            const r = store.get(key);
            r.onsuccess = () => {
              got[name] = r.result?.value;
              if (--left) return;
              db.close();
              resolve(typeof got.pack === 'string' && got.packedAt === (got.rev ?? 0));
            };
            r.onerror = () => reject(r.error);
          }
        };
      }),
    [dbName, keys],
  );
}

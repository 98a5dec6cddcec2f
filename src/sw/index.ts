/// <reference lib="webworker" />
/**
 * The service worker (squoosh's src/sw/index.ts): after one visit the app, its pdf.js workers and the CMaps
 * Chinese PDFs need load with the network off. One versioned cache per build, filled at `install` from the list
 * the build plugin injects (src/sw/plugin.ts); `activate` deletes the caches of older builds. A new build waits
 * until the page asks it to take over (the 刷新 action of the update notice, src/lib/state/sw-bridge.ts), so a
 * page never runs on a mix of two builds. Only GET requests of our own origin are answered (src/sw/plan.ts);
 * nothing is ever sent anywhere.
 */
import { RUNTIME_PREFIXES, route, staleCaches, type Route } from './plan.ts';

declare const self: ServiceWorkerGlobalScope;
/** Injected by the build: this build's cache name and precache list (paths relative to the scope). */
declare const __SW_CACHE__: string;
declare const __SW_PRECACHE__: string[];

const CACHE = __SW_CACHE__;
const scope = self.registration.scope;
const cfg = { scope, precache: new Set(__SW_PRECACHE__), runtime: RUNTIME_PREFIXES };

self.addEventListener('install', (event) => {
  // All or nothing: a failed download leaves no half-filled cache, and the next visit tries again. `no-cache`
  // revalidates with the server so a stale HTTP cache cannot slip an older index.html into this version.
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(__SW_PRECACHE__.map((p) => new Request(new URL(p, scope), { cache: 'no-cache' })))),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      await Promise.all(staleCaches(await caches.keys(), CACHE).map((k) => caches.delete(k)));
      // The first install takes the open page at once, so its workers' requests are answered from the cache too.
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'skip-waiting') void self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const r = route(event.request.method, event.request.mode, event.request.url, cfg);
  if (r) event.respondWith(answer(r, event.request, event));
});

async function answer(r: Route, request: Request, event: FetchEvent): Promise<Response> {
  const cache = await caches.open(CACHE);
  const key = new URL(r.key, scope).href;
  const hit = await cache.match(key);
  if (hit) return hit;
  const res = await fetch(request);
  // First use of a pdf.js font or decoder, or a precached file the browser evicted: keep it for next time.
  if (res.ok && r.kind !== 'shell') event.waitUntil(cache.put(key, res.clone()));
  return res;
}

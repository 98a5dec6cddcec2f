/**
 * What the service worker keeps and answers, as pure functions shared by the worker (src/sw/index.ts) and the
 * build plugin that writes its precache list (src/sw/plugin.ts). No DOM, no Node: tested on their own.
 *
 * - The precache: every file the build wrote (app shell, JS and CSS chunks, both pdf.js workers, the GB/CNS
 *   CMaps vite.config.ts emits, the sample reports), except what pdf.js needs only for some PDFs.
 * - Cached on first use: pdf.js standard fonts (non-embedded Helvetica & co.; text is extracted without them)
 *   and wasm decoders (JPEG 2000, JBIG2, ICC: images, which text extraction never decodes). 1.7 MB that most
 *   sessions never ask for.
 * - Everything else (other origins, other methods, other paths) is left to the browser, untouched.
 */

/** Cache names start with this; `activate` deletes every other version's cache. */
export const CACHE_PREFIX = 'nianbao-';

/** Paths (relative to the site base) cached the first time pdf.js asks for them, not at install. */
export const RUNTIME_PREFIXES: readonly string[] = ['pdfjs/standard_fonts/', 'pdfjs/wasm/'];

/** Never precached: the worker itself, source maps, licence texts, dotfiles. */
const SKIP = /(^|\/)(sw\.js|\.[^/]*|LICENSE[^/]*)$|\.map$/;

/**
 * The files of a build (paths relative to its folder, `/`-separated) that go into the precache, sorted, written
 * as they appear in a URL's path (`examples/年报.txt` → `examples/%E5%B9%B4%E6%8A%A5.txt`) so `route` can match them.
 */
export function precacheList(files: readonly string[]): string[] {
  return files
    .filter((f) => !SKIP.test(f) && !RUNTIME_PREFIXES.some((p) => f.startsWith(p)))
    .map((f) => new URL(f, 'http://x/').pathname.slice(1))
    .sort();
}

/** The cache of one build: its name carries a hash of the precached files' contents. */
export function cacheName(version: string): string {
  return `${CACHE_PREFIX}${version}`;
}

/** Caches an activated worker deletes: ours, of another version. Other caches on the origin are not ours to touch. */
export function staleCaches(names: readonly string[], current: string): string[] {
  return names.filter((n) => n.startsWith(CACHE_PREFIX) && n !== current);
}

export type Route =
  /** A page load of the app: index.html from the precache, whatever the query. */
  | { kind: 'shell'; key: string }
  | { kind: 'precache'; key: string }
  | { kind: 'runtime'; key: string };

export interface RouteConfig {
  /** The registration scope: an absolute URL ending in `/` (the site base). */
  scope: string;
  precache: ReadonlySet<string>;
  runtime: readonly string[];
}

/**
 * How to answer a request, or null to leave it to the network as if there were no service worker. Only GET
 * requests of our own origin under our scope are ever answered; a page load must be the base itself or its
 * index.html (any query: `?bench`), other files must match a precached or first-use path exactly, with no query.
 * `key` is the path relative to the scope.
 */
export function route(method: string, mode: string, url: string, cfg: RouteConfig): Route | null {
  if (method !== 'GET') return null;
  const u = new URL(url);
  const scope = new URL(cfg.scope);
  if (u.origin !== scope.origin || !u.pathname.startsWith(scope.pathname)) return null;
  const rel = u.pathname.slice(scope.pathname.length);
  if (mode === 'navigate') return rel === '' || rel === 'index.html' ? { kind: 'shell', key: 'index.html' } : null;
  if (u.search) return null;
  if (cfg.precache.has(rel)) return { kind: 'precache', key: rel };
  if (cfg.runtime.some((p) => rel.startsWith(p))) return { kind: 'runtime', key: rel };
  return null;
}

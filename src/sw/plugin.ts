/**
 * Vite plugin (build only): once the app is written, list what the build put in its folder, hash it into a
 * version, and compile src/sw/index.ts with that list into `sw.js` at the root of the folder (a stable name, so the
 * browser finds the new worker of a new build; it is registered from the site base, so its scope is the whole app
 * under any sub-path). A classic script, not a module: every browser with service workers runs it.
 *
 * Runs in Node from vite.config.ts; `vite dev` never sees it (the app registers the worker in production builds only).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { build, type Plugin, type ResolvedConfig } from 'vite';
import { cacheName, precacheList } from './plan.ts';

function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix + d.name;
    if (d.isDirectory()) out.push(...listFiles(path.join(dir, d.name), rel + '/'));
    else if (d.isFile()) out.push(rel);
  }
  return out;
}

/** The precache list of a built folder and its version: a hash of every listed path and its bytes. */
export function planOf(outDir: string): { files: string[]; version: string } {
  const files = precacheList(listFiles(outDir));
  const h = createHash('sha256');
  for (const f of files) h.update(f).update('\0').update(createHash('sha256').update(fs.readFileSync(path.join(outDir, f))).digest()).update('\0');
  return { files, version: h.digest('hex').slice(0, 12) };
}

export function serviceWorker(entry = 'src/sw/index.ts'): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'nianbao-service-worker',
    apply: 'build',
    configResolved(c) {
      config = c;
    },
    async writeBundle() {
      const outDir = path.resolve(config.root, config.build.outDir);
      const { files, version } = planOf(outDir);
      await build({
        configFile: false,
        root: config.root,
        logLevel: 'warn',
        publicDir: false,
        define: { __SW_CACHE__: JSON.stringify(cacheName(version)), __SW_PRECACHE__: JSON.stringify(files) },
        build: {
          outDir,
          emptyOutDir: false,
          copyPublicDir: false,
          target: 'es2022',
          minify: config.build.minify !== false,
          reportCompressedSize: false,
          lib: { entry: path.resolve(config.root, entry), formats: ['iife'], name: 'nianbaoServiceWorker', fileName: () => 'sw.js' },
        },
      });
      config.logger.info(`sw.js: ${files.length} files precached, cache ${cacheName(version)}`);
    },
  };
}

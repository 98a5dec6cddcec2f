/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { serviceWorker } from './src/sw/plugin.ts';

/**
 * pdf.js needs its CMaps, standard fonts and wasm next to the app so that it works offline and never asks
 * another origin. Vite does not copy them on its own: serve them in dev, emit them in the build.
 * Only the CMaps Chinese text needs are shipped (GB/CNS/Identity + the Adobe-GB1/CNS1 UCS2 maps).
 */
const PDFJS_DIRS = ['cmaps', 'standard_fonts', 'wasm'];
const pdfjsRoot = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const CMAP_KEEP = /^(Adobe-(GB1|CNS1|Identity)-|GB|GBK|GBT|GBpc|UniGB|B5|CNS|ETen|HKscs|UniCNS|Identity|ETHK|HKdla|HKdlb|HKgccs|HKm)/;
export const keepPdfjsAsset = (dir: string, file: string): boolean => dir !== 'cmaps' || CMAP_KEEP.test(file);

const pdfjsAssets = (): Plugin => ({
  name: 'pdfjs-assets',
  configureServer(server) {
    server.middlewares.use('/pdfjs', (req, res, next) => {
      const [dir, file] = decodeURIComponent((req.url ?? '').split('?')[0]).replace(/^\//, '').split('/');
      if (!PDFJS_DIRS.includes(dir) || !file || file.includes('..')) return next();
      const p = path.join(pdfjsRoot, dir, file);
      if (!fs.existsSync(p)) return next();
      res.setHeader('Content-Type', 'application/octet-stream');
      fs.createReadStream(p).pipe(res);
    });
  },
  generateBundle() {
    for (const d of PDFJS_DIRS)
      for (const f of fs.readdirSync(path.join(pdfjsRoot, d)))
        if (keepPdfjsAsset(d, f))
          this.emitFile({ type: 'asset', fileName: `pdfjs/${d}/${f}`, source: fs.readFileSync(path.join(pdfjsRoot, d, f)) });
  },
});

/**
 * index.html carries the production Content-Security-Policy (README "Hosting"). Vite's dev server injects CSS as
 * <style> elements, which `style-src 'self'` forbids: only the dev server adds 'unsafe-inline' for styles.
 */
const devCsp = (): Plugin => ({
  name: 'dev-csp',
  apply: 'serve',
  transformIndexHtml: (html) => html.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
});

export default defineConfig({
  base: './',
  plugins: [svelte(), pdfjsAssets(), serviceWorker(), devCsp()],
  build: { target: 'es2022' },
  worker: { format: 'es' },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'tests/unit/**/*.test.ts'],
    testTimeout: 60_000,
  },
});

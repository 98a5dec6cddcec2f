import { describe, expect, it } from 'vitest';
import { RUNTIME_PREFIXES, cacheName, precacheList, route, staleCaches } from './plan.ts';

const SCOPE = 'https://example.gov.cn/tools/nianbao/';
const cfg = {
  scope: SCOPE,
  precache: new Set(['index.html', 'assets/index-abc.js', 'assets/pdf.worker.min-x.mjs', 'pdfjs/cmaps/UniGB-UCS2-H.bcmap', 'examples/%E5%B9%B4%E6%8A%A5.txt']),
  runtime: RUNTIME_PREFIXES,
};

describe('precacheList', () => {
  it('keeps the app, its workers, CMaps and examples; leaves out sw.js, maps, licences, fonts and wasm', () => {
    const built = [
      'index.html',
      'sw.js',
      'assets/index-abc.js',
      'assets/index-abc.js.map',
      'assets/index-def.css',
      'assets/pdf.worker.min-x.mjs',
      'pdfjs/cmaps/UniGB-UCS2-H.bcmap',
      'pdfjs/cmaps/Adobe-GB1-UCS2.bcmap',
      'pdfjs/standard_fonts/FoxitSerif.pfb',
      'pdfjs/standard_fonts/LICENSE_FOXIT',
      'pdfjs/wasm/openjpeg.wasm',
      'pdfjs/wasm/LICENSE_OPENJPEG',
      'examples/.DS_Store',
      'examples/年报.txt',
    ];
    expect(precacheList(built)).toEqual([
      'assets/index-abc.js',
      'assets/index-def.css',
      'assets/pdf.worker.min-x.mjs',
      'examples/%E5%B9%B4%E6%8A%A5.txt',
      'index.html',
      'pdfjs/cmaps/Adobe-GB1-UCS2.bcmap',
      'pdfjs/cmaps/UniGB-UCS2-H.bcmap',
    ]);
  });
});

describe('caches', () => {
  it('an activated worker deletes only other versions of its own cache', () => {
    expect(cacheName('0123456789ab')).toBe('nianbao-0123456789ab');
    expect(staleCaches(['nianbao-old111111111', 'nianbao-0123456789ab', 'someone-elses-cache', 'workbox-precache'], 'nianbao-0123456789ab')).toEqual([
      'nianbao-old111111111',
    ]);
  });
});

describe('route', () => {
  const r = (url: string, mode = 'cors', method = 'GET') => route(method, mode, url, cfg);

  it('answers a page load of the base or its index.html from the shell, whatever the query', () => {
    expect(r(SCOPE, 'navigate')).toEqual({ kind: 'shell', key: 'index.html' });
    expect(r(SCOPE + 'index.html', 'navigate')).toEqual({ kind: 'shell', key: 'index.html' });
    expect(r(SCOPE + '?bench', 'navigate')).toEqual({ kind: 'shell', key: 'index.html' });
  });

  it('leaves other page loads to the network', () => {
    expect(r(SCOPE + '__blank', 'navigate')).toBeNull();
    expect(r(SCOPE + 'assets/index-abc.js', 'navigate')).toBeNull();
    expect(r('https://example.gov.cn/tools/', 'navigate')).toBeNull();
  });

  it('answers precached files by exact path, encoded as in the URL', () => {
    expect(r(SCOPE + 'assets/index-abc.js', 'cors')).toEqual({ kind: 'precache', key: 'assets/index-abc.js' });
    expect(r(SCOPE + 'assets/pdf.worker.min-x.mjs', 'same-origin')).toEqual({ kind: 'precache', key: 'assets/pdf.worker.min-x.mjs' });
    expect(r(SCOPE + 'pdfjs/cmaps/UniGB-UCS2-H.bcmap')).toEqual({ kind: 'precache', key: 'pdfjs/cmaps/UniGB-UCS2-H.bcmap' });
    expect(r(SCOPE + 'examples/年报.txt')).toEqual({ kind: 'precache', key: 'examples/%E5%B9%B4%E6%8A%A5.txt' });
    expect(r(SCOPE + 'assets/../assets/index-abc.js')).toEqual({ kind: 'precache', key: 'assets/index-abc.js' });
  });

  it('caches pdf.js fonts and wasm on first use', () => {
    expect(r(SCOPE + 'pdfjs/standard_fonts/FoxitSans.pfb')).toEqual({ kind: 'runtime', key: 'pdfjs/standard_fonts/FoxitSans.pfb' });
    expect(r(SCOPE + 'pdfjs/wasm/openjpeg.wasm')).toEqual({ kind: 'runtime', key: 'pdfjs/wasm/openjpeg.wasm' });
  });

  it('never touches other origins, other methods, unknown paths, queries or paths outside the scope', () => {
    expect(r('https://cdn.example.com/tools/nianbao/assets/index-abc.js')).toBeNull();
    expect(r('http://example.gov.cn/tools/nianbao/assets/index-abc.js')).toBeNull();
    expect(r('https://example.gov.cn:8443/tools/nianbao/assets/index-abc.js')).toBeNull();
    expect(r(SCOPE + 'assets/index-abc.js', 'cors', 'POST')).toBeNull();
    expect(r(SCOPE + 'assets/index-abc.js', 'cors', 'HEAD')).toBeNull();
    expect(r(SCOPE + 'assets/index-zzz.js')).toBeNull();
    expect(r(SCOPE + 'assets/index-abc.js?v=2')).toBeNull();
    expect(r(SCOPE + 'pdfjs/cmaps/Adobe-Japan1-UCS2.bcmap')).toBeNull();
    expect(r('https://example.gov.cn/tools/other/assets/index-abc.js')).toBeNull();
    expect(r('https://example.gov.cn/index.html', 'navigate')).toBeNull();
  });
});

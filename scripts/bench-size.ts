/**
 * `npm run bench -- size`: builds the app into a temporary folder and prints what a first visit costs. Start-up
 * JavaScript is what index.html loads before the app runs: its entry script plus every `modulepreload` it lists
 * (limit 80 kB gzip, issue 9); pdf.js (page and worker builds) and Chart.js load on demand and are listed apart;
 * then the service worker's precache and the whole folder. Sizes in kB (1000 bytes); gzip at level 9.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { planOf } from '../src/sw/plugin.ts';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
export const STARTUP_LIMIT_GZIP = 80_000;

const kB = (n: number) => (n / 1000).toFixed(1);

function walk(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? walk(path.join(dir, d.name), `${prefix}${d.name}/`) : [`${prefix}${d.name}`],
  );
}

/** The JS index.html loads at start: its module entry scripts and module preloads, as paths relative to the folder. */
export function startupScripts(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<script\b[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/g)) out.push(m[1]);
  for (const m of html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g)) out.push(m[1]);
  return [...new Set(out.map((u) => u.replace(/^\.\//, '')))];
}

export async function benchSize(): Promise<{ startupGzip: number }> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-size-'));
  await build({ root: ROOT, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const size = (f: string) => fs.statSync(path.join(outDir, f)).size;
  const gz = (f: string) => gzipSync(fs.readFileSync(path.join(outDir, f)), { level: 9 }).length;
  const files = walk(outDir);
  const row = (what: string, fs_: string[]) => {
    const raw = fs_.reduce((a, f) => a + size(f), 0);
    const g = fs_.reduce((a, f) => a + gz(f), 0);
    console.log(`| ${what} | ${fs_.map((f) => `\`${f.replace(/^assets\//, '')}\``).join(', ')} | ${kB(raw)} | ${kB(g)} |`);
    return { raw, g };
  };

  const startup = startupScripts(fs.readFileSync(path.join(outDir, 'index.html'), 'utf8'));
  const css = files.filter((f) => /^assets\/index-.*\.css$/.test(f));
  const js = files.filter((f) => /^assets\/.*\.m?js$/.test(f));
  /** A chunk and every chunk it imports or names (`./x.js`, `new URL('x.mjs', import.meta.url)`), minus the start-up ones. */
  const closure = (first: string | undefined): string[] => {
    const seen = new Set<string>();
    const visit = (f: string) => {
      if (seen.has(f) || startup.includes(f)) return;
      seen.add(f);
      for (const m of fs.readFileSync(path.join(outDir, f), 'utf8').matchAll(/["'`](?:\.\/)?([\w.-]+\.m?js)["'`]/g))
        if (js.includes(`assets/${m[1]}`)) visit(`assets/${m[1]}`);
    };
    if (first) visit(first);
    return [...seen].sort();
  };
  const chunk = (re: RegExp) => js.find((f) => re.test(path.basename(f)));
  const groups: [string, string[]][] = [];
  const add = (what: string, fs_: string[]) => {
    const taken = new Set(groups.flatMap(([, g]) => g));
    groups.push([what, fs_.filter((f) => !taken.has(f))]);
  };
  add('ingestion worker: parser, HTML, Word, and pdf.js with its worker code (imported on the first PDF)', closure(chunk(/^extract\.worker-/)));
  add('pdf.js on the page and its worker, for source regions (first use)', closure(chunk(/^render-page-/)));
  add('Chart.js (first chart)', closure(chunk(/^chart-/)));
  const listed = new Set([...startup, ...groups.flatMap(([, g]) => g)]);
  add('other chunks loaded on demand', js.filter((f) => !listed.has(f)));

  console.log('\n## size (production build, first visit)\n');
  console.log('| what | files | raw kB | gzip kB |');
  console.log('|---|---|---|---|');
  const s = row('**start-up JavaScript** (entry + modulepreloads)', startup);
  row('start-up CSS', css);
  for (const [what, fs_] of groups) if (fs_.length) row(what, fs_);
  const plan = planOf(outDir);
  const pre = plan.files.map((f) => decodeURI(f));
  const preRaw = pre.reduce((a, f) => a + size(f), 0);
  const cmaps = pre.filter((f) => f.startsWith('pdfjs/cmaps/'));
  console.log(`| service-worker precache | ${pre.length} files, of which ${cmaps.length} CMaps (${kB(cmaps.reduce((a, f) => a + size(f), 0))} kB) | ${kB(preRaw)} | |`);
  const total = files.reduce((a, f) => a + size(f), 0);
  console.log(`| whole build folder | ${files.length} files | ${kB(total)} | |`);
  console.log(
    `\nStart-up JavaScript: ${kB(s.raw)} kB raw, ${kB(s.g)} kB gzip — ${s.g <= STARTUP_LIMIT_GZIP ? 'within' : 'OVER'} the ${kB(STARTUP_LIMIT_GZIP)} kB gzip limit.`,
  );
  fs.rmSync(outDir, { recursive: true, force: true });
  if (s.g > STARTUP_LIMIT_GZIP) process.exitCode = 1;
  return { startupGzip: s.g };
}

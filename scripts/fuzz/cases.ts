/**
 * The fuzz cases: the committed inputs (seeds, corpus, encodings, fixture PDFs, web pages, Word files) mutated
 * in the ways real files go wrong (cut short, bytes flipped, lines deleted or shuffled, absurd numbers, a 1 MB
 * line, markup nested a hundred thousand deep), plus fixed special cases: empty files, binary junk under report
 * names, a 300-page PDF, a page that is one huge image, a Word file that inflates to hundreds of megabytes.
 *
 * Case `i` of seed `s` is always the same bytes (`caseAt(i, s)`), so a failure is reproduced by its index.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { renderText, SHAPES } from '../../tests/gen/shapes.ts';
import { generateFields, generateIdentity, int, pick, rng, type Rng } from '../../tests/gen/values.ts';
import { concat, hugeImagePdf, prosePdf, textPdf } from './pdf-writer.ts';

export interface FuzzCase {
  index: number;
  /** File name given to ingestion (its extension matters where the bytes cannot tell). */
  name: string;
  /** What was done, e.g. `seeds/002.txt: truncate+flip`. */
  label: string;
  bytes: Uint8Array;
}

type Kind = 'text' | 'pdf' | 'html' | 'docx';

interface Source {
  name: string;
  kind: Kind;
  bytes: Uint8Array;
}

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'tests', 'fixtures');
const enc = new TextEncoder();
const dec = new TextDecoder();

let sources: Record<Kind, Source[]> | null = null;

function loadSources(): Record<Kind, Source[]> {
  const from = (dir: string, ext: RegExp, kind: Kind): Source[] =>
    readdirSync(path.join(FIXTURES, dir))
      .filter((f) => ext.test(f))
      .sort()
      .map((f) => ({ name: `${dir}/${f}`, kind, bytes: new Uint8Array(readFileSync(path.join(FIXTURES, dir, f))) }));
  const generated: Source[] = SHAPES.map((shape, i) => {
    const r = rng(7_000 + i);
    return { name: `generated/${shape}.txt`, kind: 'text', bytes: enc.encode(renderText({ ...generateIdentity(r), fields: generateFields(r) }, shape, r)) };
  });
  return {
    text: [...from('seeds', /\.txt$/, 'text'), ...from('corpus/raw', /\.txt$/, 'text'), ...from('encodings', /\.txt$/, 'text'), ...generated],
    pdf: from('pdf', /\.pdf$/, 'pdf'),
    html: from('html', /\.html$/, 'html'),
    docx: from('docx', /\.docx$/, 'docx'),
  };
}

// ---------------------------------------------------------------------------------------------- byte mutations

const copy = (b: Uint8Array) => b.slice();

function truncate(r: Rng, b: Uint8Array): Uint8Array {
  // Mostly somewhere in the file; sometimes just the first bytes or all but the last few.
  const n = r() < 0.2 ? int(r, 0, Math.min(64, b.length)) : r() < 0.2 ? Math.max(0, b.length - int(r, 1, 64)) : int(r, 0, b.length);
  return b.slice(0, n);
}

function flip(r: Rng, b: Uint8Array): Uint8Array {
  const out = copy(b);
  if (!out.length) return out;
  const n = pick(r, [1, 2, 8, 64, 512]);
  for (let k = 0; k < n; k++) {
    const i = int(r, 0, out.length - 1);
    out[i] = r() < 0.5 ? out[i] ^ (1 << int(r, 0, 7)) : int(r, 0, 255);
  }
  return out;
}

function cutRange(r: Rng, b: Uint8Array): Uint8Array {
  if (b.length < 2) return copy(b);
  const a = int(r, 0, b.length - 1);
  const e = Math.min(b.length, a + int(r, 1, Math.max(1, Math.floor(b.length / 4))));
  return concat([b.subarray(0, a), b.subarray(e)]);
}

function repeatRange(r: Rng, b: Uint8Array): Uint8Array {
  if (b.length < 2) return copy(b);
  const a = int(r, 0, b.length - 1);
  const e = Math.min(b.length, a + int(r, 1, 4096));
  const times = int(r, 2, 50);
  return concat([b.subarray(0, e), ...Array.from({ length: times }, () => b.subarray(a, e)), b.subarray(e)]);
}

function zeroRange(r: Rng, b: Uint8Array): Uint8Array {
  const out = copy(b);
  if (!out.length) return out;
  const a = int(r, 0, out.length - 1);
  out.fill(r() < 0.5 ? 0 : 0xff, a, Math.min(out.length, a + int(r, 1, 2048)));
  return out;
}

function junkInsert(r: Rng, b: Uint8Array): Uint8Array {
  const junk = new Uint8Array(int(r, 1, 4096));
  for (let i = 0; i < junk.length; i++) junk[i] = int(r, 0, 255);
  const at = int(r, 0, b.length);
  return concat([b.subarray(0, at), junk, b.subarray(at)]);
}

// ----------------------------------------------------------------------------------------------- text mutations

const lines = (b: Uint8Array) => dec.decode(b).split('\n');
const join = (ls: string[]) => enc.encode(ls.join('\n'));

function deleteLines(r: Rng, b: Uint8Array): Uint8Array {
  const ls = lines(b);
  const share = pick(r, [0.02, 0.1, 0.3, 0.7]);
  return join(ls.filter(() => r() >= share));
}

function shuffleLines(r: Rng, b: Uint8Array): Uint8Array {
  const ls = lines(b);
  // Whole file or a window of it.
  const a = r() < 0.5 ? 0 : int(r, 0, ls.length - 1);
  const e = r() < 0.5 ? ls.length : Math.min(ls.length, a + int(r, 2, 40));
  for (let i = e - 1; i > a; i--) {
    const j = int(r, a, i);
    [ls[i], ls[j]] = [ls[j], ls[i]];
  }
  return join(ls);
}

const GIANTS = [
  () => '9'.repeat(400),
  () => '123456789012345678901234567890',
  () => '1e308',
  () => '-0',
  () => '99999999999999999999.99999',
  () => '0.' + '0'.repeat(300) + '1',
  () => '１２３４５６７８９０１２３４５６７８９０',
  () => '-2147483649',
  () => '9007199254740993',
  () => 'NaN',
  () => 'Infinity',
];

function giantNumbers(r: Rng, b: Uint8Array): Uint8Array {
  const share = pick(r, [0.05, 0.3, 1]);
  return enc.encode(dec.decode(b).replace(/\d+(\.\d+)?/g, (m) => (r() < share ? pick(r, GIANTS)() : m)));
}

function megaLine(r: Rng, b: Uint8Array): Uint8Array {
  const unit = pick(r, ['7', '0\t', '本年新收政府信息公开申请数量', '　', '|', '1 ', '（七）总计', 'a'.repeat(3) + '\u0000']);
  const line = unit.repeat(Math.ceil(1_048_576 / enc.encode(unit).length));
  const ls = lines(b);
  ls.splice(int(r, 0, ls.length), 0, line);
  return join(ls);
}

function blankFlood(r: Rng, b: Uint8Array): Uint8Array {
  const ls = lines(b);
  const filler = pick(r, ['', '\t', '\r', ' \t ', '—', '1']);
  ls.splice(int(r, 0, ls.length), 0, ...Array.from({ length: int(r, 1_000, 100_000) }, () => filler));
  return join(ls);
}

function unicodeOdd(r: Rng, b: Uint8Array): Uint8Array {
  const odd = ['\ud800', '\udfff', '\u200b', '\ufeff', '\u0301'.repeat(50), '\u202e', '\ue000', '𠀀', '\u3000', '\r\n', '\u2028', '\u0000'];
  const s = dec.decode(b);
  let out = '';
  for (const ch of s) out += r() < 0.02 ? pick(r, odd) + ch : ch;
  // Lone surrogates become U+FFFD when encoded: the point is odd code points, not invalid UTF-8 (flip does that).
  return enc.encode(out);
}

function crlf(r: Rng, b: Uint8Array): Uint8Array {
  const s = dec.decode(b);
  return enc.encode(r() < 0.5 ? s.replace(/\n/g, '\r\n') : s.replace(/\n/g, '\r'));
}

function utf16(r: Rng, b: Uint8Array): Uint8Array {
  const s = (r() < 0.5 ? '\ufeff' : '') + dec.decode(b);
  const be = r() < 0.5;
  const out = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out[2 * i + (be ? 1 : 0)] = c & 0xff;
    out[2 * i + (be ? 0 : 1)] = c >> 8;
  }
  return r() < 0.3 ? out.subarray(0, out.length - 1) : out; // an odd byte count now and then
}

function tableSoup(r: Rng, b: Uint8Array): Uint8Array {
  // Row labels everywhere: every line gets a random label of the form prefixed.
  const labels = ['一、本年新收政府信息公开申请数量', '（七）总计', '结转下年度', '行政复议', '复议后起诉', '（一）予以公开', '三、本年度办理结果'];
  return join(lines(b).map((l) => (r() < 0.3 ? `${pick(r, labels)}\t${l}` : l)));
}

// ---------------------------------------------------------------------------------------------- markup mutations

function deepHtml(r: Rng, b: Uint8Array): Uint8Array {
  const tag = pick(r, ['div', 'table', 'td', 'tr', 'span', 'script', 'p']);
  const n = int(r, 10_000, 200_000);
  const s = dec.decode(b);
  const at = int(r, 0, s.length);
  return enc.encode(s.slice(0, at) + `<${tag}>`.repeat(n) + '1' + (r() < 0.5 ? `</${tag}>`.repeat(n) : '') + s.slice(at));
}

function tagSoup(r: Rng, b: Uint8Array): Uint8Array {
  const bits = ['<td>', '</td>', '<tr>', '</tr>', '<table>', '</table>', '<td rowspan=999999>', '<td colspan=-1>', '&#x0;', '&#99999999;', '<!--', '<![CDATA[', '<script>', '</script>'];
  const s = dec.decode(b);
  let out = '';
  for (let i = 0; i < s.length; i++) out += r() < 0.01 ? pick(r, bits) + s[i] : s[i];
  return enc.encode(out);
}

/** A .docx rebuilt with its document.xml changed (the zip itself intact). */
function docxWith(b: Uint8Array, change: (xml: string) => string): Uint8Array {
  const files = unzipSync(b);
  const xml = files['word/document.xml'] ? dec.decode(files['word/document.xml']) : '';
  files['word/document.xml'] = strToU8(change(xml));
  return zipSync(files);
}

function docxXmlMutation(r: Rng, b: Uint8Array): Uint8Array {
  const which = int(r, 0, 3);
  return docxWith(b, (xml) => {
    switch (which) {
      case 0: // cut the XML short
        return xml.slice(0, int(r, 0, xml.length));
      case 1: // tables nested deep
        return xml.replace('<w:body>', '<w:body>' + '<w:tbl><w:tr><w:tc>'.repeat(int(r, 1_000, 50_000)));
      case 2: // cells shuffled
        return xml.replace(/<w:tc>[\s\S]*?<\/w:tc>/g, (m) => (r() < 0.2 ? '' : r() < 0.2 ? m + m : m));
      default: // vMerge everywhere
        return xml.replace(/<w:tcPr>/g, '<w:tcPr><w:vMerge/>');
    }
  });
}

// -------------------------------------------------------------------------------------------------- the cases

type Mutator = (r: Rng, b: Uint8Array) => Uint8Array;

/** Mutations per kind of source, each with a weight (the 1 MB lines and floods are slow: rarer, but always there). */
const MUTATORS: Record<Kind, [string, Mutator, number][]> = {
  text: [
    ['truncate', truncate, 3],
    ['flip', flip, 3],
    ['cut', cutRange, 2],
    ['repeat', repeatRange, 1],
    ['zero', zeroRange, 2],
    ['junk', junkInsert, 2],
    ['delete-lines', deleteLines, 3],
    ['shuffle-lines', shuffleLines, 3],
    ['giant-numbers', giantNumbers, 1],
    ['mega-line', megaLine, 0.3],
    ['blank-flood', blankFlood, 0.4],
    ['unicode', unicodeOdd, 2],
    ['crlf', crlf, 1],
    ['utf16', utf16, 1],
    ['table-soup', tableSoup, 2],
  ],
  pdf: [
    ['truncate', truncate, 1],
    ['flip', flip, 1],
    ['cut', cutRange, 1],
    ['repeat', repeatRange, 1],
    ['zero', zeroRange, 1],
    ['junk', junkInsert, 1],
  ],
  html: [
    ['truncate', truncate, 1],
    ['flip', flip, 1],
    ['cut', cutRange, 1],
    ['zero', zeroRange, 1],
    ['junk', junkInsert, 1],
    ['deep', deepHtml, 1],
    ['tag-soup', tagSoup, 2],
    ['delete-lines', deleteLines, 1],
    ['giant-numbers', giantNumbers, 1],
  ],
  docx: [
    ['truncate', truncate, 1],
    ['flip', flip, 1],
    ['cut', cutRange, 1],
    ['zero', zeroRange, 1],
    ['junk', junkInsert, 1],
    ['xml', docxXmlMutation, 3],
  ],
};

function weighted<T extends readonly unknown[]>(r: Rng, xs: readonly T[], weight: (x: T) => number): T {
  let x = r() * xs.reduce((a, t) => a + weight(t), 0);
  for (const t of xs) {
    x -= weight(t);
    if (x < 0) return t;
  }
  return xs[xs.length - 1];
}

/** Share of random cases per kind of source (PDFs are slow to read; text is where the parser is exercised). */
const KIND_WEIGHTS: [Kind, number][] = [
  ['text', 0.78],
  ['pdf', 0.08],
  ['html', 0.07],
  ['docx', 0.07],
];

function junk(r: Rng, n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = int(r, 0, 255);
  return b;
}

/** A .docx whose document.xml inflates to `mb` megabytes (a zip bomb of zeros-like XML). */
function inflatingDocx(mb: number): Uint8Array {
  const xml = new Uint8Array(mb * 1_048_576).fill(0x20);
  xml.set(strToU8('<w:document><w:body><w:p><w:r><w:t>'));
  return zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': [xml, { level: 9 }] });
}

let specials: { name: string; label: string; make: () => Uint8Array }[] | null = null;

/** Fixed cases, run first in every run. */
function specialCases(): { name: string; label: string; make: () => Uint8Array }[] {
  const src = sources!;
  const seed = (i: number) => dec.decode(src.text[i].bytes);
  specials ??= [
    ...['empty.pdf', 'empty.txt', 'empty.docx', 'empty.html', 'empty', 'empty.doc'].map((name) => ({ name, label: 'zero bytes', make: () => new Uint8Array() })),
    ...['junk.pdf', 'junk.txt', 'junk.docx', 'junk.html', 'junk.htm', 'junk.wps', 'junk'].map((name, i) => ({
      name,
      label: 'binary junk',
      make: () => junk(rng(900 + i), 200_000),
    })),
    { name: 'pdf-header-junk.pdf', label: '%PDF- then junk', make: () => concat([enc.encode('%PDF-1.7\n'), junk(rng(1), 100_000)]) },
    { name: 'zip-junk.docx', label: 'zip magic then junk', make: () => concat([new Uint8Array([0x50, 0x4b, 0x03, 0x04]), junk(rng(2), 50_000)]) },
    { name: 'report-300-pages.pdf', label: '300-page PDF: a report, then 298 pages of prose', make: () => textPdf(seed(0), { extraPages: 298 }) },
    { name: 'prose-300-pages.pdf', label: '300-page PDF without a report', make: () => prosePdf(300) },
    { name: 'huge-image.pdf', label: 'one page, one 8000 × 8000 image', make: () => hugeImagePdf(8000) },
    { name: 'report.pdf', label: 'a report written as PDF', make: () => textPdf(seed(1)) },
    { name: 'mega-line.txt', label: '1 MB line of digits', make: () => enc.encode(seed(1) + '\n' + '7'.repeat(1_048_576)) },
    { name: 'mega-line-cjk.txt', label: '1 MB line of a row label', make: () => enc.encode('本年新收政府信息公开申请数量'.repeat(25_000) + '\n' + seed(3)) },
    { name: 'mega-line-tabs.txt', label: '1 MB line of empty cells', make: () => enc.encode(seed(4).replace('\n', '\n' + '\t'.repeat(1_048_576) + '\n')) },
    { name: 'big-text.txt', label: '20 MB of prose around a report', make: () => enc.encode('本年度各项工作稳步推进。'.repeat(600_000) + seed(2)) },
    { name: 'bomb.docx', label: '.docx whose document.xml inflates to 300 MB', make: () => inflatingDocx(300) },
    { name: 'deep.html', label: '200,000 nested <table> tags', make: () => enc.encode('<html><body>' + '<table><tr><td>'.repeat(200_000) + '1</body></html>') },
    { name: 'pdf-as.txt', label: 'a PDF named .txt', make: () => src.pdf[0].bytes },
    { name: 'docx-as.pdf', label: 'a .docx named .pdf', make: () => src.docx[0].bytes },
    { name: 'html-as.docx', label: 'a web page named .docx', make: () => src.html[0].bytes },
  ];
  return specials;
}

export const SPECIAL_COUNT = (): number => {
  sources ??= loadSources();
  return specialCases().length;
};

/** Case `index` of the run seeded `seed`. */
export function caseAt(index: number, seed: number): FuzzCase {
  sources ??= loadSources();
  const sp = specialCases();
  if (index < sp.length) {
    const s = sp[index];
    return { index, name: s.name, label: s.label, bytes: s.make() };
  }
  const r = rng((seed * 1_000_003 + index) >>> 0);
  const [kind] = weighted(r, KIND_WEIGHTS, (k) => k[1]);
  const src = pick(r, sources[kind]);
  const steps = r() < 0.7 ? 1 : int(r, 2, 3);
  let bytes = src.bytes;
  const done: string[] = [];
  for (let k = 0; k < steps; k++) {
    const [name, m] = weighted(r, MUTATORS[kind], (x) => x[2]);
    try {
      bytes = m(r, bytes);
    } catch {
      // A structural mutation needs an intact file (a .docx already cut short cannot be unzipped): skip it.
      continue;
    }
    done.push(name);
  }
  const base = src.name.split('/').pop()!;
  return { index, name: `${index}_${base}`, label: `${src.name}: ${done.join('+') || 'unchanged'}`, bytes };
}

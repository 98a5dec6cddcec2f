/**
 * A tiny PDF writer for the robustness tests: pages of text (any Unicode, through one non-embedded Type0 font
 * whose ToUnicode CMap gives pdf.js the text) and, optionally, one huge image per page. Enough to make a
 * 300-page document, a report followed by hundreds of pages, or a page that is one 8000 × 8000 image, without a
 * new dependency (qpdf is not on CI). The glyphs have no outlines; only the text layer matters here.
 */
import { deflateSync } from 'node:zlib';

export interface PdfText {
  /** Left edge and baseline in points from the bottom-left corner. */
  x: number;
  y: number;
  text: string;
  /** Font size in points. @default 10 */
  size?: number;
}

export interface PdfPage {
  /** @default 595 (A4) */
  width?: number;
  /** @default 842 (A4) */
  height?: number;
  texts: PdfText[];
  /** Draw the document's image over the whole page. */
  image?: boolean;
}

export interface PdfDocument {
  pages: PdfPage[];
  /** A DeviceGray, 8-bit image shared by the pages that draw one (its pixels are all black). */
  image?: { width: number; height: number };
}

const enc = new TextEncoder();

/** The document as bytes, with a correct cross-reference table. */
export function writePdf(doc: PdfDocument): Uint8Array {
  // Every distinct character gets a 2-byte CID (Identity-H); ToUnicode maps it back.
  const cids = new Map<string, number>();
  for (const p of doc.pages)
    for (const t of p.texts) for (const ch of t.text) if (!cids.has(ch)) cids.set(ch, cids.size + 1);
  if (cids.size > 0xfffe) throw new RangeError('writePdf: too many distinct characters');

  const objects: (string | Uint8Array)[] = [];
  const add = (body: string | Uint8Array): number => objects.push(body);
  const stream = (dict: string, data: Uint8Array): Uint8Array =>
    concat([enc.encode(`<< ${dict} /Length ${data.length} >>\nstream\n`), data, enc.encode('\nendstream')]);

  const catalog = add('');
  const pagesObj = add('');
  const descriptor = add(
    '<< /Type /FontDescriptor /FontName /FuzzSans /Flags 4 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>',
  );
  const cidFont = add(
    `<< /Type /Font /Subtype /CIDFontType2 /BaseFont /FuzzSans /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor ${descriptor} 0 R /DW 1000 /CIDToGIDMap /Identity >>`,
  );
  const toUnicode = add(stream('', enc.encode(toUnicodeCMap(cids))));
  const font = add(
    `<< /Type /Font /Subtype /Type0 /BaseFont /FuzzSans /Encoding /Identity-H /DescendantFonts [${cidFont} 0 R] /ToUnicode ${toUnicode} 0 R >>`,
  );
  let image = 0;
  if (doc.image) {
    const { width, height } = doc.image;
    const pixels = deflateSync(new Uint8Array(width * height), { level: 9 });
    image = add(
      stream(`/Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode`, pixels),
    );
  }
  const kids: number[] = [];
  for (const p of doc.pages) {
    const w = p.width ?? 595;
    const h = p.height ?? 842;
    let content = '';
    if (p.image && image) content += `q ${w} 0 0 ${h} 0 0 cm /Im1 Do Q\n`;
    for (const t of p.texts) {
      let hex = '';
      for (const ch of t.text) hex += cids.get(ch)!.toString(16).padStart(4, '0');
      content += `BT /F1 ${t.size ?? 10} Tf 1 0 0 1 ${t.x.toFixed(2)} ${t.y.toFixed(2)} Tm <${hex}> Tj ET\n`;
    }
    const data = deflateSync(enc.encode(content));
    const contents = add(stream('/Filter /FlateDecode', data));
    const xobj = p.image && image ? ` /XObject << /Im1 ${image} 0 R >>` : '';
    kids.push(
      add(`<< /Type /Page /Parent ${pagesObj} 0 R /MediaBox [0 0 ${w} ${h}] /Resources << /Font << /F1 ${font} 0 R >>${xobj} >> /Contents ${contents} 0 R >>`),
    );
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesObj} 0 R >>`;
  objects[pagesObj - 1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;

  const parts: Uint8Array[] = [enc.encode('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n')];
  let offset = parts[0].length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(offset);
    const b = concat([enc.encode(`${i + 1} 0 obj\n`), typeof body === 'string' ? enc.encode(body) : body, enc.encode('\nendobj\n')]);
    parts.push(b);
    offset += b.length;
  });
  let xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) xref += `${String(o).padStart(10, '0')} 00000 n \n`;
  xref += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R >>\nstartxref\n${offset}\n%%EOF\n`;
  parts.push(enc.encode(xref));
  return concat(parts);
}

function toUnicodeCMap(cids: Map<string, number>): string {
  const hex4 = (n: number) => n.toString(16).padStart(4, '0');
  const utf16 = (ch: string) => {
    let s = '';
    for (let i = 0; i < ch.length; i++) s += hex4(ch.charCodeAt(i));
    return s;
  };
  const entries = [...cids.entries()];
  let body = '';
  for (let i = 0; i < entries.length; i += 100) {
    const chunk = entries.slice(i, i + 100);
    body += `${chunk.length} beginbfchar\n${chunk.map(([ch, cid]) => `<${hex4(cid)}> <${utf16(ch)}>`).join('\n')}\nendbfchar\n`;
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Fuzz-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange',
    body + 'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
}

/** The parts one after another in one array. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Text laid out as a PDF table: each line of `text` is a row; its leading label cells are drawn as one label at the
 * left, the value cells after them (numbers, `/`, blanks) on a fixed grid of columns, so rows line up as in a
 * printed form. `linesPerPage` rows per page, then `extraPages` pages of filler prose.
 */
export function textPdf(text: string, opts: { linesPerPage?: number; extraPages?: number; filler?: string; size?: number } = {}): Uint8Array {
  const perPage = opts.linesPerPage ?? 48;
  const size = opts.size ?? 8;
  const lines = text.split(/\r?\n/);
  const isValue = (c: string) => /^\s*([-+]?[\d.,]+|\/|-|无)?\s*$/.test(c);
  const pages: PdfPage[] = [];
  for (let i = 0; i < lines.length; i += perPage) {
    const texts: PdfText[] = [];
    lines.slice(i, i + perPage).forEach((line, row) => {
      const y = 800 - row * 16;
      const cells = line.split('\t');
      let first = cells.length;
      while (first > 0 && isValue(cells[first - 1])) first--;
      const label = cells.slice(0, first).map((c) => c.trim()).filter(Boolean).join(' ');
      const values = cells.slice(first);
      while (values.length && !values[values.length - 1].trim()) values.pop();
      if (label) texts.push({ x: 30, y, text: label, size });
      const x0 = label ? 300 : 30;
      const step = label ? 38 : 36;
      values.forEach((v, j) => {
        if (v.trim()) texts.push({ x: x0 + j * step, y, text: v.trim(), size });
      });
    });
    pages.push({ texts });
  }
  const filler = opts.filler ?? '附件：本年度政府信息公开工作的其他说明材料，供参考。';
  for (let p = 0; p < (opts.extraPages ?? 0); p++)
    pages.push({ texts: Array.from({ length: perPage }, (_, row) => ({ x: 30, y: 800 - row * 16, text: `${p + 1}-${row + 1} ${filler}`, size })) });
  return writePdf({ pages });
}

/** `pages` pages of prose, none of them a report (a reader gives up after its page limit). */
export function prosePdf(pages: number, opts: { linesPerPage?: number; itemsPerLine?: number } = {}): Uint8Array {
  const perPage = opts.linesPerPage ?? 40;
  const items = opts.itemsPerLine ?? 1;
  const sentence = '本页为附件材料，记载会议纪要与工作安排，不含年报表格。';
  return writePdf({
    pages: Array.from({ length: pages }, (_, p) => ({
      texts: Array.from({ length: perPage * items }, (_, k) => {
        const row = Math.floor(k / items);
        const col = k % items;
        return { x: 30 + col * (540 / items), y: 800 - row * 19, text: items > 1 ? sentence.slice(col % 20, (col % 20) + 3) : `第${p + 1}页 ${sentence}`, size: 9 };
      }),
    })),
  });
}

/** One page that is a single `side` × `side` image, with no text at all. */
export function hugeImagePdf(side = 8000): Uint8Array {
  return writePdf({ pages: [{ texts: [], image: true }], image: { width: side, height: side } });
}

/**
 * A report as a PDF that pdf.js can read only with the GB CMaps it fetches while parsing: the offline test
 * imports it with the network off, the robustness tests hold that fetch to keep a file's parse running.
 */

/**
 * A report as a one-page PDF whose text uses the predefined CMap UniGB-UCS2-H with STSong-Light, not embedded
 * (as some GB-style producers write it): pdf.js can read its characters only with the GB CMaps. Each tab-separated
 * cell is placed at its own x; one tall page, so no running header or page break is involved.
 */
export function cmapReportPdf(text) {
  const rows = [];
  for (const line of text.split('\n')) {
    const cells = line.split('\t');
    if (cells.length === 1 && cells[0].length > 60) for (let i = 0; i < cells[0].length; i += 60) rows.push([cells[0].slice(i, i + 60)]);
    else rows.push(cells);
  }
  const hex = (s) => '<' + Array.from(s, (c) => c.codePointAt(0).toString(16).padStart(4, '0')).join('') + '>';
  const W = 900;
  const H = 80 + rows.length * 17;
  const ops = [];
  rows.forEach((cells, j) =>
    cells.forEach((c, k) => {
      if (!c) return;
      const x = cells.length >= 10 ? 30 + 56 * k : k === 0 ? 30 : 330 + 34 * (k - 1);
      ops.push(`BT /F1 8 Tf 1 0 0 1 ${x} ${H - 40 - j * 17} Tm ${hex(c)} Tj ET`);
    }),
  );
  const content = ops.join('\n');
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [6 0 R] /Count 1 >>',
    '<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [4 0 R] >>',
    '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 5 0 R /DW 1000 >>',
    '<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${W} ${H}] /Resources << /Font << /F1 3 0 R >> >> /Contents 7 0 R >>`,
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
  ];
  let out = '%PDF-1.4\n';
  const offsets = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n` + offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/**
 * Word .docx → parser text: fflate unzips word/document.xml (small and fast, works in workers and Node),
 * htmlparser2 in XML mode walks paragraphs and tables; `TableText` builds the rows. A vertically merged cell's
 * continuation adds no cell. Pure.
 */
import { unzipSync } from 'fflate';
import { Parser } from 'htmlparser2';
import { TableText } from './table-text.ts';

export class DocxError extends Error {
  override name = 'DocxError';
}

export function docxToText(bytes: Uint8Array): string {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (f) => f.name === 'word/document.xml' });
  } catch (e) {
    throw new DocxError(`zip: ${(e as Error).message}`);
  }
  const xml = files['word/document.xml'];
  if (!xml) throw new DocxError('no word/document.xml');
  return documentXmlToText(new TextDecoder('utf-8').decode(xml));
}

export function documentXmlToText(xml: string): string {
  const out = new TableText();
  let inText = false;
  let cellMerge: 'none' | 'continue' = 'none';
  let pendingCell = false;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        switch (name) {
          case 'w:tbl':
            out.openTable();
            break;
          case 'w:tr':
            out.openRow();
            break;
          case 'w:tc':
            // Whether this cell continues a vertical merge is only known from its properties: open it lazily.
            pendingCell = true;
            cellMerge = 'none';
            break;
          case 'w:vmerge':
            if (pendingCell && attrs['w:val'] !== 'restart') cellMerge = 'continue';
            break;
          case 'w:t':
            inText = true;
            break;
          case 'w:tab':
            if (!pendingCell) out.text(' ');
            break;
          case 'w:br':
          case 'w:cr':
            out.breakLine();
            break;
          case 'w:p':
          case 'w:r':
            if (pendingCell) {
              out.openCell(cellMerge === 'continue');
              pendingCell = false;
            }
            break;
        }
      },
      ontext(text) {
        if (inText) out.text(text);
      },
      onclosetag(name) {
        switch (name) {
          case 'w:t':
            inText = false;
            break;
          case 'w:p':
            out.breakLine();
            break;
          case 'w:tc':
            if (pendingCell) out.openCell(cellMerge === 'continue');
            pendingCell = false;
            out.closeCell();
            break;
          case 'w:tr':
            out.closeRow();
            break;
          case 'w:tbl':
            out.closeTable();
            break;
        }
      },
    },
    { xmlMode: true, decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(xml);
  parser.end();
  return out.finish();
}

/**
 * Word .docx → parser text: fflate unzips word/document.xml (small and fast, works in workers and Node),
 * htmlparser2 in XML mode walks paragraphs and tables; `TableText` builds the rows. A vertically merged cell's
 * continuation adds no cell. Pure.
 */
import { unzipSync } from 'fflate';
import { Parser } from 'htmlparser2';
import { MAX_MARKUP_DEPTH, STOP_READING, TableText, type MarkupNotes } from './table-text.ts';
import { MAX_FILE_BYTES } from './types.ts';

export class DocxError extends Error {
  override name = 'DocxError';
  /** `too_large`: word/document.xml would unpack to more than MAX_FILE_BYTES. */
  constructor(
    message: string,
    readonly code: 'invalid' | 'too_large' = 'invalid',
  ) {
    super(message);
  }
}

export function docxToText(bytes: Uint8Array, notes: MarkupNotes = {}): string {
  let files: Record<string, Uint8Array>;
  let unpacked = 0;
  try {
    // fflate never writes more than the size the archive declares, so checking it bounds the memory a small
    // archive can claim (a .docx of 300 kB that unpacks to 300 MB of XML took 7 s and 1 GB: found by `npm run fuzz`).
    files = unzipSync(bytes, {
      filter: (f) => {
        if (f.name !== 'word/document.xml') return false;
        unpacked = f.originalSize;
        return f.originalSize <= MAX_FILE_BYTES;
      },
    });
  } catch (e) {
    throw new DocxError(`zip: ${(e as Error).message}`);
  }
  if (unpacked > MAX_FILE_BYTES) throw new DocxError(`word/document.xml unpacks to ${unpacked} bytes`, 'too_large');
  const xml = files['word/document.xml'];
  if (!xml) throw new DocxError('no word/document.xml');
  return documentXmlToText(new TextDecoder('utf-8').decode(xml), notes);
}

export function documentXmlToText(xml: string, notes: MarkupNotes = {}): string {
  const out = new TableText();
  let depth = 0;
  let inText = false;
  let cellMerge: 'none' | 'continue' = 'none';
  let pendingCell = false;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (++depth > MAX_MARKUP_DEPTH) throw STOP_READING;
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
        depth--;
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
  try {
    parser.write(xml);
    parser.end();
  } catch (e) {
    if (e !== STOP_READING) throw e;
    notes.tooDeep = true;
  }
  return out.finish();
}

/**
 * Saved web pages → parser text. htmlparser2 (a forgiving streaming parser that runs in workers and Node, where
 * DOMParser does not exist) walks the markup; `TableText` turns tables into tab-separated rows. Scripts, styles
 * and hidden chrome are skipped. Pure.
 */
import { Parser } from 'htmlparser2';
import { MAX_MARKUP_DEPTH, STOP_READING, TableText, type MarkupNotes } from './table-text.ts';

const BLOCK = new Set([
  'p', 'div', 'br', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'section', 'article', 'header', 'footer',
  'nav', 'blockquote', 'pre', 'title', 'dd', 'dt', 'hr', 'caption', 'form', 'center', 'main', 'aside',
]);
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'svg', 'object', 'iframe', 'select', 'button']);

export function htmlToText(html: string, notes: MarkupNotes = {}): string {
  const out = new TableText();
  let skipDepth = 0;
  // Mirrors htmlparser2's stack of open elements: it reports implied and void closes as close tags too.
  let depth = 0;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (++depth > MAX_MARKUP_DEPTH) throw STOP_READING;
        if (SKIP.has(name)) {
          skipDepth++;
          return;
        }
        if (skipDepth) return;
        if (name === 'table') out.openTable();
        else if (name === 'tr') out.openRow();
        else if (name === 'td' || name === 'th') out.openCell();
        else if (BLOCK.has(name)) out.breakLine();
        void attrs;
      },
      ontext(text) {
        if (!skipDepth) out.text(text);
      },
      onclosetag(name) {
        depth--;
        if (SKIP.has(name)) {
          skipDepth = Math.max(0, skipDepth - 1);
          return;
        }
        if (skipDepth) return;
        if (name === 'table') out.closeTable();
        else if (name === 'tr') out.closeRow();
        else if (name === 'td' || name === 'th') out.closeCell();
        else if (BLOCK.has(name)) out.breakLine();
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true },
  );
  try {
    parser.write(html);
    parser.end();
  } catch (e) {
    if (e !== STOP_READING) throw e;
    notes.tooDeep = true;
  }
  return out.finish();
}

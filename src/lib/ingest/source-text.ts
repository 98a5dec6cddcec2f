/**
 * The text the parser read for a stored original (text, web page, Word), so the app can show the line a value came
 * from. Deterministic: the same bytes give the same text, so the stored offsets and line numbers still apply.
 */
import { decodeText } from '../parse/decode.ts';
import { normalizeText } from '../parse/normalize.ts';
import { docxToText } from './docx.ts';
import { htmlToText } from './html.ts';

export function sourceLines(kind: string | undefined, bytes: Uint8Array): string[] {
  let text: string;
  if (kind === 'html') text = htmlToText(decodeText(bytes).text);
  else if (kind === 'docx') text = docxToText(bytes);
  else text = decodeText(bytes).text;
  return normalizeText(text).split('\n');
}

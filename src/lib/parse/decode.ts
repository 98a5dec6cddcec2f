/**
 * Bytes of a text file to a string, detecting the encoding: a BOM (UTF-8, UTF-16 LE/BE), else UTF-8 if the
 * bytes are valid UTF-8, else UTF-16 if every other byte is zero, else GB18030 (a superset of GBK and GB2312,
 * which `TextDecoder` supports in browsers and in Node). Pure (TextDecoder is ES, not DOM).
 */

export interface Decoded {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';
  /** The decoder met bytes it could not map (replaced with U+FFFD). */
  lossy: boolean;
}

export function decodeText(bytes: Uint8Array): Decoded {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return finish(new TextDecoder('utf-8').decode(bytes.subarray(3)), 'utf-8');
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe)
    return finish(new TextDecoder('utf-16le').decode(bytes.subarray(2)), 'utf-16le');
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff)
    return finish(new TextDecoder('utf-16be').decode(bytes.subarray(2)), 'utf-16be');
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8', lossy: false };
  } catch {
    // not UTF-8
  }
  const utf16 = guessUtf16(bytes);
  if (utf16) return finish(new TextDecoder(utf16).decode(bytes), utf16);
  return finish(new TextDecoder('gb18030').decode(bytes), 'gb18030');
}

function finish(text: string, encoding: Decoded['encoding']): Decoded {
  return { text, encoding, lossy: text.includes('\ufffd') };
}

/**
 * UTF-16 without BOM. Neither UTF-8 nor GB18030 text ever holds a zero byte, while UTF-16 text with any ASCII
 * (digits, line breaks: every report has them) has zeros in every other position.
 */
function guessUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length - (bytes.length % 2), 65536);
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  if (evenZero + oddZero < Math.max(2, n * 0.005)) return null;
  return oddZero >= evenZero ? 'utf-16le' : 'utf-16be';
}

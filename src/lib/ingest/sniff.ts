/**
 * What a dropped file is, from its first bytes (like squoosh's sniffMimeType) and, only where bytes cannot tell,
 * its name. Pure.
 */
import type { InputKind } from './types.ts';

export type Sniffed =
  | { kind: InputKind }
  | { kind: 'unsupported'; what: 'doc' | 'image' | 'zip' | 'binary' | 'xlsx' | 'other'; message: string };

const starts = (b: Uint8Array, sig: number[], at = 0) => sig.every((x, i) => b[at + i] === x);

function findAscii(b: Uint8Array, s: string, limit: number): number {
  const n = Math.min(b.length - s.length, limit);
  outer: for (let i = 0; i <= n; i++) {
    for (let j = 0; j < s.length; j++) if (b[i + j] !== s.charCodeAt(j)) continue outer;
    return i;
  }
  return -1;
}

const SAVE_AS = '请另存为 PDF 或 .docx 后再导入';

export function sniff(bytes: Uint8Array, name: string): Sniffed {
  const ext = (/\.([a-z0-9]+)$/i.exec(name)?.[1] ?? '').toLowerCase();
  // PDF: the header may follow a little junk (the spec allows it within the first 1024 bytes).
  if (findAscii(bytes, '%PDF-', 1024) >= 0) return { kind: 'pdf' };
  if (starts(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))
    return { kind: 'unsupported', what: 'doc', message: `这是旧版 Word/WPS 文件（.doc/.wps），无法直接读取，${SAVE_AS}` };
  if (starts(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    if (findAscii(bytes, 'word/', 4096) >= 0 || ext === 'docx') return { kind: 'docx' };
    if (findAscii(bytes, 'xl/', 4096) >= 0)
      return { kind: 'unsupported', what: 'xlsx', message: `这是 Excel 表格，不是年报文件，${SAVE_AS}` };
    return { kind: 'unsupported', what: 'zip', message: '这是压缩包，请解压后导入其中的年报文件' };
  }
  if (
    starts(bytes, [0x89, 0x50, 0x4e, 0x47]) ||
    starts(bytes, [0xff, 0xd8, 0xff]) ||
    starts(bytes, [0x47, 0x49, 0x46, 0x38]) ||
    starts(bytes, [0x42, 0x4d]) ||
    starts(bytes, [0x49, 0x49, 0x2a, 0x00]) ||
    starts(bytes, [0x4d, 0x4d, 0x00, 0x2a]) ||
    (starts(bytes, [0x52, 0x49, 0x46, 0x46]) && starts(bytes, [0x57, 0x45, 0x42, 0x50], 8))
  )
    return { kind: 'unsupported', what: 'image', message: `这是图片，本工具无法离线识别图片中的文字，${SAVE_AS}` };
  if (ext === 'doc' || ext === 'wps')
    return { kind: 'unsupported', what: 'doc', message: `无法读取 .${ext} 文件，${SAVE_AS}` };
  if (ext === 'pdf') return { kind: 'pdf' }; // damaged: let the PDF reader say what is wrong
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096)).toLowerCase();
  if (/<!doctype html|<html[\s>]|<body[\s>]|<table[\s>]|<meta[^>]+charset/.test(head) || ext === 'html' || ext === 'htm')
    return { kind: 'html' };
  if (looksBinary(bytes))
    return { kind: 'unsupported', what: 'binary', message: '文件内容不是文字、PDF、网页或 Word 文档，无法读取' };
  return { kind: 'text' };
}

/** Control bytes other than tab/CR/LF/FF in the first 4 KB, outside UTF-16 zero patterns. */
function looksBinary(b: Uint8Array): boolean {
  const n = Math.min(b.length, 4096);
  if (n === 0) return false;
  let zeros = 0;
  let ctrl = 0;
  for (let i = 0; i < n; i++) {
    const x = b[i];
    if (x === 0) zeros++;
    else if (x < 9 || (x > 13 && x < 32 && x !== 27)) ctrl++;
  }
  // UTF-16 text has zeros in every other byte and no other control bytes.
  if (zeros > 0 && ctrl === 0 && zeros <= n / 2 + 1) return false;
  return ctrl > n * 0.02 || zeros > 0;
}

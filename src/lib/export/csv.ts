/**
 * RFC 4180 CSV: writing (UTF-8 BOM, CRLF, quotes only where needed) and strict reading with line numbers.
 * Reading accepts what Excel and other tools produce on re-saving (CRLF, LF or CR line breaks, every cell
 * quoted, `;` or tab as separator) and refuses what it cannot read for certain (an unclosed quote, text after a
 * closing quote), so an import never goes on with a guess. Pure.
 */

/** Byte order mark: Excel on Chinese Windows reads a CSV as UTF-8 only when it starts with one. */
export const BOM = '\ufeff';

const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(s: string): string {
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows → CSV text: BOM, cells quoted where needed, every row ended by CRLF. */
export function writeCsv(rows: readonly (readonly string[])[]): string {
  let out = BOM;
  for (const row of rows) out += row.map(csvCell).join(',') + '\r\n';
  return out;
}

export interface CsvRecord {
  cells: string[];
  /** 1-based line of the file where the record starts. */
  line: number;
}

export type CsvParse = { ok: true; records: CsvRecord[]; delimiter: string } | { ok: false; line: number; message: string };

/** The separator of the first line: `,` if it has one outside quotes, else tab, else `;`, else `,`. */
export function detectDelimiter(text: string): string {
  let quoted = false;
  const seen = new Set<string>();
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && (ch === ',' || ch === '\t' || ch === ';')) seen.add(ch);
  }
  return seen.has(',') ? ',' : seen.has('\t') ? '\t' : seen.has(';') ? ';' : ',';
}

/** Text (without BOM) → records. A record that is one empty cell (a blank line) is kept; callers skip it. */
export function parseCsv(text: string, delimiter = detectDelimiter(text)): CsvParse {
  const records: CsvRecord[] = [];
  const n = text.length;
  let line = 1;
  let i = 0;
  while (i < n) {
    const recLine = line;
    const cells: string[] = [];
    for (;;) {
      // One cell starts at i.
      if (text[i] === '"') {
        const openLine = line;
        let value = '';
        let j = i + 1;
        for (;;) {
          const q = text.indexOf('"', j);
          if (q < 0) return { ok: false, line: openLine, message: `第 ${openLine} 行：引号没有闭合（文件可能不完整）` };
          const chunk = text.slice(j, q);
          line += countBreaks(chunk);
          value += chunk;
          if (text[q + 1] === '"') {
            value += '"';
            j = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
        cells.push(value);
        const ch = text[i];
        if (i < n && ch !== delimiter && ch !== '\r' && ch !== '\n')
          return { ok: false, line, message: `第 ${line} 行：引号后面紧跟着其他字符，无法确定单元格内容` };
      } else {
        let j = i;
        while (j < n) {
          const ch = text[j];
          if (ch === delimiter || ch === '\r' || ch === '\n') break;
          if (ch === '"') return { ok: false, line, message: `第 ${line} 行：未加引号的单元格中出现引号` };
          j++;
        }
        cells.push(text.slice(i, j));
        i = j;
      }
      if (i < n && text[i] === delimiter) {
        i++;
        continue;
      }
      break;
    }
    // End of record: a line break (CRLF, LF or CR) or the end of the text.
    if (text[i] === '\r') i += text[i + 1] === '\n' ? 2 : 1;
    else if (text[i] === '\n') i++;
    line++;
    records.push({ cells, line: recLine });
  }
  return { ok: true, records, delimiter };
}

function countBreaks(s: string): number {
  let k = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10) k++;
    else if (c === 13) {
      k++;
      if (s.charCodeAt(i + 1) === 10) i++;
    }
  }
  return k;
}

/** A record holding nothing but empty cells (a blank line, or `,,,` that Excel writes for an empty row). */
export const isEmptyRecord = (r: CsvRecord): boolean => r.cells.every((c) => c === '');

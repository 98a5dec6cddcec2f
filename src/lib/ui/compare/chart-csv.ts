/**
 * A chart's data table (ChartSpec.table) as a CSV file for Excel and pandas, and safe download names. Pure.
 * Same conventions as the library export (export/csv.ts, export/cells.ts): UTF-8 with BOM, CRLF, RFC 4180 quoting;
 * numbers written as numbers, no value as an empty cell, and text that a spreadsheet could run as a formula
 * (`= + - @`, tab, CR) behind one leading `'`.
 */
import { writeCsv } from '../../export/csv.ts';
import { encodeText } from '../../export/cells.ts';
import type { TableCell } from '../charts/chart-config.ts';

export function tableCell(c: TableCell): string {
  if (c === null) return '';
  if (typeof c === 'number') return Number.isFinite(c) ? String(c) : '';
  return encodeText(c);
}

export function chartTableCsv(table: readonly (readonly TableCell[])[]): string {
  return writeCsv(table.map((row) => row.map(tableCell)));
}

/** A file name from a chart title: characters Windows, macOS or Linux refuse replaced by _, at most 80 characters. */
export function safeFileName(title: string, ext: string): string {
  const base = [...title.replace(/[\\/:*?"<>|\u0000-\u001f\u007f]+/g, '_').replace(/\s+/g, ' ').trim()]
    .slice(0, 80)
    .join('')
    .replace(/^[.\s]+|[.\s]+$/g, '');
  return `${base || '图表'}.${ext}`;
}

/**
 * Saving an export on the user's machine: a Blob and a click on an `<a download>` (the only DOM code for
 * downloads; nothing leaves the browser). The file name is built here too, in a form every system accepts:
 * `年报数据_宽表_2026-11-23.csv`. Excluded from tsconfig.core.json (it uses the DOM); `exportFileName` is pure.
 */

/** What the user exports, as it reads in the file name. */
export const EXPORT_NAMES = {
  wide: { stem: '年报数据_宽表', ext: 'csv' },
  long: { stem: '年报数据_长表', ext: 'csv' },
  audit: { stem: '年报审核表', ext: 'csv' },
  json: { stem: '年报库', ext: 'json' },
} as const;

export type ExportKind = keyof typeof EXPORT_NAMES;

export const MIME = { csv: 'text/csv;charset=utf-8', json: 'application/json;charset=utf-8' } as const;

const pad = (n: number) => String(n).padStart(2, '0');

/** The local date as YYYY-MM-DD (the user's day, not UTC's). */
export const localDate = (d: Date): string => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/**
 * `年报数据_宽表_2026-11-23.csv`, or `年报数据_宽表_所选12份_2026-11-23.csv` for a selection: Chinese letters,
 * digits, `_`, `-` and `.` only, which Windows, macOS, Android and iOS all keep as they are.
 */
export function exportFileName(kind: ExportKind, date: Date, selected?: number): string {
  const { stem, ext } = EXPORT_NAMES[kind];
  return `${stem}${selected === undefined ? '' : `_所选${selected}份`}_${localDate(date)}.${ext}`;
}

/** Offer `text` as a file named `name`. */
export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked a minute later: the download starts from the click, but some browsers read the URL a little after it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

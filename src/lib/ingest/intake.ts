/**
 * What the user dropped or picked → a flat list of candidate report files: plain files, whole folders (directory
 * entries, read recursively) and .zip archives (unpacked). Hidden files and system folders are skipped. Browser
 * only.
 */

/** Unpacks a zip to its files (the app does it in a worker, away from the page). */
export type Unzipper = (bytes: Uint8Array) => Promise<Record<string, Uint8Array>>;

/**
 * Inside folders and archives only report files are taken (a folder of reports often holds spreadsheets, images,
 * notes); files picked one by one are all taken, so each gets its own message.
 */
export const REPORT_EXT = /\.(pdf|html?|docx|txt|doc|wps)$/i;

export interface Intake {
  files: IntakeFile[];
  /** Files inside folders or archives skipped because they are not report files by name. */
  skipped: number;
}

export interface IntakeFile {
  /** Display name: the path inside a folder or archive, else the file name. */
  name: string;
  /** Bytes are read lazily: a batch of hundreds of PDFs is never all in memory at once. */
  read: () => Promise<Uint8Array>;
  /** The file itself, when there is one: a worker can read it without the page touching the bytes. */
  blob?: Blob;
}

const SKIP = /(^|\/)(\.|__MACOSX\/|Thumbs\.db$|desktop\.ini$)/i;
const ZIP_NAME = /\.zip$/i;

function fromFile(file: File, path = file.webkitRelativePath || file.name): IntakeFile {
  // Not file.size: for files on disk Chromium may stat each one synchronously, which adds up over hundreds.
  return { name: path, blob: file, read: async () => new Uint8Array(await file.arrayBuffer()) };
}

/** Files from an <input type=file> (with or without webkitdirectory). */
export async function fromFileList(files: Iterable<File>, unzipper: Unzipper): Promise<Intake> {
  const out: Intake = { files: [], skipped: 0 };
  for (const f of files) await add(out, f, f.webkitRelativePath || f.name, !!f.webkitRelativePath, unzipper);
  return out;
}

async function add(out: Intake, f: File, path: string, inFolder: boolean, unzipper: Unzipper): Promise<void> {
  if (SKIP.test(path)) return;
  if (ZIP_NAME.test(f.name)) {
    const z = await fromZip(path, new Uint8Array(await f.arrayBuffer()), unzipper);
    out.files.push(...z.files);
    out.skipped += z.skipped;
  } else if (inFolder && !REPORT_EXT.test(f.name)) out.skipped++;
  else out.files.push(fromFile(f, path));
}

/** Files from a drop, folders included (DataTransferItem.webkitGetAsEntry). */
export async function fromDataTransfer(dt: DataTransfer, unzipper: Unzipper): Promise<Intake> {
  const entries: FileSystemEntry[] = [];
  const loose: File[] = [];
  for (const item of Array.from(dt.items ?? [])) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry?.();
    if (entry) entries.push(entry);
    else {
      const f = item.getAsFile();
      if (f) loose.push(f);
    }
  }
  if (!entries.length && !loose.length) return fromFileList(Array.from(dt.files ?? []), unzipper);
  const out: Intake = { files: [], skipped: 0 };
  for (const f of loose) await add(out, f, f.name, false, unzipper);
  for (const e of entries) {
    const files: File[] = [];
    const paths = new Map<File, string>();
    await walk(e, files, paths);
    for (const f of files) await add(out, f, paths.get(f) ?? f.name, e.isDirectory, unzipper);
  }
  return out;
}

async function walk(entry: FileSystemEntry, out: File[], paths: Map<File, string>): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((res, rej) => (entry as FileSystemFileEntry).file(res, rej));
    out.push(file);
    paths.set(file, entry.fullPath.replace(/^\//, ''));
    return;
  }
  if (!entry.isDirectory) return;
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  // readEntries returns the listing in batches (100 in Chromium) until an empty batch.
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((res, rej) => reader.readEntries(res, rej));
    if (!batch.length) break;
    for (const e of batch) await walk(e, out, paths);
  }
}

/** The report files inside a .zip. A damaged archive is one bad "file" with its own message, not a failed batch. */
export async function fromZip(zipName: string, bytes: Uint8Array, unzipper: Unzipper): Promise<Intake> {
  let files: Record<string, Uint8Array>;
  try {
    files = await unzipper(bytes);
  } catch {
    return { files: [{ name: zipName, read: async () => bytes }], skipped: 0 };
  }
  const names = Object.keys(files).filter((n) => !SKIP.test(n) && !n.endsWith('/'));
  const ok = names.filter((n) => REPORT_EXT.test(n) && files[n].length > 0).sort();
  return {
    files: ok.map((n) => ({ name: `${zipName}/${decodeName(n)}`, read: async () => files[n] })),
    skipped: names.length - ok.length,
  };
}

/** Zip entry names from Chinese Windows are often GBK bytes read as Latin-1 by fflate. */
export function decodeName(name: string): string {
  if (!/[\u0080-\u00ff]/.test(name) || /[\u0100-\uffff]/.test(name)) return name;
  const bytes = Uint8Array.from(name, (c) => c.charCodeAt(0));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

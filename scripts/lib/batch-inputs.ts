/**
 * The inputs of a batch: paths from the command line or stdin, directories walked recursively. A path named
 * explicitly is kept as given whatever its extension (it gets its own object, with an issue if it cannot be read);
 * in a directory only report files are taken, hidden files and folders are skipped, and the paths found are sorted
 * (code-point order) so that every run sees them in the same order.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Extensions taken from a directory. `.doc` and `.wps` are not readable, but a supervisor's folder holding one
 * should hear why (the object's issue says to save it as PDF or .docx) rather than have it silently left out.
 */
export const BATCH_EXTENSIONS = ['.pdf', '.html', '.htm', '.docx', '.txt', '.doc', '.wps'];

export interface Inputs {
  files: string[];
  /** Messages for stderr (Chinese): directories that could not be read or held no report file. */
  notes: string[];
}

async function walk(dir: string, out: string[], notes: string[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    notes.push(`无法读取文件夹 ${dir}（${(e as NodeJS.ErrnoException).code ?? (e as Error).message}）`);
    return;
  }
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    // Symbolic links to folders are not followed (no cycles); links to files are taken like files.
    const isFile = e.isFile() || (e.isSymbolicLink() && (await stat(p).then((s) => s.isFile(), () => false)));
    if (e.isDirectory()) await walk(p, out, notes);
    else if (isFile && BATCH_EXTENSIONS.includes(path.extname(e.name).toLowerCase())) out.push(p);
  }
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Expands folders in place; files and paths that do not exist stay where they are in the list. */
export async function expandInputs(paths: readonly string[]): Promise<Inputs> {
  const files: string[] = [];
  const notes: string[] = [];
  for (const p of paths) {
    const isDir = await stat(p).then((s) => s.isDirectory(), () => false);
    if (!isDir) {
      files.push(p);
      continue;
    }
    const found: string[] = [];
    await walk(p, found, notes);
    if (found.length === 0) notes.push(`文件夹 ${p} 中没有可读取的年报文件（${BATCH_EXTENSIONS.join(' ')}）`);
    files.push(...found.sort(byCodePoint));
  }
  return { files, notes };
}

/** A list of paths, one per line (CRLF accepted, empty lines ignored), as `find` or a batch runner writes it. */
export function parsePathList(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l.trim() !== '');
}

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * `parse` on large batches: folders, JSON lines, worker threads, resume after SIGKILL, paths from stdin, and a
 * stuck worker ended by the per-file time limit. Runs the real command line (tsx, worker threads, pdf.js).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from './fixtures.ts';

const ROOT = path.resolve(FIXTURES, '..', '..');
const PARSE = ['--import', 'tsx', path.join(ROOT, 'scripts', 'parse.ts')];
const run = (args: string[], opts: { input?: string; env?: Record<string, string> } = {}) =>
  spawnSync(process.execPath, [...PARSE, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    input: opts.input,
    env: { ...process.env, ...opts.env },
    maxBuffer: 256 * 2 ** 20,
  });

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const pdf = (name: string) => path.join(FIXTURES, 'pdf', `${name}.pdf`);
const raw003 = path.join(FIXTURES, 'corpus', 'raw', '003.txt');
const tmp = (prefix: string) => mkdtempSync(path.join(tmpdir(), `cli-batch-${prefix}-`));

interface Obj {
  file: string;
  office: string | null;
  year: number | null;
  fields: Record<string, unknown>;
  issues: { severity: string; code: string; message: string }[];
  meta: { path: string; sha256?: string };
}
const lines = (text: string): Obj[] => text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Obj);
const byPath = (objs: Obj[]) => new Map(objs.map((o) => [o.meta.path, o]));

/** good.pdf, sub/003.txt, truncated.pdf, old.doc, empty.txt, plus a hidden file and a .json that are not inputs. */
function mixedDir(): string {
  const dir = tmp('mixed');
  copyFileSync(pdf('gen_province_lo'), path.join(dir, 'good.pdf'));
  copyFileSync(pdf('bad_truncated'), path.join(dir, 'truncated.pdf'));
  mkdirSync(path.join(dir, 'sub'));
  copyFileSync(raw003, path.join(dir, 'sub', '003.txt'));
  writeFileSync(path.join(dir, 'old.doc'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 1, 2, 3]));
  writeFileSync(path.join(dir, 'empty.txt'), '');
  copyFileSync(raw003, path.join(dir, '.hidden.txt'));
  writeFileSync(path.join(dir, 'notes.json'), '{}');
  return dir;
}

describe('parse: folders and bad files', () => {
  const dir = mixedDir();
  const order = ['empty.txt', 'good.pdf', 'old.doc', path.join('sub', '003.txt'), 'truncated.pdf'].map((f) => path.join(dir, f));
  const array = run(['--jobs', '1', dir]);

  it('a folder: every report file, sorted by path, each with its object; bad files say why and the batch goes on', () => {
    expect(array.status).toBe(0);
    const out = JSON.parse(array.stdout) as Obj[];
    expect(out.map((o) => o.meta.path)).toEqual(order);
    expect(out.map((o) => o.file)).toEqual(['empty.txt', 'good.pdf', 'old.doc', '003.txt', 'truncated.pdf']);
    expect(out.map((o) => o.issues[0]?.code ?? null)).toEqual(['file.empty', null, 'file.doc', 'cut.ambiguous', 'pdf.invalid']);
    expect(out[0].issues[0]).toMatchObject({ severity: 'error', message: '文件是空的（0 字节）' });
    expect(out[2].issues[0].message).toContain('.doc');
    expect([out[1].office, out[1].year, out[1].fields['s3.new.total'], out[1].fields['s2.fees']]).toEqual(['某某省交通运输厅', 2023, 2707, 60828.895]);
    expect([out[3].office, out[3].fields['s3.new.total']]).toEqual(['平潭综合实验区', 218]);
    expect(out[4].issues[0].severity).toBe('error');
    expect(out.map((o) => o.meta.sha256)).toEqual(order.map(sha));
    expect(sha(order[0])).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    // The array is exactly what JSON.stringify prints (as before the batch options existed).
    expect(array.stdout).toBe(JSON.stringify(out, null, 2) + '\n');
  });

  it('--jobs 2 --jsonl: the same objects as --jobs 1, one per line, whatever the order of the lines', () => {
    const p = run(['--jobs', '2', '--jsonl', dir]);
    expect(p.status).toBe(0);
    const got = lines(p.stdout);
    expect(got).toHaveLength(5);
    expect(p.stdout.split('\n').filter(Boolean).every((l) => !l.includes('\n  '))).toBe(true);
    const want = byPath(JSON.parse(array.stdout) as Obj[]);
    expect([...byPath(got).keys()].sort()).toEqual([...want.keys()].sort());
    for (const o of got) expect(o).toEqual(want.get(o.meta.path));
  });

  it('an empty folder gives an empty array and a note; command-line mistakes exit with code 2', () => {
    const empty = tmp('empty');
    const p = run([empty]);
    expect([p.status, p.stdout]).toEqual([0, '[]\n']);
    expect(p.stderr).toContain('没有可读取的年报文件');
    for (const args of [['--jobs', '0', empty], ['--jsonl', '--csv', empty], ['--bogus', empty]]) {
      const bad = run(args);
      expect([bad.status, bad.stdout]).toEqual([2, '']);
      expect(bad.stderr).toContain('usage');
    }
  });
});

describe('parse --stdin', () => {
  it('reads paths from stdin (CRLF, blank lines) and writes JSON lines, a missing file included', () => {
    const dir = mixedDir();
    const input = [path.join(dir, 'good.pdf'), '', path.join(dir, 'nope.txt'), path.join(dir, 'sub')].join('\r\n') + '\r\n';
    const p = run(['--stdin', '--jsonl', '--jobs', '1'], { input });
    expect(p.status).toBe(0);
    const got = lines(p.stdout);
    expect(got.map((o) => [o.meta.path, o.meta.sha256 ?? null, o.issues[0]?.code ?? null])).toEqual([
      [path.join(dir, 'good.pdf'), sha(path.join(dir, 'good.pdf')), null],
      [path.join(dir, 'nope.txt'), null, 'file.unreadable'],
      [path.join(dir, 'sub', '003.txt'), sha(raw003), 'cut.ambiguous'],
    ]);
    expect(got[1].issues[0].message).toBe('文件不存在');
  });

  it('through npm run from another folder, relative paths are the user’s (npm starts scripts in the package root)', () => {
    const dir = mixedDir();
    const p = spawnSync('npm', ['--prefix', ROOT, 'run', '-s', 'parse', '--', '--stdin', '--jsonl', '--jobs', '1'], {
      cwd: dir,
      input: 'sub/003.txt\n',
      encoding: 'utf8',
    });
    expect(p.status).toBe(0);
    expect(lines(p.stdout).map((o) => [o.meta.path, o.office])).toEqual([['sub/003.txt', '平潭综合实验区']]);
  });
});

/** N distinct PDFs: fixtures with a comment line appended after %%EOF, so their SHA-256s differ. */
function pdfBatch(n: number): string {
  const dir = tmp('pdfs');
  const src = ['gen_province_lo', 'gen_blank_slash_lo', 'gen_county_pagebreak_wqy'];
  for (let i = 0; i < n; i++) {
    const to = path.join(dir, `r${String(i).padStart(2, '0')}.pdf`);
    copyFileSync(pdf(src[i % src.length]), to);
    appendFileSync(to, `\n% copy ${i}\n`);
  }
  return dir;
}

describe('parse --jsonl --out: resume', () => {
  it('a run killed part-way (SIGKILL, torn last line) and run again holds exactly one object per input, as an uninterrupted run', async () => {
    const N = 10;
    const dir = pdfBatch(N);
    const out = tmp('out');
    const full = path.join(out, 'full.jsonl');
    expect(run(['--jsonl', '--jobs', '2', '--out', full, dir]).status).toBe(0);
    const want = byPath(lines(readFileSync(full, 'utf8')));
    expect(want.size).toBe(N);

    // The killed run stops at r06.pdf (the test-only hang), so the kill always lands part-way, with 6 lines written.
    const part = path.join(out, 'part.jsonl');
    const child = spawn(process.execPath, [...PARSE, '--jsonl', '--jobs', '1', '--out', part, dir], {
      cwd: ROOT,
      stdio: 'ignore',
      env: { ...process.env, NIANBAO_TEST_HANG_ON_FILE: 'r06.pdf' },
    });
    const exited = new Promise((r) => child.on('exit', r));
    for (let t = 0; t < 1200 && !(existsSync(part) && readFileSync(part, 'utf8').split('\n').length > 6); t++)
      await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGKILL');
    await exited;
    const before = readFileSync(part, 'utf8');
    expect(before.split('\n').filter(Boolean)).toHaveLength(6);
    expect(before.endsWith('\n')).toBe(true);
    // A kill during a write leaves a torn last line: add one, as such a kill would.
    appendFileSync(part, Buffer.from(before).subarray(0, 500));

    const again = run(['--jsonl', '--jobs', '2', '--out', part, dir]);
    expect(again.status).toBe(0);
    expect(again.stderr).toContain('最后一行不完整（上次运行被中断），已删去这 500 字节');
    expect(again.stderr).toContain('已有 6 份结果');
    const after = readFileSync(part, 'utf8');
    expect(after.startsWith(before)).toBe(true); // appended, never rewritten
    expect(after.endsWith('\n')).toBe(true);
    const got = lines(after);
    expect(got).toHaveLength(N);
    expect(new Set(got.map((o) => o.meta.sha256)).size).toBe(N);
    for (const o of got) expect(o).toEqual(want.get(o.meta.path));

    // A third run finds everything done and writes nothing.
    const third = run(['--jsonl', '--out', part, dir]);
    expect(third.status).toBe(0);
    expect(readFileSync(part, 'utf8')).toBe(after);
    expect(third.stderr).toContain(`跳过 ${N} 个`);
  });

  it('identical bytes under two names are written once (inputs are matched by SHA-256)', () => {
    const dir = tmp('dup');
    copyFileSync(raw003, path.join(dir, 'a.txt'));
    copyFileSync(raw003, path.join(dir, 'b.txt'));
    const out = path.join(tmp('dup-out'), 'o.jsonl');
    const p = run(['--jsonl', '--jobs', '1', '--out', out, dir]);
    expect(p.status).toBe(0);
    expect(lines(readFileSync(out, 'utf8')).map((o) => o.meta.path)).toEqual([path.join(dir, 'a.txt')]);
    expect(p.stderr).toContain('跳过 1 个');
  });
});

describe('parse: a stuck or dying worker', () => {
  it('a stuck one is terminated after the time limit (file.timeout), a dead one replaced (file.crashed); the others are read', () => {
    const dir = tmp('stuck');
    for (const f of ['a.txt', 'dies.txt', 'stuck.txt', 'z.txt']) copyFileSync(raw003, path.join(dir, f));
    appendFileSync(path.join(dir, 'z.txt'), '\n');
    const t0 = Date.now();
    const p = run(['--jsonl', '--jobs', '1', '--time-limit', '1', dir], {
      env: { NIANBAO_TEST_HANG_ON_FILE: 'stuck.txt', NIANBAO_TEST_DIE_ON_FILE: 'dies.txt' },
    });
    expect(p.status).toBe(0);
    const got = lines(p.stdout);
    expect(got.map((o) => [o.file, o.issues[0]?.code])).toEqual([
      ['a.txt', 'cut.ambiguous'],
      ['dies.txt', 'file.crashed'],
      ['stuck.txt', 'file.timeout'],
      ['z.txt', 'cut.ambiguous'],
    ]);
    expect(got[1].issues).toEqual([{ severity: 'error', code: 'file.crashed', message: '处理此文件时读取程序崩溃' }]);
    expect(got[2].issues).toEqual([{ severity: 'error', code: 'file.timeout', message: '处理超时（超过 1 秒），已停止读取此文件' }]);
    expect(got[2].meta).toMatchObject({ path: path.join(dir, 'stuck.txt'), sha256: sha(raw003) });
    expect(got[3].fields['s3.new.total']).toBe(218);
    // Limit 1 s + grace 1 s before the worker is ended.
    expect(Date.now() - t0).toBeGreaterThan(2000);
  });

  it('a damaged PDF that leaves pdf.js with an unhandled rejection does not end the worker or blame the next file', () => {
    // gen_long20_noto.pdf with bytes 163080–233200 cut out (npm run fuzz, seed 1, case 1085): pdf.js prefetches a page
    // whose cross-reference entry is now wrong, and that promise rejects after the document has been read.
    const dir = tmp('stray');
    const whole = readFileSync(pdf('gen_long20_noto'));
    writeFileSync(path.join(dir, 'a_damaged.pdf'), Buffer.concat([whole.subarray(0, 163080), whole.subarray(233201)]));
    copyFileSync(pdf('huaian_2024'), path.join(dir, 'b_good.pdf'));
    const p = run(['--jsonl', '--jobs', '1', dir]);
    expect(p.status).toBe(0);
    const got = lines(p.stdout);
    expect(got.map((o) => [o.file, o.issues.filter((i) => i.severity === 'error').map((i) => i.code)])).toEqual([
      ['a_damaged.pdf', ['table.not_found']],
      ['b_good.pdf', []],
    ]);
    expect(got[1].office).toBe('淮安市人民政府');
  });
});

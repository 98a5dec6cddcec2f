/** The `parse` CLI: the same parser as the app, one object per file in order, exit 0 unless misused. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from './fixtures.ts';

const ROOT = path.resolve(FIXTURES, '..', '..');
const run = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'parse.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });

describe('npm run parse', () => {
  it('prints a JSON array in the order of the files, with an object for a file it cannot read', () => {
    const p = run(
      path.join(FIXTURES, 'corpus', 'raw', '003.txt'),
      path.join(FIXTURES, 'no-such-file.txt'),
      path.join(FIXTURES, 'encodings', '002.gb18030.txt'),
    );
    expect(p.status).toBe(0);
    const out = JSON.parse(p.stdout);
    expect(out.map((r: { file: string }) => r.file)).toEqual(['003.txt', 'no-such-file.txt', '002.gb18030.txt']);
    expect(out[0].fields['s3.new.total']).toBe(218);
    expect(out[0].office).toBe('平潭综合实验区');
    expect(out[1].issues[0]).toMatchObject({ severity: 'error', code: 'file.unreadable', message: '文件不存在' });
    expect(Object.keys(out[1].fields)).toHaveLength(200);
    expect(out[2].fields['s2.fees']).toBe(32.781);
    expect(out[2].meta.encoding).toBe('gb18030');
  });
  it('a folder is read for the report files in it, in path order (more in cli-batch.test.ts)', () => {
    const out = JSON.parse(run(path.join(FIXTURES, 'encodings')).stdout);
    expect(out.map((r: { file: string; office: string }) => [r.file, r.office])).toEqual([
      ['002.gb18030.txt', '浉河区人民政府'],
      ['003.gbk.txt', '平潭综合实验区'],
    ]);
  });
  it('without files: usage on stderr, exit code 2', () => {
    const p = run();
    expect(p.status).toBe(2);
    expect(p.stderr).toContain('usage');
    expect(p.stdout).toBe('');
  });
});

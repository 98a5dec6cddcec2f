/** The `audit` CLI: report files or saved JSON in, findings and one row per report out (JSON, or CSV with --csv). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../src/lib/parse/parse-report.ts';
import { FIXTURES, corpus } from './fixtures.ts';

const ROOT = path.resolve(FIXTURES, '..', '..');
const run = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'audit.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });
const raw = (name: string) => path.join(FIXTURES, 'corpus', 'raw', `${name}.txt`);

describe('npm run audit', () => {
  it('report files: one row per report with its failed checks, and the series findings', () => {
    const p = run(raw('007'), raw('045'), raw('035'), raw('040'));
    expect(p.status).toBe(0);
    const out = JSON.parse(p.stdout);
    expect(out.findings).toEqual([]);
    expect(out.reports.map((r: { file: string; year: number; failed: { relation: string; where: string }[] }) => [r.file, r.year, r.failed.map((c) => `${c.relation}:${c.where}`)])).toEqual([
      ['007.txt', 2022, ['s3.balance:natural', 's3.balance:total', 's3.outcomes:natural', 's3.outcomes:total']],
      ['045.txt', 2023, []],
      [
        '035.txt',
        2024,
        ['s3.outcomes:natural', 's3.row:new', 's3.row:unable.no_info', 's3.row:unable.unclear', 's3.row:other.overdue_correction', 's3.row:other.other', 's3.row:total'],
      ],
      ['040.txt', 2025, []],
    ]);
    // 040: two prose mismatches and the one ambiguous cut of its part-二 run.
    expect(out.reports[3].issues).toBe(3);
  });

  it('saved JSON (an array, as parse prints it) and JSON lines give the same findings as the files', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'audit-'));
    const reps = ['029', '001', '003'].map((n) => parseReport(corpus().find((f) => f.name === n)!.bytes, { file: `${n}.txt`, nowYear: 2026 }));
    writeFileSync(path.join(dir, 'zone.json'), JSON.stringify(reps.slice(0, 2)));
    writeFileSync(path.join(dir, 'more.jsonl'), JSON.stringify(reps[2]) + '\n');
    const fromJson = JSON.parse(run(path.join(dir, 'zone.json'), path.join(dir, 'more.jsonl')).stdout);
    const fromText = JSON.parse(run(raw('029'), raw('001'), raw('003')).stdout);
    expect(fromJson.findings).toEqual(fromText.findings);
    expect(fromJson.findings.map((f: { code: string }) => f.code)).toEqual(['series.missing_year', 'series.missing_year', 'report.late', 'report.late']);
  });

  it('--csv: one table, UTF-8 with BOM and CRLF, reports then findings', () => {
    const p = run('--csv', raw('007'), raw('003'), raw('001'));
    expect(p.status).toBe(0);
    expect(p.stdout.startsWith('\ufeff类型,机关,年度,文件,级别,代码,说明\r\n')).toBe(true);
    const lines = p.stdout.slice(1).split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines[1]).toBe(
      '报告,平潭综合实验区海坛片区管理局,2022,007.txt,警告,s3.balance:natural s3.balance:total s3.outcomes:natural s3.outcomes:total,' +
        '勾稽关系不符 4 项：「自然人」列一 + 二 = 4，（七）总计 + 四 = 0；「总计」列一 + 二 = 4，（七）总计 + 四 = 0；' +
        '「自然人」列（一）至（六）合计 4，（七）总计为 0；「总计」列（一）至（六）合计 4，（七）总计为 0。需注意的问题 5 个',
    );
    expect(lines.slice(4, -1)).toEqual([
      '跨报告发现,平潭综合实验区,2023,001.txt、003.txt,提示,series.missing_year,平潭综合实验区 缺少 2023 年度的报告（已有 2022 和 2024 年度）',
      '跨报告发现,平潭综合实验区,2024,003.txt,警告,report.late,2024 年度报告发布于 2025-03-10，晚于规定的 2025-01-31（条例第五十条）',
      '跨报告发现,平潭综合实验区,2022,001.txt,警告,report.late,2022 年度报告发布于 2023-02-20，晚于规定的 2023-01-31（条例第五十条）',
    ]);
  });

  it('a file that is not a report list, and a missing file, get a row saying so; no files: usage, exit 2', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'audit-'));
    writeFileSync(path.join(dir, 'bad.json'), '{"a": 1}');
    const out = JSON.parse(run(path.join(dir, 'bad.json'), path.join(dir, 'none.txt')).stdout);
    expect(out.reports.map((r: { file: string; issues: number }) => [r.file, r.issues])).toEqual([
      ['bad.json#1', 1],
      ['none.txt', 1],
    ]);
    const p = run();
    expect(p.status).toBe(2);
    expect(p.stderr).toContain('usage');
  });
});

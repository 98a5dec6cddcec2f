/**
 * `npm run -s audit -- [--csv] FILE…`: cross-report findings (relation 5, relation 7, tables copied forward, repeated
 * narrative, missing years, late publication, merged office names) and one row per report with its failed checks.
 * Report files go through the same reading path as `parse`; `.json` files may hold a Report or an array of them (the
 * output of `parse`), `.jsonl` files one Report per line. JSON by default; `--csv` prints one table (UTF-8 with BOM,
 * CRLF, for spreadsheet programs). Exit code 0 unless the command line itself is wrong.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { emptyFields } from '../src/lib/form/model.ts';
import { evaluateRelations, type Check } from '../src/lib/form/relations.ts';
import { PARSER_VERSION } from '../src/lib/parse/parse-report.ts';
import type { Report, Severity } from '../src/lib/parse/types.ts';
import { auditReports, type Finding } from '../src/lib/validate/audit.ts';
import { sidesText, whereLabel } from '../src/lib/validate/relation-issues.ts';
import { readReportFile } from './lib/read-report.ts';

const USAGE = 'usage: npm run -s audit -- [--csv] FILE…   (report files, or .json/.jsonl files of parsed reports)';

interface ReportRow {
  file: string | null;
  office: string | null;
  year: number | null;
  /** The checks that fail (ok === false). */
  failed: Check[];
  /** Number of issues of severity error or warning. */
  issues: number;
}

function unreadable(file: string, message: string): Report {
  return {
    file,
    office: null,
    year: null,
    layout: '2021',
    fields: emptyFields(),
    legacy: {},
    checks: [],
    issues: [{ severity: 'error', code: 'file.unreadable', message }],
    meta: { parser: PARSER_VERSION, sources: {}, chars: 0 },
  };
}

/** A Report read back from JSON: missing parts filled in so that the audit can run on older or partial objects. */
function fromJson(v: unknown, fallbackName: string): Report | null {
  if (!v || typeof v !== 'object' || !('fields' in v) || typeof (v as Report).fields !== 'object') return null;
  const r = v as Partial<Report> & { fields: Report['fields'] };
  const fields = { ...emptyFields(), ...r.fields };
  return {
    file: r.file ?? fallbackName,
    office: r.office ?? null,
    year: r.year ?? null,
    layout: r.layout ?? '2021',
    fields,
    legacy: r.legacy ?? {},
    checks: Array.isArray(r.checks) ? r.checks : evaluateRelations(fields),
    issues: Array.isArray(r.issues) ? r.issues : [],
    meta: { parser: '', sources: {}, chars: 0, ...r.meta },
  };
}

async function load(file: string): Promise<Report[]> {
  const ext = path.extname(file).toLowerCase();
  if (ext !== '.json' && ext !== '.jsonl') return [await readReportFile(file)];
  const name = path.basename(file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    return [unreadable(name, `无法读取文件（${(e as Error).message}）`)];
  }
  const values: unknown[] = [];
  try {
    if (ext === '.jsonl') {
      for (const line of text.split(/\r?\n/)) if (line.trim()) values.push(JSON.parse(line));
    } else {
      const v: unknown = JSON.parse(text.replace(/^\ufeff/, ''));
      values.push(...(Array.isArray(v) ? v : [v]));
    }
  } catch (e) {
    return [unreadable(name, `JSON 格式有误（${(e as Error).message}）`)];
  }
  return values.map((v, i) => fromJson(v, values.length > 1 ? `${name}#${i + 1}` : name) ?? unreadable(`${name}#${i + 1}`, '不是年报解析结果（缺少 fields）'));
}

function reportRow(r: Report): ReportRow {
  return {
    file: r.file,
    office: r.office,
    year: r.year,
    failed: r.checks.filter((c) => c.ok === false),
    issues: r.issues.filter((i) => i.severity !== 'info').length,
  };
}

const SEVERITY: Record<Severity, string> = { error: '错误', warning: '警告', info: '提示' };

/** RFC 4180 field. */
const cell = (v: string | number | null): string => {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

function toCsv(findings: readonly Finding[], rows: readonly ReportRow[]): string {
  const lines: (string | number | null)[][] = [['类型', '机关', '年度', '文件', '级别', '代码', '说明']];
  for (const r of rows)
    lines.push([
      '报告',
      r.office,
      r.year,
      r.file,
      r.failed.length ? SEVERITY.warning : '',
      r.failed.map((c) => `${c.relation}:${c.where}`).join(' '),
      [
        r.failed.length ? `勾稽关系不符 ${r.failed.length} 项：${r.failed.map((c) => `${whereLabel(c)}${sidesText(c, c.expected, c.actual)}`).join('；')}` : '勾稽关系均相符或无法核对',
        `需注意的问题 ${r.issues} 个`,
      ].join('。'),
    ]);
  for (const f of findings)
    lines.push(['跨报告发现', f.office, f.years.join('、'), f.files.filter((x) => x !== null).join('、'), SEVERITY[f.severity], f.code, f.message]);
  return '\ufeff' + lines.map((l) => l.map(cell).join(',')).join('\r\n') + '\r\n';
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const csv = args.includes('--csv');
  const files = args.filter((a) => a !== '--csv');
  const unknown = files.filter((a) => a.startsWith('-') && a !== '-h' && a !== '--help');
  if (files.length === 0 || unknown.length || files.includes('-h') || files.includes('--help')) {
    if (unknown.length) process.stderr.write(`unknown option ${unknown.join(' ')}\n`);
    process.stderr.write(USAGE + '\n');
    return files.length === 0 || unknown.length ? 2 : 0;
  }
  const reports: Report[] = [];
  for (const f of files) reports.push(...(await load(f)));
  const { findings } = auditReports(reports);
  const rows = reports.map(reportRow);
  process.stdout.write(csv ? toCsv(findings, rows) : JSON.stringify({ findings, reports: rows }, null, 2) + '\n');
  return 0;
}

main().then((code) => process.exit(code));

import { describe, expect, it } from 'vitest';
import { FIELD_IDS, type Fields } from '../form/model.ts';
import { evaluateRelations } from '../form/relations.ts';
import { parseReport } from '../parse/parse-report.ts';
import type { Report } from '../parse/types.ts';
import { corpus } from '../../../tests/unit/fixtures.ts';
import { SHAPES, renderText } from '../../../tests/gen/shapes.ts';
import { generateFields, pick, rng, type Rng } from '../../../tests/gen/values.ts';
import { relationIssues } from './relation-issues.ts';
import { validateReport } from './validate.ts';

/**
 * An office that fits the size of the generated table: the generator draws names and sizes independently, and a
 * 镇 with 4000 applications and 5 亿元 of fees is not a consistent report but an implausible one.
 */
const OFFICES: Record<0 | 1 | 2 | 3, string[]> = {
  0: ['某某镇人民政府', '原州区南关街道', '卫滨区解放路街道办事处'],
  1: ['某某镇人民政府', '北关区红旗路街道办事处', '平潭综合实验区财政金融局'],
  2: ['浉河区人民政府', '某某县自然资源局', '某某区教育体育局'],
  3: ['淮安市人民政府', '某某市市场监督管理局', '某某省交通运输厅'],
};
function consistent(r: Rng) {
  const scale = pick(r, [0, 1, 1, 1, 2, 2, 3] as const);
  return { office: pick(r, OFFICES[scale]), year: 2021 + Math.floor(r() * 5), fields: generateFields(r, { scale }) };
}
const ALARMS = /^(diagnosis|sanity|prose)\./;

describe('no false alarms', () => {
  it('3000 consistent generated reports, parsed from text in all 7 shapes: no diagnosis, sanity or prose issue', () => {
    const alarms: string[] = [];
    let withProse = 0;
    for (let i = 0; i < 3000; i++) {
      const r = rng(400_000 + i);
      const spec = consistent(r);
      const rep = parseReport(renderText(spec, SHAPES[i % SHAPES.length], r), { nowYear: 2026 });
      for (const x of rep.issues) if (ALARMS.test(x.code)) alarms.push(`#${i} ${x.code} ${x.message}`);
      if ((rep.meta.prose ?? []).some((s) => s.includes('收到政府信息公开申请'))) withProse++;
    }
    expect(alarms).toEqual([]);
    // The prose check did run: every generated report states its applications in part 一.
    expect(withProse).toBe(3000);
  });

  it('the same 3000 field maps validated directly (no text): none either', () => {
    let n = 0;
    for (let i = 0; i < 3000; i++) {
      const spec = consistent(rng(400_000 + i));
      const report: Report = {
        file: null,
        office: spec.office,
        year: spec.year,
        layout: '2021',
        fields: spec.fields,
        legacy: {},
        checks: evaluateRelations(spec.fields),
        issues: [],
        meta: { parser: 't', sources: {}, chars: 0 },
      };
      n += validateReport(report, { nowYear: 2026 }).length;
    }
    expect(n).toBe(0);
  });
});

describe('validateReport on real reports', () => {
  it('each inconsistent corpus report: failed checks, then the diagnosis; 040: the prose mismatches', () => {
    const got = Object.fromEntries(
      corpus().map((f) => {
        const r = parseReport(f.bytes, { nowYear: 2026 });
        return [f.name, [...new Set(r.issues.filter((i) => /^(check\.s|diagnosis|prose|sanity)/.test(i.code)).map((i) => i.code))]];
      }),
    );
    expect(got).toEqual({
      '001': [],
      '003': [],
      '007': ['check.s3.balance', 'check.s3.outcomes', 'diagnosis.total_row_zero'],
      '008': [],
      '014': [],
      '016': [],
      '020': [],
      '029': [],
      '035': ['check.s3.outcomes', 'check.s3.row', 'diagnosis.total_column_zero', 'diagnosis.pair'],
      '040': ['prose.mismatch'],
      '045': [],
      '049': [],
    });
  });
});

describe('relationIssues: checks a blank cell makes impossible', () => {
  const base = (): Fields => {
    const f: Fields = {};
    for (const id of FIELD_IDS) f[id] = 0;
    f['s3.new.natural'] = f['s3.new.total'] = 2;
    f['s3.granted.natural'] = f['s3.granted.total'] = 2;
    f['s3.total.natural'] = f['s3.total.total'] = 2;
    return f;
  };

  it('not checkable, named, and evaluated with blanks as 0: info when that adds up (020)', () => {
    const f = base();
    f['s3.carried.legal'] = null;
    const issues = relationIssues(evaluateRelations(f), f);
    expect(issues.map((i) => [i.severity, i.code, i.message])).toEqual([
      ['info', 'check.unverifiable', '无法核对「法律服务机构」列（含空白单元格「二、上年结转·法律服务机构」）；空白按 0 计时：一 + 二 = 0，（七）总计 + 四 = 0，相符'],
      ['info', 'check.unverifiable', '无法核对「二、上年结转」行（含空白单元格「二、上年结转·法律服务机构」）；空白按 0 计时：各类申请人合计 0，总计为 0，相符'],
    ]);
  });

  it('a warning with the value the blank would need when blanks as 0 do not add up', () => {
    const f = base();
    f['s3.granted.total'] = null;
    f['s3.total.total'] = 2;
    f['s3.unable.no_info.total'] = 0;
    const row = relationIssues(evaluateRelations(f), f).find((i) => i.message.includes('（一）予以公开」行'))!;
    expect(row.severity).toBe('warning');
    expect(row.message).toBe('无法核对「（一）予以公开」行（含空白单元格「（一）予以公开·总计」）；空白按 0 计时：各类申请人合计 2，总计为 0，不符；若该空白单元格为 2 则相符');
  });

  it('a text cell: not checkable, named', () => {
    const f = base();
    f['s4.review.other'] = '/';
    const [i] = relationIssues(evaluateRelations(f), f);
    expect(i.message).toBe('无法核对「行政复议」（含非数字单元格「行政复议·其他结果」）');
  });
});

/**
 * Writes a report as text in each shape real reports arrive in (FORMAT.md "How the text arrives"), from a field
 * map: tab-separated rows, markdown, one cell per line, `|` tables, pdftotext-like lines with wrapped labels and
 * one-character headers, web-crawler paragraphs with glued digit runs, and space-separated paragraphs.
 */
import {
  S3_COLUMNS,
  S3_ROWS,
  S4_FIELD_IDS,
  type CellValue,
  type Fields,
} from '../../src/lib/form/model.ts';
import { pick, type Rng } from './values.ts';

export const SHAPES = ['tabs', 'markdown', 'cells', 'pipes', 'pdftext', 'crawl', 'spaced'] as const;
export type Shape = (typeof SHAPES)[number];

export interface ReportSpec {
  office: string;
  year: number;
  fields: Fields;
  /** Write the title over two lines (office, then year + 报告). */
  splitTitle?: boolean;
}

const cell = (v: CellValue): string => (v === null ? '' : String(v));

/** Label variants real reports print (typos included). */
const VARIANTS: Record<string, string[]> = {
  废止: ['本年废止件数', '本年废止件数', '本年度止件数'],
  有效: ['现行有效件数', '现行有效件数', '先行有效件数'],
  规范: ['行政规范性文件', '行政规范性文件', '规范性文件'],
  执法: ['7.属于行政执法案卷', '7.属于行政执法案卷', '7.属于行政执法案件'],
  勾稽: ['勾稽', '勾稽', '钩稽'],
};

interface Parts {
  title: string[];
  intro: string[];
  s2: { header: string[]; rows: [string, CellValue[]][] }[];
  s3Header: string;
  s3Rows: { group?: string; label: string; values: CellValue[] }[];
  s4Header: string[];
  s4: CellValue[];
  tail: string[];
}

function parts(spec: ReportSpec, r: Rng): Parts {
  const f = spec.fields;
  const v = (id: string) => f[id];
  const newTotal = typeof v('s3.new.total') === 'number' ? v('s3.new.total') : 0;
  const title = spec.splitTitle
    ? [spec.office, `${spec.year} 年政府信息公开工作年度报告`]
    : [`${spec.office}${pick(r, [`${spec.year}年`, `${spec.year} 年`, `${spec.year}年度`])}政府信息公开工作年度报告`];
  const intro = [
    `本报告根据《中华人民共和国政府信息公开条例》编制，统计期限为${spec.year}年1月1日至12月31日。`,
    '一、总体情况',
    `（一）主动公开。全年主动公开政府信息${1000 + Math.floor(r() * 5000)}条，其中政策文件${Math.floor(r() * 90)}件。`,
    `（二）依申请公开。全年共收到政府信息公开申请${newTotal}件，均按期答复。`,
    '（三）政府信息管理。严格落实“三审三校”制度，第3季度开展自查1次。',
  ];
  const s3Rows: Parts['s3Rows'] = [];
  const groupOf: Record<string, string> = {
    granted: '三、本年度办理结果',
    'denied.secret': '（三）不予公开',
    'unable.no_info': '（四）无法提供',
    'ignored.petition': '（五）不予处理',
    'other.overdue_correction': '（六）其他处理',
  };
  for (const row of S3_ROWS) {
    let label = row.label;
    if (row.key === 'denied.enforcement') label = pick(r, VARIANTS['执法']);
    if (row.key === 'partial') label = pick(r, [row.label, '（二）部分公开（区分处理的,只计这一情形,不计其他情形）']);
    s3Rows.push({ group: groupOf[row.key], label, values: S3_COLUMNS.map((c) => v(`s3.${row.key}.${c}`)) });
  }
  return {
    title,
    intro,
    s2: [
      {
        header: ['第二十条第（一）项', '信息内容', '本年制发件数', pick(r, VARIANTS['废止']), pick(r, VARIANTS['有效'])],
        rows: [
          ['规章', ['s2.regulations.made', 's2.regulations.repealed', 's2.regulations.valid'].map(v)],
          [pick(r, VARIANTS['规范']), ['s2.normative.made', 's2.normative.repealed', 's2.normative.valid'].map(v)],
        ],
      },
      { header: ['第二十条第（五）项', '信息内容', '本年处理决定数量'], rows: [['行政许可', [v('s2.licensing')]]] },
      {
        header: ['第二十条第（六）项', '信息内容', '本年处理决定数量'],
        rows: [
          ['行政处罚', [v('s2.punishment')]],
          ['行政强制', [v('s2.coercion')]],
        ],
      },
      {
        header: ['第二十条第（八）项', '信息内容', '本年收费金额（单位：万元）'],
        rows: [['行政事业性收费', [v('s2.fees')]]],
      },
    ],
    s3Header: `（本列数据的${pick(r, VARIANTS['勾稽'])}关系为：第一项加第二项之和，等于第三项加第四项之和）`,
    s3Rows,
    s4Header: ['行政复议', '行政诉讼', '结果维持', '结果纠正', '其他结果', '尚未审结', '总计', '未经复议直接起诉', '复议后起诉'],
    s4: S4_FIELD_IDS.map(v),
    tail: [
      '五、存在的主要问题及改进情况',
      '一是信息公开的及时性有待提高；二是政策解读形式较为单一。下一步将加强培训2次以上。',
      '六、其他需要报告的事项',
      '本年度未收取信息处理费。',
    ],
  };
}

const S3_TITLE = '三、收到和处理政府信息公开申请情况';
const S2_TITLE = '二、主动公开政府信息情况';
const S4_TITLE = '四、政府信息公开行政复议、行政诉讼情况';
const APPLICANTS = ['自然人', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '总计'];

/** Render one report in `shape`. */
export function renderText(spec: ReportSpec, shape: Shape, r: Rng): string {
  const p = parts(spec, r);
  switch (shape) {
    case 'tabs':
    case 'markdown':
      return tabs(p, shape === 'markdown');
    case 'cells':
      return cells(p);
    case 'pipes':
      return pipes(p);
    case 'pdftext':
      return pdftext(p, r);
    case 'crawl':
    case 'spaced':
      return paragraph(p, spec, shape === 'crawl', r);
  }
}

function tabs(p: Parts, md: boolean): string {
  const h = (level: number, s: string) => (md ? `${'#'.repeat(level)} ${s}` : s);
  const out: string[] = ['', '', h(1, p.title.join(md ? '' : '\n')), '', ...p.intro.map((l, i) => (i === 1 ? h(2, l) : l)), ''];
  out.push(h(2, S2_TITLE), '');
  for (const t of p.s2) {
    out.push(`${t.header[0]}\t\t\t`, t.header.slice(1).join('\t'));
    for (const [label, vals] of t.rows) out.push([label, ...vals.map(cell)].join('\t') + (vals.length === 1 ? '\t\t' : ''));
  }
  out.push('', h(3, S3_TITLE), '');
  out.push(`${p.s3Header}\t\t申请人情况\t\t\t\t\t\t总计\t`, '\t\t自然人\t法人或其他组织\t\t\t\t\t\t', '\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t\t');
  for (const row of p.s3Rows) {
    const vals = row.values.map(cell).join('\t');
    if (row.group === '三、本年度办理结果') out.push(`${row.group}\t${row.label}\t${vals}\t`);
    else if (row.group) out.push(`\t${row.group}\t${row.label}\t${vals}`);
    else if (/^\d/.test(row.label)) out.push(`\t\t${row.label}\t${vals}`);
    else if (row.label.startsWith('（二）')) out.push(`\t${row.label}\t${vals}\t`);
    else out.push(`${row.label}\t\t${vals}\t`);
  }
  out.push('', h(4, S4_TITLE), '');
  out.push('行政复议\t\t\t\t\t行政诉讼\t\t\t\t\t\t\t\t\t');
  out.push('结果 维持\t结果 纠正\t其他 结果\t尚未 审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉\t\t\t\t');
  out.push('\t\t\t\t\t结果 维持\t结果 纠正\t其他 结果\t尚未 审结\t总计\t结果 维持\t结果 纠正\t其他 结果\t尚未 审结\t总计');
  out.push(p.s4.map(cell).join('\t'), '');
  out.push(...p.tail.map((l, i) => (i % 2 === 0 ? h(4, l) : l)));
  return out.join('\n');
}

function cells(p: Parts): string {
  const out: string[] = ['', p.title.join(''), '', ...p.intro, '', S2_TITLE, ''];
  const row = (xs: string[]) => out.push(xs.map((x) => `\t${x}`).join('\n'), '');
  for (const t of p.s2) {
    row([t.header[0]]);
    row(t.header.slice(1));
    for (const [label, vals] of t.rows) row([label, ...vals.map(cell)]);
  }
  out.push('', S3_TITLE, '');
  row([p.s3Header, '申请人情况']);
  row(['', '自然人', '法人或其他组织', '总计']);
  row(['', '', '商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他', '']);
  for (const r of p.s3Rows) row([...(r.group ? ['', r.group] : []), r.label, ...r.values.map(cell)]);
  out.push('', S4_TITLE, '');
  row(['行政复议', '行政诉讼']);
  row(['结果维持', '结果 纠正', '其他 结果', '尚未 审结', '总计', '未经复议直接起诉', '复议后起诉']);
  row(['', '', '', '', '', '结果 维持', '结果 纠正', '其他 结果', '尚未 审结', '总计', '结果 维持', '结果 纠正', '其他 结果', '尚未 审结', '总计']);
  row(p.s4.map(cell));
  out.push(...p.tail);
  return out.join('\n');
}

function pipes(p: Parts): string {
  const out: string[] = [`# ${p.title.join('')}`, '', ...p.intro, '', `## ${S2_TITLE}`, ''];
  const line = (xs: string[]) => `| ${xs.join(' | ')} |`;
  for (const t of p.s2) {
    out.push(line([t.header[0], '', '', '']), line(['---', '---', '---', '---']), line(t.header.slice(1)));
    for (const [label, vals] of t.rows) out.push(line([label, ...vals.map(cell)]));
    out.push('');
  }
  out.push(`## ${S3_TITLE}`, '', line([p.s3Header, '', '申请人情况', '', '', '', '', '', '']), line(new Array(9).fill('---')));
  out.push(line(['', '', ...APPLICANTS]));
  for (const r of p.s3Rows) out.push(line([r.group ?? '', r.label, ...r.values.map(cell)]));
  out.push('', `## ${S4_TITLE}`, '', line(p.s4Header), line(new Array(15).fill('---')), line(p.s4.map(cell)), '', ...p.tail);
  return out.join('\n');
}

/** Break a CJK label the way a narrow PDF cell wraps it. */
function wrap(s: string, width: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i += width) out.push(s.slice(i, i + width));
  return out;
}

function pdftext(p: Parts, r: Rng): string {
  const out: string[] = [...p.title, '', ...p.intro.flatMap((l) => wrap(l, 28)), S2_TITLE];
  let page = 2;
  const furniture = () => (r() < 0.5 ? `— ${page++} —` : `-${page++}-`);
  for (const t of p.s2) {
    out.push(t.header[0], t.header.slice(1).join(' '));
    for (const [label, vals] of t.rows) out.push(`${label} ${vals.map(cell).join(' ')}`);
  }
  out.push(S3_TITLE, ...wrap(p.s3Header, 22), '申请人情况', '自然', '人', '法人或其他组织', '总计商业', '企业', '科研', '机构', '社会', '公益', '组织', '法律', '服务', '机构', '其他');
  const breakAt = 3 + Math.floor(r() * 18);
  p.s3Rows.forEach((row, i) => {
    if (i === breakAt) out.push('', furniture(), '');
    if (row.group) out.push(...wrap(row.group, 3));
    const vals = row.values.map(cell).join(' ');
    if (row.label.length > 16) out.push(...wrap(row.label, 16), vals);
    else out.push(`${row.label} ${vals}`);
  });
  out.push(S4_TITLE, '行政复议 行政诉讼');
  const vertical = (w: string) => [...w.replace(/\s/g, '')];
  for (const w of ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计']) out.push(...vertical(w));
  out.push('未经复议直接起诉 复议后起诉');
  for (let k = 0; k < 2; k++) for (const w of ['结果维持', '结果纠正', '其他结果', '尚未审结', '总计']) out.push(...vertical(w));
  out.push(p.s4.map(cell).join(' '), ...p.tail.flatMap((l) => wrap(l, 28)));
  return out.join('\n');
}

function paragraph(p: Parts, spec: ReportSpec, glued: boolean, r: Rng): string {
  const sep = glued ? '' : ' ';
  const nums = (vals: CellValue[]) => vals.map(cell).join(sep);
  const chunks: string[] = [...p.intro, S2_TITLE];
  for (const t of p.s2) {
    chunks.push(t.header.join(glued ? '' : ' '));
    for (const [label, vals] of t.rows) chunks.push(`${label}${glued ? '' : ' '}${nums(vals)}`);
  }
  chunks.push(S3_TITLE, p.s3Header, '申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他');
  for (const row of p.s3Rows) chunks.push(`${row.group ?? ''}${row.label}${glued ? (r() < 0.3 ? ' ' : '') : ' '}${nums(row.values)}`);
  chunks.push(S4_TITLE, '行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计', nums(p.s4));
  chunks.push(...p.tail);
  const header = [
    `标题: ${spec.office}${spec.year}年度政府信息公开工作年度报告`,
    `发布时间: ${spec.year + 1}-01-2${Math.floor(r() * 9)} 09:00`,
    '文号: ',
    `发布机构: ${spec.office}`,
    '栏目: 政府信息公开年报',
    '原文链接: https://www.example.gov.cn/zwgk/nb/t1.htm',
    '==================== 正文 ====================',
  ];
  const chrome = glued ? '' : '来源： 时间： 微信 微博 QQ空间 当前位置：首页 > 政府信息公开 > 年报 ';
  return header.join('\n') + '\n' + chrome + chunks.join(glued ? '' : ' ') + (glued ? '' : ' 附件下载： 扫一扫在手机打开当前页');
}

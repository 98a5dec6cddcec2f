/**
 * Renders a 政府信息公开工作年度报告 with known values as a complete HTML document, laid out the way offices
 * publish it (国办公开办函〔2021〕30号: parts 一 to 六, the part 二/三/四 tables with the form's own spans and
 * labels). The output is fed to real pipelines (Chromium print-to-PDF, LibreOffice HTML → docx → PDF) by
 * scripts/fixtures/make-fixtures.ts, so the tables use both HTML attributes (which LibreOffice's HTML import
 * understands: border, cellpadding, colspan/rowspan, width) and CSS (which Chromium honours).
 * Pure: no Node, no DOM. Deterministic: the same input and options give the same string.
 */
import {
  S2_ROWS,
  S3_APPLICANT_COLUMNS,
  S3_COLUMNS,
  S3_COLUMN_LABELS,
  S3_GROUP_LABELS,
  S3_ROWS,
  S4_COLUMNS,
  S4_COLUMN_LABELS,
  S4_FIELD_IDS,
} from '../../src/lib/form/model.ts';

export type CellInput = number | string | null;

export interface ReportProse {
  /** Part 一 总体情况: paragraphs; a paragraph starting with （一）…（五） or (一) is printed as a sub-heading. */
  overview: string[];
  /** Part 五 存在的主要问题及改进情况. */
  problems: string[];
  /** Part 六 其他需要报告的事项. */
  other: string[];
  /** Paragraphs printed after part 六 (and after the signature), e.g. to make a long document. */
  appendix: string[];
  /** Heading of the appendix, if any. */
  appendixTitle: string;
}

export interface ReportInput {
  office: string;
  year: number;
  /** Field id → value. Missing ids and null render as an empty cell; strings render as-is (`/`, `-`, `无`). */
  fields: Readonly<Record<string, CellInput | undefined>>;
  /** Overrides for the generated prose; parts not given are written from the field values. */
  prose?: Partial<ReportProse>;
}

export interface RenderOptions {
  /** CSS font-family for the whole document (LibreOffice reads it from the body rule with `wordCompat`). */
  font?: string;
  /** Body font size in pt (default 14). Tables use `tableFontSizePt` (default 10.5). */
  fontSizePt?: number;
  tableFontSizePt?: number;
  /** Title over two lines: the office on one, `2024 年政府信息公开工作年度报告` on the next. */
  splitTitle?: boolean;
  /** Write `2024 年` (with a space) in the one-line title as many offices do. */
  spacedYear?: boolean;
  /** Very narrow header columns in parts 三 and 四 so header words print one character per line. */
  narrowHeaders?: boolean;
  /** Narrow part-三 label column so the long （六）1/2 labels wrap over three lines or more. */
  wrapLabels?: boolean;
  /**
   * Force a page break inside the part-三 table before this row (`true` = before `unable.need_create`, i.e.
   * inside （四）无法提供 between 1. and 2., as in the real 淮安 2024 PDF). Chromium honours `break-after` on rows.
   */
  pageBreakInPart3?: boolean | string;
  /** Part 三 on its own landscape page (CSS named page `@page landscape`; Chromium only). */
  landscapePart3?: boolean;
  /** Repeat the part-三 header rows on every page the table crosses (<thead>). */
  repeatPart3Header?: boolean;
  /** Running header text printed at the top of every page (CSS page-margin box; Chromium only). */
  pageHeader?: string;
  /** Page numbers at the bottom centre: `emdash` → `— 3 —`, `hyphen` → `- 3 -` (CSS page-margin box; Chromium only). */
  pageNumbers?: false | 'emdash' | 'hyphen';
  /** Signature block after part 六: the office and this date (e.g. `2025年1月20日`). */
  signDate?: string;
  /** A web page's header block before the title (as portals print it): 发布时间 / 来源. */
  webChrome?: { published: string; source?: string };
  /** How a null cell is written: nothing (default) or `&nbsp;` (as saved web pages do). */
  blankCell?: 'empty' | 'nbsp';
  /** Bold title, part headings and sub-headings (default true). Bold costs a second set of glyphs per font. */
  bold?: boolean;
  /** Start the appendix on a new page and each of its （N） sections on a page of its own. */
  appendixPageBreaks?: boolean;
  /**
   * HTML for LibreOffice's (Word-like) HTML import: absolute cell widths on every cell, cell text in
   * <p class="cell">, plain CSS selectors. Use for the HTML → docx → PDF pipeline.
   */
  wordCompat?: boolean;
  /** Page size for @page (default A4 portrait). */
  pageSize?: string;
}

const PART_TITLES = {
  1: '一、总体情况',
  2: '二、主动公开政府信息情况',
  3: '三、收到和处理政府信息公开申请情况',
  4: '四、政府信息公开行政复议、行政诉讼情况',
  5: '五、存在的主要问题及改进情况',
  6: '六、其他需要报告的事项',
} as const;

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The text of a cell as printed: numbers as JavaScript prints them (32.781, 447228), text as-is, null empty. */
export function cellText(v: CellInput | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  return v;
}

/** Small deterministic hash for choosing phrasings and illustrative numbers from the input. */
function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

// ---------------------------------------------------------------------------------------------------------
// Prose

/** The numeric value of a field, or undefined when the cell is blank or text. */
function numOf(fields: ReportInput['fields'], id: string): number | undefined {
  const v = fields[id];
  return typeof v === 'number' ? v : undefined;
}

function sumOf(fields: ReportInput['fields'], ids: readonly string[]): number | undefined {
  let t = 0;
  for (const id of ids) {
    const v = numOf(fields, id);
    if (v === undefined) return undefined;
    t += v;
  }
  return t;
}

/**
 * Part 一 written from the field values: every number it states equals the table cell (or sum of cells) that
 * names the same quantity; clauses whose cells are blank or text are left out. Numbers that are not in the
 * tables (信息条数, 培训次数) are derived from a hash of office and year.
 */
export function defaultOverview(input: ReportInput): string[] {
  const { fields: f, office, year } = input;
  const h = hash(`${office}${year}`);
  const out: string[] = [];

  // (一) 主动公开
  out.push('（一）主动公开情况');
  const items = 40 + (h % 3000);
  let p1 = `${year}年，${office}通过政府门户网站、政务新媒体、政务公开栏等渠道主动公开各类政府信息${items}条。`;
  const made = numOf(f, 's2.normative.made');
  const repealed = numOf(f, 's2.normative.repealed');
  const valid = numOf(f, 's2.normative.valid');
  if (made !== undefined && made > 0) {
    p1 += `全年制发行政规范性文件${made}件`;
    if (repealed !== undefined) p1 += repealed > 0 ? `，废止${repealed}件` : '，未废止行政规范性文件';
    if (valid !== undefined) p1 += `，现行有效${valid}件`;
    p1 += '，均按规定在政府网站规范性文件库集中公开。';
  } else if (made === 0) {
    p1 += '本年未制发行政规范性文件。';
  }
  const regMade = numOf(f, 's2.regulations.made');
  if (regMade !== undefined && regMade > 0) p1 += `制定规章${regMade}件，已全部通过政府公报和政府网站公开。`;
  const lic = numOf(f, 's2.licensing');
  const pun = numOf(f, 's2.punishment');
  if (lic !== undefined && pun !== undefined && lic + pun > 0) {
    p1 += `公开行政许可决定${lic}件、行政处罚决定${pun}件。`;
  }
  out.push(p1);

  // (二) 依申请公开
  out.push('（二）依申请公开情况');
  const n = numOf(f, 's3.new.total');
  const c = numOf(f, 's3.carried.total');
  const t = numOf(f, 's3.total.total');
  const cf = numOf(f, 's3.carryforward.total');
  let p2: string;
  if (n === 0 && (c === 0 || c === undefined)) {
    p2 = `${year}年，${office}未收到政府信息公开申请。`;
  } else {
    p2 = n !== undefined ? `${year}年，${office}共收到政府信息公开申请${n}件` : `${year}年，${office}依法办理政府信息公开申请`;
    if (c !== undefined && c > 0) p2 += `，上年结转${c}件`;
    p2 += '。';
    const nat = numOf(f, 's3.new.natural');
    const org = sumOf(
      f,
      S3_APPLICANT_COLUMNS.filter((col) => col !== 'natural').map((col) => `s3.new.${col}`),
    );
    if (nat !== undefined && org !== undefined && n !== undefined && n > 0) {
      p2 += `从申请主体看，自然人提出申请${nat}件，法人或其他组织提出申请${org}件。`;
    }
    if (t !== undefined) {
      p2 += `全年办结${t}件`;
      const g = numOf(f, 's3.granted.total');
      const pa = numOf(f, 's3.partial.total');
      const no = numOf(f, 's3.unable.no_info.total');
      const parts: string[] = [];
      if (g !== undefined) parts.push(`予以公开${g}件`);
      if (pa !== undefined) parts.push(`部分公开${pa}件`);
      if (no !== undefined && no > 0) parts.push(`本机关不掌握相关政府信息${no}件`);
      if (parts.length) p2 += `，其中${parts.join('，')}`;
      p2 += '。';
    }
    if (cf !== undefined) p2 += cf > 0 ? `结转下年度继续办理${cf}件。` : '无结转下年度继续办理的申请。';
  }
  const rv = numOf(f, 's4.review.total');
  const sd = numOf(f, 's4.suit_direct.total');
  const sa = numOf(f, 's4.suit_after_review.total');
  if (rv !== undefined && sd !== undefined && sa !== undefined) {
    if (rv + sd + sa === 0) p2 += '全年未发生因政府信息公开引起的行政复议、行政诉讼案件。';
    else p2 += `全年发生政府信息公开行政复议案件${rv}件、行政诉讼案件${sd + sa}件。`;
  }
  out.push(p2);

  out.push('（三）政府信息管理情况');
  out.push(`严格落实政府信息公开审查制度，全年开展业务培训${2 + (h % 6)}次，及时清理和更新已公开的政府信息。`);
  out.push('（四）政府信息公开平台建设情况');
  out.push('持续优化政府网站信息公开专栏，规范栏目设置和内容保障。');
  out.push('（五）监督保障情况');
  out.push('将政务公开工作纳入年度绩效考核，本年度未发生因政务公开工作引起的责任追究情况。');
  return out;
}

export function defaultProblems(): string[] {
  return [
    '（一）存在的主要问题',
    '一是政策解读形式还不够丰富；二是部分栏目信息更新不够及时。',
    '（二）改进情况',
    '一是丰富解读形式，提高政策解读的针对性；二是建立栏目更新提醒机制，确保信息及时发布。',
  ];
}

export function defaultOther(input: ReportInput): string[] {
  return [
    `根据《政府信息公开信息处理费管理办法》，${input.year}年度本机关未收取信息处理费。`,
    '本年度无其他需要报告的事项。',
  ];
}

// ---------------------------------------------------------------------------------------------------------
// Tables

interface Ctx {
  f: ReportInput['fields'];
  o: RenderOptions;
}

/** Text width of an A4 portrait page with the margins below, in CSS px (LibreOffice needs absolute widths). */
const CONTENT_PX = 627;

const emToPx = (em: number, pt: number) => Math.round((em * pt * 96) / 72);

/** Width in em of the widest value printed in one column (digits ≈ 0.55em in CJK sans fonts). */
function valueWidthEm(ctx: Ctx, ids: readonly string[]): number {
  let max = 1;
  for (const id of ids) max = Math.max(max, cellText(ctx.f[id]).length);
  return max * 0.6;
}

interface CellSpec {
  /** Plain text (escaped here). */
  text: string;
  /** First grid column the cell occupies. */
  col: number;
  colspan?: number;
  rowspan?: number;
  cls: string;
  /** Numeric cell: centred, never wrapped. */
  value?: boolean;
}

/**
 * One form table. Column widths are given in em (content, without padding). A fixed table gets those widths;
 * otherwise the table is 100% wide and the widths become percentages. With `wordCompat` every cell also
 * carries its width in px and wraps its text in <p class="cell">, which is what LibreOffice's HTML import
 * needs to lay the table out like the form (it ignores <col> widths on tables with row spans).
 */
class FormTable {
  private readonly rows: string[] = [];
  private readonly headRows: string[] = [];
  private readonly px: number[];
  private readonly widthCss: string;
  private readonly widthAttr: string;
  private readonly cols: string[];

  constructor(
    private readonly ctx: Ctx,
    private readonly cls: string,
    widthsEm: readonly number[],
    fixed: boolean,
  ) {
    const pt = ctx.o.tableFontSizePt ?? 10.5;
    const em = widthsEm.map((w) => w + 0.8); // + padding
    const totalEm = em.reduce((a, b) => a + b, 0);
    if (fixed) {
      this.px = em.map((w) => emToPx(w, pt));
      this.widthCss = `${totalEm.toFixed(2)}em`;
      this.widthAttr = String(this.px.reduce((a, b) => a + b, 0));
      this.cols = em.map((w, i) => `<col width="${this.px[i]}" style="width:${w.toFixed(2)}em">`);
    } else {
      this.px = em.map((w) => Math.round((w / totalEm) * CONTENT_PX));
      this.widthCss = '100%';
      this.widthAttr = ctx.o.wordCompat ? String(this.px.reduce((a, b) => a + b, 0)) : '100%';
      this.cols = em.map((w, i) => {
        const pct = ((w / totalEm) * 100).toFixed(1);
        return ctx.o.wordCompat ? `<col width="${this.px[i]}">` : `<col width="${pct}%" style="width:${pct}%">`;
      });
    }
  }

  cell(c: CellSpec): string {
    const span = c.colspan ?? 1;
    let attrs = ` class="${c.cls}"`;
    if (span > 1) attrs += ` colspan="${span}"`;
    if ((c.rowspan ?? 1) > 1) attrs += ` rowspan="${c.rowspan}"`;
    if (this.ctx.o.wordCompat) {
      const w = this.px.slice(c.col, c.col + span).reduce((a, b) => a + b, 0);
      attrs += ` width="${w}"`;
    }
    const centred = c.value || c.cls.split(' ').includes('c');
    if (centred) attrs += ' align="center"';
    let inner = escapeHtml(c.text);
    if (inner === '' && c.value && this.ctx.o.blankCell === 'nbsp') inner = '&nbsp;';
    if (this.ctx.o.wordCompat) inner = `<p class="${centred ? 'cellc' : 'cell'}">${inner}</p>`;
    return `<td${attrs}>${inner}</td>`;
  }

  value(id: string, col: number, colspan = 1): string {
    return this.cell({ text: cellText(this.ctx.f[id]), col, colspan, cls: 'v', value: true });
  }

  row(cells: string[], trAttr = '', head = false): void {
    (head ? this.headRows : this.rows).push(`<tr${trAttr}>${cells.join('')}</tr>`);
  }

  html(repeatHead = false): string {
    const open =
      `<table class="form ${this.cls}" border="1" cellspacing="0" cellpadding="4"` +
      ` width="${this.widthAttr}" style="width:${this.widthCss}">`;
    const colgroup = `<colgroup>${this.cols.join('')}</colgroup>`;
    const thead = repeatHead && this.headRows.length ? `<thead>\n${this.headRows.join('\n')}\n</thead>` : '';
    const bodyRows = repeatHead ? this.rows : [...this.headRows, ...this.rows];
    return `${open}${colgroup}${thead}<tbody>\n${bodyRows.join('\n')}\n</tbody></table>`;
  }
}

function renderPart2(ctx: Ctx): string {
  const t = new FormTable(ctx, 't2', [12, 8, 8, 8], false);
  const section = (title: string) => t.row([t.cell({ text: title, col: 0, colspan: 4, cls: 'l sec' })]);
  const head = (cells: string[]) => {
    const out = [t.cell({ text: '信息内容', col: 0, cls: 'l h' })];
    if (cells.length === 1) out.push(t.cell({ text: cells[0], col: 1, colspan: 3, cls: 'l h' }));
    else cells.forEach((c, i) => out.push(t.cell({ text: c, col: 1 + i, cls: 'l h' })));
    t.row(out);
  };
  const row = (key: string) => {
    const def = S2_ROWS.find((r) => r.key === key);
    if (!def) throw new Error(`no part-二 row ${key}`);
    const cells = [t.cell({ text: def.label, col: 0, cls: 'l' })];
    if (def.fields.length === 3) def.fields.forEach((id, i) => cells.push(t.value(id, 1 + i)));
    else cells.push(t.value(def.fields[0], 1, 3));
    t.row(cells);
  };
  section('第二十条第（一）项');
  head(['本年制发件数', '本年废止件数', '现行有效件数']);
  row('regulations');
  row('normative');
  section('第二十条第（五）项');
  head(['本年处理决定数量']);
  row('licensing');
  section('第二十条第（六）项');
  head(['本年处理决定数量']);
  row('punishment');
  row('coercion');
  section('第二十条第（八）项');
  head(['本年收费金额（单位：万元）']);
  row('fees');
  return t.html();
}

function part3BreakRow(o: RenderOptions): string | null {
  if (!o.pageBreakInPart3) return null;
  return o.pageBreakInPart3 === true ? 'unable.need_create' : o.pageBreakInPart3;
}

function renderPart3(ctx: Ctx): string {
  const o = ctx.o;
  const narrow = !!o.narrowHeaders;
  // Columns: c0 三、本年度办理结果 (one character per line), c1 the group label, c2 the sub-row label, then the
  // seven value columns. Without narrowHeaders/wrapLabels the table is 100% wide and these are proportions.
  const c2 = o.wrapLabels ? 12 : narrow ? 14 : o.landscapePart3 ? 28 : 20;
  const valueCols = S3_COLUMNS.map((col) => {
    const need = valueWidthEm(ctx, S3_ROWS.map((r) => `s3.${r.key}.${col}`)) + 0.4;
    return narrow ? Math.max(1.2, need) : Math.max(2.6, need);
  });
  const t = new FormTable(ctx, 't3', [1.1, 5, c2, ...valueCols], narrow || !!o.wrapLabels);

  t.row(
    [
      t.cell({
        text: '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）',
        col: 0,
        colspan: 3,
        rowspan: 3,
        cls: 'l note',
      }),
      t.cell({ text: '申请人情况', col: 3, colspan: 7, cls: 'h c' }),
    ],
    '',
    true,
  );
  t.row(
    [
      t.cell({ text: S3_COLUMN_LABELS.natural, col: 3, rowspan: 2, cls: 'h c' }),
      t.cell({ text: '法人或其他组织', col: 4, colspan: 5, cls: 'h c' }),
      t.cell({ text: S3_COLUMN_LABELS.total, col: 9, rowspan: 2, cls: 'h c' }),
    ],
    '',
    true,
  );
  t.row(
    S3_APPLICANT_COLUMNS.slice(1).map((col, i) => t.cell({ text: S3_COLUMN_LABELS[col], col: 4 + i, cls: 'h c' })),
    '',
    true,
  );

  // The break is written as break-after on the row before: Chromium 156 with @page margin boxes (running
  // header, page numbers) leaves an empty page for break-before on a row inside a rowspan group.
  const breakAt = part3BreakRow(o);
  const breakIdx = S3_ROWS.findIndex((r) => r.key === breakAt);
  if (breakAt && breakIdx < 1) throw new Error(`pageBreakInPart3: no row ${breakAt} (or it is the first)`);
  const breakAfter = breakIdx > 0 ? S3_ROWS[breakIdx - 1].key : null;
  const outcomeRows = S3_ROWS.filter((r) => r.group !== null);
  const groupSize = (g: string) => S3_ROWS.filter((r) => r.group === g).length;
  let seenGroup = '';
  for (const r of S3_ROWS) {
    const cells: string[] = [];
    if (r.key === 'new' || r.key === 'carried' || r.key === 'carryforward') {
      cells.push(t.cell({ text: r.label, col: 0, colspan: 3, cls: 'l' }));
    } else {
      if (r === outcomeRows[0]) {
        // 三、本年度办理结果 spans every outcome row and （七）总计.
        cells.push(t.cell({ text: '三、本年度办理结果', col: 0, rowspan: outcomeRows.length + 1, cls: 'vert c' }));
      }
      if (r.key === 'total' || r.group === 'granted' || r.group === 'partial') {
        cells.push(t.cell({ text: r.label, col: 1, colspan: 2, cls: 'l' }));
      } else {
        if (seenGroup !== r.group) {
          cells.push(t.cell({ text: S3_GROUP_LABELS[r.group ?? ''], col: 1, rowspan: groupSize(r.group ?? ''), cls: 'l grp' }));
        }
        cells.push(t.cell({ text: r.label, col: 2, cls: 'l sub' }));
      }
      seenGroup = r.group ?? '';
    }
    S3_COLUMNS.forEach((col, i) => cells.push(t.value(`s3.${r.key}.${col}`, 3 + i)));
    t.row(cells, r.key === breakAfter ? ' class="pb" style="page-break-after:always;break-after:page"' : '');
  }
  return t.html(!!o.repeatPart3Header);
}

function renderPart4(ctx: Ctx): string {
  const narrow = !!ctx.o.narrowHeaders;
  const widths = S4_FIELD_IDS.map((id) => Math.max(narrow ? 1.2 : 2.6, valueWidthEm(ctx, [id]) + 0.2));
  const t = new FormTable(ctx, 't4', widths, narrow);
  const heads = S4_COLUMNS.map((c) => S4_COLUMN_LABELS[c]);
  t.row([
    t.cell({ text: '行政复议', col: 0, colspan: 5, cls: 'h c' }),
    t.cell({ text: '行政诉讼', col: 5, colspan: 10, cls: 'h c' }),
  ]);
  t.row([
    ...heads.map((h, i) => t.cell({ text: h, col: i, rowspan: 2, cls: 'h c' })),
    t.cell({ text: '未经复议直接起诉', col: 5, colspan: 5, cls: 'h c' }),
    t.cell({ text: '复议后起诉', col: 10, colspan: 5, cls: 'h c' }),
  ]);
  t.row([...heads, ...heads].map((h, i) => t.cell({ text: h, col: 5 + i, cls: 'h c' })));
  t.row(S4_FIELD_IDS.map((id, i) => t.value(id, i)));
  return t.html();
}

// ---------------------------------------------------------------------------------------------------------
// Document

function paragraphs(ps: readonly string[], bold: boolean, subClass = 'sub'): string {
  return ps
    .map((p) =>
      /^[（(][一二三四五六七八九十]+[）)]/.test(p) && p.length <= 24
        ? `<p class="${subClass}">${bold ? `<b>${escapeHtml(p)}</b>` : escapeHtml(p)}</p>`
        : `<p class="body">${escapeHtml(p)}</p>`,
    )
    .join('\n');
}

function css(o: RenderOptions): string {
  const font = o.font ?? '"Noto Sans CJK SC", sans-serif';
  const pt = o.fontSizePt ?? 14;
  const tpt = o.tableFontSizePt ?? 10.5;
  const bold = o.bold === false ? 'normal' : 'bold';
  const pageNo =
    o.pageNumbers === 'emdash'
      ? `@bottom-center { content: "— " counter(page) " —"; font-family: ${font}; font-size: 11pt; }`
      : o.pageNumbers === 'hyphen'
        ? `@bottom-center { content: "- " counter(page) " -"; font-family: ${font}; font-size: 11pt; }`
        : '';
  const header = o.pageHeader
    ? `@top-center { content: "${o.pageHeader.replace(/["\\]/g, '')}"; font-family: ${font}; font-size: 9pt; color: #444; }`
    : '';
  const narrowRules = o.narrowHeaders
    ? 'table.t3 td.h, table.t4 td.h { padding: 2px 1px; }\n'
    : '';
  return `
@page { size: ${o.pageSize ?? 'A4'}; margin: 25mm 22mm 22mm 22mm; ${header} ${pageNo} }
${o.landscapePart3 ? `@page landscape { size: A4 landscape; margin: 14mm 18mm; ${header} ${pageNo} }\n.landscape { page: landscape; }\n.landscape table.form { font-size: ${Math.min(tpt, 9.5)}pt; line-height: 1.2; }\n.landscape h2.part { margin-top: 0; }` : ''}
html, body { font-family: ${font}; font-size: ${pt}pt; line-height: 1.55; color: #000; }
body { margin: 0; }
p { margin: 0.2em 0; }
p.body { text-indent: 2em; text-align: justify; }
p.sub { text-indent: 2em; }
h1.title { font-size: ${pt + 6}pt; font-weight: ${bold}; text-align: center; margin: 0.6em 0 1em; line-height: 1.4; }
h2.part { font-size: ${pt + 1}pt; font-weight: ${bold}; margin: 0.9em 0 0.4em; text-indent: 2em; break-after: avoid; }
h2.appendix { font-size: ${pt + 1}pt; font-weight: ${bold}; text-align: center; margin: 1.2em 0 0.6em; }
div.chrome { font-size: 10pt; color: #555; text-align: center; border-bottom: 1px solid #999; margin-bottom: 0.8em; }
p.sign { text-align: right; margin-top: 1.5em; }
h2.pb { break-before: page; }
p.secpb { break-before: page; }
h2.pb + p.secpb { break-before: auto; }
table.form { border-collapse: collapse; table-layout: fixed; font-size: ${tpt}pt; line-height: 1.35; margin: 0.3em 0 0.8em; }
table.form td { border: 1px solid #000; padding: 3px 4px; vertical-align: middle; word-break: break-all; }
table.form td.v { text-align: center; white-space: nowrap; word-break: normal; }
table.form td.c { text-align: center; }
table.form td.sec { background: #f2f2f2; }
table.form td.vert { text-align: center; padding: 2px 1px; }
${narrowRules}${
    o.wordCompat
      ? `body { font-family: ${font}; font-size: ${pt}pt; }
td { font-size: ${tpt}pt; }
p.cell { margin-top: 0.5pt; margin-bottom: 0.5pt; line-height: 120%; font-size: ${tpt}pt; }
p.cellc { margin-top: 0.5pt; margin-bottom: 0.5pt; line-height: 120%; font-size: ${tpt}pt; text-align: center; }
p.body { margin-top: 1pt; margin-bottom: 3pt; font-size: ${pt}pt; }
p.sub { margin-top: 1pt; margin-bottom: 3pt; font-size: ${pt}pt; }
`
      : ''
  }`;
}

export function renderReportHtml(input: ReportInput, opts: RenderOptions = {}): string {
  const o = opts;
  const ctx: Ctx = { f: input.fields, o };
  const bold = o.bold ?? true;
  const prose: ReportProse = {
    overview: input.prose?.overview ?? defaultOverview(input),
    problems: input.prose?.problems ?? defaultProblems(),
    other: input.prose?.other ?? defaultOther(input),
    appendix: input.prose?.appendix ?? [],
    appendixTitle: input.prose?.appendixTitle ?? '',
  };
  const office = escapeHtml(input.office);
  const titleText = `${input.office}${input.year}${o.spacedYear ? ' ' : ''}年政府信息公开工作年度报告`;
  const title = o.splitTitle
    ? `<h1 class="title">${office}<br>${input.year} 年政府信息公开工作年度报告</h1>`
    : `<h1 class="title">${escapeHtml(titleText)}</h1>`;
  const chrome = o.webChrome
    ? `<div class="chrome">发布时间：${escapeHtml(o.webChrome.published)}${
        o.webChrome.source ? `　　来源：${escapeHtml(o.webChrome.source)}` : ''
      }</div>`
    : '';
  const intro =
    `本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）第五十条和国务院办公厅政府信息与政务公开办公室` +
    `有关要求编制。本报告中所列数据的统计期限自${input.year}年1月1日起至${input.year}年12月31日止。`;
  const part3 =
    `<h2 class="part">${PART_TITLES[3]}</h2>\n` + renderPart3(ctx);
  const parts = [
    chrome,
    title,
    `<p class="body">${escapeHtml(intro)}</p>`,
    `<h2 class="part">${PART_TITLES[1]}</h2>`,
    paragraphs(prose.overview, bold),
    `<h2 class="part">${PART_TITLES[2]}</h2>`,
    renderPart2(ctx),
    o.landscapePart3 ? `<div class="landscape">${part3}</div>` : part3,
    `<h2 class="part">${PART_TITLES[4]}</h2>`,
    renderPart4(ctx),
    `<h2 class="part">${PART_TITLES[5]}</h2>`,
    paragraphs(prose.problems, bold),
    `<h2 class="part">${PART_TITLES[6]}</h2>`,
    paragraphs(prose.other, bold),
    o.signDate ? `<p class="sign">${office}<br>${escapeHtml(o.signDate)}</p>` : '',
    prose.appendix.length
      ? (prose.appendixTitle ? `<h2 class="appendix${o.appendixPageBreaks ? ' pb' : ''}">${escapeHtml(prose.appendixTitle)}</h2>\n` : '') +
        paragraphs(prose.appendix, bold, o.appendixPageBreaks ? 'sub secpb' : 'sub')
      : '',
  ].filter((s) => s !== '');
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${escapeHtml(titleText)}</title>
<style>${css(o)}</style>
</head>
<body>
${parts.join('\n')}
</body>
</html>
`;
}

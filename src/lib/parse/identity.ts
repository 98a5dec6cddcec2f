/**
 * Who published the report and for which year: from a crawler's `标题:` line, the title line(s) at the top, or the
 * body (`统计时限为2022年1月1日至…`). Nothing is guessed: a value not found is null and the caller says so. Pure.
 */

export interface Identity {
  office: string | null;
  year: number | null;
  title: string | null;
  /** Where the year came from. */
  yearFrom: 'title' | 'body' | null;
  /** Where the office came from. */
  officeFrom: 'title' | 'header' | null;
  published: string | null;
}

const REPORT_WORDS = /(政府)?信息公开(工作)?(年度)?(报告|年报)|政务公开(工作)?年度报告/;
const YEAR_IN_TITLE = /((?:19|20)\d\d)\s*年\s*(度)?/;
const MAX_TITLE_LINES = 40;

const clean = (s: string) => s.replace(/[\s\u3000]+/g, '').replace(/^#+/, '');
const HEADER_KEY = /^(标题|题目)[:：]/;
/** `发布时间: …`, `栏目: …`: a crawler's or a site's key-value line, never part of a title. */
const KEY_VALUE = /^[^:：。，]{1,6}[:：]/;

/**
 * The title, which can be wrapped over two or three lines (`原州区南关街道` / `2024 年政府信息公开工作年度报告`, or
 * a `标题:` line broken in two): the tightest run of adjacent lines that contains the report words, extended
 * upwards over an adjacent short line that continues the office's name. `prev` is the line before the title when
 * the title itself names no office (the office printed on a line of its own).
 */
function findTitle(lines: readonly string[]): { title: string | null; prev: string } {
  const idx: number[] = [];
  let start = 0;
  const header = lines.findIndex((l) => HEADER_KEY.test(clean(l)));
  if (header >= 0) start = header;
  for (let i = start; i < lines.length && idx.length < MAX_TITLE_LINES; i++) if (clean(lines[i])) idx.push(i);
  const text = (i: number) => clean(lines[i]).replace(HEADER_KEY, '');
  const usable = (i: number) => {
    const t = clean(lines[i]);
    return (HEADER_KEY.test(t) || !KEY_VALUE.test(t)) && !/[。；]/.test(t) && t.length <= 90;
  };
  for (let e = 0; e < idx.length; e++) {
    if (!usable(idx[e])) continue;
    for (let s = e; s >= 0 && s >= e - 2; s--) {
      if (s < e && (idx[s + 1] !== idx[s] + 1 || !usable(idx[s]))) break;
      const joined = idx.slice(s, e + 1).map(text).join('');
      if (!REPORT_WORDS.test(joined) || joined.length > 100) continue;
      let first = s;
      // A short adjacent line above that carries on the office's name (a wrapped title).
      while (
        first > 0 &&
        idx[first - 1] === idx[first] - 1 &&
        usable(idx[first - 1]) &&
        !HEADER_KEY.test(clean(lines[idx[first]])) &&
        text(idx[first - 1]).length <= 24 &&
        !REPORT_WORDS.test(text(idx[first - 1])) &&
        !/^(19|20)\d\d/.test(joined) &&
        /^[\u4e00-\u9fff]/.test(joined)
      ) {
        first--;
        if (first <= s - 2) break;
      }
      const title = idx.slice(first, e + 1).map(text).join('');
      return { title, prev: first > 0 ? text(idx[first - 1]) : '' };
    }
  }
  return { title: null, prev: '' };
}

/** Strip what is not the office's name from the text before the year. */
function officeFrom(raw: string): string | null {
  let s = clean(raw)
    .replace(/^(标题|题目)[:：]/, '')
    .replace(/^[《"“【\[]+/, '')
    .replace(/^关于(印发|发布|公布)?/, '')
    .replace(/(关于)$/, '')
    .replace(/[（(][^）)]*[）)]$/, '');
  s = s.replace(/[,，:：;；。、\-—_·《》"“”【】\[\]]+$/g, '');
  if (s.length < 2 || s.length > 60) return null;
  if (!/[\u4e00-\u9fff]/.test(s)) return null;
  return s;
}

function yearOk(y: number, nowYear: number): boolean {
  return y >= 2008 && y <= nowYear;
}

export function findIdentity(text: string, nowYear: number): Identity {
  const id: Identity = { office: null, year: null, title: null, yearFrom: null, officeFrom: null, published: null };
  const head = text.slice(0, 20_000);
  const lines = head.split('\n');

  const { title: titleLine, prev: prevLine } = findTitle(lines);
  if (titleLine) {
    const t = titleLine;
    id.title = t;
    const m = YEAR_IN_TITLE.exec(t);
    if (m && yearOk(Number(m[1]), nowYear)) {
      id.year = Number(m[1]);
      id.yearFrom = 'title';
      const before = t.slice(0, m.index);
      const after = t.slice(m.index + m[0].length).replace(REPORT_WORDS, '').replace(/工作$/, '');
      id.office = officeFrom(before) ?? officeFrom(after.replace(/政府信息公开.*$/, ''));
      if (!id.office && prevLine && !REPORT_WORDS.test(clean(prevLine))) {
        id.office = officeFrom(prevLine);
        if (id.office) id.title = clean(prevLine) + t;
      }
    } else {
      const before = t.replace(REPORT_WORDS, '').replace(/工作$/, '');
      id.office = officeFrom(before);
    }
    if (id.office) id.officeFrom = 'title';
  }

  if (id.year === null) {
    const period =
      /(?:统计|时限|期限|时间|数据|期间|周期)[^。\n]{0,30}?((?:19|20)\d\d)\s*年\s*1\s*月\s*1\s*日/.exec(head) ??
      /((?:19|20)\d\d)\s*年\s*1\s*月\s*1\s*日\s*(?:起\s*)?至\s*(?:\1\s*年\s*)?12\s*月\s*31\s*日/.exec(head);
    if (period && yearOk(Number(period[1]), nowYear)) {
      id.year = Number(period[1]);
      id.yearFrom = 'body';
    }
  }
  if (id.office === null) {
    const org = /^\s*发布机构\s*[:：]\s*(.+)$/m.exec(head);
    if (org) {
      const o = officeFrom(org[1]);
      if (o) {
        id.office = o;
        id.officeFrom = 'header';
      }
    }
  }

  const pub = /^\s*(?:发布时间|发布日期|成文日期)\s*[:：]\s*((?:19|20)\d\d)[-年/.](\d{1,2})[-月/.](\d{1,2})/m.exec(head);
  if (pub) id.published = isoDate(pub[1], pub[2], pub[3]);
  else {
    const tail = text.slice(-400);
    const dates = [...tail.matchAll(/((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/g)];
    const last = dates[dates.length - 1];
    if (last && tail.length - (last.index ?? 0) - last[0].length < 40) id.published = isoDate(last[1], last[2], last[3]);
  }
  return id;
}

function isoDate(y: string, m: string, d: string): string | null {
  const mm = Number(m);
  const dd = Number(d);
  if (mm < 1 || mm > 12 || dd < 1 || dd > 31) return null;
  return `${y}-${String(mm).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
}

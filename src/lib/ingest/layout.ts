/**
 * Rebuilds table rows and cells from positioned text runs (pdf.js text items), so a PDF reaches the parser as
 * tab-separated cells, one table row per line, like a clean text file. Handles what real PDFs do: items split
 * wherever the font changes, numbers on a slightly different baseline than their label, labels wrapped over two
 * or three lines inside a cell (attached to the row whose numbers they sit beside), header words printed one
 * character per line, running headers and page numbers. Records the page and box of every cell for provenance.
 * Pure: no pdf.js here (the caller converts items), so it is tested on recorded items.
 */
import { foldChars } from '../parse/normalize.ts';
import { BLANK_CELL, VALUE_WORD } from '../parse/tokenize.ts';

/** One text run in page coordinates at scale 1: origin top left, y down, `y` the baseline. */
export interface TextRun {
  str: string;
  x: number;
  y: number;
  /** Advance width along the line. */
  w: number;
  /** Font size (glyph height). */
  h: number;
}

export interface PageRuns {
  /** 1-based page number. */
  page: number;
  width: number;
  height: number;
  runs: TextRun[];
}

/** Where a stretch of the output text came from. */
export interface CellSpan {
  start: number;
  end: number;
  page: number;
  /** [x0, top, x1, bottom] in page coordinates at scale 1, origin top left. */
  box: [number, number, number, number];
}

export interface LaidOut {
  text: string;
  spans: CellSpan[];
  /** Lines dropped as running headers/footers or page numbers. */
  dropped: number;
}

interface Chunk {
  str: string;
  x0: number;
  x1: number;
  /** Vertical centre and extent. */
  yc: number;
  top: number;
  bottom: number;
  h: number;
  value: boolean;
}

interface Line {
  chunks: Chunk[];
  yc: number;
  /** Text chunks from other lines that belong to this row's label cells. */
  attached: Chunk[];
  numeric: boolean;
  firstValueX: number;
}

const NUMERIC = /^-?\d[\d,]*(\.\d+)?$/;
const isValue = (s: string) => NUMERIC.test(s) || VALUE_WORD.test(s);

function toChunk(r: TextRun, str = r.str): Chunk {
  const h = r.h > 0 ? r.h : 10;
  const top = r.y - h * 0.88;
  const bottom = r.y + h * 0.12;
  return { str, x0: r.x, x1: r.x + Math.max(r.w, 0), yc: (top + bottom) / 2, top, bottom, h, value: isValue(str.trim()) };
}

/** Runs on one baseline that touch become one chunk (fonts split cells: `⼀` | `、营业总收` | `⼊`). */
function mergeRuns(runs: readonly TextRun[]): Chunk[] {
  const cs = runs
    .filter((r) => r.str.trim() !== '')
    .map((r) => toChunk(r, foldChars(r.str)))
    .sort((a, b) => a.yc - b.yc || a.x0 - b.x0);
  // Group by line first (tolerant), then merge neighbours in x order.
  const out: Chunk[] = [];
  let i = 0;
  while (i < cs.length) {
    const line: Chunk[] = [cs[i]];
    let j = i + 1;
    while (j < cs.length && Math.abs(cs[j].yc - cs[i].yc) < 0.3 * Math.max(cs[i].h, cs[j].h)) line.push(cs[j++]);
    line.sort((a, b) => a.x0 - b.x0);
    let cur = line[0];
    for (let k = 1; k < line.length; k++) {
      const c = line[k];
      const gap = c.x0 - cur.x1;
      const h = Math.max(cur.h, c.h);
      if (gap < 0.3 * h && gap > -0.6 * h) {
        const str = cur.str + c.str;
        cur = {
          str,
          x0: cur.x0,
          x1: Math.max(cur.x1, c.x1),
          yc: (Math.min(cur.top, c.top) + Math.max(cur.bottom, c.bottom)) / 2,
          top: Math.min(cur.top, c.top),
          bottom: Math.max(cur.bottom, c.bottom),
          h,
          value: isValue(str.trim()),
        };
      } else {
        out.push(cur);
        cur = c;
      }
    }
    out.push(cur);
    i = j;
  }
  return out;
}

/** Cluster chunks into lines by vertical centre. */
function toLines(chunks: readonly Chunk[]): Line[] {
  const sorted = [...chunks].sort((a, b) => a.yc - b.yc);
  const lines: Line[] = [];
  for (const c of sorted) {
    const last = lines[lines.length - 1];
    if (last && Math.abs(c.yc - last.yc) < 0.45 * Math.max(c.h, last.chunks[0].h)) last.chunks.push(c);
    else lines.push({ chunks: [c], yc: c.yc, attached: [], numeric: false, firstValueX: Infinity });
  }
  for (const l of lines) {
    l.chunks.sort((a, b) => a.x0 - b.x0);
    const values = l.chunks.filter((c) => c.value);
    const hasLabel = l.chunks.some((c) => !c.value && values.length > 0 && c.x0 < values[0].x0);
    l.numeric = values.length >= 2 || (values.length === 1 && hasLabel && NUMERIC.test(values[0].str.trim()));
    if (l.numeric) l.firstValueX = values[0].x0;
  }
  return lines;
}

/**
 * Header words printed one character (or two) per line in a narrow cell (`结` `果` `维` `持`) become one chunk:
 * short fragments stacked at the same x with a line pitch of at most 1.8 heights.
 */
function mergeVertical(chunks: Chunk[]): Chunk[] {
  const narrow = (c: Chunk) => !c.value && c.x1 - c.x0 <= 4.2 * c.h;
  const sorted = [...chunks].sort((a, b) => a.x0 - b.x0 || a.yc - b.yc);
  const used = new Set<Chunk>();
  const out: Chunk[] = [];
  for (const c of sorted) {
    if (used.has(c)) continue;
    used.add(c);
    if (!narrow(c)) {
      out.push(c);
      continue;
    }
    let cur = c;
    let lastYc = c.yc;
    for (;;) {
      const next = sorted.find(
        (d) =>
          !used.has(d) &&
          narrow(d) &&
          Math.abs(d.x0 - c.x0) <= 1.5 &&
          d.yc > lastYc &&
          d.yc - lastYc <= 1.8 * Math.max(d.h, cur.h),
      );
      if (!next) break;
      used.add(next);
      lastYc = next.yc;
      cur = {
        str: cur.str + next.str,
        x0: Math.min(cur.x0, next.x0),
        x1: Math.max(cur.x1, next.x1),
        top: cur.top,
        bottom: next.bottom,
        yc: cur.yc,
        h: cur.h,
        value: false,
      };
    }
    out.push(cur);
  }
  return out;
}

interface ColumnModel {
  /** Horizontal extent of each value column, left to right. */
  cols: [number, number][];
  /** Vertical centres of the rows the model was built from. */
  rows: number[];
  h: number;
  /** How far (in heights) from those rows the model applies. */
  reach: number;
}

/** Value columns of the tables on a page: from rows that share the most common full count of values. */
function columnModels(numeric: readonly Line[]): ColumnModel[] {
  const byCount = new Map<number, Line[]>();
  for (const l of numeric) {
    const n = l.chunks.filter((c) => c.value).length;
    if (n >= 2) byCount.set(n, [...(byCount.get(n) ?? []), l]);
  }
  const models: ColumnModel[] = [];
  for (const [n, lines] of byCount) {
    const cols: [number, number][] = Array.from({ length: n }, () => [Infinity, -Infinity]);
    for (const l of lines)
      l.chunks
        .filter((c) => c.value)
        .forEach((c, i) => {
          cols[i][0] = Math.min(cols[i][0], c.x0);
          cols[i][1] = Math.max(cols[i][1], c.x1);
        });
    // Columns must not overlap one another, or the rows do not really share a layout.
    // A model seen in one row only is trusted only for its close neighbours (part 二's 规章 row under 规范性文件).
    if (cols.every((c, i) => i === 0 || cols[i - 1][1] < c[0]))
      models.push({ cols, rows: lines.map((l) => l.yc), h: lines[0].chunks[0].h, reach: lines.length >= 2 ? 12 : 6 });
  }
  return models.sort((a, b) => a.cols.length - b.cols.length);
}

/**
 * A row with fewer values than its table has columns has blank cells: place each value in the column it sits in
 * and mark the others blank. Only where every value falls in exactly one column of a table nearby.
 */
function withBlankCells(line: Line, cells: Chunk[], models: readonly ColumnModel[], header: readonly Chunk[]): Chunk[] {
  const values = cells.filter((c) => c.value);
  if (values.length < 2 || cells.length !== values.length) return cells;
  for (const m of models) {
    if (m.cols.length <= values.length) continue;
    if (!m.rows.some((y) => y !== line.yc && Math.abs(y - line.yc) < m.reach * m.h)) continue;
    const at: number[] = [];
    for (const v of values) {
      const hit = m.cols.map((c, i) => (v.x1 >= c[0] - 1 && v.x0 <= c[1] + 1 ? i : -1)).filter((i) => i >= 0);
      if (hit.length !== 1 || (at.length && hit[0] <= at[at.length - 1])) break;
      at.push(hit[0]);
    }
    if (at.length !== values.length) continue;
    return m.cols.map((c, i) => {
      const k = at.indexOf(i);
      return k >= 0 ? values[k] : blankAt(c[0], c[1], line.yc, m.h);
    });
  }
  return evenlySpaced(values, header);
}

function blankAt(x0: number, x1: number, yc: number, h: number): Chunk {
  return { str: BLANK_CELL, x0, x1, yc, top: yc - h / 2, bottom: yc + h / 2, h, value: true };
}

/**
 * A lone row (part 四 is one row) has no other row to take its columns from. Its columns are usually evenly
 * spaced, so a gap of two pitches between neighbouring values is a blank cell, and header text reaching a pitch
 * or more past the last value means blank cells at the end.
 */
function evenlySpaced(values: Chunk[], header: readonly Chunk[]): Chunk[] {
  if (values.length < 4) return values;
  const centre = (c: Chunk) => (c.x0 + c.x1) / 2;
  const gaps = values.slice(1).map((v, i) => centre(v) - centre(values[i]));
  const p = [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)];
  if (!(p > 0)) return values;
  const out: Chunk[] = [values[0]];
  const { yc, h } = values[0];
  gaps.forEach((g, i) => {
    const k = Math.round(g / p);
    if (k >= 2 && Math.abs(g - k * p) <= 0.2 * p)
      for (let j = 1; j < k; j++) out.push(blankAt(centre(values[i]) + j * p - 2, centre(values[i]) + j * p + 2, yc, h));
    out.push(values[i + 1]);
  });
  const last = centre(values[values.length - 1]);
  const right = Math.max(-Infinity, ...header.filter((c) => c.x0 >= centre(values[0]) - p).map(centre));
  const extra = Math.round((right - last) / p);
  if (extra >= 1 && extra <= 3 && Math.abs(right - last - extra * p) <= 0.3 * p)
    for (let j = 1; j <= extra; j++) out.push(blankAt(last + j * p - 2, last + j * p + 2, yc, h));
  return out;
}

/**
 * Wrapped label lines belong to the row whose numbers they sit beside, but cells may be aligned top, middle or
 * bottom, so "nearest row" is not enough. Column by column in the label area, the fragments between two rows'
 * numbers are split at the largest vertical gap (the cell border lies there: lines inside a cell are closer than
 * lines of different cells), and a fragment joins a row only through a chain of small gaps. Returns the chunks
 * that belong to no row.
 */
function attachLabels(lines: readonly Line[], numeric: readonly Line[]): Chunk[] {
  const loose: Chunk[] = [];
  const candidates: Chunk[] = [];
  const nearest = (c: Chunk) => {
    let best: Line | null = null;
    for (const n of numeric) if (!best || Math.abs(c.yc - n.yc) < Math.abs(c.yc - best.yc)) best = n;
    return best;
  };
  for (const l of lines) {
    if (l.numeric) continue;
    for (const c of l.chunks) {
      const n = nearest(c);
      const inLabelArea = n !== null && c.x1 <= n.firstValueX + 2 && !c.value;
      if (inLabelArea && !PAGE_NUMBER.test(c.str.replace(/\s+/g, ''))) candidates.push(c);
      else loose.push(c);
    }
  }
  if (!candidates.length) return loose;
  // Label columns: fragments and rows' own label chunks grouped by left edge.
  type Item = { top: number; bottom: number; yc: number; h: number; row: Line | null; chunk: Chunk | null };
  const own = numeric.flatMap((n) => n.chunks.filter((c) => !c.value && c.x1 <= n.firstValueX + 1).map((c) => ({ n, c })));
  const columns: number[] = [];
  for (const x of [...candidates.map((c) => c.x0), ...own.map((o) => o.c.x0)].sort((a, b) => a - b))
    if (!columns.length || x - columns[columns.length - 1] > 4) columns.push(x);
  const colOf = (x: number) => columns.reduce((best, c) => (Math.abs(c - x) < Math.abs(best - x) ? c : best), columns[0]);
  const attached = new Set<Chunk>();
  for (const col of columns) {
    const items: Item[] = [];
    for (const n of numeric) {
      if (col >= n.firstValueX) continue;
      const o = own.find((x) => x.n === n && colOf(x.c.x0) === col);
      const ref = o ? o.c : n.chunks.find((c) => c.value) ?? n.chunks[0];
      items.push({ top: ref.top, bottom: ref.bottom, yc: n.yc, h: ref.h, row: n, chunk: null });
    }
    for (const c of candidates) if (colOf(c.x0) === col) items.push({ top: c.top, bottom: c.bottom, yc: c.yc, h: c.h, row: null, chunk: c });
    items.sort((a, b) => a.yc - b.yc);
    const gap = (a: Item, b: Item) => b.top - a.bottom;
    // Attach fragments outwards from the row while each step is a line gap, not a cell border.
    const chainTo = (row: Line, frags: Item[], from: Item, down: boolean) => {
      let prev = from;
      for (const f of frags) {
        const g = down ? f.top - prev.bottom : prev.top - f.bottom;
        if (g > 1.5 * Math.max(f.h, prev.h)) break;
        row.attached.push(f.chunk!);
        attached.add(f.chunk!);
        prev = f;
      }
    };
    let i = 0;
    while (i < items.length) {
      if (items[i].row) {
        i++;
        continue;
      }
      let j = i;
      while (j < items.length && !items[j].row) j++;
      const run = items.slice(i, j);
      const above = i > 0 ? items[i - 1] : null;
      const below = j < items.length ? items[j] : null;
      let split = 0; // fragments [0, split) go up, [split, n) go down
      if (above && below) {
        const seq = [above, ...run, below];
        let best = -Infinity;
        for (let k = 0; k < seq.length - 1; k++) {
          const g = gap(seq[k], seq[k + 1]);
          if (g > best) {
            best = g;
            split = k;
          }
        }
      } else split = above ? run.length : 0;
      if (above?.row) chainTo(above.row, run.slice(0, split), above, true);
      if (below?.row) chainTo(below.row, run.slice(split).reverse(), below, false);
      i = j;
    }
  }
  for (const c of candidates) if (!attached.has(c)) loose.push(c);
  return loose;
}

/** Text right above a row's values (its table header), up to the previous row. */
function headerAbove(line: Line, loose: readonly Chunk[], numeric: readonly Line[]): Chunk[] {
  const h = line.chunks[0].h;
  const prev = Math.max(-Infinity, ...numeric.filter((n) => n.yc < line.yc).map((n) => n.yc));
  return loose.filter((c) => c.yc < line.yc && c.yc > Math.max(prev, line.yc - 14 * h) && c.x0 >= line.firstValueX - 2 * h);
}

const union = (cs: readonly Chunk[]): [number, number, number, number] => [
  Math.min(...cs.map((c) => c.x0)),
  Math.min(...cs.map((c) => c.top)),
  Math.max(...cs.map((c) => c.x1)),
  Math.max(...cs.map((c) => c.bottom)),
];

interface Block {
  yc: number;
  cells: Chunk[][];
}

/** Lay out one page: numeric rows with their label cells, and the other lines, top to bottom. */
function layoutPage(page: PageRuns): Block[] {
  const chunks = mergeRuns(page.runs);
  const lines = toLines(chunks);
  const numeric = lines.filter((l) => l.numeric);
  const loose = attachLabels(lines, numeric);
  const models = columnModels(numeric);
  const blocks: Block[] = [];
  for (const n of numeric) {
    const label = [...n.attached, ...n.chunks.filter((c) => !c.value && c.x1 <= n.firstValueX + 1)];
    const rest = withBlankCells(
      n,
      n.chunks.filter((c) => !label.includes(c)),
      models,
      headerAbove(n, loose, numeric),
    );
    // Label fragments by column (x), each column read top to bottom.
    const cols: Chunk[][] = [];
    for (const c of [...label].sort((a, b) => a.x0 - b.x0)) {
      const col = cols.find((k) => Math.abs(k[0].x0 - c.x0) <= 4);
      if (col) col.push(c);
      else cols.push([c]);
    }
    for (const col of cols) col.sort((a, b) => a.yc - b.yc);
    blocks.push({ yc: n.yc, cells: [...cols, ...rest.map((c) => [c])] });
  }
  for (const l of toLines(mergeVertical(loose))) blocks.push({ yc: l.yc, cells: l.chunks.map((c) => [c]) });
  blocks.sort((a, b) => a.yc - b.yc);
  return blocks;
}

const compactKey = (b: Block) => b.cells.map((c) => c.map((x) => x.str).join('')).join('').replace(/\s+/g, '');
const PAGE_NUMBER = /^[-—–－~第页共\d/\s.]+$/;

/** All pages → text (cells joined by tabs, rows by line breaks) with the source of every cell. */
export function layoutPages(pages: readonly PageRuns[]): LaidOut {
  const laid = pages.map((p) => ({ page: p, blocks: layoutPage(p) }));
  // Running headers and footers: the same line near the top or bottom edge of two or more pages.
  const edge = (p: PageRuns, b: Block) => b.yc < p.height * 0.09 || b.yc > p.height * 0.91;
  const seen = new Map<string, number>();
  for (const { page, blocks } of laid)
    for (const key of new Set(blocks.filter((b) => edge(page, b)).map(compactKey))) seen.set(key, (seen.get(key) ?? 0) + 1);
  let text = '';
  const spans: CellSpan[] = [];
  let dropped = 0;
  for (const { page, blocks } of laid) {
    for (const b of blocks) {
      const key = compactKey(b);
      if (edge(page, b) && ((seen.get(key) ?? 0) >= 2 || PAGE_NUMBER.test(key))) {
        dropped++;
        continue;
      }
      b.cells.forEach((cell, i) => {
        if (i > 0) text += '\t';
        const s = cell.map((c) => c.str.replace(/[\t\n\r]/g, ' ')).join('');
        spans.push({ start: text.length, end: text.length + s.length, page: page.page, box: union(cell) });
        text += s;
      });
      text += '\n';
    }
    text += '\n';
  }
  return { text, spans, dropped };
}

/** The span that contains text offset `at`, by binary search (spans are in order). */
export function spanAt(spans: readonly CellSpan[], at: number): CellSpan | null {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].end <= at) lo = mid + 1;
    else if (spans[mid].start > at) hi = mid - 1;
    else return spans[mid];
  }
  return null;
}

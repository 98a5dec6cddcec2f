/**
 * Builds parser text from a document's structure (HTML or Word XML): paragraphs become lines, each table row
 * becomes one line of tab-separated cells. Cells continued from a row or column span add nothing (the parser reads
 * values in order), an empty cell stays an empty cell (a blank), and a table nested in a cell (page layout
 * tables) turns the outer cell into plain lines. Pure.
 */
import { BLANK_CELL } from '../parse/tokenize.ts';

/**
 * Elements open at once beyond which a web page or Word file is not read further. htmlparser2 keeps its open
 * elements in an array it `unshift`s, so each level costs time in proportion to the depth: 200,000 nested tags took
 * minutes (found by `npm run fuzz`). Real reports nest a few dozen deep; 10,000 levels cost about 50 ms.
 */
export const MAX_MARKUP_DEPTH = 10_000;

/** What reading markup noticed: `tooDeep` when it stopped at MAX_MARKUP_DEPTH (the text before is kept). */
export interface MarkupNotes {
  tooDeep?: boolean;
}

/** Thrown from a parser callback to stop reading; caught by the reader that threw it. */
export const STOP_READING: unique symbol = Symbol('stop reading');

interface Row {
  cells: string[];
  /** The row holds a nested table: it is layout, not data. */
  container: boolean;
}

interface TableCtx {
  row: Row | null;
  cell: string[] | null;
  /** Skip this cell's text (a vertical-merge continuation). */
  skip: boolean;
}

export class TableText {
  readonly #lines: string[] = [];
  #para: string[] = [];
  readonly #tables: TableCtx[] = [];

  #top(): TableCtx | undefined {
    return this.#tables[this.#tables.length - 1];
  }

  text(s: string): void {
    const t = this.#top();
    if (t?.cell) {
      if (!t.skip) t.cell.push(s);
    } else this.#para.push(s);
  }

  /** End of a paragraph or line break: outside a cell a new line, inside a cell nothing (a wrapped label). */
  breakLine(): void {
    const t = this.#top();
    if (t?.cell) return;
    this.#flushPara();
  }

  #flushPara(): void {
    const line = this.#para.join('').replace(/[ \t\u00a0\u3000]+/g, ' ').trim();
    if (line) this.#lines.push(line);
    this.#para = [];
  }

  openTable(): void {
    const outer = this.#top();
    if (outer?.cell) {
      // A table inside a cell: the outer cell is page layout. Its text so far becomes a line of its own.
      if (outer.row && !outer.row.container) {
        // The row's earlier cells were page chrome beside the content: keep their text as a line.
        const earlier = outer.row.cells.filter((c) => c !== '');
        if (earlier.length) this.#lines.push(earlier.join('\t'));
        outer.row.cells = [];
        outer.row.container = true;
      }
      const before = outer.cell.join('').replace(/\s+/g, ' ').trim();
      if (before) this.#lines.push(before);
      outer.cell = null;
    } else this.#flushPara();
    this.#tables.push({ row: null, cell: null, skip: false });
  }

  closeTable(): void {
    this.#closeRow();
    this.#tables.pop();
    const outer = this.#top();
    // Text after a nested table, still inside the outer cell, goes on as plain lines.
    if (outer?.row?.container) outer.cell = null;
  }

  openRow(): void {
    const t = this.#top();
    if (!t) return;
    this.#closeRow();
    t.row = { cells: [], container: false };
  }

  closeRow(): void {
    this.#closeRow();
  }

  #closeRow(): void {
    const t = this.#top();
    if (!t?.row) return;
    this.#closeCell();
    const r = t.row;
    t.row = null;
    if (r.container) return;
    const first = r.cells.findIndex((c) => c !== '');
    if (first < 0) return;
    // An empty cell after the row's first text is a blank value, whose place must survive (BLANK_CELL).
    this.#lines.push(r.cells.map((c, i) => (c === '' && i > first ? BLANK_CELL : c)).join('\t'));
  }

  /** `skip`: a cell continuing a vertical merge, which adds no cell. */
  openCell(skip = false): void {
    const t = this.#top();
    if (!t) return;
    if (!t.row) this.openRow();
    this.#closeCell();
    t.cell = [];
    t.skip = skip;
  }

  closeCell(): void {
    this.#closeCell();
  }

  #closeCell(): void {
    const t = this.#top();
    if (!t?.cell) return;
    if (t.row?.container) {
      const rest = t.cell.join('').replace(/\s+/g, ' ').trim();
      if (rest) this.#lines.push(rest);
    } else if (!t.skip && t.row) {
      t.row.cells.push(t.cell.join('').replace(/[\s\u00a0\u3000]+/g, ' ').trim());
    }
    t.cell = null;
    t.skip = false;
  }

  finish(): string {
    while (this.#tables.length) this.closeTable();
    this.#flushPara();
    return this.#lines.join('\n');
  }
}

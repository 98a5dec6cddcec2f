/**
 * Chooses one reading per row so that the table's own arithmetic holds as well as it can, solving the rows
 * jointly (a glued row is often decided only by the column sums). Readings that the arithmetic cannot tell
 * apart are returned as ties, so the parser can say it had to choose. Pure.
 */
import type { Candidate } from './cut.ts';

export interface SolveRow {
  key: string;
  candidates: Candidate[];
}

export interface SolveResult {
  /** Index of the chosen candidate per row. */
  choice: number[];
  /** Violated relations of the chosen combination. */
  violations: number;
  /** Per row: every candidate index that appears in some combination as good as the chosen one. */
  ties: number[][];
  /** Every combination was tried (false: a local search was used, ties may be incomplete). */
  exhaustive: boolean;
}

/** Objective: number of violated relations for one candidate per row. */
export type Objective = (cells: readonly (readonly unknown[])[]) => number;

const MAX_COMBINATIONS = 250_000;
const MAX_TIES = 64;

export function solveJoint(rows: readonly SolveRow[], objective: Objective): SolveResult {
  const n = rows.length;
  const choice = rows.map((r) => argminCost(r.candidates));
  const ambiguous = rows.map((r, i) => (r.candidates.length > 1 ? i : -1)).filter((i) => i >= 0);
  const cellsOf = (ch: readonly number[]) => rows.map((r, i) => r.candidates[ch[i]].cells);
  const costOf = (ch: readonly number[]) => ch.reduce((a, c, i) => a + rows[i].candidates[c].cost, 0);
  if (ambiguous.length === 0) {
    return { choice, violations: objective(cellsOf(choice)), ties: choice.map((c) => [c]), exhaustive: true };
  }
  let product = 1;
  for (const i of ambiguous) product *= rows[i].candidates.length;

  if (product <= MAX_COMBINATIONS) {
    const cur = choice.slice();
    for (const i of ambiguous) cur[i] = 0;
    let best = Infinity;
    let tied: number[][] = [];
    for (;;) {
      const v = objective(cellsOf(cur));
      if (v < best) {
        best = v;
        tied = [cur.slice()];
      } else if (v === best && tied.length < MAX_TIES) tied.push(cur.slice());
      // Odometer over the ambiguous rows.
      let k = 0;
      while (k < ambiguous.length) {
        const i = ambiguous[k];
        if (++cur[i] < rows[i].candidates.length) break;
        cur[i] = 0;
        k++;
      }
      if (k === ambiguous.length) break;
    }
    tied.sort((a, b) => costOf(a) - costOf(b));
    const chosen = tied[0];
    const ties: number[][] = Array.from({ length: n }, (_, i) => [...new Set(tied.map((t) => t[i]))]);
    // Keep the chosen candidate first.
    ties.forEach((t, i) => t.sort((a, b) => (a === chosen[i] ? -1 : b === chosen[i] ? 1 : 0)));
    return { choice: chosen, violations: best, ties, exhaustive: true };
  }

  // Too many combinations: coordinate descent from the most plausible readings.
  const cur = choice.slice();
  let best = objective(cellsOf(cur));
  for (let pass = 0; pass < 25; pass++) {
    let improved = false;
    for (const i of ambiguous) {
      for (let c = 0; c < rows[i].candidates.length; c++) {
        if (c === cur[i]) continue;
        const prev = cur[i];
        cur[i] = c;
        const v = objective(cellsOf(cur));
        if (v < best || (v === best && rows[i].candidates[c].cost < rows[i].candidates[prev].cost)) {
          best = v;
          improved = true;
        } else cur[i] = prev;
      }
    }
    if (!improved) break;
  }
  const ties = cur.map((c, i) => {
    const t = [c];
    if (rows[i].candidates.length > 1) {
      for (let k = 0; k < rows[i].candidates.length && t.length < MAX_TIES; k++) {
        if (k === c) continue;
        const alt = cur.slice();
        alt[i] = k;
        if (objective(cellsOf(alt)) === best) t.push(k);
      }
    }
    return t;
  });
  return { choice: cur, violations: best, ties, exhaustive: false };
}

function argminCost(cands: readonly Candidate[]): number {
  let best = 0;
  for (let i = 1; i < cands.length; i++) if (cands[i].cost < cands[best].cost) best = i;
  return best;
}

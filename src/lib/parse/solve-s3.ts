/**
 * Exact search for part 三 readings that satisfy the column relations (一 + 二 = （七） + 四, and （七） = the sum
 * of the outcome rows), by backtracking with bounds: every cell is non-negative, so the outcome rows chosen so
 * far can never sum past （七）总计. This finds the consistent reading where a blind search over combinations
 * would give up. Pure.
 */
import type { CellValue } from '../form/model.ts';
import type { Candidate } from './cut.ts';

const num = (v: CellValue): number => (typeof v === 'number' ? v : v === null ? 0 : NaN);

export interface ExactResult {
  /** Combinations (candidate index per row) that satisfy every column relation, at most `maxSolutions`. */
  solutions: number[][];
  /** The search ran to the end (false: node budget hit; solutions may be incomplete). */
  complete: boolean;
}

/**
 * `rows` are the 25 part-三 rows in form order; `index` maps a row key to its position; `outcomes` lists the
 * positions of the 23 outcome rows.
 */
export function exactS3(
  rows: readonly (readonly Candidate[])[],
  index: Readonly<Record<string, number>>,
  outcomes: readonly number[],
  maxSolutions = 64,
  maxNodes = 2_000_000,
): ExactResult {
  const vals = rows.map((cands) => cands.map((c) => c.cells.map(num)));
  const iTotal = index['total'];
  const balance = [index['new'], index['carried'], index['carryforward']];
  // Outcome rows with a choice go last, so the bounds of the fixed ones prune early.
  const order = [...outcomes].sort((a, b) => rows[a].length - rows[b].length);
  const m = order.length;
  const minRem: number[][] = Array.from({ length: m + 1 }, () => new Array(7).fill(0));
  const maxRem: number[][] = Array.from({ length: m + 1 }, () => new Array(7).fill(0));
  for (let k = m - 1; k >= 0; k--) {
    for (let c = 0; c < 7; c++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (const v of vals[order[k]]) {
        lo = Math.min(lo, v[c]);
        hi = Math.max(hi, v[c]);
      }
      minRem[k][c] = minRem[k + 1][c] + lo;
      maxRem[k][c] = maxRem[k + 1][c] + hi;
    }
  }
  const choice = new Array<number>(rows.length).fill(0);
  const solutions: number[][] = [];
  let nodes = 0;
  let complete = true;
  const partial = new Array(7).fill(0);

  const outcomeSearch = (k: number, target: readonly number[]): void => {
    if (solutions.length >= maxSolutions) return;
    if (++nodes > maxNodes) {
      complete = false;
      return;
    }
    for (let c = 0; c < 7; c++) {
      const t = target[c];
      if (Number.isNaN(t) || Number.isNaN(partial[c]) || Number.isNaN(minRem[k][c])) continue;
      if (partial[c] + minRem[k][c] > t || partial[c] + maxRem[k][c] < t) return;
    }
    if (k === m) {
      solutions.push(choice.slice());
      return;
    }
    const r = order[k];
    for (let j = 0; j < vals[r].length; j++) {
      choice[r] = j;
      for (let c = 0; c < 7; c++) partial[c] += vals[r][j][c];
      outcomeSearch(k + 1, target);
      for (let c = 0; c < 7; c++) partial[c] -= vals[r][j][c];
      if (!complete || solutions.length >= maxSolutions) return;
    }
  };

  for (let t = 0; t < vals[iTotal].length && complete; t++) {
    choice[iTotal] = t;
    const target = vals[iTotal][t];
    // 一 + 二 = （七） + 四 for the balance rows.
    const bal = (depth: number): void => {
      if (depth === balance.length) {
        for (let c = 0; c < 7; c++) {
          const lhs = vals[balance[0]][choice[balance[0]]][c] + vals[balance[1]][choice[balance[1]]][c];
          const rhs = target[c] + vals[balance[2]][choice[balance[2]]][c];
          if (!Number.isNaN(lhs) && !Number.isNaN(rhs) && lhs !== rhs) return;
        }
        outcomeSearch(0, target);
        return;
      }
      const r = balance[depth];
      for (let j = 0; j < vals[r].length && complete && solutions.length < maxSolutions; j++) {
        choice[r] = j;
        bal(depth + 1);
      }
    };
    bal(0);
  }
  return { solutions, complete };
}

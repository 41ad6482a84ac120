/** A run of consecutive winners (or losers) in exit order. */
export interface Streak {
  /** Number of trades; 0 when the set has no winner (or no loser). */
  readonly length: number;
  /** Exit time of the first and the last trade of the streak; null when length is 0. */
  readonly fromExitTime: number | null;
  readonly toExitTime: number | null;
  /** Net pnl over the streak. */
  readonly totalPnl: number;
}

export interface Streaks {
  readonly longestWin: Streak;
  readonly longestLoss: Streak;
}

const NONE: Streak = { length: 0, fromExitTime: null, toExitTime: null, totalPnl: 0 };

/**
 * Longest win and loss streaks over trades visited in `order` (see exitOrder). A trade with pnl exactly 0 ends
 * both kinds of streak. Of two streaks of the same length the earlier is reported.
 */
export function longestStreaks(pnl: Float64Array, exitTime: Float64Array, order: Uint32Array): Streaks {
  let longestWin = NONE;
  let longestLoss = NONE;
  let sign = 0; // +1 inside a win streak, -1 inside a loss streak
  let start = 0; // position in `order` where the current streak began
  let sum = 0;
  const close = (end: number): void => {
    // the streak is order[start .. end - 1]
    const length = end - start;
    if (sign === 0 || length <= (sign > 0 ? longestWin.length : longestLoss.length)) return;
    const streak: Streak = {
      length,
      fromExitTime: exitTime[order[start]!]!,
      toExitTime: exitTime[order[end - 1]!]!,
      totalPnl: sum,
    };
    if (sign > 0) longestWin = streak;
    else longestLoss = streak;
  };
  for (let k = 0; k < order.length; k++) {
    const p = pnl[order[k]!]!;
    const s = p > 0 ? 1 : p < 0 ? -1 : 0;
    if (s !== sign) {
      close(k);
      sign = s;
      start = k;
      sum = 0;
    }
    sum += p;
  }
  close(order.length);
  return { longestWin, longestLoss };
}

/**
 * Win/loss tallies per group, kept in typed arrays so a breakdown over 500k trades is one pass with no objects
 * allocated per trade. A win is pnl > 0 and a loss pnl < 0, as in computeMetrics; a trade with pnl exactly 0 counts
 * towards count, total and average only.
 */

/** One group of a breakdown (a symbol, an exit reason, a weekday ...). Money in the account currency. */
export interface GroupStats {
  readonly key: string;
  readonly count: number;
  readonly wins: number;
  readonly losses: number;
  /** wins / count x 100. */
  readonly winRatePct: number;
  /** Net pnl of every trade in the group. */
  readonly totalPnl: number;
  /** totalPnl / count. */
  readonly avgPnl: number;
  /** Sum of the losing trades' pnl (0 or negative): what the group's losers cost. */
  readonly lossPnl: number;
}

/** Accumulators for `size` groups, addressed by index. */
export class GroupTally {
  readonly count: Uint32Array;
  readonly wins: Uint32Array;
  readonly losses: Uint32Array;
  readonly total: Float64Array;
  readonly lossPnl: Float64Array;

  constructor(readonly size: number) {
    this.count = new Uint32Array(size);
    this.wins = new Uint32Array(size);
    this.losses = new Uint32Array(size);
    this.total = new Float64Array(size);
    this.lossPnl = new Float64Array(size);
  }

  add(group: number, pnl: number): void {
    this.count[group]!++;
    this.total[group]! += pnl;
    if (pnl > 0) this.wins[group]!++;
    else if (pnl < 0) {
      this.losses[group]!++;
      this.lossPnl[group]! += pnl;
    }
  }

  /** The group at `index` under the name `key`. */
  stats(index: number, key: string): GroupStats {
    const count = this.count[index]!;
    const wins = this.wins[index]!;
    const total = this.total[index]!;
    return {
      key,
      count,
      wins,
      losses: this.losses[index]!,
      winRatePct: count > 0 ? (wins / count) * 100 : 0,
      totalPnl: total,
      avgPnl: count > 0 ? total / count : 0,
      lossPnl: this.lossPnl[index]!,
    };
  }

  /** Non-empty groups, index i named keys[i], in index order or in the order `order` lists the indices. */
  list(keys: readonly string[], order?: readonly number[]): GroupStats[] {
    const out: GroupStats[] = [];
    for (let k = 0; k < this.size; k++) {
      const i = order === undefined ? k : order[k]!;
      if (this.count[i]! > 0) out.push(this.stats(i, keys[i]!));
    }
    return out;
  }
}

/** Code-unit string order: the same on every machine and locale, unlike localeCompare. */
export function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

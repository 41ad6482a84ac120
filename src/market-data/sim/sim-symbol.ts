import type { Columns } from './columns.js';
import { DailyPath } from './daily-path.js';
import { createDayBars, generateDay, type DayBars } from './intraday.js';
import { deriveProfile, type SymbolProfile } from './symbol-profile.js';

/** Everything kept for one simulated symbol: its profile and the cumulative daily path. */
export class SimSymbol {
  readonly profile: SymbolProfile;
  readonly path: DailyPath;

  constructor(
    marketSeed: number,
    symbol: string,
    /** Scratch day, shareable between symbols because generation is synchronous. */
    private readonly scratch: DayBars = createDayBars(),
  ) {
    this.profile = deriveProfile(marketSeed, symbol);
    this.path = new DailyPath(this.profile);
  }

  /** Day `d`'s 288 five-minute bars, in the scratch buffer: valid until the next call. */
  day(d: number): DayBars {
    this.path.ensure(d + 1);
    generateDay(this.profile, this.path, d, this.scratch);
    return this.scratch;
  }

  /**
   * Writes day `d`'s daily bar to `out[i]` straight from the daily path: generateDay makes the day's
   * five-minute bars aggregate to exactly these values, so no intraday work is needed.
   */
  writeDailyBar(d: number, out: Columns, i: number): void {
    const p = this.path;
    p.ensure(d + 1);
    out.open[i] = Math.exp(p.openLog[d]!);
    out.high[i] = Math.exp(p.highLog[d]!);
    out.low[i] = Math.exp(p.lowLog[d]!);
    out.close[i] = Math.exp(p.closeLog[d]!);
    out.volume[i] = p.volume[d]!;
  }
}

import { STEPS_PER_DAY } from './calendar.js';
import { aggregate, copyBar, createColumns, type Columns } from './columns.js';
import { DailyPath } from './daily-path.js';
import { createDayBars, generateDay, type DayBars } from './intraday.js';
import { deriveProfile, type SymbolProfile } from './symbol-profile.js';

/**
 * Everything cached for one simulated symbol: its profile, the cumulative daily path and the daily bars
 * of days already generated (daily bars are the common request, and each costs 288 five-minute steps).
 */
export class SimSymbol {
  readonly profile: SymbolProfile;
  readonly path: DailyPath;
  private daily: Columns = createColumns(0);
  private dailyDone = new Uint8Array(0);

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

  /** Writes day `d`'s daily bar (the exact aggregate of its five-minute bars) to `out[i]`. */
  writeDailyBar(d: number, out: Columns, i: number): void {
    this.reserve(d + 1);
    if (this.dailyDone[d] !== 1) {
      aggregate(this.day(d), 0, STEPS_PER_DAY, this.daily, d);
      this.dailyDone[d] = 1;
    }
    copyBar(this.daily, d, out, i);
  }

  private reserve(days: number): void {
    if (days <= this.dailyDone.length) return;
    const capacity = Math.max(days, this.dailyDone.length * 2, 1024);
    const next = createColumns(capacity);
    next.open.set(this.daily.open);
    next.high.set(this.daily.high);
    next.low.set(this.daily.low);
    next.close.set(this.daily.close);
    next.volume.set(this.daily.volume);
    const done = new Uint8Array(capacity);
    done.set(this.dailyDone);
    this.daily = next;
    this.dailyDone = done;
  }
}

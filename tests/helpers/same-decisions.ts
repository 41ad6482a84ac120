// Compares a backtest on data cut at some time with the same backtest on the full data: everything decided
// before the cut must be identical. Used by the no-look-ahead tests.
import { isDeepStrictEqual } from 'node:util';
import { expect } from 'vitest';
import { countAsOf, sliceSeries, type BarSeries } from '../../src/core/domain/bar.js';
import type { BacktestResult } from '../../src/core/engine/backtest.js';
import type { BlockedSignal } from '../../src/core/engine/report.js';

/** Only the bars that opened strictly before `cutTime`. */
export const truncateSeries = (s: BarSeries, cutTime: number): BarSeries => sliceSeries(s, 0, countAsOf(s, cutTime - 1));

/** Number of timeline steps strictly before `time`. */
export function stepsBefore(times: Float64Array, time: number): number {
  let n = 0;
  while (n < times.length && times[n]! < time) n++;
  return n;
}

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Fails on the first differing item only, so a look-ahead shows as one readable diff, not thousands of lines. */
function expectSameList<T>(what: string, truncated: readonly T[], full: readonly T[]): void {
  const n = Math.max(truncated.length, full.length);
  for (let i = 0; i < n; i++) {
    if (!isDeepStrictEqual(truncated[i], full[i])) {
      expect(truncated[i], `${what}: first difference at #${i} (truncated run has ${truncated.length}, full run ${full.length})`).toEqual(full[i]);
    }
  }
}

/** `truncated` must equal the start of `full`, value for value (NaN equals NaN). */
function expectSameCurve(what: string, truncated: Float64Array, full: Float64Array, times: Float64Array): void {
  expect(truncated.length, `${what}: longer than the full run`).toBeLessThanOrEqual(full.length);
  for (let t = 0; t < truncated.length; t++) {
    if (!Object.is(truncated[t], full[t])) {
      const at = { step: t, date: day(times[t]!) };
      expect({ ...at, value: truncated[t] }, `${what} differs before the cut`).toEqual({ ...at, value: full[t] });
    }
  }
}

/**
 * Everything the run on data cut at `cutTime` decided must be what the full run decided over the same bars:
 * equity and cash curves, closed trades, halts and strategy failures, positions still open at the cut (entry time,
 * size, price) and blocked signals. `series` are the full run's series (to tell when a block was settled).
 */
export function expectSameDecisions(full: BacktestResult, cut: BacktestResult, cutTime: number, series: readonly BarSeries[]): void {
  const times = full.curve.time;
  expect(cut.bars, 'bars in the truncated run').toBe(stepsBefore(times, cutTime));
  expectSameCurve('curve time', cut.curve.time, full.curve.time, times);
  expectSameCurve('equity', cut.curve.equity, full.curve.equity, times);
  expectSameCurve('cash', cut.curve.cash!, full.curve.cash!, times);

  expectSameList('closed trades', cut.trades, full.trades.filter((tr) => tr.exitTime < cutTime));
  expectSameList('events', cut.events, full.events.filter((e) => e.time < cutTime));

  for (const p of cut.openPositions) {
    const later = full.trades.find((tr) => tr.symbol === p.symbol && tr.entryTime === p.entryTime && tr.exitTime >= cutTime)
      ?? full.openPositions.find((o) => o.symbol === p.symbol && o.entryTime === p.entryTime);
    expect(later, `position ${p.symbol} opened ${day(p.entryTime)} is missing from the full run`).toBeDefined();
    expect({ side: later!.side, qty: later!.qty, entryPrice: later!.entryPrice }, `position ${p.symbol} opened ${day(p.entryTime)}`)
      .toEqual({ side: p.side, qty: p.qty, entryPrice: p.entryPrice });
  }

  // A blocked signal carries its signal bar's time, but a fill-time cap on an order placed at a symbol's last bar
  // before the cut is only decided at the next open, after the cut. So: the truncated run's blocks are exactly the
  // full run's first ones, in order, and every block settled before the cut (the symbol's next bar is before the
  // cut too, so both its plan and its fill were) is in both runs.
  expectSameList('blocked signals', cut.blocked, full.blocked.slice(0, cut.blocked.length));
  const bySymbol = new Map(series.map((s) => [s.symbol, s]));
  const settled = (b: BlockedSignal): boolean => {
    const s = bySymbol.get(b.symbol)!;
    const next = countAsOf(s, b.time); // index of the symbol's first bar after the signal bar
    return next < s.length && s.time[next]! < cutTime;
  };
  expectSameList('blocked signals settled before the cut', cut.blocked.filter(settled), full.blocked.filter(settled));
}

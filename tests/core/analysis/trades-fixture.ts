import type { ClosedTrade, ExitReason } from '../../../src/core/engine/report.js';

/** UTC epoch ms of 2024-01-<day> <hour>:00 (2024-01-01 was a Monday). */
export const jan = (day: number, hour: number): number => Date.UTC(2024, 0, day, hour);

export function trade(
  symbol: string,
  side: 'long' | 'short',
  entryTime: number,
  exitTime: number,
  pnl: number,
  exitReason: ExitReason,
  barsHeld: number,
): ClosedTrade {
  return { symbol, side, qty: 1, entryTime, entryPrice: 100, exitTime, exitPrice: 100 + pnl, pnl, commission: 0, exitReason, barsHeld };
}

/**
 * Eight trades whose every breakdown is worked out by hand in the tests. In exit order the pnl reads
 * +100, -50, -30, +20, -10, 0, -40, +60; trades 4 and 5 exit on the same bar after entering on the same bar, and
 * symbol order (BBB before CCC) keeps the loss streak at two.
 */
export const EIGHT: readonly ClosedTrade[] = [
  trade('AAA', 'long', jan(1, 14), jan(2, 15), 100, 'signal', 1), // 1 Mon 14h
  trade('BBB', 'long', jan(2, 14), jan(3, 14), -50, 'stop_loss', 3), // 2 Tue 14h
  trade('AAA', 'short', jan(2, 15), jan(4, 14), -30, 'stop_loss', 6), // 3 Tue 15h
  trade('BBB', 'long', jan(3, 14), jan(5, 14), 20, 'take_profit', 21), // 4 Wed 14h
  trade('CCC', 'long', jan(3, 14), jan(5, 14), -10, 'stop_loss', 0), // 5 Wed 14h, same bars as 4
  trade('AAA', 'long', jan(4, 16), jan(8, 14), 0, 'time_stop', 2), // 6 Thu 16h
  trade('BBB', 'long', jan(5, 14), jan(9, 14), -40, 'stop_loss', 5), // 7 Fri 14h
  trade('CCC', 'short', jan(8, 9), jan(10, 14), 60, 'signal', 20), // 8 Mon 09h
];

/** The same trades in an order that is neither exit nor entry order (5 before 4 included). */
export const EIGHT_SHUFFLED: readonly ClosedTrade[] = [7, 4, 0, 6, 3, 1, 5, 2].map((i) => EIGHT[i]!);

/** mulberry32, so synthetic sets are the same on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

import { describe, expect, it } from 'vitest';
import { analyzeTrades } from '../../../src/core/analysis/analyze-trades.js';
import { tradeSetMetrics } from '../../../src/core/analysis/trade-set-metrics.js';
import type { ClosedTrade, ExitReason } from '../../../src/core/engine/report.js';
import { seeded } from './trades-fixture.js';

const REASONS: readonly ExitReason[] = ['signal', 'stop_loss', 'take_profit', 'trailing_stop', 'time_stop', 'flatten'];

/** 500k seeded trades over 200 symbols, 5-minute bars, returned out of exit order so the sort path runs too. */
function synthetic(n: number): ClosedTrade[] {
  const rand = seeded(9);
  const t0 = Date.UTC(2015, 0, 1);
  const out: ClosedTrade[] = new Array<ClosedTrade>(n);
  for (let i = 0; i < n; i++) {
    const entryTime = t0 + i * 2_100_000 + Math.floor(rand() * 3) * 3_600_000;
    const barsHeld = Math.floor(rand() * 40);
    const pnl = Math.round((rand() - 0.48) * 10_000) / 100;
    out[i] = {
      symbol: `S${i % 200}`,
      side: i % 3 === 0 ? 'short' : 'long',
      qty: 10,
      entryTime,
      entryPrice: 100,
      exitTime: entryTime + barsHeld * 300_000,
      exitPrice: 100 + pnl / 10,
      pnl,
      commission: 1,
      exitReason: REASONS[i % REASONS.length]!,
      barsHeld,
    };
  }
  return out;
}

describe('analysis of 500,000 trades', () => {
  const trades = synthetic(500_000);

  it('analyses them with every breakdown adding up to the whole set (timing is measured in a script, not here)', () => {
    const a = analyzeTrades(trades);
    expect(a.overall.count).toBe(500_000);
    for (const rows of Object.values(a.breakdowns)) {
      expect(rows.reduce((s, g) => s + g.count, 0)).toBe(500_000);
      expect(rows.reduce((s, g) => s + g.wins, 0)).toBe(a.overall.wins);
      expect(rows.reduce((s, g) => s + g.losses, 0)).toBe(a.overall.losses);
    }
    expect(a.breakdowns.symbol).toHaveLength(200);
    expect(a.breakdowns.exitReason.map((g) => g.key)).toEqual([...REASONS].sort());
    expect(a.streaks.longestWin.length).toBeGreaterThan(5);
    expect(a.streaks.longestLoss.length).toBeGreaterThan(5);
    for (const s of a.losingEntries) expect(s.excessLoss).toBeCloseTo(s.rateEffect + s.sizeEffect, 6);
  });

  it('computes trade-set metrics for them', () => {
    const m = tradeSetMetrics(trades, 1_000_000);
    expect(m.trades).toBe(500_000);
    expect(m.wins + m.losses).toBeLessThanOrEqual(500_000);
    expect(m.maxDrawdown).toBeGreaterThan(0);
  });
});

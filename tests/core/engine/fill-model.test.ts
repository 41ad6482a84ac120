import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../../src/core/engine/backtest.js';
import { buildUniverse } from '../../../src/core/engine/universe.js';
import { config, DAY, flat, scripted, series, T0 } from '../../helpers/scripted.js';

const run = (rows: Parameters<typeof series>[1], script: Parameters<typeof scripted>[0], overrides: Parameters<typeof config>[1] = {}, cash = 10_000) =>
  runBacktest(buildUniverse([series('X', rows)], [true]), config(scripted(script), overrides), cash);

describe('backtest fill model', () => {
  it('fills a market order at the next bar open, never at the signal bar', () => {
    const r = run([[10, 10, 10, 10], [11, 12, 10, 11.5], [12, 12, 12, 12], [13, 13, 13, 13]], { 0: [['X', 'enter_long']], 2: [['X', 'exit_long']] });
    expect(r.trades).toHaveLength(1);
    expect(r.trades[0]).toMatchObject({ entryTime: T0 + DAY, entryPrice: 11, exitTime: T0 + 3 * DAY, exitPrice: 13, exitReason: 'signal' });
  });

  it('sizes percent:p as floor(equity at the fill open x p / (open x (1 + commission)))', () => {
    const r = run([[10, 10, 10, 10], [11, 11, 11, 11], [11, 11, 11, 11]], { 0: [['X', 'enter_long']] }, { costs: { commissionRate: 0.001, slippageBps: 0 } });
    expect(r.openPositions[0]!.qty).toBe(Math.floor((10_000 * 0.4) / (11 * 1.001)));
  });

  it('sizes a crypto pair in fractions of a coin (to 1e-8), where a stock at the same price buys nothing', () => {
    const rows = flat(4, 62_000);
    const coin = (symbol: string) => runBacktest(buildUniverse([series(symbol, rows)], [true]), config(scripted({ 0: [[symbol, 'enter_long']] })), 100_000);
    expect(coin('BTC/USD').openPositions[0]).toMatchObject({ symbol: 'BTC/USD', qty: 0.64516129, entryPrice: 62_000 }); // 40% of 100,000
    expect(coin('ETH-USD').openPositions[0]!.qty).toBe(0.64516129);
    expect(coin('X').openPositions).toEqual([]);
    // Risk sizing: 2% of equity over 1.5 x ATR14 (1,200) is 1.11111111 coins, capped to the 50% max position.
    const risky = (symbol: string) => runBacktest(buildUniverse([series(symbol, Array.from({ length: 20 }, () => [62_000, 62_600, 61_400, 62_000] as const))], [true]),
      config(scripted({ 16: [[symbol, 'enter_long']] }), { sizing: { kind: 'risk', riskPct: 2, atrMultiple: 1.5, atrPeriod: 14 } }), 100_000);
    expect(risky('BTC/USD').openPositions[0]!.qty).toBe(0.80645161);
    const stock = risky('X');
    expect(stock.openPositions).toEqual([]);
    expect(stock.blocked[0]).toMatchObject({ symbol: 'X', by: 'gate:max-position-size', shadow: false });
  });

  it('moves fills against the order by the slippage and charges commission on notional', () => {
    const r = run([[10, 10, 10, 10], [100, 100, 100, 100], [100, 100, 100, 100], [200, 200, 200, 200]], { 0: [['X', 'enter_long']], 2: [['X', 'exit_long']] },
      { costs: { commissionRate: 0.01, slippageBps: 10 } }, 100_000);
    const t = r.trades[0]!;
    expect(t.entryPrice).toBeCloseTo(100.1, 10);
    expect(t.exitPrice).toBeCloseTo(199.8, 10);
    expect(t.commission).toBeCloseTo(t.qty * 100.1 * 0.01 + t.qty * 199.8 * 0.01, 8);
    expect(t.pnl).toBeCloseTo((199.8 - 100.1) * t.qty - t.commission, 8);
  });

  it('marks the last position at the last close and reports it open, not as a closed trade', () => {
    const r = run([[10, 10, 10, 10], [10, 10, 10, 10], [10, 15, 9, 14]], { 0: [['X', 'enter_long']] });
    expect(r.trades).toHaveLength(0);
    expect(r.openPositions).toEqual([{ symbol: 'X', side: 'long', qty: 400, entryTime: T0 + DAY, entryPrice: 10, marketPrice: 14, unrealizedPnl: 1600 }]);
    expect(r.metrics.endEquity).toBe(10_000 + 1600);
  });

  it('fills a protective stop at the stop when the low touches it, and at the open when the bar gaps through it', () => {
    const rule = { id: 'sl', category: 'stop_loss', type: 'stop_loss_pct', params: { pct: 10 }, priority: 5, active: true, shadow: false } as const;
    const touched = run([[100, 100, 100, 100], [100, 101, 99, 100], [99, 100, 85, 95]], { 0: [['X', 'enter_long']] }, { rules: [rule] });
    expect(touched.trades[0]).toMatchObject({ exitPrice: 90, exitReason: 'stop_loss', exitTime: T0 + 2 * DAY });
    const gapped = run([[100, 100, 100, 100], [100, 101, 99, 100], [80, 82, 78, 81]], { 0: [['X', 'enter_long']] }, { rules: [rule] });
    expect(gapped.trades[0]).toMatchObject({ exitPrice: 80, exitReason: 'stop_loss' });
  });

  it('takes profit at the target intrabar, and assumes the stop first when one bar touches both', () => {
    const rules = [
      { id: 'tp', category: 'entry_exit', type: 'take_profit_pct', params: { pct: 10 }, priority: 5, active: true, shadow: false },
      { id: 'sl', category: 'stop_loss', type: 'stop_loss_pct', params: { pct: 10 }, priority: 5, active: true, shadow: false },
    ] as const;
    const tp = run([[100, 100, 100, 100], [100, 100, 100, 100], [101, 115, 100, 112]], { 0: [['X', 'enter_long']] }, { rules: [...rules] });
    expect(tp.trades[0]!.exitReason).toBe('take_profit');
    expect(tp.trades[0]!.exitPrice).toBeCloseTo(110, 10);
    const both = run([[100, 100, 100, 100], [100, 100, 100, 100], [100, 120, 80, 100]], { 0: [['X', 'enter_long']] }, { rules: [...rules] });
    expect(both.trades[0]).toMatchObject({ exitPrice: 90, exitReason: 'stop_loss' });
  });

  it('trails the stop from the highest high since entry', () => {
    const rule = { id: 'tr', category: 'entry_exit', type: 'trailing_stop_pct', params: { pct: 10 }, priority: 5, active: true, shadow: false } as const;
    const r = run([[100, 100, 100, 100], [100, 100, 100, 100], [100, 130, 100, 125], [125, 126, 110, 112]], { 0: [['X', 'enter_long']] }, { rules: [rule] });
    expect(r.trades[0]).toMatchObject({ exitPrice: 117, exitReason: 'trailing_stop' });
  });

  it('exits on a time stop at the open after max holding bars', () => {
    const rule = { id: 'ts', category: 'entry_exit', type: 'max_holding_bars', params: { bars: 2 }, priority: 5, active: true, shadow: false } as const;
    const r = run(flat(6, 50), { 0: [['X', 'enter_long']] }, { rules: [rule] });
    expect(r.trades[0]).toMatchObject({ entryTime: T0 + DAY, exitTime: T0 + 3 * DAY, exitReason: 'time_stop', barsHeld: 2 });
  });

  it('enforces the risk-sizing stop at entry minus 1.5 x ATR', () => {
    const rows: [number, number, number, number][] = Array.from({ length: 20 }, () => [100, 105, 95, 100]);
    rows.push([100, 100, 50, 60]);
    const r = run(rows, { 18: [['X', 'enter_long']] }, { sizing: { kind: 'risk', riskPct: 2, atrMultiple: 1.5, atrPeriod: 14 } }, 100_000);
    const t = r.trades[0]!;
    expect(t.exitReason).toBe('stop_loss');
    expect(t.exitPrice).toBeCloseTo(100 - 1.5 * 10, 6);
    expect(t.qty).toBe(Math.floor((100_000 * 0.02) / 15));
  });

  it('caps risk sizing at the max position size gate (50% of equity)', () => {
    const rows: [number, number, number, number][] = Array.from({ length: 20 }, () => [100, 101, 99, 100]);
    const r = run(rows, { 18: [['X', 'enter_long']] }, { sizing: { kind: 'risk', riskPct: 2, atrMultiple: 1.5, atrPeriod: 14 } }, 100_000);
    expect(r.openPositions[0]!.qty).toBe(500);
  });

  it('leaves no look-ahead: the equity curve up to a bar never depends on later bars', () => {
    const rows: [number, number, number, number][] = Array.from({ length: 40 }, (_, i) => [100 + i, 102 + i, 99 + i, 101 + i]);
    const script = { 3: [['X', 'enter_long']], 10: [['X', 'exit_long']], 20: [['X', 'enter_long']] } as const;
    const full = run(rows, script);
    const cut = run(rows.slice(0, 25), script);
    expect(Array.from(cut.curve.equity)).toEqual(Array.from(full.curve.equity.subarray(0, 25)));
  });
});

describe('shadow exit rules', () => {
  it('report once when they would have fired and never exit the position', () => {
    const rules = [
      { id: 'sl', category: 'stop_loss', type: 'stop_loss_pct', params: { pct: 10 }, priority: 5, active: true, shadow: true },
      { id: 'hold', category: 'entry_exit', type: 'max_holding_bars', params: { bars: 2 }, priority: 5, active: true, shadow: true },
    ] as const;
    const r = run([[100, 100, 100, 100], [100, 100, 100, 100], [99, 100, 85, 95], [95, 95, 80, 82], [82, 82, 82, 82]],
      { 0: [['X', 'enter_long']] }, { rules: [...rules] });
    expect(r.trades).toHaveLength(0);
    expect(r.openPositions).toHaveLength(1);
    expect(r.blocked.map((b) => [b.by, b.time, b.shadow])).toEqual([
      ['rule:sl', T0 + 2 * DAY, true],
      ['rule:hold', T0 + 2 * DAY, true],
    ]);
    expect(r.blocked[0]).toMatchObject({ observed: 90, limit: 90 });
  });
});

// Reproducibility to the cent on real data, golden numbers, and an independent oracle of the fill model.
//
// GOLDEN VALUES: the literals below are what the engine produced when this test was written. A change to any of
// them must be a deliberate, explained change to the engine (fill model, sizing, gates, strategy, metrics), made
// in the same commit as the new numbers, never a silent update to make the test pass.
import { beforeAll, describe, expect, it } from 'vitest';
import type { BarSeries } from '../../src/core/domain/bar.js';
import { backtestDocSchema, type BacktestDoc } from '../helpers/backtest-doc.js';
import { runInProcess } from '../helpers/cli.js';
import { loadRealSeries, EXAMPLE_DATA_DIR } from '../helpers/real-data.js';

const ORCL = ['backtest', '--strategy', 'trend-following', '--symbols', 'ORCL', '--data', EXAMPLE_DATA_DIR, '--json'];
const PERCENT_40 = [...ORCL, '--sizing', 'percent:40', '--commission', '0.001'];

type TradeRow = [entryDay: string, entryPrice: number, exitDay: string, exitPrice: number, qty: number, pnl: number, exitReason: string];
const rows = (doc: BacktestDoc): TradeRow[] =>
  doc.trades.map((t) => [t.entryTime.slice(0, 10), t.entryPrice, t.exitTime.slice(0, 10), t.exitPrice, t.qty, t.pnl, t.exitReason]);

async function twice(argv: readonly string[]): Promise<[string, string]> {
  const a = await runInProcess(argv);
  const b = await runInProcess(argv);
  return [a.out, b.out];
}

describe('trend-following on ORCL 1995-2014, default risk sizing (risk:2, stop 1.5 x ATR14)', () => {
  let doc: BacktestDoc;
  let outputs: [string, string];
  beforeAll(async () => {
    outputs = await twice(ORCL);
    doc = backtestDocSchema.parse(JSON.parse(outputs[0]));
  });

  it('prints byte-identical JSON on two runs', () => {
    expect(outputs[1]).toBe(outputs[0]);
  });

  it('matches the golden trades, end equity and blocked entries', () => {
    expect(doc.metrics.endEquity).toBe(159_916.02);
    expect(rows(doc)).toEqual([
      ['1997-06-11', 5.291667, '1997-10-28', 4.833333, 6683, -3063.05, 'stop_loss'],
      ['1998-11-06', 5.239583, '1999-06-04', 6.9375, 5820, 9881.88, 'signal'],
      ['1999-06-22', 8.34375, '2000-11-08', 27.375, 2790, 53097.19, 'signal'],
    ]);
    expect(doc.openPositions).toEqual([]);
    // The 25% drawdown gate trips at the 2000-11-07 close and every later golden cross is blocked.
    expect(doc.events.map((e) => [e.kind, e.time.slice(0, 10)])).toEqual([['halt', '2000-11-07']]);
    expect(doc.blocked).toHaveLength(14);
    expect(doc.metrics.blockedBy).toEqual({ 'gate:max-drawdown': 14 });
    expect(doc.metrics.maxDrawdownPct).toBe(25.8999);
  });
});

describe('trend-following on ORCL, --sizing percent:40 --commission 0.001', () => {
  let doc: BacktestDoc;
  let outputs: [string, string];
  beforeAll(async () => {
    outputs = await twice(PERCENT_40);
    doc = backtestDocSchema.parse(JSON.parse(outputs[0]));
  });

  it('prints byte-identical JSON on two runs', () => {
    expect(outputs[1]).toBe(outputs[0]);
  });

  it('matches the golden trades, end equity and blocked entries', () => {
    expect(doc.metrics.endEquity).toBe(98_399);
    expect(rows(doc)).toEqual([
      ['1997-06-11', 5.291667, '1997-12-19', 3.604167, 7551, -12809.48, 'signal'],
      ['1998-11-06', 5.239583, '1999-06-04', 6.9375, 6649, 11208.48, 'signal'],
    ]);
    expect(doc.events.map((e) => [e.kind, e.time.slice(0, 10)])).toEqual([['halt', '1999-04-07']]);
    expect(doc.blocked).toHaveLength(15);
    expect(doc.blocked[0]!.time).toBe('1999-06-21T00:00:00.000Z');
  });

  it('agrees with an independent SMA-cross oracle to the cent (trades, blocked entries, end equity)', () => {
    const oracle = smaCrossOracle(loadRealSeries('ORCL'), { fast: 50, slow: 200, pct: 40, commission: 0.001, startCash: 100_000 });
    expect(doc.trades.map((t) => ({
      entry: t.entryTime.slice(0, 10), exit: t.exitTime.slice(0, 10), qty: t.qty, entryPrice: t.entryPrice, exitPrice: t.exitPrice, pnl: t.pnl,
    }))).toEqual(oracle.trades.map((t) => ({ ...t, entryPrice: round(t.entryPrice, 6), exitPrice: round(t.exitPrice, 6), pnl: round(t.pnl, 2) })));
    expect(doc.blocked.map((b) => b.time.slice(0, 10))).toEqual(oracle.blockedEntries);
    expect(doc.events.map((e) => e.time.slice(0, 10))).toEqual([oracle.haltedOn]);
    expect(doc.metrics.endEquity).toBe(round(oracle.endEquity, 2));
  });
});

const round = (x: number, places: number): number => Math.round(x * 10 ** places) / 10 ** places;
const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

interface OracleSetup {
  readonly fast: number;
  readonly slow: number;
  readonly pct: number;
  readonly commission: number;
  readonly startCash: number;
}

interface OracleTrade {
  readonly entry: string;
  readonly exit: string;
  readonly qty: number;
  readonly entryPrice: number;
  readonly exitPrice: number;
  readonly pnl: number;
}

/**
 * The documented fill model written out with plain loops, sharing no code with the engine: SMA(fast) / SMA(slow)
 * of the closes, a strict cross (fast < slow then fast > slow, and back) decided at the close of bar i, filled at
 * bar i+1's open; entry qty = floor(equity at that open x pct / (open x (1 + commission))); commission on both
 * legs. The hard gates are kept: 50% max position and the 10% cash reserve (they cap the qty; at 40% they never
 * bind), the 5% daily loss breaker, and the 25% drawdown gate, which latches at the first close 25% below the
 * peak and blocks every later entry (it binds in this run, in April 1999).
 */
function smaCrossOracle(s: BarSeries, o: OracleSetup): { trades: OracleTrade[]; blockedEntries: string[]; haltedOn: string | null; endEquity: number } {
  const n = s.length;
  const sma = (period: number, i: number): number => {
    if (i + 1 < period) return NaN;
    let sum = 0;
    for (let j = i - period + 1; j <= i; j++) sum += s.close[j]!;
    return sum / period;
  };
  const trades: OracleTrade[] = [];
  const blockedEntries: string[] = [];
  let cash = o.startCash;
  let qty = 0;
  let entry = { time: 0, price: 0, commission: 0 };
  let pending: 'buy' | 'sell' | null = null;
  let peak = o.startCash;
  let prevEquity = o.startCash;
  let haltedOn: string | null = null;
  let equity = o.startCash;

  for (let i = 0; i < n; i++) {
    const open = s.open[i]!;
    if (pending === 'sell') {
      const commission = qty * open * o.commission;
      cash += qty * open - commission;
      trades.push({ entry: day(entry.time), exit: day(s.time[i]!), qty, entryPrice: entry.price, exitPrice: open,
        pnl: (open - entry.price) * qty - entry.commission - commission });
      qty = 0;
    } else if (pending === 'buy') {
      const equityAtOpen = cash; // flat when an entry fills
      const unit = open * (1 + o.commission);
      let q = Math.floor((equityAtOpen * o.pct) / 100 / unit);
      q = Math.min(q, Math.floor((equityAtOpen * 0.5) / open)); // max position 50%
      q = Math.min(q, Math.floor((cash - equityAtOpen * 0.1) / unit)); // cash reserve 10%
      if (q >= 1) {
        const commission = q * open * o.commission;
        cash -= q * open + commission;
        qty = q;
        entry = { time: s.time[i]!, price: open, commission };
      }
    }
    pending = null;

    equity = cash + qty * s.close[i]!;
    const dayStart = prevEquity; // daily bars: the day starts at the previous close
    prevEquity = equity;
    if (equity > peak) peak = equity;
    if (haltedOn === null && equity <= peak * 0.75) haltedOn = day(s.time[i]!);

    if (i < o.slow) continue;
    const f0 = sma(o.fast, i - 1);
    const s0 = sma(o.slow, i - 1);
    const f1 = sma(o.fast, i);
    const s1 = sma(o.slow, i);
    if (f0 < s0 && f1 > s1 && qty === 0) {
      const dailyLossPct = ((dayStart - equity) / dayStart) * 100;
      const drawdownPct = ((peak - equity) / peak) * 100;
      if (haltedOn !== null || drawdownPct >= 25 || dailyLossPct >= 5) blockedEntries.push(day(s.time[i]!));
      else pending = 'buy';
    } else if (f0 > s0 && f1 < s1 && qty > 0) {
      pending = 'sell';
    }
  }
  return { trades, blockedEntries, haltedOn, endEquity: equity };
}

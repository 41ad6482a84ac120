// What a replay variant changed, trade by trade and in the metrics. Trades are matched by symbol + side + entry
// time: the same entry in both runs is the same trade (several on one key are paired in exit order).
import type { ClosedTrade, ExitReason, Metrics } from '../../core/engine/report.js';

export interface TradeRef {
  readonly symbol: string;
  readonly side: 'long' | 'short';
  readonly entryTime: number;
  readonly exitTime: number;
  readonly exitReason: ExitReason;
  readonly qty: number;
  readonly pnl: number;
}

/** The same entry in both runs, closed differently (`exit`) or the same way at another size (`resized`). */
export interface TradeChange {
  readonly symbol: string;
  readonly side: 'long' | 'short';
  readonly entryTime: number;
  readonly before: { readonly exitTime: number; readonly exitReason: ExitReason; readonly exitPrice: number; readonly qty: number; readonly pnl: number };
  readonly after: { readonly exitTime: number; readonly exitReason: ExitReason; readonly exitPrice: number; readonly qty: number; readonly pnl: number };
}

export interface TradeDiff {
  /** In the baseline, entry absent in the variant. */
  readonly blocked: readonly TradeRef[];
  /** Same entry, another exit (time, reason or price). */
  readonly exitedDifferently: readonly TradeChange[];
  /** Same entry and exit, another size (sizing follows equity, which the change moved). */
  readonly resized: readonly TradeChange[];
  /** Only in the variant. */
  readonly added: readonly TradeRef[];
  /** Identical in both. */
  readonly unchanged: number;
}

const keyOf = (t: ClosedTrade): string => `${t.symbol}|${t.side}|${t.entryTime}`;
const ref = (t: ClosedTrade): TradeRef => ({ symbol: t.symbol, side: t.side, entryTime: t.entryTime, exitTime: t.exitTime, exitReason: t.exitReason, qty: t.qty, pnl: t.pnl });
const leg = (t: ClosedTrade) => ({ exitTime: t.exitTime, exitReason: t.exitReason, exitPrice: t.exitPrice, qty: t.qty, pnl: t.pnl });

/** Pnl equal up to float noise from a different summation path. */
const samePnl = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));

export function sameTrade(a: ClosedTrade, b: ClosedTrade): boolean {
  return keyOf(a) === keyOf(b) && a.exitTime === b.exitTime && a.exitReason === b.exitReason && a.qty === b.qty && samePnl(a.pnl, b.pnl);
}

export function diffTrades(baseline: readonly ClosedTrade[], variant: readonly ClosedTrade[]): TradeDiff {
  const pool = new Map<string, ClosedTrade[]>();
  for (const t of variant) {
    const list = pool.get(keyOf(t));
    if (list === undefined) pool.set(keyOf(t), [t]);
    else list.push(t);
  }
  const blocked: TradeRef[] = [];
  const exitedDifferently: TradeChange[] = [];
  const resized: TradeChange[] = [];
  let unchanged = 0;
  for (const b of baseline) {
    const v = pool.get(keyOf(b))?.shift();
    if (v === undefined) blocked.push(ref(b));
    else if (sameTrade(b, v)) unchanged++;
    else {
      const change = { symbol: b.symbol, side: b.side, entryTime: b.entryTime, before: leg(b), after: leg(v) };
      if (b.exitTime !== v.exitTime || b.exitReason !== v.exitReason || b.exitPrice !== v.exitPrice) exitedDifferently.push(change);
      else resized.push(change);
    }
  }
  const added = variant.filter((t) => pool.get(keyOf(t))?.includes(t) ?? false).map(ref);
  return { blocked, exitedDifferently, resized, added, unchanged };
}

/** Where the variant's pnl difference came from; the four parts add up to variant pnl - baseline pnl. */
export interface PnlAttribution {
  readonly blocked: number;
  readonly exits: number;
  readonly resized: number;
  readonly added: number;
}

export function attributePnl(d: TradeDiff): PnlAttribution {
  const sum = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0);
  return {
    blocked: -sum(d.blocked.map((t) => t.pnl)),
    exits: sum(d.exitedDifferently.map((c) => c.after.pnl - c.before.pnl)),
    resized: sum(d.resized.map((c) => c.after.pnl - c.before.pnl)),
    added: sum(d.added.map((t) => t.pnl)),
  };
}

export interface ReplayMetrics {
  /** Marked at the last replayed close: open positions count at market. */
  readonly totalReturnPct: number;
  /** Net pnl of the closed trades. */
  readonly totalPnl: number;
  readonly maxDrawdownPct: number;
  readonly winRatePct: number;
  readonly trades: number;
  readonly sharpe: number | null;
  readonly endEquity: number;
}

export type MetricDeltas = { readonly [K in keyof ReplayMetrics]: ReplayMetrics[K] extends number ? number : number | null };

export function replayMetrics(m: Metrics, trades: readonly ClosedTrade[]): ReplayMetrics {
  return {
    totalReturnPct: m.totalReturnPct, totalPnl: trades.reduce((s, t) => s + t.pnl, 0), maxDrawdownPct: m.maxDrawdownPct, winRatePct: m.winRatePct,
    trades: m.trades, sharpe: m.sharpe, endEquity: m.endEquity,
  };
}

/** variant - baseline, metric by metric; sharpe's delta is null when either is undefined. */
export function metricDeltas(base: ReplayMetrics, variant: ReplayMetrics): MetricDeltas {
  return {
    totalReturnPct: variant.totalReturnPct - base.totalReturnPct,
    totalPnl: variant.totalPnl - base.totalPnl,
    maxDrawdownPct: variant.maxDrawdownPct - base.maxDrawdownPct,
    winRatePct: variant.winRatePct - base.winRatePct,
    trades: variant.trades - base.trades,
    sharpe: variant.sharpe === null || base.sharpe === null ? null : variant.sharpe - base.sharpe,
    endEquity: variant.endEquity - base.endEquity,
  };
}

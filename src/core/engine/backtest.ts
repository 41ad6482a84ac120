import type { PlannedOrder } from '../domain/order.js';
import { haltedVerdict, maxDrawdownVerdict } from '../risk/gates.js';
import type { Universe } from '../strategies/strategy.js';
import { computeMetrics } from './metrics.js';
import type { EngineConfig } from './config.js';
import type { OpenPosition } from './book.js';
import { createBlockedLog, type BlockedLog } from './blocked-log.js';
import { checkIntrabarExit, checkShadowExits, fillAtOpen, fillIntrabarExit, updateExtreme } from './fill-model.js';
import { createPlannerContext, planIteration } from './plan.js';
import { createEngineState, observeEquity, recordClosedTrade, type EngineState } from './state.js';
import type { BlockedSignal, ClosedTrade, EquityCurve, Metrics, OpenPositionReport } from './report.js';

export interface BacktestResult {
  readonly metrics: Metrics;
  readonly curve: EquityCurve;
  readonly trades: readonly ClosedTrade[];
  readonly openPositions: readonly OpenPositionReport[];
  readonly blocked: readonly BlockedSignal[];
  /** Drawdown halts and strategy failures, in time order. */
  readonly events: readonly { readonly time: number; readonly kind: 'halt' | 'strategy_failed'; readonly message: string }[];
  readonly bars: number;
  readonly exposedBars: number;
}

/**
 * The backtest loop. Per timeline step t, in this order:
 *  1. pending market orders fill at bar t's open (entries sized now for percent sizing, capped by the gates);
 *  2. protective exits are checked intrabar on bar t's high/low;
 *  3. positions are marked at bar t's close -> equity curve, peak, day start, drawdown halt;
 *  4. planIteration at bar t's close -> orders for bar t+1's open.
 * Orders for a symbol wait for that symbol's next bar. Positions still open at the end are marked at the last
 * close and reported as open, not as closed trades.
 */
export function runBacktest(universe: Universe, config: EngineConfig, startCash: number): BacktestResult {
  const ctx = createPlannerContext(universe, config);
  const state = createEngineState(startCash);
  const book = state.book;
  const T = universe.times.length;
  const equity = new Float64Array(T);
  const cashCurve = new Float64Array(T);
  const blocked = createBlockedLog();
  const events: { time: number; kind: 'halt' | 'strategy_failed'; message: string }[] = [];
  let pending: PlannedOrder[] = [];
  let exposedBars = 0;
  const { series, index, times } = universe;
  const symbolK = ctx.symbolIndex;
  const gatesCfg = { mode: config.gatesMode, minCashReservePct: config.gates.minCashReservePct };
  const enforce = config.gatesMode === 'enforce';

  for (let t = 0; t < T; t++) {
    const time = times[t]!;
    if (pending.length > 0) pending = fillPending(state, ctx.symbolIndex, universe, t, pending, config, gatesCfg, blocked);
    const open = book.open;
    // Backwards, so an exit removing open[j] leaves the positions still to visit in place.
    for (let j = open.length - 1; j >= 0; j--) {
      const p = open[j]!;
      const k = p.slot >= 0 ? p.slot : (p.slot = symbolK.get(p.symbol)!);
      const i = index[k]![t]!;
      const s = series[k]!;
      if (i < 0 || s.time[i] !== time) continue;
      if (p.shadowExits.length > 0) reportShadowExits(p, s.open[i]!, s.high[i]!, s.low[i]!, time, t, blocked);
      const exit = checkIntrabarExit(p, s.open[i]!, s.high[i]!, s.low[i]!);
      if (exit !== null) {
        recordTrades(state, fillIntrabarExit(book, p, exit, time, config.runKey, config.costs));
        continue;
      }
      updateExtreme(p, s.high[i]!, s.low[i]!);
      p.barsHeld++;
      p.lastPrice = s.close[i]!;
    }
    let eq = book.cash;
    if (open.length > 0) {
      exposedBars++;
      for (let j = 0; j < open.length; j++) eq += open[j]!.qty * open[j]!.lastPrice;
    }
    equity[t] = eq;
    cashCurve[t] = book.cash;
    if (observeEquity(state, eq, time, config.gates.maxDrawdownPct) && enforce) {
      const v = maxDrawdownVerdict(eq, state.peakEquity, config.gates)!;
      state.entriesHalted = haltedVerdict(v);
      events.push({ time, kind: 'halt', message: v.message });
    }
    const plan = planIteration(ctx, state, t);
    if (plan === null) continue;
    if (plan.error !== null) events.push({ time, kind: 'strategy_failed', message: plan.error.message });
    for (const b of plan.blocked) blocked.add(b, t);
    for (const o of plan.orders) pending.push(o);
  }
  const trades = book.trades;
  const openPositions: OpenPositionReport[] = [];
  for (const p of book.open) {
    openPositions.push({
      symbol: p.symbol,
      side: p.qty > 0 ? 'long' : 'short',
      qty: Math.abs(p.qty),
      entryTime: p.entryTime,
      entryPrice: p.avgPrice,
      marketPrice: p.lastPrice,
      unrealizedPnl: (p.lastPrice - p.avgPrice) * p.qty,
    });
  }
  const curve: EquityCurve = { time: times, equity, cash: cashCurve };
  const metrics = computeMetrics({ curve, trades, startEquity: startCash, exposedBars, blocked: blocked.records });
  return { metrics, curve, trades, openPositions, blocked: blocked.records, events, bars: T, exposedBars };
}

function reportShadowExits(p: OpenPosition, open: number, high: number, low: number, time: number, t: number, blocked: BlockedLog): void {
  const hits = checkShadowExits(p, open, high, low);
  if (hits === null) return;
  for (const h of hits) blocked.add({ time, symbol: p.symbol, by: h.by, reason: h.message, observed: h.price, limit: h.level, shadow: true }, t);
}

function recordTrades(state: EngineState, trades: readonly ClosedTrade[]): void {
  for (const tr of trades) recordClosedTrade(state, tr);
}

function fillPending(state: EngineState, symbolK: ReadonlyMap<string, number>, u: Universe, t: number, pending: PlannedOrder[],
  config: EngineConfig, gatesCfg: { mode: 'enforce' | 'shadow'; minCashReservePct: number }, blocked: BlockedLog): PlannedOrder[] {
  const time = u.times[t]!;
  const book = state.book;
  // Equity at this open: positions marked at their symbol's open when it prints now.
  let equityAtOpen = book.cash;
  for (const p of book.positions.values()) {
    const k = symbolK.get(p.symbol)!;
    const i = u.index[k]![t]!;
    const s = u.series[k]!;
    equityAtOpen += p.qty * (i >= 0 && s.time[i] === time ? s.open[i]! : p.lastPrice);
  }
  const waiting: PlannedOrder[] = [];
  // Exits first so their cash is available to entries filling at the same open.
  const ordered = pending.length > 1 ? [...pending].sort((a, b) => (a.intent === b.intent ? 0 : a.intent === 'exit' ? -1 : 1)) : pending;
  for (const order of ordered) {
    const k = symbolK.get(order.symbol)!;
    const i = u.index[k]![t]!;
    const s = u.series[k]!;
    if (i < 0 || s.time[i] !== time) {
      waiting.push(order);
      continue;
    }
    const out = fillAtOpen(book, order, { time, open: s.open[i]! }, equityAtOpen, config.costs, gatesCfg);
    recordTrades(state, out.trades);
    for (const v of out.verdicts) {
      if (v.action === 'qty_capped') continue;
      // A quantity fixed at plan time had its shadow caps reported then; do not count them twice.
      if (v.action === 'reported' && order.sizing.kind === 'qty') continue;
      blocked.add({ time: order.barTime, symbol: order.symbol, by: v.by, reason: v.message, observed: v.observed, limit: v.limit, shadow: v.action === 'reported' }, t - 1);
    }
    const p = book.positions.get(order.symbol);
    if (p !== undefined) p.lastPrice = s.open[i]!;
  }
  return waiting;
}

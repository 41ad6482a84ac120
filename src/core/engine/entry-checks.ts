import { clientOrderId, NO_PROTECTION, type EntryCaps as Caps, type PlannedOrder, type Protection } from '../domain/order.js';
import { floorQty, qtyDecimals } from '../domain/quantity.js';
import type { Signal } from '../domain/signal.js';
import { capEntryQty, dailyLossVerdict, drawdownPct, haltedVerdict, maxDrawdownVerdict, type GateLimits, type Verdict } from '../risk/gates.js';
import { ruleApplies, type Rule } from '../risk/rules.js';
import { inWindow } from '../risk/exchange-time.js';
import type { EngineState } from './state.js';
import type { BlockedSignal } from './report.js';
import type { PlannerContext } from './planner-context.js';

/** Mutable scratch for one iteration's entries (cash already committed, entries planned, a halt tripped). */
export interface EntryContext {
  readonly ctx: PlannerContext;
  readonly state: EngineState;
  readonly t: number;
  readonly barTime: number;
  /** When the decision is taken (the bar's close). */
  readonly decisionTime: number;
  plannedEntries: number;
  cashLeft: number;
  halt: { by: string; message: string; observed: number | null; limit: number | null } | null;
}

export interface EntryOutcome {
  readonly order: PlannedOrder | null;
  readonly blocked: readonly BlockedSignal[];
}

/**
 * Entry chain: kill switch -> hard gates (drawdown, daily loss) -> user rules in priority order -> sizing -> caps.
 * The first enforced block stops the chain; shadow gates/rules are reported and the chain goes on.
 */
export function evaluateEntry(e: EntryContext, signal: Signal, confidence: number): EntryOutcome {
  const blocked: BlockedSignal[] = [];
  const { ctx, state } = e;
  const cfg = ctx.config;
  const shadowGates = cfg.gatesMode === 'shadow';
  const report = (v: Verdict, shadow: boolean): void => {
    blocked.push({ time: e.barTime, symbol: signal.symbol, by: v.by, reason: v.message, observed: v.observed, limit: v.limit, shadow });
  };
  const stop = (v: Verdict): EntryOutcome => {
    report(v, false);
    return { order: null, blocked };
  };

  if (state.killSwitch !== null) {
    return stop({ by: 'gate:kill-switch', observed: null, limit: null, action: 'entry_blocked', message: `desk halted: ${state.killSwitch}` });
  }
  const gateCheck = (v: Verdict | null): EntryOutcome | null => {
    if (v === null) return null;
    if (shadowGates) {
      report({ ...v, action: 'reported', message: `${v.message} (shadow: not enforced)` }, true);
      return null;
    }
    return stop(v);
  };
  if (state.entriesHalted !== null && !shadowGates) {
    return stop({ ...state.entriesHalted, observed: drawdownPct(state.equity, state.peakEquity) });
  }
  const dd = maxDrawdownVerdict(state.equity, state.peakEquity, cfg.gates);
  if (dd !== null && !shadowGates) {
    e.halt ??= { by: dd.by, message: dd.message, observed: dd.observed, limit: dd.limit };
    return stop(haltedVerdict(dd));
  }
  const early = gateCheck(dd) ?? gateCheck(dailyLossVerdict(state.equity, state.dayStartEquity, cfg.gates));
  if (early !== null) return early;

  let maxPositionPct = cfg.gates.maxPositionPct;
  let maxPositionBy = 'gate:max-position-size';
  let maxNotional = Infinity;
  let maxNotionalBy = '';
  let protection: Protection = NO_PROTECTION;

  for (const rule of ctx.rules) {
    if (!ruleApplies(rule, signal.symbol)) continue;
    const verdict = ruleVerdict(e, rule, signal, confidence);
    if (verdict !== null) {
      if (rule.shadow) report({ ...verdict, action: 'reported', message: `${verdict.message} (shadow rule)` }, true);
      else return stop(verdict);
      continue;
    }
    if (rule.shadow) {
      if (rule.type === 'stop_loss_pct' || rule.type === 'take_profit_pct' || rule.type === 'trailing_stop_pct') {
        protection = { ...protection, shadow: [...protection.shadow, { by: `rule:${rule.id}`, type: rule.type, value: rule.params.pct }] };
      } else if (rule.type === 'max_holding_bars') {
        protection = { ...protection, shadow: [...protection.shadow, { by: `rule:${rule.id}`, type: rule.type, value: rule.params.bars }] };
      }
      continue;
    }
    switch (rule.type) {
      case 'max_position_pct':
        if (rule.params.pct < maxPositionPct) {
          maxPositionPct = rule.params.pct;
          maxPositionBy = `rule:${rule.id}`;
        }
        break;
      case 'max_order_notional':
        if (rule.params.usd < maxNotional) {
          maxNotional = rule.params.usd;
          maxNotionalBy = `rule:${rule.id}`;
        }
        break;
      case 'stop_loss_pct':
        protection = { ...protection, stopLossPct: tighter(protection.stopLossPct, rule.params.pct) };
        break;
      case 'take_profit_pct':
        protection = { ...protection, takeProfitPct: tighter(protection.takeProfitPct, rule.params.pct) };
        break;
      case 'trailing_stop_pct':
        protection = { ...protection, trailingStopPct: tighter(protection.trailingStopPct, rule.params.pct) };
        break;
      case 'max_holding_bars':
        protection = { ...protection, maxHoldingBars: tighter(protection.maxHoldingBars, rule.params.bars) };
        break;
      default:
        break;
    }
  }
  return size(e, signal, confidence, protection, { maxPositionPct, maxPositionBy, maxNotional, maxNotionalBy }, blocked, report);
}

const tighter = (current: number, candidate: number): number => (Number.isNaN(current) ? candidate : Math.min(current, candidate));

/** A verdict when the rule would block this entry; null when it passes or only shapes the order. */
function ruleVerdict(e: EntryContext, rule: Rule, signal: Signal, confidence: number): Verdict | null {
  const by = `rule:${rule.id}`;
  const { ctx, state } = e;
  switch (rule.type) {
    case 'halt_all':
      return { by, observed: null, limit: null, action: 'entry_blocked', message: `emergency halt: ${rule.params.reason}` };
    case 'symbol_allowlist':
      return rule.params.symbols.includes(signal.symbol) ? null
        : { by, observed: null, limit: null, action: 'entry_blocked', message: `${signal.symbol} is not on the allowlist (${rule.params.symbols.join(', ')})` };
    case 'symbol_denylist':
      return !rule.params.symbols.includes(signal.symbol) ? null
        : { by, observed: null, limit: null, action: 'entry_blocked', message: `${signal.symbol} is on the denylist` };
    case 'min_price': {
      const price = lastClose(e, signal.symbol);
      return price >= rule.params.usd ? null
        : { by, observed: price, limit: rule.params.usd, action: 'entry_blocked', message: `price ${price.toFixed(2)} is below the minimum ${rule.params.usd}` };
    }
    case 'min_confidence':
      return confidence >= rule.params.min ? null
        : { by, observed: confidence, limit: rule.params.min, action: 'entry_blocked', message: `confidence ${confidence.toFixed(2)} is below the minimum ${rule.params.min}` };
    case 'max_open_positions': {
      const open = state.book.positions.size + e.plannedEntries;
      return open < rule.params.max ? null
        : { by, observed: open, limit: rule.params.max, action: 'entry_blocked', message: `${open} positions open or ordered, max ${rule.params.max}` };
    }
    case 'blackout_window':
      // Daily bars are decided once at the close: a clock-time window does not apply to them.
      if (ctx.config.timeframe === '1d' || !inWindow(e.decisionTime, rule.params.start, rule.params.end, rule.params.timezone)) return null;
      return { by, observed: null, limit: null, action: 'entry_blocked', message: `inside the blackout window ${rule.params.start}-${rule.params.end} ${rule.params.timezone}` };
    case 'max_daily_loss_pct': {
      const v = dailyLossVerdict(state.equity, state.dayStartEquity, withLimit(ctx.config.gates, 'dailyLossPct', rule.params.pct));
      return v === null ? null : { ...v, by };
    }
    case 'max_drawdown_pct': {
      const v = maxDrawdownVerdict(state.equity, state.peakEquity, withLimit(ctx.config.gates, 'maxDrawdownPct', rule.params.pct));
      return v === null ? null : { ...v, by, action: 'entry_blocked' };
    }
    case 'max_position_pct':
    case 'max_order_notional':
    case 'stop_loss_pct':
    case 'take_profit_pct':
    case 'trailing_stop_pct':
    case 'max_holding_bars':
      return null;
    default: {
      const unreachable: never = rule;
      return unreachable;
    }
  }
}

function withLimit(gates: GateLimits, key: 'dailyLossPct' | 'maxDrawdownPct', value: number): GateLimits {
  return { ...gates, [key]: value };
}

function lastClose(e: EntryContext, symbol: string): number {
  const k = e.ctx.symbolIndex.get(symbol)!;
  const i = e.ctx.universe.index[k]![e.t]!;
  return e.ctx.universe.series[k]!.close[i]!;
}


function size(e: EntryContext, signal: Signal, confidence: number, rulesProtection: Protection, caps: Caps,
  blocked: BlockedSignal[], report: (v: Verdict, shadow: boolean) => void): EntryOutcome {
  const { ctx, state } = e;
  const cfg = ctx.config;
  const long = signal.action === 'enter_long';
  const price = lastClose(e, signal.symbol);
  let protection = rulesProtection;
  let qty = NaN;
  const decimals = qtyDecimals(signal.symbol);
  if (cfg.sizing.kind === 'risk') {
    const k = ctx.symbolIndex.get(signal.symbol)!;
    const a = ctx.atr[k]![ctx.universe.index[k]![e.t]!]!;
    const stopDistance = cfg.sizing.atrMultiple * a;
    if (!(stopDistance > 0)) {
      report({ by: 'sizing:risk', observed: null, limit: null, action: 'entry_blocked', message: `ATR(${cfg.sizing.atrPeriod}) not available yet: cannot size by risk` }, false);
      return { order: null, blocked };
    }
    qty = floorQty((state.equity * (cfg.sizing.riskPct / 100) * confidence) / stopDistance, decimals);
    protection = { ...protection, stopDistance };
  }
  if (Number.isFinite(caps.maxNotional)) {
    const limitQty = floorQty(caps.maxNotional / price, decimals);
    if (!Number.isNaN(qty) ? qty > limitQty : true) {
      if (!(limitQty > 0)) {
        report({ by: caps.maxNotionalBy, observed: price, limit: caps.maxNotional, action: 'entry_blocked', message: `one share costs ${price.toFixed(2)}, max order notional ${caps.maxNotional}` }, false);
        return { order: null, blocked };
      }
      if (!Number.isNaN(qty)) qty = limitQty;
    }
  }
  if (!Number.isNaN(qty)) {
    const capped = capEntryQty({
      qty, price, commissionRate: cfg.costs.commissionRate, side: long ? 'buy' : 'sell',
      cash: e.cashLeft, equity: state.equity, heldQty: 0,
      maxPositionPct: caps.maxPositionPct, maxPositionBy: caps.maxPositionBy,
      minCashReservePct: cfg.gates.minCashReservePct, mode: cfg.gatesMode, qtyDecimals: decimals,
    });
    for (const v of capped.verdicts) {
      if (v.action === 'qty_capped') continue; // a cap is not a block; the order goes ahead smaller
      report(v, v.action === 'reported');
    }
    qty = capped.qty;
    if (!(qty > 0)) {
      if (capped.verdicts.length === 0) {
        report({ by: 'sizing:risk', observed: 0, limit: 1, action: 'entry_blocked', message: 'risk sizing gives less than one share' }, false);
      }
      return { order: null, blocked };
    }
    if (long) e.cashLeft -= qty * price * (1 + cfg.costs.commissionRate);
  }
  e.plannedEntries++;
  const action = long ? 'enter_long' : 'enter_short';
  const order: PlannedOrder = {
    clientOrderId: clientOrderId(cfg.runKey, e.barTime, signal.symbol, action),
    symbol: signal.symbol,
    side: long ? 'buy' : 'sell',
    intent: 'entry',
    positionSide: long ? 'long' : 'short',
    sizing: cfg.sizing.kind === 'percent' ? { kind: 'percent', pct: cfg.sizing.pct } : { kind: 'qty', qty },
    confidence,
    reason: signal.reason,
    exitReason: null,
    protection,
    caps: { maxPositionPct: caps.maxPositionPct, maxPositionBy: caps.maxPositionBy, maxNotional: caps.maxNotional, maxNotionalBy: caps.maxNotionalBy },
    barTime: e.barTime,
  };
  return { order, blocked };
}

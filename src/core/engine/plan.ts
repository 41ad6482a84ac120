import { clientOrderId, NO_PROTECTION, type PlannedOrder, type PositionSide } from '../domain/order.js';
import type { Signal } from '../domain/signal.js';
import { adjustConfidence, summarizeRecord } from '../risk/quant-check.js';
import { drawdownPct } from '../risk/gates.js';
import type { EngineState } from './state.js';
import type { BlockedSignal } from './report.js';
import { evaluateEntry, type EntryContext } from './entry-checks.js';
import type { PlannerContext } from './planner-context.js';

export type ReasoningKind = 'plan' | 'analysis' | 'decision' | 'reflection';
export interface ReasoningNote {
  readonly kind: ReasoningKind;
  readonly content: string;
}

/**
 * How a bar is decided.
 *
 * `trade` (backtests always; running paper runs): the whole pipeline of stepBar (step.ts).
 *
 * `exits_only` (a paused paper run: it opens nothing new but keeps managing what it holds):
 *  1. pending EXIT orders fill at this bar's open as usual; a pending ENTRY order is not filled: it is dropped (an
 *     `entry_cancelled` event says so). Pausing cancels pending entries already, so this only meets older ones;
 *  2. stops, targets and trailing stops are checked intrabar and filled as usual (shadow exits reported as usual);
 *  3. positions are marked at the close as usual (equity, peak, day start), and the drawdown gate may still trip;
 *  4. at the close, exit signals and due time stops become exit orders as usual; ENTRY signals are not evaluated
 *     at all (no quant check, gates, rules or sizing, so no blocked records): the plan, made on every such bar even
 *     without a signal, carries a note saying the run is paused and naming the entry signals set aside.
 */
export type BarMode = 'trade' | 'exits_only';

/** The decision of one iteration, as a value. The shell executes it (backtest fill model, paper or live broker). */
export interface IterationPlan {
  /** Open time of the bar whose close was decided on. */
  readonly barTime: number;
  readonly signals: readonly Signal[];
  readonly orders: readonly PlannedOrder[];
  readonly blocked: readonly BlockedSignal[];
  readonly reasoning: readonly ReasoningNote[];
  /** Set when this iteration tripped a halt (drawdown): the shell persists it and notifies. */
  readonly halt: { readonly by: string; readonly message: string; readonly observed: number | null; readonly limit: number | null } | null;
  /** Set when the strategy threw: no orders were planned. */
  readonly error: { readonly code: 'strategy.failed'; readonly message: string } | null;
}

export { createPlannerContext, type PlannerContext } from './planner-context.js';

const EMPTY: readonly never[] = Object.freeze([]);

/**
 * One iteration: the strategy's signals at step t -> quant check -> hard gates -> user rules -> sizing -> orders.
 * Exits are never blocked by gates or rules. Pure: reads the state, returns a plan; the caller applies it.
 */
export function planIteration(ctx: PlannerContext, state: EngineState, t: number, mode: BarMode = 'trade'): IterationPlan | null {
  let signals: readonly Signal[];
  try {
    signals = ctx.decide(t, state.book.holdings);
  } catch (err) {
    return failedPlan(ctx, t, err);
  }
  const timeStops = dueTimeStops(ctx, state, t);
  if (signals.length === 0 && timeStops === null && mode === 'trade') return null;
  return buildPlan(ctx, state, t, signals, timeStops ?? EMPTY, mode);
}

function failedPlan(ctx: PlannerContext, t: number, err: unknown): IterationPlan {
  const message = `${ctx.config.strategy.id} failed: ${err instanceof Error ? err.message : String(err)}`;
  return {
    barTime: ctx.universe.times[t]!,
    signals: EMPTY,
    orders: EMPTY,
    blocked: EMPTY,
    reasoning: [{ kind: 'analysis', content: message }],
    halt: null,
    error: { code: 'strategy.failed', message },
  };
}

/** Positions whose max-holding-bars ran out at this close. */
function dueTimeStops(ctx: PlannerContext, state: EngineState, t: number): string[] | null {
  let out: string[] | null = null;
  const open = state.book.open;
  for (let j = 0; j < open.length; j++) {
    const p = open[j]!;
    if (p.barsHeld >= p.maxHoldingBars) {
      const k = ctx.symbolIndex.get(p.symbol);
      if (k !== undefined && ctx.universe.index[k]![t]! >= 0) (out ??= []).push(p.symbol);
    }
  }
  return out;
}

function buildPlan(ctx: PlannerContext, state: EngineState, t: number, signals: readonly Signal[], timeStops: readonly string[], mode: BarMode): IterationPlan {
  const barTime = ctx.universe.times[t]!;
  // Arrays are created on first use: during a long halt most iterations only block entries.
  let orders: PlannedOrder[] | null = null;
  let blocked: BlockedSignal[] | null = null;
  let reasoning: ReasoningNote[] | null = null;
  let exiting: Set<string> | null = null;
  let entryCtx: EntryContext | null = null;
  let setAside: string[] | null = null;
  const runKey = ctx.config.runKey;

  for (const symbol of timeStops) {
    const p = state.book.positions.get(symbol)!;
    (exiting ??= new Set()).add(symbol);
    (orders ??= []).push(exitOrder(runKey, barTime, symbol, p.qty > 0 ? 'long' : 'short', 'time_stop',
      `held ${p.barsHeld} bars, max ${p.maxHoldingBars}`));
  }

  const halted = ctx.config.gatesMode === 'enforce' && state.killSwitch === null ? state.entriesHalted : null;
  for (const signal of signals) {
    const held = state.book.holdings.get(signal.symbol) ?? 0;
    switch (signal.action) {
      case 'exit_long':
      case 'exit_short': {
        const side: PositionSide = signal.action === 'exit_long' ? 'long' : 'short';
        if ((side === 'long' ? held > 0 : held < 0) && !(exiting?.has(signal.symbol) ?? false)) {
          (exiting ??= new Set()).add(signal.symbol);
          (orders ??= []).push(exitOrder(runKey, barTime, signal.symbol, side, 'signal', signal.reason, signal.confidence));
          (reasoning ??= []).push({ kind: 'decision', content: `exit ${side} ${signal.symbol}: ${signal.reason}` });
        }
        break;
      }
      case 'enter_long':
      case 'enter_short': {
        if (held !== 0) break; // no pyramiding, no flip without an exit first
        if (mode === 'exits_only') {
          (setAside ??= []).push(`${signal.action} ${signal.symbol}`);
          break;
        }
        if (halted !== null) {
          // A drawdown halt blocks every entry until a human resumes: the same verdict each time, no evaluation.
          (blocked ??= []).push({ time: barTime, symbol: signal.symbol, by: halted.by, reason: halted.message,
            observed: drawdownPct(state.equity, state.peakEquity), limit: halted.limit, shadow: false });
          break;
        }
        entryCtx ??= { ctx, state, t, barTime, decisionTime: barTime + ctx.barMs, plannedEntries: 0, cashLeft: state.book.cash, halt: null };
        const notes = (reasoning ??= []);
        const confidence = quantAdjusted(ctx, state, signal, entryCtx.decisionTime, notes);
        const outcome = evaluateEntry(entryCtx, signal, confidence);
        for (const b of outcome.blocked) (blocked ??= []).push(b);
        if (outcome.order !== null) {
          (orders ??= []).push(outcome.order);
          notes.push({ kind: 'decision', content: `enter ${signal.action === 'enter_long' ? 'long' : 'short'} ${signal.symbol}: ${signal.reason}` });
        }
        // Blocked entries need no note: each blocked record carries its gate or rule, observed value and limit.
        break;
      }
    }
  }
  if (mode === 'exits_only') {
    (reasoning ??= []).push({ kind: 'decision', content: `run paused: entries not considered${setAside === null ? '' : ` (set aside: ${setAside.join(', ')})`}; exits, stops, targets, trailing and time stops still managed` });
  }
  return { barTime, signals, orders: orders ?? EMPTY, blocked: blocked ?? EMPTY, reasoning: reasoning ?? EMPTY, halt: entryCtx?.halt ?? null, error: null };
}

/**
 * The record summary only changes when a trade closes or an old one ages out: cache it by that window.
 * Trades older than `maxAgeDays` do not count, so a strategy whose record once cut its confidence (and whose
 * entries a min_confidence rule then blocked) is not locked out forever.
 */
const summaryCache = new WeakMap<EngineState, { from: number; to: number; summary: ReturnType<typeof summarizeRecord> }>();

function quantAdjusted(ctx: PlannerContext, state: EngineState, signal: Signal, now: number, reasoning: ReasoningNote[]): number {
  const quant = ctx.config.quant;
  if (!quant.enabled) return signal.confidence;
  const to = state.tradeReturnsPct.length;
  const oldest = now - quant.maxAgeDays * 86_400_000;
  let from = summaryCache.get(state)?.from ?? 0;
  while (from < to && state.tradeExitTimes[from]! < oldest) from++;
  let cached = summaryCache.get(state);
  if (cached === undefined || cached.from !== from || cached.to !== to) {
    cached = { from, to, summary: summarizeRecord(state.tradeReturnsPct.slice(from, to), quant.window) };
    summaryCache.set(state, cached);
  }
  const summary = cached.summary;
  const adjusted = adjustConfidence(signal.confidence, summary, { minTrades: quant.minTrades });
  if (adjusted.factor !== 1) reasoning.push({ kind: 'analysis', content: `quant check ${signal.symbol}: ${adjusted.note}` });
  return adjusted.confidence;
}

function exitOrder(runKey: string, barTime: number, symbol: string, side: PositionSide, exitReason: 'signal' | 'time_stop', reason: string, confidence = 1): PlannedOrder {
  return {
    clientOrderId: clientOrderId(runKey, barTime, symbol, side === 'long' ? 'exit_long' : 'exit_short'),
    symbol,
    side: side === 'long' ? 'sell' : 'buy',
    intent: 'exit',
    positionSide: side,
    sizing: { kind: 'close' },
    confidence,
    reason,
    exitReason,
    protection: NO_PROTECTION,
    caps: null,
    barTime,
  };
}

// What an iteration (or a flatten) tells the run's channel: each fill with the P&L of the trades THAT fill closed,
// each block when it starts standing (not on every bar it lasts), halts and breaker trips.
import type { Fill, PlannedOrder } from '../domain/order.js';
import type { BlockedSignal, ClosedTrade } from '../engine/report.js';
import type { BreakerState } from '../risk/circuit-breaker.js';
import type { NotificationDraft, RunState } from './run-book.js';

/** A fill with the order that produced it (null: an intrabar stop/target/trailing exit or a flatten) and what it closed. */
export interface FillOutcome {
  readonly fill: Fill;
  readonly clientOrderId: string | null;
  /** The trades this very fill closed: none for an entry. */
  readonly closed: readonly ClosedTrade[];
}

/** P&L of what the fill closed; null for a fill that closed nothing (an entry). */
const pnlOf = (closed: readonly ClosedTrade[]): number | null => (closed.length === 0 ? null : closed.reduce((sum, t) => sum + t.pnl, 0));

export function fillNotification(run: number, dedupeKey: string, f: FillOutcome, order: PlannedOrder | null): NotificationDraft {
  const { fill } = f;
  const base = { run, symbol: fill.symbol, side: fill.side, qty: fill.qty, price: fill.price, time: fill.time, pnl: pnlOf(f.closed) };
  if (f.clientOrderId === null) return { eventType: 'exit_triggered', dedupeKey, payload: { ...base, reason: fill.exitReason } };
  return { eventType: 'order_filled', dedupeKey, payload: { ...base, reason: order?.reason ?? '', intent: order?.intent ?? 'entry' } };
}

const blockKey = (b: { readonly symbol: string; readonly by: string }): string => `${b.symbol}|${b.by}`;
const symbolOfKey = (key: string): string => key.slice(0, key.indexOf('|'));

/**
 * The blocks standing after this bar (`symbol|by`) and which of this bar's blocks start a new one. A block stands
 * from the bar it first refuses a symbol's entry until an entry signal of that symbol is evaluated without it: bars
 * with no entry signal for the symbol (a level-based signal that flickers), missed bars, failed bars and paused bars
 * leave it standing, so one notification covers the whole episode. The decision records keep every block.
 */
export function standingBlocks(before: readonly string[], blocked: readonly BlockedSignal[], evaluated: ReadonlySet<string>):
  { readonly standing: string[]; readonly starts: (b: BlockedSignal) => boolean } {
  const now = new Set(blocked.map(blockKey));
  const was = new Set(before);
  const standing = new Set(before.filter((k) => now.has(k) || !evaluated.has(symbolOfKey(k))));
  for (const k of now) standing.add(k);
  return { standing: [...standing], starts: (b) => !was.has(blockKey(b)) };
}

export interface BarOutcome {
  readonly runId: string;
  readonly barTime: number;
  readonly run: number;
  readonly fills: readonly FillOutcome[];
  /** Pending orders as read (the orders the bar's fills came from). */
  readonly pending: readonly PlannedOrder[];
  readonly blocked: readonly BlockedSignal[];
  /** Symbols whose entry signal the planner evaluated at this close. */
  readonly evaluated: ReadonlySet<string>;
  readonly halt: string | null;
  readonly breaker: BreakerState | null;
  readonly before: RunState;
}

export function barNotifications(o: BarOutcome): { readonly notifications: NotificationDraft[]; readonly standing: string[] } {
  const key = (what: string): string => `${o.runId}:${o.barTime}:${what}`;
  const out: NotificationDraft[] = [];
  for (const f of o.fills) {
    const order = f.clientOrderId === null ? null : (o.pending.find((p) => p.clientOrderId === f.clientOrderId) ?? null);
    out.push(fillNotification(o.run, key(`${f.clientOrderId === null ? 'exit' : 'fill'}:${f.fill.id}`), f, order));
  }
  const haltedBy = o.before.entriesHalted?.by ?? null;
  const { standing, starts } = standingBlocks(o.before.lastBlocked ?? [], o.blocked, o.evaluated);
  for (const b of o.blocked) {
    // A standing drawdown halt was announced when it tripped; do not repeat it for every signal it blocks.
    if (b.by === haltedBy && !b.shadow) continue;
    if (!starts(b)) continue;
    out.push({
      eventType: 'trade_blocked',
      dedupeKey: key(`blocked:${b.symbol}:${b.by}:${b.shadow ? 'shadow' : 'enforced'}`),
      payload: { run: o.run, symbol: b.symbol, by: b.by, observed: b.observed, limit: b.limit, reason: b.reason, shadow: b.shadow,
        action: b.by === 'gate:max-drawdown' ? 'run halted' : b.shadow ? 'reported (shadow)' : 'entry blocked' },
    });
  }
  if (o.halt !== null) out.push({ eventType: 'run_halted', dedupeKey: key('halted'), payload: { run: o.run, reason: o.halt } });
  if (o.breaker !== null) out.push(breakerNote(o.runId, o.barTime, o.run, o.breaker));
  return { notifications: out, standing };
}

export function breakerNote(runId: string, barTime: number, number: number, breaker: BreakerState): NotificationDraft {
  return { eventType: 'breaker_tripped', dedupeKey: `${runId}:${barTime}:breaker`, payload: { run: number, reason: breaker.reason?.message ?? 'tripped', code: breaker.reason?.code ?? null } };
}

// A paused run's bar (`exits_only`): nothing new opens, everything it holds is still managed.
import { describe, expect, it } from 'vitest';
import { NO_PROTECTION, type PlannedOrder } from '../../../src/core/domain/order.js';
import { createPlannerContext, planIteration } from '../../../src/core/engine/plan.js';
import { createEngineState } from '../../../src/core/engine/state.js';
import { stepBar, type StepEvent, type StepSink } from '../../../src/core/engine/step.js';
import { buildUniverse } from '../../../src/core/engine/universe.js';
import { applyFill } from '../../../src/core/engine/book.js';
import type { ClosedTrade } from '../../../src/core/engine/report.js';
import { config, flat, scripted, series, T0, DAY } from '../../helpers/scripted.js';

const universe = () => buildUniverse([
  // X falls through 95 on bar 5 (open 99, low 90).
  series('X', [...flat(5, 100), [99, 100, 90, 92], ...flat(4, 92)]),
  series('Y', flat(10, 50)),
], [true, true]);

function holding(symbol: string, qty: number, price: number, stopPrice = NaN) {
  const state = createEngineState(10_000);
  const applied = applyFill(state.book, { id: 'seed', symbol, side: 'buy', qty, price, commission: 0, time: T0, exitReason: null });
  if (!applied.ok) throw new Error(applied.error.message);
  state.book.positions.get(symbol)!.stopPrice = stopPrice;
  return state;
}

const entry = (symbol: string, barTime: number): PlannedOrder => ({
  clientOrderId: `e:${symbol}:${barTime}`, symbol, side: 'buy', intent: 'entry', positionSide: 'long', sizing: { kind: 'qty', qty: 10 },
  confidence: 1, reason: `${symbol} looks cheap`, exitReason: null, protection: NO_PROTECTION, caps: null, barTime,
});

function collect() {
  const fills: { symbol: string; side: string; price: number; closed: readonly ClosedTrade[] }[] = [];
  const events: StepEvent[] = [];
  const sink: StepSink = { fill: (f, _o, closed) => fills.push({ symbol: f.symbol, side: f.side, price: f.price, closed }), blocked: () => undefined, event: (e) => events.push(e), plan: () => undefined };
  return { fills, events, sink };
}

describe('a paused bar (exits_only)', () => {
  it('considers no entry signal, says so in the plan, and still turns exit signals and time stops into orders', () => {
    const ctx = createPlannerContext(universe(), config(scripted({ 3: [['Y', 'enter_long'], ['X', 'exit_long']] })));
    const state = holding('X', 10, 100);
    const plan = planIteration(ctx, state, 3, 'exits_only')!;
    expect(plan.orders.map((o) => [o.symbol, o.intent])).toEqual([['X', 'exit']]);
    expect(plan.blocked).toEqual([]);
    expect(plan.reasoning.map((r) => r.content)).toContain('run paused: entries not considered (set aside: enter_long Y); exits, stops, targets, trailing and time stops still managed');
    // The same bar running would have entered Y.
    expect(planIteration(ctx, holding('X', 10, 100), 3)!.orders.map((o) => o.symbol)).toEqual(['Y', 'X']);
    // A time stop that falls due while paused still closes the position.
    const aged = holding('X', 10, 100);
    Object.assign(aged.book.positions.get('X')!, { maxHoldingBars: 2, barsHeld: 2 });
    const quiet = createPlannerContext(universe(), config(scripted({})));
    expect(planIteration(quiet, aged, 4, 'exits_only')!.orders.map((o) => [o.symbol, o.exitReason])).toEqual([['X', 'time_stop']]);
  });

  it('makes a plan on every paused bar, so the decision record says why nothing was entered', () => {
    const plan = planIteration(createPlannerContext(universe(), config(scripted({}))), createEngineState(10_000), 2, 'exits_only');
    expect(plan?.reasoning.map((r) => r.content)).toEqual(['run paused: entries not considered; exits, stops, targets, trailing and time stops still managed']);
  });

  it('exits at the stop on the bar it is hit, and drops a pending entry instead of filling it', () => {
    const ctx = createPlannerContext(universe(), config(scripted({})));
    const state = holding('X', 10, 100, 95);
    const { fills, events, sink } = collect();
    const left = stepBar(ctx, state, 5, [entry('Y', T0 + 4 * DAY)], sink, 'exits_only');
    expect(fills.map((f) => [f.symbol, f.side, f.price, f.closed.map((t) => t.exitReason)])).toEqual([['X', 'sell', 95, ['stop_loss']]]);
    expect(left).toEqual([]);
    expect(state.book.positions.size).toBe(0);
    expect(events.map((e) => [e.kind, e.message])).toEqual([['entry_cancelled', 'cancelled the pending entry buy Y (Y looks cheap): the run is paused']]);
  });

  it('leaves backtests and running bars as they were: the same bar trading fills the entry', () => {
    const ctx = createPlannerContext(universe(), config(scripted({})));
    const state = holding('X', 10, 100, 95);
    const { fills, sink } = collect();
    stepBar(ctx, state, 5, [entry('Y', T0 + 4 * DAY)], sink);
    expect(fills.map((f) => [f.symbol, f.side])).toEqual([['Y', 'buy'], ['X', 'sell']]);
  });
});

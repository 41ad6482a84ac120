// Stops, trailing stops and targets at a real broker (ProtectiveExits `close`): the desk sees a bar once it has closed,
// so a bar that traded through a level makes ONE market order closing the position at the next open, and the book
// applies what the broker fills there. A gap through the stop fills at that open, below the stop: nothing pretends to
// have sold at the level. The fill model's intrabar exits (backtests, the internal paper broker) are unchanged.
import { describe, expect, it } from 'vitest';
import { NO_PROTECTION, type Executions, type Fill, type PlannedOrder } from '../../../src/core/domain/order.js';
import { createPlannerContext } from '../../../src/core/engine/plan.js';
import { createEngineState } from '../../../src/core/engine/state.js';
import { stepBar, type ProtectiveExits, type StepEvent, type StepSink } from '../../../src/core/engine/step.js';
import { buildUniverse } from '../../../src/core/engine/universe.js';
import { config, scripted, series, T0, DAY } from '../../helpers/scripted.js';

// Bought at 100 with a 10% stop (90). Bar 2 trades down to 85 and closes at 88; bar 3 gaps open at 80.
const ROWS: [number, number, number, number][] = [[100, 100, 100, 100], [100, 100, 100, 100], [95, 96, 85, 88], [80, 82, 79, 81], [81, 81, 81, 81]];
const entry: PlannedOrder = {
  clientOrderId: 'e:X', symbol: 'X', side: 'buy', intent: 'entry', positionSide: 'long', sizing: { kind: 'qty', qty: 10 },
  confidence: 1, reason: 'test', exitReason: null, protection: { ...NO_PROTECTION, stopLossPct: 10 }, caps: null, barTime: T0,
};

function run(protective: ProtectiveExits, executions: (t: number, pending: readonly PlannedOrder[]) => Executions | undefined) {
  const ctx = createPlannerContext(buildUniverse([series('X', ROWS)], [true]), config(scripted({})));
  const state = createEngineState(10_000);
  const fills: Fill[] = [];
  const events: StepEvent[] = [];
  const sink: StepSink = { fill: (f) => fills.push(f), blocked: () => undefined, event: (e) => events.push(e), plan: () => undefined };
  let pending: PlannedOrder[] = [entry];
  const left: PlannedOrder[][] = [];
  for (let t = 1; t < ROWS.length; t++) {
    pending = stepBar(ctx, state, t, pending, sink, 'trade', executions(t, pending), protective);
    left.push(pending);
  }
  return { state, fills, events, left };
}

describe('protective exits at a real broker (at the close)', () => {
  it('a bar through the stop makes one market exit for the next open; a gap fills it at that open, below the stop', () => {
    const { fills, events, left, state } = run('close', (t, pending) => {
      const ex = new Map<string, { kind: 'filled'; qty: number; price: number; commission: number }>();
      for (const o of pending) ex.set(o.clientOrderId, { kind: 'filled', qty: 10, price: ROWS[t]![0], commission: 0 });
      return ex;
    });
    // Bar 2 (low 85 < stop 90): no fill in the book, a closing order pending instead.
    expect(fills.map((f) => [f.side, f.price, f.exitReason])).toEqual([['buy', 100, null], ['sell', 80, 'stop_loss']]);
    expect(left[1]!.map((o) => [o.clientOrderId, o.side, o.exitReason, o.sizing.kind])).toEqual([[`test:${T0 + 2 * DAY}:X:stop_loss`, 'sell', 'stop_loss', 'close']]);
    expect(events.filter((e) => e.kind === 'protective_exit').map((e) => e.message)).toEqual(['stop loss X: the bar traded through 90; a market order closes it at the next open']);
    expect(fills[1]!.time).toBe(T0 + 3 * DAY);
    expect(state.book.positions.size).toBe(0);
  });

  it('makes no second closing order while one is pending (the broker has not finished it)', () => {
    const { left } = run('close', (t, pending) => (t === 1 ? new Map(pending.map((o) => [o.clientOrderId, { kind: 'filled' as const, qty: 10, price: 100, commission: 0 }])) : new Map()));
    expect(left[2]!.filter((o) => o.intent === 'exit')).toHaveLength(1);
    expect(left[3]!.filter((o) => o.intent === 'exit')).toHaveLength(1);
  });

  it('leaves the fill model as it was: intrabar, at the stop (or the open of a gap)', () => {
    const { fills } = run('intrabar', () => undefined);
    expect(fills[1]).toMatchObject({ side: 'sell', exitReason: 'stop_loss', time: T0 + 2 * DAY });
    expect(fills[1]!.price).toBeCloseTo(90, 0);
  });
});

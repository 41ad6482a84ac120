// stepBar with a broker's executions (a paper or live run): the book applies what the broker did at the open, in
// place of the fill model's own fill; the order is still sized by the fill model (its gate verdicts, nothing to fill).
import { describe, expect, it } from 'vitest';
import { NO_PROTECTION, type Executions, type Fill, type PlannedOrder } from '../../../src/core/domain/order.js';
import { createPlannerContext } from '../../../src/core/engine/plan.js';
import { createEngineState } from '../../../src/core/engine/state.js';
import { stepBar, type StepEvent, type StepSink } from '../../../src/core/engine/step.js';
import { buildUniverse } from '../../../src/core/engine/universe.js';
import { config, flat, scripted, series, T0, DAY } from '../../helpers/scripted.js';

const universe = () => buildUniverse([series('X', flat(6, 100)), series('Y', flat(6, 50))], [true, true]);

const entry = (symbol: string, qty: number): PlannedOrder => ({
  clientOrderId: `e:${symbol}`, symbol, side: 'buy', intent: 'entry', positionSide: 'long', sizing: { kind: 'qty', qty },
  confidence: 1, reason: `${symbol} looks cheap`, exitReason: null, protection: { ...NO_PROTECTION, stopLossPct: 10 }, caps: null, barTime: T0,
});

function step(pending: readonly PlannedOrder[], executions?: Executions) {
  const ctx = createPlannerContext(universe(), config(scripted({})));
  const state = createEngineState(10_000);
  const fills: Fill[] = [];
  const events: StepEvent[] = [];
  const sink: StepSink = { fill: (f) => fills.push(f), blocked: () => undefined, event: (e) => events.push(e), plan: () => undefined };
  const left = stepBar(ctx, state, 1, pending, sink, 'trade', executions);
  return { state, fills, events, left };
}

describe('a bar with the broker executions of its pending orders', () => {
  it("applies the broker's fill (quantity, price, commission) and attaches the entry's protection", () => {
    const { state, fills, left } = step([entry('X', 10)], new Map([['e:X', { kind: 'filled', qty: 10, price: 101, commission: 2 }]]));
    expect(left).toEqual([]);
    expect(fills).toEqual([{ id: 'e:X:fill', symbol: 'X', side: 'buy', qty: 10, price: 101, commission: 2, time: T0 + DAY, exitReason: null }]);
    expect(state.book.cash).toBe(10_000 - 1_010 - 2);
    expect(state.book.positions.get('X')!.stopPrice).toBeCloseTo(101 * 0.9, 9);
  });

  it('fills the same as the fill model when the broker fills as the fill model would', () => {
    const model = step([entry('X', 10)]);
    const f = model.fills[0]!;
    const broker = step([entry('X', 10)], new Map([['e:X', { kind: 'filled', qty: f.qty, price: f.price, commission: f.commission }]]));
    expect(broker.fills).toEqual(model.fills);
    expect(broker.state.book.cash).toBe(model.state.book.cash);
  });

  it('drops an order the broker refused, with its reason in a note, and keeps one the broker has not finished', () => {
    const { fills, events, left } = step([entry('X', 10), entry('Y', 5)], new Map([['e:X', { kind: 'refused', reason: 'insufficient buying power' }]]));
    expect(fills).toEqual([]);
    expect(events).toEqual([{ time: T0 + DAY, kind: 'order_refused', message: 'the broker refused buy 10 X (X looks cheap): insufficient buying power' }]);
    expect(left.map((o) => o.clientOrderId)).toEqual(['e:Y']);
  });

  it('drops an order sized to nothing without asking for an execution', () => {
    const sellUnheld: PlannedOrder = { ...entry('X', 10), clientOrderId: 'x:X', side: 'sell', intent: 'exit', exitReason: 'signal', protection: NO_PROTECTION };
    const { fills, left } = step([sellUnheld], new Map());
    expect(fills).toEqual([]);
    expect(left).toEqual([]);
  });
});

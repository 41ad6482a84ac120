import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../../src/core/engine/backtest.js';
import { createPlannerContext, planIteration } from '../../../src/core/engine/plan.js';
import { createEngineState } from '../../../src/core/engine/state.js';
import { buildUniverse } from '../../../src/core/engine/universe.js';
import type { BoundStrategy } from '../../../src/core/strategies/registry.js';
import { config, flat, scripted, series } from '../../helpers/scripted.js';

describe('planIteration', () => {
  const universe = () => buildUniverse([series('X', flat(10, 20)), series('Y', flat(10, 30))], [true, true]);

  it('returns null when nothing happens, so quiet bars cost nothing', () => {
    const ctx = createPlannerContext(universe(), config(scripted({})));
    expect(planIteration(ctx, createEngineState(10_000), 3)).toBeNull();
  });

  it('gives every order an idempotent client order id derived from run, bar time, symbol and action', () => {
    const script = { 3: [['X', 'enter_long'], ['Y', 'enter_long']], 4: [['X', 'enter_long']] } as const;
    const a = planIteration(createPlannerContext(universe(), config(scripted(script))), createEngineState(10_000), 3)!;
    const b = planIteration(createPlannerContext(universe(), config(scripted(script))), createEngineState(10_000), 3)!;
    const c = planIteration(createPlannerContext(universe(), config(scripted(script))), createEngineState(10_000), 4)!;
    const ids = a.orders.map((o) => o.clientOrderId);
    expect(ids).toEqual(b.orders.map((o) => o.clientOrderId));
    expect(new Set(ids).size).toBe(2);
    expect(c.orders[0]!.clientOrderId).not.toBe(ids[0]);
    expect(ids[0]).toBe(`test:${a.barTime}:X:enter_long`);
  });

  it('records a decision note for each order with the strategy reason', () => {
    const plan = planIteration(createPlannerContext(universe(), config(scripted({ 2: [['X', 'enter_long']] }))), createEngineState(10_000), 2)!;
    expect(plan.reasoning).toContainEqual({ kind: 'decision', content: 'enter long X: scripted enter_long' });
  });

  it('turns a throwing strategy into a strategy.failed plan with no orders, and the backtest reports it', () => {
    const throwing: BoundStrategy = { ...scripted({}), prepare: () => (t) => { if (t === 4) throw new Error('boom'); return []; } };
    const plan = planIteration(createPlannerContext(universe(), config(throwing)), createEngineState(10_000), 4)!;
    expect(plan.error).toEqual({ code: 'strategy.failed', message: 'scripted failed: boom' });
    expect(plan.orders).toEqual([]);
    const r = runBacktest(universe(), config(throwing), 10_000);
    expect(r.events).toEqual([expect.objectContaining({ kind: 'strategy_failed', message: 'scripted failed: boom' })]);
  });
});

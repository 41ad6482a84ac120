// Core decides (issue 12): one paper iteration decided from what the shell gathered, with no store and no clock. The
// same inputs give the same outcome (a retried iteration decides the same), a run walks its bars to the same book as
// a backtest's pipeline would, a close without a newer bar is a data failure, and a halted run stays halted.
import { describe, expect, it } from 'vitest';
import type { BarSeries } from '../../../src/core/domain/bar.js';
import { DEFAULT_COSTS, DEFAULT_QUANT, DEFAULT_SIZING } from '../../../src/core/engine/config.js';
import { DEFAULT_GATE_LIMITS } from '../../../src/core/risk/gates.js';
import { decideDataFailure, decideIteration, type IterationInput, type IterationOutcome } from '../../../src/core/runs/decide-iteration.js';
import { initialRunState } from '../../../src/core/runs/run-book.js';
import { bindStrategy } from '../../../src/core/strategies/registry.js';
import { createSimMarketData } from '../../../src/market-data/sim/sim-market-data.js';

const DAY = 86_400_000;
const START = Date.parse('2024-01-01T00:00:00Z');
const strategy = bindStrategy('trend-following', { fast: 5, slow: 20 });
if (!strategy.ok) throw new Error(strategy.error.message);

async function bars(to: number): Promise<BarSeries> {
  const res = await createSimMarketData({ seed: 7 }).getBars({ symbol: 'SIM-A', timeframe: '1d', from: START - 200 * DAY, to });
  if (!res.ok) throw new Error(res.error.message);
  return res.value;
}

function input(series: BarSeries, prior: IterationOutcome | null, over: Partial<IterationInput> = {}): IterationInput {
  const decideOn = series.time[series.length - 1]!;
  return {
    runId: 'run-1', runNumber: 1, halted: false, mode: 'trade', strategy: strategy.ok ? strategy.value : (null as never),
    config: { timeframe: '1d', startCash: 100_000, rules: [], gates: { mode: 'enforce', limits: DEFAULT_GATE_LIMITS }, sizing: DEFAULT_SIZING, costs: DEFAULT_COSTS, quant: DEFAULT_QUANT },
    state: prior?.state ?? initialRunState(100_000), positions: prior?.positions ?? [], pending: prior?.pending ?? [], killSwitch: null,
    series: [series], tradable: 1, decideOn, barClose: decideOn + DAY, now: decideOn + DAY + 5_000, calendar: 'continuous',
    ...over,
  };
}

describe('decideIteration', () => {
  it('decides the same from the same inputs, and walks 120 closes to a book with fills and trades', async () => {
    let prior: IterationOutcome | null = null;
    let fills = 0;
    let trades = 0;
    for (let day = 0; day < 120; day++) {
      const x = input(await bars(START + day * DAY), prior);
      const a = decideIteration(x);
      const b = decideIteration(x);
      expect(JSON.stringify(b)).toBe(JSON.stringify(a));
      if (a.kind !== 'decided') throw new Error(a.kind);
      expect(a.outcome.barTime).toBe(x.decideOn);
      fills += a.outcome.fills.length;
      trades += a.outcome.trades.length;
      expect(a.outcome.notifications.filter((n) => n.eventType === 'order_filled' || n.eventType === 'exit_triggered')).toHaveLength(a.outcome.fills.length);
      prior = a.outcome;
    }
    expect(fills).toBeGreaterThan(2);
    expect(trades).toBeGreaterThan(0);
    expect(prior!.state.lastBarTime).toBe(START + 119 * DAY);
  });

  it('sees no newer bar as a data failure, which the breaker counts and may trip into a halt', async () => {
    const series = await bars(START + 10 * DAY);
    const first = decideIteration(input(series, null));
    if (first.kind !== 'decided') throw new Error(first.kind);
    const again = decideIteration(input(series, first.outcome));
    expect(again).toEqual({ kind: 'no_new_bar', message: `no new bar since ${new Date(START + 10 * DAY).toISOString()}` });

    let state = first.outcome.state;
    let tripped = false;
    for (let i = 0; i < 10 && !tripped; i++) {
      const failure = decideDataFailure({ runId: 'run-1', runNumber: 1, halted: false, state, positions: [], pending: [], barTime: START + (11 + i) * DAY, now: START + (12 + i) * DAY, message: 'SIM-A: no bar' });
      state = failure.outcome.state;
      tripped = failure.tripped;
      if (tripped) {
        expect(failure.outcome.transition?.to).toBe('halted');
        expect(failure.outcome.notifications.map((n) => n.eventType)).toEqual(['breaker_tripped']);
      }
    }
    expect(tripped).toBe(true);
  });

  it('keeps a halted run halted: no second status change, whatever trips', async () => {
    const series = await bars(START + 30 * DAY);
    const res = decideIteration(input(series, null, { halted: true, mode: 'exits_only' }));
    if (res.kind !== 'decided') throw new Error(res.kind);
    expect(res.outcome.transition).toBeNull();
    expect(res.outcome.decision.orders.filter((o) => o.intent === 'entry')).toEqual([]);
    expect(res.outcome.decision.inputs['mode']).toBe('exits_only');
  });
});

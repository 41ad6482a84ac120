// A fake desk with one paper run (#1, trend-following on the simulated market, started at START), iterated close by
// close as the scheduler would, for tests of what a run does over its bars.
import { expect } from 'vitest';
import { iterateRun } from '../../src/app/runs/iterate.js';
import type { RunSnapshot } from '../../src/app/runs/model.js';
import { ok } from '../../src/core/domain/result.js';
import type { Rule } from '../../src/core/risk/rules.js';
import { createSimMarketData } from '../../src/market-data/sim/sim-market-data.js';
import { fakeDesk } from './fake-desk.js';
import { paperBrokerFor } from '../../src/broker/paper/paper-broker.js';

export const DAY = 86_400_000;
export const START = Date.UTC(2000, 0, 21);
export const sim = createSimMarketData({ seed: 42 });

export async function paperRun(rules: readonly Rule[] = [], symbols = 'SIM') {
  const d = fakeDesk({}, rules);
  const started = await d.run(`/run start strategy:trend-following symbols:${symbols} params:fast=5,slow=20 sizing:percent:20`, d.ctx('a', 'admin', START));
  expect(started.title).toBe('Run #1 started');
  const [run] = await d.runStore.listActive();
  const runId = run!.id;
  const deps = { store: d.runStore, marketData: () => ok(sim), brokerFor: paperBrokerFor };
  const snapshot = async (): Promise<RunSnapshot> => {
    const snap = await d.runStore.loadSnapshot(runId);
    if (!snap.ok) throw new Error(snap.error.message);
    return snap.value;
  };
  /** Iterates close after close from `from` until `done` holds after one; returns that close. */
  const iterateUntil = async (from: number, done: (snap: RunSnapshot) => boolean): Promise<number> => {
    for (let close = from; close < from + 400 * DAY; close += DAY) {
      const res = await iterateRun(deps, runId, close, close);
      if (!res.ok) throw new Error(res.error.message);
      if (done(await snapshot())) return close;
    }
    throw new Error('never happened');
  };
  return { d, runId, deps, snapshot, iterateUntil, run: (line: string, now: number) => d.run(line, d.ctx('a', 'admin', now)) };
}

/** The simulated bar of `symbol` opening at `time`. */
export async function simBar(symbol: string, time: number) {
  const bars = await sim.getBars({ symbol, timeframe: '1d', from: time, to: time });
  if (!bars.ok || bars.value.length !== 1) throw new Error(`no ${symbol} bar at ${time}`);
  return { open: bars.value.open[0]!, high: bars.value.high[0]!, low: bars.value.low[0]!, close: bars.value.close[0]! };
}

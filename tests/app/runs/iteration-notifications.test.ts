// What a bar tells the run's channel: each fill with the P&L of what THAT fill closed, each block once while it stands.
import { describe, expect, it } from 'vitest';
import { iterateRun } from '../../../src/app/runs/iterate.js';
import { standingBlocks } from '../../../src/core/runs/iteration-notifications.js';
import { blockedOf, commitOf, commitSeed, entryOf, positionOf, stateOf } from '../../helpers/run-commits.js';
import { DAY, START, paperRun, simBar } from '../../helpers/paper-run.js';

describe('fill notifications', () => {
  it('an entry fill carries no P&L, and each exit at the same time carries the P&L of what it closed', async () => {
    const r = await paperRun([], 'SIM-A,SIM-B');
    const seedBar = START + 40 * DAY;
    const fillBar = seedBar + DAY;
    const a = await simBar('SIM-A', fillBar);
    const b = await simBar('SIM-B', fillBar);
    // SIM-A: bought at the open and stopped out on the same bar; SIM-B: held, stopped out on that bar too.
    const aStopPct = ((a.open - (a.open + a.low) / 2) / a.open) * 100;
    const bStop = (b.open + b.low) / 2;
    const entry = entryOf(r.runId, 'SIM-A', seedBar);
    const seeded = await commitSeed(r.d.runStore, commitOf(r.runId, seedBar, {
      state: stateOf({ cash: 90_000, lastBarTime: seedBar }),
      positions: [positionOf('SIM-B', { qty: 50, avgPrice: b.open * 1.1, lastPrice: b.open, entryTime: seedBar - DAY, stopPrice: bStop })],
      pending: [{ ...entry, protection: { ...entry.protection, stopLossPct: aStopPct } }],
    }));
    expect(seeded.ok).toBe(true);
    const res = await iterateRun(r.deps, r.runId, fillBar + DAY, fillBar + DAY);
    expect(res.ok && res.value.kind).toBe('committed');
    const commit = r.d.runStore.commits.at(-1)!;
    const pnl = (symbol: string) => commit.trades.filter((t) => t.symbol === symbol).reduce((sum, t) => sum + t.pnl, 0);
    const said = commit.notifications.filter((n) => n.eventType === 'order_filled' || n.eventType === 'exit_triggered')
      .map((n) => [n.eventType, n.payload['symbol'], n.payload['side'], n.payload['pnl']]);
    expect(said).toEqual([
      ['order_filled', 'SIM-A', 'buy', null],
      ['exit_triggered', 'SIM-A', 'sell', pnl('SIM-A')],
      ['exit_triggered', 'SIM-B', 'sell', pnl('SIM-B')],
    ]);
    expect(pnl('SIM-A')).toBeLessThan(0);
    expect(pnl('SIM-B')).toBeLessThan(0);
  });
});

describe('standing blocks', () => {
  const at = (symbol: string, by: string) => blockedOf(symbol, by, 0);
  it.each([
    { case: 'a new block starts', before: [], blocked: [at('S', 'rule:r')], evaluated: ['S'], standing: ['S|rule:r'], starts: [true] },
    { case: 'the same block on the next bar is no news', before: ['S|rule:r'], blocked: [at('S', 'rule:r')], evaluated: ['S'], standing: ['S|rule:r'], starts: [false] },
    { case: 'a bar without an entry signal of the symbol leaves it standing', before: ['S|rule:r'], blocked: [], evaluated: [], standing: ['S|rule:r'], starts: [] },
    { case: 'another symbol\'s entry going through leaves it standing', before: ['S|rule:r'], blocked: [], evaluated: ['T'], standing: ['S|rule:r'], starts: [] },
    { case: 'an entry of the symbol that passes without it lifts it', before: ['S|rule:r'], blocked: [], evaluated: ['S'], standing: [], starts: [] },
    { case: 'a different rule blocking the symbol is a new block and lifts the old', before: ['S|rule:r'], blocked: [at('S', 'rule:q')], evaluated: ['S'], standing: ['S|rule:q'], starts: [true] },
  ])('$case', ({ before, blocked, evaluated, standing, starts }) => {
    const out = standingBlocks(before, blocked, new Set(evaluated));
    expect(out.standing).toEqual(standing);
    expect(blocked.map(out.starts)).toEqual(starts);
  });
});

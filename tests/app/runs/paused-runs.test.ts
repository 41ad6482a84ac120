// A paused run opens nothing new but keeps managing what it holds.
import { describe, expect, it } from 'vitest';
import { iterateRun } from '../../../src/app/runs/iterate.js';
import type { Rule } from '../../../src/core/risk/rules.js';
import { DAY, START, paperRun, simBar } from '../../helpers/paper-run.js';

const STOP_1: Rule = { id: 'sl-1', category: 'stop_loss', type: 'stop_loss_pct', params: { pct: 1 }, priority: 5, active: true, shadow: false };

describe('a paused run', () => {
  it('keeps enforcing its stops: an open position exits at its stop on the bar the stop is hit, and no entry is considered', async () => {
    const r = await paperRun([STOP_1]);
    const opened = await r.iterateUntil(START + DAY, (snap) => snap.positions.length > 0);
    const paused = await r.run('/run pause run:1', opened + 500);
    expect(paused.title).toBe('Run #1 paused');
    expect(paused.text).toBe('Opens nothing new until resumed; its open position keeps its stops, targets, trailing and time stops, managed every bar.');
    const stop = (await r.snapshot()).positions[0]!.stopPrice!;
    expect(stop).toBeGreaterThan(0);

    const exited = await r.iterateUntil(opened + DAY, (snap) => snap.positions.length === 0);
    const hit = await simBar('SIM', exited - DAY);
    expect(hit.low).toBeLessThanOrEqual(stop);
    const commit = r.d.runStore.commits.at(-1)!;
    // No slippage on this desk: the stop fills at its level, or at the open when the bar gaps through it.
    expect(commit.fills.map((f) => [f.fill.side, f.fill.exitReason, f.fill.price])).toEqual([['sell', 'stop_loss', Math.min(hit.open, stop)]]);
    expect((await r.snapshot()).run.status).toBe('paused');
    const pausedBars = r.d.runStore.commits.filter((c) => c.barTime >= opened);
    expect(pausedBars.length).toBeGreaterThan(0);
    for (const c of pausedBars) {
      expect(c.decision.orders.filter((o) => o.intent === 'entry')).toEqual([]);
      expect(c.decision.notes.map((n) => n.content).join('\n')).toContain('run paused: entries not considered');
    }
  });

  it('cancels an entry waiting for the next open when it is paused, says so, and never fills it', async () => {
    const r = await paperRun();
    const planned = await r.iterateUntil(START + DAY, (snap) => snap.pending.some((o) => o.intent === 'entry'));
    const paused = await r.run('/run pause run:1', planned + 500);
    expect(paused.text).toBe('Opens nothing new until resumed (nothing is open).\nCancelled the pending entry buy SIM.');
    expect((await r.snapshot()).pending).toEqual([]);
    expect(r.d.notes.find((n) => n.eventType === 'run_paused')?.payload['reason']).toBe('by ann; opens nothing new until resumed (nothing is open); cancelled entry buy SIM');
    // Paused with nothing open: no iteration at all; resumed: the cancelled entry does not come back.
    const skipped = await iterateRun(r.deps, r.runId, planned + DAY, planned + DAY);
    expect(skipped.ok && skipped.value).toEqual({ kind: 'skipped', reason: 'Run #1 is paused' });
    expect((await r.run('/run resume run:1', planned + DAY + 500)).title).toBe('Run #1 resumed');
    const res = await iterateRun(r.deps, r.runId, planned + 2 * DAY, planned + 2 * DAY);
    expect(res.ok && res.value.kind).toBe('committed');
    expect(r.d.runStore.commits.at(-1)!.fills).toEqual([]);
  });
});

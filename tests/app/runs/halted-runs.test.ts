// A halted run opens nothing new but, like a paused one, keeps managing what it holds: a halt stops new risk, never
// the protection of the positions already open.
import { describe, expect, it } from 'vitest';
import type { Rule } from '../../../src/core/risk/rules.js';
import { DAY, START, paperRun, simBar } from '../../helpers/paper-run.js';

const STOP_1: Rule = { id: 'sl-1', category: 'stop_loss', type: 'stop_loss_pct', params: { pct: 1 }, priority: 5, active: true, shadow: false };

describe('a halted run', () => {
  it('keeps enforcing its stops after /halt: the open position exits at its stop and the run stays halted', async () => {
    const r = await paperRun([STOP_1]);
    const opened = await r.iterateUntil(START + DAY, (snap) => snap.positions.length > 0);
    const halted = await r.run('/halt reason:"risk review"', opened + 500);
    expect(halted.kind).toBe('ok');
    expect((await r.snapshot()).run.status).toBe('halted');
    expect(r.d.notes.find((n) => n.eventType === 'run_halted')?.payload['reason']).toContain('its open position keeps its stops');
    expect((await r.d.runStore.listActive()).map((run) => run.status)).toEqual(['halted']);
    const stop = (await r.snapshot()).positions[0]!.stopPrice!;

    const exited = await r.iterateUntil(opened + DAY, (snap) => snap.positions.length === 0);
    const hit = await simBar('SIM', exited - DAY);
    const commit = r.d.runStore.commits.at(-1)!;
    expect(commit.fills.map((f) => [f.fill.side, f.fill.exitReason, f.fill.price])).toEqual([['sell', 'stop_loss', Math.min(hit.open, stop)]]);
    expect(commit.transition).toBeNull();
    expect(commit.decision.orders.filter((o) => o.intent === 'entry')).toEqual([]);
    expect((await r.snapshot()).run.status).toBe('halted');
    // Holding nothing, the halted run leaves the scheduler's work list until a person resumes it.
    expect(await r.d.runStore.listActive()).toEqual([]);
  });
});

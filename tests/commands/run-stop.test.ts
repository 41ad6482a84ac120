import { describe, expect, it } from 'vitest';
import { iterateRun } from '../../src/app/runs/iterate.js';
import { fakeDesk } from '../helpers/fake-desk.js';
import { paperBrokerFor } from '../../src/broker/paper/paper-broker.js';

const DAY = 86_400_000;

describe('/run stop', () => {
  it('asks before stopping a run with open positions, then flattens them at market when told to', async () => {
    const start = Date.UTC(2000, 0, 21);
    const d = fakeDesk();
    const started = await d.run('/run start strategy:trend-following symbols:SIM params:fast=5,slow=20 sizing:percent:20', d.ctx('a', 'admin', start));
    expect(started.title).toBe('Run #1 started');
    const [run] = await d.runStore.listActive();
    let close = start + DAY;
    for (; close < start + 200 * DAY; close += DAY) {
      await iterateRun({ store: d.runStore, marketData: d.deps.marketData, brokerFor: paperBrokerFor }, run!.id, close, close);
      const snap = await d.runStore.loadSnapshot(run!.id);
      if (snap.ok && snap.value.positions.length > 0) break;
    }
    const asked = await d.run('/run stop run:1', d.ctx('a', 'admin', close + 1000));
    expect(asked.title).toBe('Run #1 has 1 open position');
    expect(asked.buttons?.map((b) => b.command)).toEqual(['/run stop run:1 flatten:true', '/run stop run:1 flatten:false']);
    expect((await d.runStore.loadSnapshot(run!.id)).ok).toBe(true);

    const stopped = await d.run('/run stop run:1 flatten:true', d.ctx('a', 'admin', close + 2000));
    expect(stopped.title).toBe('Run #1 stopped and flattened');
    const after = await d.runStore.loadSnapshot(run!.id);
    expect(after.ok && [after.value.run.status, after.value.positions.length, after.value.pending.length]).toEqual(['stopped', 0, 0]);
    const last = d.runStore.commits[d.runStore.commits.length - 1]!;
    expect(last.trades.map((t) => t.exitReason)).toEqual(['flatten']);
    expect(after.ok && after.value.state.cash).toBeCloseTo(last.equity.equity, 6);
    expect(d.notes.map((n) => n.eventType)).toContain('run_stopped');
  });

  it('stops without asking when nothing is open', async () => {
    const d = fakeDesk();
    await d.run('/run start strategy:breakout symbols:SIM');
    expect((await d.run('/run stop run:1')).title).toBe('Run #1 stopped');
  });
});

describe('run card buttons', () => {
  it.each([
    ['running', ['Pause', 'Stop', 'Summary']],
    ['paused', ['Resume', 'Stop', 'Summary']],
    ['halted', ['Resume', 'Stop', 'Summary']],
    ['stopped', ['Summary']],
  ] as const)('a %s run offers %j', async (status, labels) => {
    const { runButtons } = await import('../../src/app/cards/run-card.js');
    expect(runButtons(3, status).map((b) => b.label)).toEqual(labels);
    expect(runButtons(3, status).every((b) => b.command.endsWith('run:3'))).toBe(true);
  });

  it('pause and resume cards carry the buttons for the new status', async () => {
    const d = fakeDesk();
    await d.run('/run start strategy:breakout symbols:SIM');
    expect((await d.run('/run pause run:1')).buttons?.map((b) => b.label)).toEqual(['Resume', 'Stop', 'Summary']);
    expect((await d.run('/run resume run:1')).buttons?.map((b) => b.label)).toEqual(['Pause', 'Stop', 'Summary']);
    expect((await d.run('/run stop run:1')).buttons?.map((b) => b.label)).toEqual(['Summary']);
  });
});

import { describe, expect, it } from 'vitest';
import type { CommandContext, Role } from '../../src/app/chat/command.js';
import type { DeskDeps } from '../../src/app/desk/desk-deps.js';
import { dispatch } from '../../src/app/chat/dispatch.js';
import type { NotificationDraft } from '../../src/app/runs/model.js';
import { fail, ok } from '../../src/core/domain/result.js';
import { createSimMarketData } from '../../src/market-data/sim/sim-market-data.js';
import { COMMANDS } from '../../commands/index.js';
import { createMemoryRunQueries } from '../helpers/memory-run-queries.js';
import { createMemoryRunStore } from '../helpers/memory-run-store.js';
import { testLeasing } from '../helpers/test-leasing.js';
import { createMemoryWorkspaceAdmin } from '../helpers/memory-workspace-admin.js';
import { createMemoryWorkspaceSettings } from '../helpers/memory-workspace-settings.js';
import { memoryAnalystDeps } from '../helpers/memory-analyst-ports.js';
import { createMemoryRuleProposals } from '../helpers/memory-rule-proposals.js';
import { fakeDesk } from '../helpers/fake-desk.js';
import { paperBrokerFor } from '../../src/broker/paper/paper-broker.js';
import { createBrokerAccounts } from '../../src/main/run-brokers.js';
import { createMemoryApprovals } from '../helpers/memory-approvals.js';
import { createMemoryAccountRisk } from '../helpers/memory-account-risk.js';

function desk() {
  const notes: NotificationDraft[] = [];
  // One store behind both ports, as in the desk: /runs reads through RunQueries what /run start wrote.
  const runStore = createMemoryRunStore({ onNotification: (draft) => notes.push(draft) });
  const deps: DeskDeps = {
    commands: COMMANDS,
    marketData: (source) => (source === 'sim' ? ok(createSimMarketData({ seed: 42 })) : fail('data.not_configured', 'csv data needs TRADEDESK_DATA_DIR (see .env.example)')),
    runs: { saveBacktestRun: async () => ok({ runId: 'x', number: 1 }) },
    codeVersion: 'test',
    defaults: { startCash: 100_000, costs: { commissionRate: 0, slippageBps: 0 } },
    runStore,
    brokerFor: paperBrokerFor,
    brokers: createBrokerAccounts({}),
    leasing: testLeasing(),
    notify: async (_w, _r, draft) => (notes.push(draft), ok(null)),
    activeRules: async () => ok([{ id: 'sl-8', category: 'stop_loss', type: 'stop_loss_pct', params: { pct: 8 }, priority: 5, active: true, shadow: false }]),
    runQueries: createMemoryRunQueries(runStore),
    workspaceAdmin: createMemoryWorkspaceAdmin().admin,
    settings: createMemoryWorkspaceSettings(),
    ask: async () => ({ kind: 'ok', text: 'no analyst in this test' }),
    ...memoryAnalystDeps(),
    wallNow: () => Date.UTC(2024, 0, 2, 12),
    proposals: createMemoryRuleProposals(createMemoryWorkspaceAdmin().admin),
    approvals: createMemoryApprovals(),
    accountRisk: createMemoryAccountRisk(),
  };
  const ctx = (externalId = 'a', role: Role = 'trader'): CommandContext<DeskDeps> => ({
    workspace: { platform: 'console', externalId, name: externalId },
    actor: { id: 'u', name: 'ann', role },
    channelId: 'console',
    now: () => Date.UTC(2024, 0, 2, 12),
    deps,
  });
  return { deps, notes, ctx, run: (line: string, c = ctx()) => dispatch(COMMANDS, line, c) };
}

describe('run commands', () => {
  it('/run start answers with a run card: strategy, symbols, timeframe, mode, rules in force, next iteration', async () => {
    const d = desk();
    const reply = await d.run('/run start strategy:mean-reversion symbols:SIM-A,SIM-B timeframe:1m');
    expect(reply.title).toBe('Run #1 started');
    const fields = Object.fromEntries((reply.fields ?? []).map((f) => [f.name, f.value]));
    expect(fields).toMatchObject({
      Strategy: 'mean-reversion (period=14, oversold=30, overbought=70, allowShort=false)',
      Symbols: 'SIM-A, SIM-B', Timeframe: '1m', Mode: 'paper', 'Rules in force': 'sl-8', 'Next iteration': '2024-01-02T12:01:00.000Z',
    });
    expect(reply.buttons?.map((b) => b.command)).toEqual(['/run pause run:1', '/run stop run:1', '/run summary run:1']);
    expect(d.notes.map((n) => n.eventType)).toEqual(['run_started']);
  });

  it('numbers runs per workspace and lists them', async () => {
    const d = desk();
    await d.run('/run start strategy:breakout symbols:SIM');
    await d.run('/run start strategy:breakout symbols:SIM');
    const other = await d.run('/run start strategy:breakout symbols:SIM', d.ctx('b'));
    expect(other.title).toBe('Run #1 started');
    const list = await d.run('/runs');
    expect(list.table?.rows.map((r) => r[0])).toEqual(['#2', '#1']);
  });

  it('pauses, resumes and stops, and refuses moves that make no sense', async () => {
    const d = desk();
    await d.run('/run start strategy:breakout symbols:SIM');
    expect((await d.run('/run pause run:1')).title).toBe('Run #1 paused');
    expect((await d.run('/run pause run:1')).text).toBe('/run pause: Run #1 is already paused');
    expect((await d.run('/run resume run:1')).title).toBe('Run #1 resumed');
    expect((await d.run('/run stop run:1 reason:"done testing"')).title).toBe('Run #1 stopped');
    expect((await d.run('/run resume run:1')).text).toBe('/run resume: Run #1 is stopped; it cannot become running');
    expect(d.notes.map((n) => n.eventType)).toEqual(['run_started', 'run_paused', 'run_started', 'run_stopped', 'run_summary']);
    expect((await d.run('/runs status:all')).table?.rows[0]?.[1]).toBe('stopped');
  });

  it('a human resuming a halted run lifts the drawdown halt and resets the peak to current equity', async () => {
    const d = desk();
    await d.run('/run start strategy:breakout symbols:SIM');
    const [run] = await d.deps.runStore.listActive();
    const snap = await d.deps.runStore.loadSnapshot(run!.id);
    if (!snap.ok) throw new Error(snap.error.message);
    const halt = { by: 'gate:max-drawdown', observed: 26, limit: 25, action: 'entry_blocked' as const, message: 'halted' };
    await d.deps.runStore.transition(run!.id, 'halted', 'desk', 'drawdown', 0, { state: { ...snap.value.state, equity: 74_000, entriesHalted: halt } });
    expect((await d.run('/run resume run:1')).title).toBe('Run #1 resumed');
    const after = await d.deps.runStore.loadSnapshot(run!.id);
    expect(after.ok && [after.value.run.status, after.value.state.entriesHalted, after.value.state.peakEquity, after.value.state.breaker.status])
      .toEqual(['running', null, 74_000, 'closed']);
  });

  it("never lets one workspace touch another's run", async () => {
    const d = desk();
    await d.run('/run start strategy:breakout symbols:SIM', d.ctx('a'));
    expect((await d.run('/run stop run:1', d.ctx('b'))).text).toBe('/run stop: Run #1 does not exist in this workspace');
  });

  it.each([
    ['/run start strategy:breakout symbols:SIM mode:live', '/run start: live trading is not available yet; use mode:paper'],
    ['/run start strategy:breakout symbols:SIM data:csv', '/run start: csv data needs TRADEDESK_DATA_DIR'],
    ['/run start strategy:breakout symbols:SIM,SIM', '/run start: a symbol is listed twice'],
    ['/run start strategy:breakout symbols:SIM params:entryPeriod=0', "/run start: breakout: param 'entryPeriod'"],
    ['/run stop run:0', "/run stop: option 'run': expected a whole number >= 1 (got '0')"],
  ])('refuses %s with one line', async (line, message) => {
    const reply = await desk().run(line);
    expect(reply.kind).toBe('error');
    expect(reply.text).toContain(message);
  });

  it('lets a viewer list runs but not start or stop them', async () => {
    const d = desk();
    expect((await d.run('/runs', d.ctx('a', 'viewer'))).kind).toBe('ok');
    expect((await d.run('/run start strategy:breakout symbols:SIM', d.ctx('a', 'viewer'))).text).toBe('/run start needs the trader role; you are viewer');
  });
});

describe('/runs and backtests', () => {
  it('lists backtests with the paper runs they share the numbers with, as completed runs', async () => {
    const d = fakeDesk();
    expect((await d.run('/run start strategy:breakout symbols:SIM-A timeframe:1m')).title).toBe('Run #1 started');
    expect((await d.run('/backtest strategy:trend-following symbols:SIM from:2023-01-01 to:2023-06-30')).title).toBe('Backtest saved as Run #2');
    const all = await d.run('/runs status:all');
    expect(all.table?.rows.map((r) => [r[0], r[1], r[2], r[5]])).toEqual([
      ['#2', 'completed', 'trend-following', 'backtest'],
      ['#1', 'running', 'breakout', 'paper'],
    ]);
    expect((await d.run('/runs status:completed')).table?.rows.map((r) => r[0])).toEqual(['#2']);
    expect((await d.run('/runs')).table?.rows.map((r) => r[0])).toEqual(['#1']);
  });

  it('answers with one line when the runs cannot be read', async () => {
    const d = fakeDesk();
    const failing = fakeDesk({ runQueries: { ...d.runQueries, listRuns: async () => fail('db.read_failed', 'Could not list the runs: disk I/O error') } });
    expect(await failing.run('/runs status:all')).toEqual({ kind: 'error', text: '/runs: Could not list the runs: disk I/O error' });
  });
});

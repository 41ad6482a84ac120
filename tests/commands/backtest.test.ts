import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runConsoleDesk } from '../../src/adapters/console/desk.js';
import type { CommandContext } from '../../src/app/chat/command.js';
import type { DeskDeps } from '../../src/app/desk/desk-deps.js';
import type { RunRepository } from '../../src/app/backtest/ports.js';
import type { Reply } from '../../src/app/chat/reply.js';
import { ruleSchema } from '../../src/core/risk/rules.js';
import { fakeDesk } from '../helpers/fake-desk.js';
import type { BacktestRunRecord } from '../../src/app/backtest/ports.js';
import { dispatch } from '../../src/app/chat/dispatch.js';
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
import { paperBrokerFor } from '../../src/broker/paper/paper-broker.js';
import { createBrokerAccounts } from '../../src/main/run-brokers.js';
import { createMemoryApprovals } from '../helpers/memory-approvals.js';
import { createMemoryAccountRisk } from '../helpers/memory-account-risk.js';

/** An in-memory run repository: numbers runs per workspace like the store does. */
function fakeRuns(): RunRepository & { saved: BacktestRunRecord[] } {
  const saved: BacktestRunRecord[] = [];
  return {
    saved,
    async saveBacktestRun(record) {
      saved.push(record);
      return ok({ runId: `id-${saved.length}`, number: saved.filter((r) => r.workspace.externalId === record.workspace.externalId).length });
    },
  };
}

function deps(runs: RunRepository, chart = false): DeskDeps {
  return {
    commands: COMMANDS,
    marketData: (source) => (source === 'sim' ? ok(createSimMarketData({ seed: 42 })) : fail('data.not_configured', 'csv data needs TRADEDESK_DATA_DIR (see .env.example)')),
    runs,
    ...(chart ? { renderEquityChart: async () => new Uint8Array([0x89, 0x50, 0x4e, 0x47]) } : {}),
    codeVersion: 'test',
    brokerFor: paperBrokerFor,
    brokers: createBrokerAccounts({}),
    defaults: { startCash: 100_000, costs: { commissionRate: 0, slippageBps: 0 } },
    runStore: createMemoryRunStore(),
    leasing: testLeasing(),
    notify: async () => ok(null),
    activeRules: async () => ok([]),
    runQueries: createMemoryRunQueries(createMemoryRunStore()),
    workspaceAdmin: createMemoryWorkspaceAdmin().admin,
    settings: createMemoryWorkspaceSettings(),
    ask: async () => ({ kind: 'ok', text: 'no analyst in this test' }),
    ...memoryAnalystDeps(),
    wallNow: () => Date.UTC(2024, 0, 2, 12),
    proposals: createMemoryRuleProposals(createMemoryWorkspaceAdmin().admin),
    approvals: createMemoryApprovals(),
    accountRisk: createMemoryAccountRisk(),
  };
}

const ctx = (d: DeskDeps, externalId = 'local', role: 'viewer' | 'trader' = 'trader'): CommandContext<DeskDeps> => ({
  workspace: { platform: 'console', externalId, name: externalId },
  actor: { id: 'u', name: 'ann', role },
  channelId: 'console',
  now: () => Date.UTC(2024, 0, 2, 12),
  deps: d,
});

const LINE = '/backtest strategy:trend-following symbols:SIM from:2021-01-01 to:2023-12-31 params:fast=20,slow=80';

describe('/backtest', () => {
  it('runs on the simulated market, saves the run and replies with its metrics', async () => {
    const runs = fakeRuns();
    const reply = await dispatch(COMMANDS, LINE, ctx(deps(runs)));
    expect(reply.kind).toBe('ok');
    expect(reply.title).toBe('Backtest saved as Run #1');
    expect(reply.text).toContain('simulated market (seed 42)');
    expect(reply.fields?.map((f) => f.name)).toEqual(['End equity', 'Return', 'CAGR', 'Sharpe', 'Max drawdown', 'Trades', 'Blocked', 'Rules']);
    expect(runs.saved[0]).toMatchObject({ strategyId: 'trend-following', params: { fast: 20, slow: 80 }, symbols: ['SIM'], createdBy: 'ann' });
  });

  it('numbers runs per workspace', async () => {
    const runs = fakeRuns();
    const d = deps(runs);
    await dispatch(COMMANDS, LINE, ctx(d, 'a'));
    const second = await dispatch(COMMANDS, LINE, ctx(d, 'a'));
    const other = await dispatch(COMMANDS, LINE, ctx(d, 'b'));
    expect([second.title, other.title]).toEqual(['Backtest saved as Run #2', 'Backtest saved as Run #1']);
  });

  it.each([
    [`${LINE} data:csv`, '/backtest: csv data needs TRADEDESK_DATA_DIR (see .env.example)'],
    ['/backtest strategy:trend-following symbols:SIM params:fast=1', "/backtest: trend-following: param 'fast'"],
    ['/backtest strategy:trend-following symbols:SIM sizing:percent:0', "/backtest: option 'sizing':"],
    ['/backtest strategy:trend-following symbols:SIM from:2023-02-30', "/backtest: option 'from': expected a real calendar date"],
  ])('refuses %s without saving anything', async (line, message) => {
    const runs = fakeRuns();
    const reply = await dispatch(COMMANDS, line, ctx(deps(runs)));
    expect(reply.kind).toBe('error');
    expect(reply.text).toContain(message);
    expect(runs.saved).toHaveLength(0);
  });

  it('is refused to a viewer', async () => {
    const reply = await dispatch(COMMANDS, LINE, ctx(deps(fakeRuns()), 'local', 'viewer'));
    expect(reply).toEqual({ kind: 'error', text: '/backtest needs the trader role; you are viewer' });
  });
});

describe('/backtest and the workspace rules', () => {
  const NO_SIM = ruleSchema.parse({ id: 'no-sim', category: 'screening', type: 'symbol_denylist', params: { symbols: ['SIM'] } });
  const TRAIL = ruleSchema.parse({ id: 'trail', category: 'entry_exit', type: 'trailing_stop_pct', params: { pct: 12 }, shadow: true });
  const field = (reply: Reply, name: string): string | undefined => reply.fields?.find((f) => f.name === name)?.value;

  it('trades under the workspace\'s active rules by default, says which ran, and runs without them with rules:none', async () => {
    const d = fakeDesk({}, [NO_SIM, TRAIL]);
    const ruled = await d.run(LINE, d.ctx('a', 'trader'));
    expect(ruled.title).toBe('Backtest saved as Run #1');
    expect(field(ruled, 'Rules')).toBe('no-sim, trail (shadow): the workspace\'s active rules');
    expect(field(ruled, 'Trades')).toMatch(/^0 /);
    expect(field(ruled, 'Blocked')).toMatch(/rule:no-sim \d+/);

    const bare = await d.run(`${LINE} rules:none`, d.ctx('a', 'trader'));
    expect(bare.title).toBe('Backtest saved as Run #2');
    expect(field(bare, 'Rules')).toBe('none (rules:none: hard gates only)');
    expect(field(bare, 'Trades')).not.toMatch(/^0 /);
    expect(field(bare, 'Blocked')).not.toContain('rule:');

    const compared = await d.run('/compare a:1 b:2');
    expect(compared.text).toContain('- rule ids: Run #1 no-sim,trail | Run #2 none');
    expect(compared.text).toMatch(/- rules hash: Run #1 [0-9a-f]{12} \| Run #2 [0-9a-f]{12}/);
    expect(compared.text).not.toMatch(/same: .*rules hash/);
  });

  it('says so when the workspace has no active rules', async () => {
    const d = fakeDesk();
    expect(field(await d.run(LINE, d.ctx('a', 'trader')), 'Rules')).toBe('none: the workspace has no active rules (hard gates only)');
  });

  it('refuses an unknown rules source', async () => {
    const d = fakeDesk({}, [NO_SIM]);
    expect((await d.run(`${LINE} rules:file`, d.ctx('a', 'trader'))).text).toBe("/backtest: option 'rules': expected one of workspace, none (got 'file')");
  });
});

describe('console desk', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tradedesk-console-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints replies in order and writes chart images next to them', async () => {
    const output = new PassThrough();
    const chunks: string[] = [];
    output.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
    const d = deps(fakeRuns(), true);
    await runConsoleDesk({
      input: Readable.from(['/help\n', '\n', 'hello\n', `${LINE}\n`]),
      output,
      interactive: false,
      registry: COMMANDS,
      ...ctx(d),
      imageDir: dir,
    });
    const text = chunks.join('');
    expect(text.indexOf('== Commands ==')).toBeLessThan(text.indexOf('analyst is not available'));
    expect(text).toContain(`chart: ${path.join(dir, 'run-1-equity.png')}`);
    expect([...readFileSync(path.join(dir, 'run-1-equity.png'))]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });
});

// A desk wired with in-memory fakes of every port, for command tests (STYLE: fakes of the ports, not vi.mock).
import type { CommandContext, Role } from '../../src/app/chat/command.js';
import type { DeskDeps } from '../../src/app/desk/desk-deps.js';
import { dispatch } from '../../src/app/chat/dispatch.js';
import type { NotificationDraft } from '../../src/app/runs/model.js';
import type { RunStore } from '../../src/app/runs/ports.js';
import { fail, ok } from '../../src/core/domain/result.js';
import type { Rule } from '../../src/core/risk/rules.js';
import { createSimMarketData } from '../../src/market-data/sim/sim-market-data.js';
import { COMMANDS } from '../../commands/index.js';
import { createMemoryRunQueries } from './memory-run-queries.js';
import { createMemoryRunStore } from './memory-run-store.js';
import { testLeasing } from './test-leasing.js';
import { createMemoryWorkspaceAdmin } from './memory-workspace-admin.js';
import { createMemoryWorkspaceSettings } from './memory-workspace-settings.js';
import { createOfflineAnalyst } from '../../src/analyst/offline-analyst.js';
import { createMemoryAnalystPorts } from './memory-analyst-ports.js';
import { createMemoryRuleProposals } from './memory-rule-proposals.js';
import { paperBrokerFor } from '../../src/broker/paper/paper-broker.js';
import { createBrokerAccounts } from '../../src/main/run-brokers.js';
import { createMemoryApprovals } from './memory-approvals.js';
import { createMemoryAccountRisk } from './memory-account-risk.js';

export const FAKE_NOW = Date.UTC(2024, 0, 2, 12);

export function fakeDesk(overrides: Partial<DeskDeps> = {}, rules: readonly Rule[] = []) {
  const notes: NotificationDraft[] = [];
  const runStore = createMemoryRunStore();
  // Reads the runs this desk's RunStore holds, and keeps the backtests /backtest saves.
  const runQueries = createMemoryRunQueries(runStore);
  const settings = createMemoryWorkspaceSettings({ wallNow: () => FAKE_NOW });
  const analystPorts = createMemoryAnalystPorts();
  const workspaceAdmin = createMemoryWorkspaceAdmin(runStore).admin;
  const deps: DeskDeps = {
    commands: COMMANDS,
    marketData: (source) => (source === 'sim' ? ok(createSimMarketData({ seed: 42 })) : fail('data.not_configured', 'csv data needs TRADEDESK_DATA_DIR (see .env.example)')),
    runs: runQueries,
    codeVersion: 'test',
    defaults: { startCash: 100_000, costs: { commissionRate: 0, slippageBps: 0 } },
    brokerFor: paperBrokerFor,
    brokers: createBrokerAccounts({}),
    leasing: testLeasing(),
    notify: async (_w, _r, draft) => (notes.push(draft), ok(null)),
    activeRules: async () => ok(rules),
    runQueries,
    workspaceAdmin,
    settings,
    ask: (question, now) => createOfflineAnalyst(deps.commands, deps)(question, now),
    conversations: analystPorts.conversations,
    llmUsage: analystPorts.llmUsage,
    analystBudget: analystPorts.analystBudget,
    proposals: createMemoryRuleProposals(workspaceAdmin),
    approvals: createMemoryApprovals(),
    accountRisk: createMemoryAccountRisk(),
    wallNow: () => FAKE_NOW,
    ...overrides,
    // Status changes and iterations queue their notifications with the change itself: `notes` sees those too.
    runStore: noting(overrides.runStore ?? runStore, notes),
  };
  const ctx = (externalId = 'a', role: Role = 'admin', now = FAKE_NOW): CommandContext<DeskDeps> => ({
    workspace: { platform: 'console', externalId, name: externalId },
    actor: { id: 'u', name: 'ann', role },
    channelId: 'console',
    now: () => now,
    deps,
  });
  return { deps, notes, runStore, runQueries, settings, analystPorts, ctx, run: (line: string, c = ctx()) => dispatch(deps.commands, line, c) };
}

function noting(store: RunStore, notes: NotificationDraft[]): RunStore {
  return {
    ...store,
    transition: async (runId, to, actor, reason, now, change) => {
      const moved = await store.transition(runId, to, actor, reason, now, change);
      if (moved.ok) notes.push(...(change?.notifications ?? []));
      return moved;
    },
    commitIteration: async (commit) => {
      const done = await store.commitIteration(commit);
      if (done.ok && done.value.committed) notes.push(...commit.notifications);
      return done;
    },
  };
}

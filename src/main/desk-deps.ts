import { processLeaseHolder } from '../store/db/lease-holder.js';
import type { DeskDeps } from '../app/desk/desk-deps.js';
import type { Notify } from '../app/runs/lifecycle.js';
import type { RunLeasing } from '../app/runs/book-guard.js';
import type { BrokerOrderLedger, RunStore } from '../app/runs/ports.js';
import type { RunCalendars } from '../app/runs/calendar.js';
import type { Env } from '../config/env.js';
import { createNamedSources } from './market-data.js';
import { defaultDataSpec } from './cli/data-option.js';
import { formatSourceSpec } from '../core/domain/data-source.js';
import type { BarCache } from '../app/market-data/ports.js';
import { createBarCache } from '../store/market-data/bar-cache.js';
import { saveBacktestRun } from '../store/runs/backtest-runs.js';
import type { Store } from '../store/db/client.js';
import { enqueueNotification } from '../store/outbox/outbox.js';
import { createPrismaRunQueries } from '../store/runs/queries.js';
import { createPrismaRunStore } from '../store/runs/store.js';
import { listRules } from '../store/rules/rules.js';
import { createPrismaWorkspaceAdmin } from '../store/admin/workspace-admin.js';
import { createPrismaWorkspaceSettings } from '../store/workspace/workspace-settings.js';
import { ensureWorkspace } from '../store/workspace/workspaces.js';
import { COMMANDS } from '../../commands/index.js';
import { codeVersion } from './version.js';
import type { AnalystUsage } from '../analyst/claude-analyst.js';
import type { AskAnalyst } from '../app/chat/ports.js';
import { estimateCostUsd, isPricedModel } from '../analyst/pricing.js';
import type { LlmUsageLedger } from '../app/workspace/ports.js';
import { createPrismaAnalystBudgets } from '../store/analyst/analyst-budget.js';
import { createPrismaConversations } from '../store/analyst/conversations.js';
import { createPrismaRuleProposals } from '../store/rules/proposals.js';
import { createPrismaLlmUsage } from '../store/analyst/llm-usage.js';
import { createPrismaReconciliations } from '../store/reconcile/reconciliations.js';
import { accountBrokersOf, createBrokerAccounts, dispatchBrokerFor, type RealBrokers } from './run-brokers.js';
import { createPrismaApprovalRequests } from '../store/approvals/approvals.js';
import { createPrismaAccountRisk } from '../store/account/account-risk.js';
import { countedReconciliations, NO_METRICS, type DeskMetrics } from './ops/counters.js';

/**
 * Market data by source name: the simulated market, CSV files when TRADEDESK_DATA_DIR is set, real providers with
 * their keys, read through the bar cache in the desk's database (opened at the first provider request; its read
 * connection lives as long as the process). Revised bars are logged (`log`; by default on stderr).
 */
export function createMarketDataSources(env: Env, store?: Store, log?: (line: string) => void): DeskDeps['marketData'] {
  if (store === undefined) return createNamedSources(env);
  let cache: BarCache | null = null;
  return createNamedSources(env, {
    cache: () => (cache ??= createBarCache(store.prisma, { databaseUrl: env.DATABASE_URL })),
    log: log ?? ((line) => process.stderr.write(`[desk] ${line}\n`)),
  });
}

/** Notifications go through the outbox (de-duplicated, delivered with retries by the desk's delivery loop). */
export function createNotify(store: Store, metrics: DeskMetrics = NO_METRICS): Notify {
  return async (workspace, runId, draft, now) => {
    const ws = await ensureWorkspace(store.prisma, workspace);
    const queued = await enqueueNotification(store.prisma, { workspaceId: ws.id, ...(runId === null ? {} : { runId }), eventType: draft.eventType, dedupeKey: draft.dedupeKey, payload: draft.payload, now });
    if (queued.ok && queued.value.created) metrics.notificationsQueued(1);
    return queued;
  };
}

/**
 * Lease holders for people's changes to runs (pause, stop, halt, rules applied to runs): one id per change, never the
 * scheduler's own, so a change waits for an iteration in flight instead of re-entering its lease. Wall-clock time.
 */
export function createRunLeasing(): RunLeasing {
  let n = 0;
  // Named by this process (desk:<host>:<pid>:<nonce>/change-n): a desk restarted after a crash in the middle of a
  // person's stop or pause takes that lease over at once instead of waiting out its expiry.
  return { holder: () => processLeaseHolder(`change-${++n}`), realNow: () => Date.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };
}

/** Wires the chat commands' dependencies from the environment and an open store. */
export interface DeskDepsOptions {
  /** Default: the Prisma run store on `store`. */
  readonly runStore?: RunStore;
  /** Wall-clock time for spend and budgets; default Date.now. */
  readonly wallNow?: () => number;
  /** The calendar runs follow (the desk's market calendar); default the built-in rules. */
  readonly calendars?: RunCalendars;
  /** Real brokers runs may trade at (`broker:alpaca`); none by default: only the internal paper broker. */
  readonly brokers?: RealBrokers;
  /** The ledger their orders are recorded in (src/main/desk-brokers.ts). */
  readonly ledger?: BrokerOrderLedger;
  /** Counts queued notifications and the analyst's usage (TRADEDESK_HTTP's /metrics); none by default. */
  readonly metrics?: DeskMetrics;
  /** Operational lines (revised bars, the analyst's troubles): the desk's log; by default stderr as plain lines. */
  readonly log?: (line: string) => void;
}

export function createDeskDeps(env: Env, store: Store, options: DeskDepsOptions = {}): DeskDeps {
  const runStore = options.runStore ?? createPrismaRunStore(store.prisma);
  const wallNow = options.wallNow ?? ((): number => Date.now());
  const metrics = options.metrics ?? NO_METRICS;
  const deps: DeskDeps = {
    commands: COMMANDS,
    marketData: createMarketDataSources(env, store, options.log),
    defaultDataSource: formatSourceSpec(defaultDataSpec(env)),
    ...(options.calendars === undefined ? {} : { calendars: options.calendars }),
    runs: { saveBacktestRun: (record) => saveBacktestRun(store.prisma, record) },
    // Loaded on first use: ECharts costs ~0.1 s to import, which a desk that never charts should not pay.
    renderEquityChart: async (input) => (await import('../charts/index.js')).renderEquityChart(input),
    codeVersion: codeVersion(),
    defaults: { startCash: env.TRADEDESK_START_CASH, costs: { commissionRate: env.TRADEDESK_COMMISSION, slippageBps: env.TRADEDESK_SLIPPAGE_BPS } },
    runStore,
    brokerFor: dispatchBrokerFor(options.brokers),
    brokers: createBrokerAccounts(env, options.brokers),
    accountBrokers: accountBrokersOf(options.brokers),
    reconciliations: countedReconciliations(createPrismaReconciliations(store.prisma), metrics),
    ...(options.ledger === undefined ? {} : { ledger: options.ledger }),
    leasing: createRunLeasing(),
    notify: createNotify(store, metrics),
    wallNow,
    activeRules: async (workspace) => {
      const ws = await ensureWorkspace(store.prisma, workspace);
      return listRules(store.prisma, ws.id, { activeOnly: true });
    },
    runQueries: createPrismaRunQueries(store.prisma),
    workspaceAdmin: createPrismaWorkspaceAdmin(store.prisma),
    settings: createPrismaWorkspaceSettings(store.prisma),
    ask: async (question, now) => (await analyst())(question, now),
    conversations: createPrismaConversations(store.prisma),
    proposals: createPrismaRuleProposals(store.prisma),
    approvals: createPrismaApprovalRequests(store.prisma),
    accountRisk: createPrismaAccountRisk(store.prisma),
    llmUsage: createPrismaLlmUsage(store.prisma, { isPricedModel }),
    analystBudget: createPrismaAnalystBudgets(store.prisma, env.ANTHROPIC_MONTHLY_BUDGET_USD === undefined ? {} : { defaultUsd: env.ANTHROPIC_MONTHLY_BUDGET_USD }),
  };
  const log = options.log ?? ((line: string): void => void process.stderr.write(`[analyst] ${line}\n`));
  // With a key, Claude over the desk's read-only MCP tools; without one, the offline analyst. Logs go to stderr, which
  // keeps stdout clean for `tradedesk mcp`. Loaded at the first question: the MCP SDK (and the Anthropic SDK) take
  // longer to load than the rest of the desk's start, and a desk nobody asks anything never needs them.
  const apiKey = env.ANTHROPIC_API_KEY;
  let loaded: Promise<AskAnalyst> | undefined;
  const analyst = (): Promise<AskAnalyst> => {
    loaded ??= apiKey === undefined
      ? import('../analyst/offline-analyst.js').then(({ createOfflineAnalyst }) => createOfflineAnalyst(deps.commands, deps))
      : import('../analyst/claude-analyst.js').then(({ createClaudeAnalyst }) => createClaudeAnalyst({
        apiKey,
        model: env.ANTHROPIC_MODEL,
        ...(env.ANTHROPIC_BASE_URL === undefined ? {} : { baseURL: env.ANTHROPIC_BASE_URL }),
        deps,
        log,
        onUsage: (usage) => {
          metrics.analystUsage({ inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, costUsd: estimateCostUsd(usage.model, usage.inputTokens, usage.outputTokens) });
          return recordAnalystUsage(deps.llmUsage, usage, log);
        },
      }));
    return loaded;
  };
  return deps;
}

/** One usage row per answer, priced from the model's list price; a failure is logged, never shown to the asker. */
export async function recordAnalystUsage(ledger: LlmUsageLedger, u: AnalystUsage, log: (line: string) => void): Promise<void> {
  const recorded = await ledger.record(u.workspace, {
    actor: { id: u.actorId, name: u.actorName },
    conversationId: u.conversationId,
    model: u.model,
    inputTokens: u.inputTokens,
    outputTokens: u.outputTokens,
    costUsd: estimateCostUsd(u.model, u.inputTokens, u.outputTokens),
    at: u.at,
  });
  if (!recorded.ok) log(`analyst: usage not recorded (${recorded.error.code} ${recorded.error.message})`);
}

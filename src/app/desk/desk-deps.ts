/** Everything the chat commands use, wired in src/main. */
import type { Result } from '../../core/domain/result.js';
import type { CostConfig } from '../../core/engine/config.js';
import type { Rule } from '../../core/risk/rules.js';
import type { RunRepository } from '../backtest/ports.js';
import type { NamedMarketData } from '../market-data/ports.js';
import type { RunLeasing } from '../runs/book-guard.js';
import type { Notify } from '../runs/lifecycle.js';
import type { AccountRisk } from '../account/ports.js';
import type { AccountBrokers, BrokerAccounts, BrokerOrderLedger, BrokerFactory, EquityChartInput, RunQueries, RunStore } from '../runs/ports.js';
import type { RunCalendars } from '../runs/calendar.js';
import type { AnalystBudgets, ApprovalRequests, LlmUsageLedger, RuleProposals, WorkspaceAdmin, WorkspaceSettings } from '../workspace/ports.js';
import type { AnyCommand, WorkspaceRef } from '../chat/command.js';
import type { Reconciliations } from '../reconcile/ports.js';
import type { AskAnalyst, Conversations } from '../chat/ports.js';

export interface DeskDeps {
  /** The registry itself (for /help). */
  readonly commands: readonly AnyCommand<DeskDeps>[];
  /** `sim` is always there; `csv` needs TRADEDESK_DATA_DIR. */
  /** The desk-wide source when a command names none (MARKET_DATA); `sim` when absent. */
  readonly defaultDataSource?: string;
  /** Bars by source name; `{ pinned, adjustment }` as a run's manifest binds them (split-adjusted by default). */
  readonly marketData: NamedMarketData;
  /** The calendar runs follow (Alpaca's published sessions when configured); default the built-in rules. */
  readonly calendars?: RunCalendars;
  readonly runs: RunRepository;
  /** Renders equity curves to PNG; absent where no renderer is wired (the reply then has no image). */
  readonly renderEquityChart?: (input: EquityChartInput) => Promise<Uint8Array>;
  readonly codeVersion: string;
  readonly defaults: { readonly startCash: number; readonly costs: CostConfig };
  /** Live (paper) runs. */
  readonly runStore: RunStore;
  /**
   * The broker a run's orders go to, by its manifest's `broker` (the internal paper broker, src/broker/paper, when
   * absent): iterations execute and `/run stop flatten:true` closes through it.
   */
  readonly brokerFor: BrokerFactory;
  /** The brokers `/run start broker:` can choose and their accounts (`paper`, the internal one, is always there). */
  readonly brokers: BrokerAccounts;
  /** The real broker accounts' adapters (reconciliation, account gates, /halt); absent: only the internal broker. */
  readonly accountBrokers?: AccountBrokers;
  /** The ledger of runs' orders at real brokers (/halt cancels the open ones); absent: only the internal broker. */
  readonly ledger?: BrokerOrderLedger;
  /**
   * Open differences between a real broker account and the runs' books (/reconcile); absent with accountBrokers
   * (only the internal broker: nothing to reconcile).
   */
  readonly reconciliations?: Reconciliations;
  /** The account-level limits and marks of the workspace's real broker accounts (/settings risk, the account gates). */
  readonly accountRisk: AccountRisk;
  /** How a person's change to a run takes its lease (real-time lifetimes; see src/app/runs/book-guard.ts). */
  readonly leasing: RunLeasing;
  readonly notify: Notify;
  /** The workspace's active rules, frozen into a new run's manifest. */
  readonly activeRules: (workspace: WorkspaceRef) => Promise<Result<readonly Rule[]>>;
  /** Reports on runs (status, positions, portfolio, compare, summaries). */
  readonly runQueries: RunQueries;
  /** Rules, kill switch, notification levels. */
  readonly workspaceAdmin: WorkspaceAdmin;
  /** Role bindings, the desk channel, the audit log. */
  readonly settings: WorkspaceSettings;
  /** The system analyst (plain questions: /ask, mentions, DMs, plain console lines). */
  readonly ask: AskAnalyst;
  /** The analyst's conversations per channel, DM or thread. */
  readonly conversations: Conversations;
  /** LLM usage per workspace and member (/usage, the budget check). */
  readonly llmUsage: LlmUsageLedger;
  /** The monthly analyst budget per workspace (/settings budget). */
  readonly analystBudget: AnalystBudgets;
  /** The analyst's rule proposals waiting for a human (/proposals, /proposal approve). */
  readonly proposals: RuleProposals;
  /** Four-eyes requests (a live run start, loosening an account limit) waiting for a second admin (/approvals, /approval approve). */
  readonly approvals: ApprovalRequests;
  /**
   * Wall-clock time (epoch ms), whatever the desk clock is: the analyst's spend is real money, so its month and
   * budget follow the calendar, never a `--speed` demo's clock.
   */
  readonly wallNow: () => number;
}

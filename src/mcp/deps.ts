// What the MCP server may read, and nothing else: plain read functions picked out of the desk, each already scoped
// to the one workspace this server serves. No store, no admin port, no notifier: a tool cannot reach a write.
import type { WorkspaceRef } from '../app/chat/command.js';
import type { DeskDeps } from '../app/desk/desk-deps.js';
import type { BarsRequest } from '../app/market-data/ports.js';
import type { RunHistory, RunRef } from '../app/runs/ports.js';
import type { DecisionPage, DecisionRange } from '../app/runs/ports.js';
import { replayStoredRun, storedRunRules, type ReplayReport, type RuleChange } from '../app/replay/replay.js';
import type { BarSeries } from '../core/domain/bar.js';
import { checkAdjustment, formatSourceSpec, parseSourceSpec, type Adjustment } from '../core/domain/data-source.js';
import { chooseDataSource } from '../app/market-data/default-source.js';
import { ok, type Result } from '../core/domain/result.js';
import type { Rule } from '../core/risk/rules.js';

/** The label and flag every answer showing market data must carry. */
export interface MarketDataInfo {
  readonly kind: string;
  readonly label: string;
  readonly simulated: boolean;
  /** The source as named (`sim`, `csv`, `alpaca,yahoo`). */
  readonly spec: string;
  /** The real provider that served the symbol (`yahoo`); null for the simulated market and CSV files. */
  readonly provider: string | null;
  /** Real providers: split-adjusted or raw prices; null for the simulated market and CSV files. */
  readonly adjustment: Adjustment | null;
}

export interface McpDeps {
  /** The one workspace this server serves; runs are named by number inside it only. */
  readonly workspace: WorkspaceRef;
  /**
   * The clock the desk's records are read by (epoch ms): the wall clock, or a sped-up demo's clock on a demo's database.
   * The default and the ceiling of every `as_of`.
   */
  readonly now: () => number;
  /** Run #number: `run.not_found` ("Run #7 does not exist in this workspace") otherwise. */
  readonly findRun: (number: number) => Promise<Result<RunRef>>;
  /** Every run, newest first. */
  readonly listRuns: () => Promise<Result<readonly RunRef[]>>;
  /** Everything run #number produced (trades, equity, blocked log), oldest first. */
  readonly runHistory: (number: number) => Promise<Result<RunHistory>>;
  /** The run's decision records in a bar-time range (decided by `decidedBy`), in the order asked, with the range's total. */
  readonly decisionsBetween: (number: number, range: DecisionRange) => Promise<Result<DecisionPage>>;
  /** The workspace's rules, active or not, in evaluation order. */
  readonly listRules: () => Promise<Result<readonly Rule[]>>;
  /**
   * Bars from a market data source (`sim`, `csv`, or real providers tried in order, `alpaca,yahoo`), through the desk's
   * own sources and bar cache, split-adjusted unless `raw` is asked (refused for sim and csv); the source's label, the
   * provider that served the symbol and the adjustment come with them.
   */
  readonly getBars: (source: string, request: BarsRequest, adjustment?: Adjustment) => Promise<Result<{ readonly series: BarSeries; readonly source: MarketDataInfo }>>;
  /** The source when a tool names none: the workspace's /settings data, else the desk's MARKET_DATA, else sim. */
  readonly defaultDataSource: () => Promise<Result<string>>;
  /** The rules frozen into run #number when it started (paper runs: as they stand now). */
  readonly runRules: (number: number) => Promise<Result<readonly Rule[]>>;
  /**
   * Re-runs run #number's own bars up to as_of with its own rules and with each change: computes, saves nothing.
   * `replay.unavailable` when its bars cannot be reloaded.
   */
  readonly replayRun: (number: number, changes: readonly RuleChange[], asOf: number) => Promise<Result<ReplayReport>>;
}

/** The read half of a desk, for one workspace. */
export function mcpDepsFrom(desk: DeskDeps, workspace: WorkspaceRef, now: () => number): McpDeps {
  const q = desk.runQueries;
  const withRun = async <T>(number: number, read: (runId: string) => Promise<Result<T>>): Promise<Result<T>> => {
    const run = await q.findRun(workspace, number);
    return run.ok ? read(run.value.id) : run;
  };
  return {
    workspace,
    now,
    findRun: (number) => q.findRun(workspace, number),
    listRuns: () => q.listRuns(workspace),
    runHistory: (number) => withRun(number, (id) => q.getHistory(id)),
    decisionsBetween: (number, range) => withRun(number, (id) => q.decisionsBetween(id, range)),
    listRules: () => desk.workspaceAdmin.listRules(workspace),
    getBars: async (source, request, adjustment = 'split') => {
      const spec = parseSourceSpec(source, "argument 'source'");
      if (!spec.ok) return spec;
      const named = formatSourceSpec(spec.value);
      const adjusted = checkAdjustment(spec.value.kind, adjustment, "argument 'adjustment' raw");
      if (!adjusted.ok) return adjusted;
      const market = desk.marketData(named, { adjustment });
      if (!market.ok) return market;
      const series = await market.value.getBars(request);
      if (!series.ok) return series;
      const { kind, label, simulated } = market.value;
      const provider = spec.value.kind === 'providers' ? market.value.sources?.()[request.symbol] ?? null : null;
      const served = spec.value.kind === 'providers' ? market.value.adjustment ?? adjustment : null;
      return ok({ series: series.value, source: { kind, label, simulated, spec: named, provider, adjustment: served } });
    },
    defaultDataSource: async () => {
      const chosen = await chooseDataSource(desk, workspace, undefined);
      return chosen.ok ? ok(chosen.value.source) : chosen;
    },
    runRules: async (number) => {
      const run = await q.findRun(workspace, number);
      return run.ok ? storedRunRules({ runQueries: q }, run.value) : run;
    },
    replayRun: async (number, changes, asOf) => {
      const run = await q.findRun(workspace, number);
      if (!run.ok) return run;
      return replayStoredRun({ runQueries: q, marketData: desk.marketData, codeVersion: desk.codeVersion }, run.value, changes, asOf);
    },
  };
}

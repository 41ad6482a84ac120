import { nextBarClose } from '../../core/calendar/bar-schedule.js';
import { TIMEFRAME_MS, type Timeframe } from '../../core/domain/bar.js';
import { checkAdjustment, formatSourceSpec, parseSourceSpec, type Adjustment, type DataSourceSpec } from '../../core/domain/data-source.js';
import type { BrokerName, RunBroker } from '../../core/runs/run-broker.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import { DEFAULT_QUANT, DEFAULT_SIZING, type CostConfig, type SizingConfig } from '../../core/engine/config.js';
import { DEFAULT_GATE_LIMITS } from '../../core/risk/gates.js';
import type { Rule } from '../../core/risk/rules.js';
import { bindStrategy } from '../../core/strategies/registry.js';
import { canonicalJson, sha256Hex } from './canonical-json.js';
import type { Actor, WorkspaceRef } from '../chat/command.js';
import type { MarketData } from '../market-data/ports.js';
import type { RunDeps } from './iterate.js';
import type { RunManifest, RunSummary } from './model.js';
import type { BrokerAccounts } from './ports.js';
import { runCalendar } from './calendar.js';

/** Starting a run checks its data and schedule; it executes nothing, so it needs no broker. */
export interface StartRunDeps extends Omit<RunDeps, 'brokerFor'> {
  /** The workspace's active rules, frozen into the run's manifest. */
  readonly activeRules: (workspace: WorkspaceRef) => Promise<Result<readonly Rule[]>>;
  readonly codeVersion: string;
  readonly defaults: { readonly startCash: number; readonly costs: CostConfig };
  /** The real brokers this desk has (absent: only the internal paper broker, which needs nothing). */
  readonly brokers?: BrokerAccounts;
}

export interface StartRunInput {
  readonly workspace: WorkspaceRef;
  readonly actor: Actor;
  readonly channelId: string;
  readonly strategyId: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly symbols: readonly string[];
  readonly timeframe: Timeframe;
  /** `sim`, `csv` or a provider list (`alpaca,yahoo`). */
  readonly dataSource: string;
  /** Providers' prices: split-adjusted (default) or raw, as traded; raw is refused for `sim` and `csv`. */
  readonly adjustment?: Adjustment;
  /** `paper` (the internal broker, the default) or a real broker, which needs a real data source. */
  readonly broker?: BrokerName;
  readonly cash?: number;
  readonly sizing?: SizingConfig;
  readonly now: number;
  /** A live account's start approved by a second admin (the four-eyes request it came from). */
  readonly approval?: { readonly id: string; readonly approvedBy: string };
}

/** Validates, freezes the manifest (strategy, params, rules and their hash, gates, costs, code) and starts the run. */
export async function startRun(deps: StartRunDeps, input: StartRunInput): Promise<Result<{ run: RunSummary; nextIterationAt: number }>> {
  const strategy = bindStrategy(input.strategyId, { ...input.params });
  if (!strategy.ok) return strategy;
  const spec = parseSourceSpec(input.dataSource, 'data:');
  if (!spec.ok) return spec;
  const dataSource = formatSourceSpec(spec.value);
  const adjustment = checkAdjustment(spec.value.kind, input.adjustment ?? 'split', 'adjustment:raw');
  if (!adjustment.ok) return adjustment;
  const chosen = chooseBroker(deps.brokers, input.broker ?? 'paper', spec.value);
  if (!chosen.ok) return chosen;
  const broker = chosen.value?.broker ?? null;
  // A run at a real broker names its symbols as the broker does (see BrokerDescription.spell).
  const spelt: string[] = [];
  for (const s of input.symbols.map((x) => x.toUpperCase())) {
    const as = chosen.value?.spell === undefined ? ok(s) : chosen.value.spell(s);
    if (!as.ok) return fail('run.symbols', `broker:${input.broker}: ${as.error.message}`);
    spelt.push(as.value);
  }
  const symbols = [...new Set(spelt)];
  if (symbols.length !== input.symbols.length) return fail('run.symbols', 'a symbol is listed twice');
  if (spec.value.kind === 'csv' && input.timeframe !== '1d') return fail('run.timeframe', 'csv data is daily: use timeframe:1d');
  const safe = strategy.value.params['safeSymbol'];
  if (typeof safe === 'string' && !symbols.includes(safe)) return fail('run.symbols', `${input.strategyId}: safeSymbol ${safe} must be one of the symbols`);
  const market = deps.marketData(dataSource, { adjustment: adjustment.value });
  if (!market.ok) return market;
  // Fail now, not at the first iteration, when a symbol is unknown or has no data.
  const dataSymbols = strategy.value.dataSymbols.filter((s) => !symbols.includes(s));
  if (market.value.checkSymbols !== undefined) {
    const checked = await market.value.checkSymbols([...symbols, ...dataSymbols]);
    if (!checked.ok) return checked;
    const refused = checked.value.refused;
    if (refused.length > 0) {
      const accepted = checked.value.accepted.length === 0 ? 'none' : checked.value.accepted.join(', ');
      return fail('data.symbol', `${refused.map((r) => `${r.symbol} (${r.reason})`).join('; ')}: not started (accepted: ${accepted})`, { refused: refused.map((r) => r.symbol) });
    }
  }
  for (const symbol of [...symbols, ...dataSymbols]) {
    const probe = await market.value.getBars({ symbol, timeframe: input.timeframe, from: input.now - 40 * TIMEFRAME_MS[input.timeframe] - 10 * 86_400_000, to: input.now });
    if (!probe.ok) return fail(probe.error.code, `${probe.error.message}${dataSymbols.includes(symbol) ? ` (needed as the benchmark of ${input.strategyId})` : ''}`);
  }
  const rules = await deps.activeRules(input.workspace);
  if (!rules.ok) return rules;
  const manifest: RunManifest = {
    strategy: { id: strategy.value.id, version: strategy.value.version },
    params: strategy.value.params,
    symbols,
    dataSymbols,
    timeframe: input.timeframe,
    dataSource,
    ...(spec.value.kind === 'providers' ? { sources: servedBy(market.value, [...symbols, ...dataSymbols]) } : {}),
    // Only when raw: a split-adjusted run's manifest (and its hash) is as it always was.
    ...(adjustment.value === 'raw' ? { adjustment: 'raw' as const } : {}),
    // Only for a real broker: an internal paper run's manifest (and its hash) is as it always was.
    ...(broker === null ? {} : { broker }),
    startCash: input.cash ?? deps.defaults.startCash,
    sizing: input.sizing ?? DEFAULT_SIZING,
    costs: deps.defaults.costs,
    gates: { mode: 'enforce', limits: DEFAULT_GATE_LIMITS },
    quant: DEFAULT_QUANT,
    rules: rules.value,
    rulesHash: sha256Hex(canonicalJson(rules.value)),
    codeVersion: deps.codeVersion,
  };
  // Everything else checked: a live account still waits for a second admin's approval (the command files the request).
  if (broker?.account === 'live' && input.approval === undefined) {
    return fail('run.live_approval', `broker:${broker.name} trades a live account (LIVE, real money): it starts only once a second admin approves it`);
  }
  const run = await deps.store.createRun({ workspace: input.workspace, manifest, createdBy: input.actor.name, channelId: input.channelId, now: input.now });
  if (!run.ok) return run;
  return ok({ run: run.value, nextIterationAt: nextBarClose((deps.calendars ?? runCalendar)(manifest), input.timeframe, input.now) });
}

/** The provider that served each symbol (the chain's record; a single provider serves them all). */
function servedBy(market: MarketData, symbols: readonly string[]): Record<string, string> {
  const served = market.sources?.() ?? {};
  return Object.fromEntries(symbols.map((s) => [s, served[s] ?? market.kind]));
}

/**
 * The broker a new run trades at: null for the internal paper broker; a real broker needs real prices (a provider, not
 * the simulated market or CSV files) and an account the desk has. A live account also needs a second admin's
 * approval, checked last in startRun (`run.live_approval`: the command then files the four-eyes request).
 */
function chooseBroker(brokers: BrokerAccounts | undefined, name: BrokerName, spec: DataSourceSpec):
  Result<{ broker: RunBroker; spell?: (symbol: string) => Result<string> } | null> {
  if (name === 'paper') return ok(null);
  if (spec.kind !== 'providers') return fail('run.broker', `broker:${name} trades real markets: use data:alpaca or another provider, not ${spec.kind === 'sim' ? 'the simulated market (sim)' : 'csv files'}`);
  if (brokers === undefined) return fail('broker.unavailable', `broker:${name} is not available on this desk`);
  const described = brokers.describe(name);
  if (!described.ok) return described;
  const { spell } = described.value;
  return ok({ broker: { name, account: described.value.account }, ...(spell === undefined ? {} : { spell }) });
}

// Replay: re-run a stored run's own bars with its own rules (the baseline) and with a rule added, replaced or
// disabled (a variant), and say what changed. Computes only: nothing is saved. Bars are never taken from another
// source than the run's own; when they cannot be reloaded the answer is `replay.unavailable`.
import { TIMEFRAME_MS } from '../core/domain/bar.js';
import { fail, ok, type Result } from '../core/domain/result.js';
import type { ClosedTrade } from '../core/engine/report.js';
import type { Rule } from '../core/risk/rules.js';
import type { MarketData } from './ports.js';
import { attributePnl, diffTrades, metricDeltas, replayMetrics, sameTrade, type MetricDeltas, type PnlAttribution, type ReplayMetrics, type TradeDiff } from './replay-diff.js';
import { runPass } from './replay-engine.js';
import { replaySetupOf, rulesOfManifest, type ReplaySetup } from './replay-manifest.js';
import type { RunQueries, RunRef } from './runs/queries.js';

/** A rule added to the run's rules (replacing the rule with the same id), a run rule disabled by id, or both. */
export interface RuleChange {
  readonly add?: Rule;
  readonly disable?: string;
}

export interface ReplayDeps {
  readonly runQueries: Pick<RunQueries, 'getHistory' | 'runManifest'>;
  readonly marketData: (source: 'sim' | 'csv') => Result<MarketData>;
  readonly codeVersion: string;
}

export interface ReplayVariant {
  readonly added: Rule | null;
  /** True when `added` took the place of a run rule with the same id. */
  readonly replaced: boolean;
  readonly disabled: string | null;
  readonly metrics: ReplayMetrics;
  /** variant - baseline. */
  readonly deltas: MetricDeltas;
  readonly trades: TradeDiff;
  /** The parts of deltas.totalPnl, trade by trade. */
  readonly pnlFrom: PnlAttribution;
  /** Blocked-signal records by `rule:<id>` / `gate:<id>`, baseline and variant, sorted by key. */
  readonly blockedBy: readonly { readonly by: string; readonly baseline: number; readonly variant: number }[];
}

export interface ReplayReport {
  readonly run: number;
  readonly mode: RunRef['mode'];
  readonly asOf: number;
  /** Timeline bars replayed, first and last bar time; `cut` when as_of ended the replay before the run's end. */
  readonly bars: number;
  readonly firstBar: number;
  readonly lastBar: number;
  readonly cut: boolean;
  readonly source: { readonly label: string; readonly simulated: boolean };
  readonly ruleIds: readonly string[];
  readonly baseline: ReplayMetrics;
  /** Does the baseline give the trades the run stored (those closed by the last replayed bar)? */
  readonly reproduction: { readonly storedTrades: number; readonly baselineTrades: number; readonly matched: number; readonly reproduced: boolean };
  /** Caveats: a changed strategy version, a paper run's fresh start, rules changed mid-run. */
  readonly notes: readonly string[];
  readonly variants: readonly ReplayVariant[];
}

const unavailable = (run: RunRef, why: string) => fail('replay.unavailable', `Run #${run.number} cannot be replayed: ${why}`, { number: run.number });

/** The rules a run froze (its manifest's), for proposals that must not repeat them. */
export async function storedRunRules(deps: Pick<ReplayDeps, 'runQueries'>, run: RunRef): Promise<Result<readonly Rule[]>> {
  const raw = await deps.runQueries.runManifest(run.id);
  return raw.ok ? rulesOfManifest(run, raw.value) : raw;
}

/** Replays `run` up to min(its end, the last bar closed by `asOf`): the baseline once, then each change. */
export async function replayStoredRun(deps: ReplayDeps, run: RunRef, changes: readonly RuleChange[], asOf: number): Promise<Result<ReplayReport>> {
  const raw = await deps.runQueries.runManifest(run.id);
  if (!raw.ok) return raw;
  const setup = replaySetupOf(run, raw.value);
  if (!setup.ok) return setup;
  const s = setup.value;
  const ruleSets: Rule[][] = [];
  for (const [i, c] of changes.entries()) {
    const rules = applyChange(run, s.rules, c, changes.length > 1 ? `changes[${i}]` : null);
    if (!rules.ok) return rules;
    ruleSets.push(rules.value);
  }
  const market = marketOf(deps, run, s);
  if (!market.ok) return market;
  // A bar is known once it has closed: replay only bars whose close is at or before as_of.
  const to = Math.min(s.to, asOf - TIMEFRAME_MS[s.timeframe]);
  if (to < s.from) return unavailable(run, `no bar of it had closed by ${new Date(asOf).toISOString()}`);
  const pass = (rules: readonly Rule[]) => runPass({ market: market.value, codeVersion: deps.codeVersion, setup: s, mode: run.mode === 'backtest' ? 'backtest' : 'paper', rules, to });
  const base = await pass(s.rules);
  if (!base.ok) return unavailable(run, `its bars could not be reloaded (${base.error.message})`);
  const history = await deps.runQueries.getHistory(run.id);
  if (!history.ok) return history;
  const b = base.value;
  const stored = history.value.trades.filter((t) => t.exitTime <= b.lastBar);
  const matched = countMatched(stored, b.trades);
  const baseline = replayMetrics(b.metrics, b.trades);
  const variants: ReplayVariant[] = [];
  for (const [i, rules] of ruleSets.entries()) {
    const v = await pass(rules);
    if (!v.ok) return unavailable(run, `its bars could not be reloaded (${v.error.message})`);
    const c = changes[i]!;
    const metrics = replayMetrics(v.value.metrics, v.value.trades);
    const trades = diffTrades(b.trades, v.value.trades);
    variants.push({
      added: c.add ?? null, replaced: c.add !== undefined && s.rules.some((r) => r.id === c.add!.id), disabled: c.disable ?? null,
      metrics, deltas: metricDeltas(baseline, metrics), trades, pnlFrom: attributePnl(trades), blockedBy: blockedCounts(b.metrics.blockedBy, v.value.metrics.blockedBy),
    });
  }
  const notes: string[] = [];
  if (b.strategyVersion !== s.strategyVersion) notes.push(`the run used ${s.strategyId} ${s.strategyVersion}; this desk replays it with version ${b.strategyVersion}`);
  if (run.mode !== 'backtest') {
    notes.push('a paper run is replayed from a fresh account at its first bar, with its rules as they stand now; missed iterations, data failures, a kill switch or rules changed mid-run are not replayed');
  }
  return ok({
    run: run.number, mode: run.mode, asOf, bars: b.bars, firstBar: b.firstBar, lastBar: b.lastBar, cut: to < s.to,
    source: { label: market.value.label, simulated: market.value.simulated }, ruleIds: s.rules.map((r) => r.id), baseline,
    reproduction: { storedTrades: stored.length, baselineTrades: b.trades.length, matched, reproduced: matched === stored.length && b.trades.length === stored.length },
    notes, variants,
  });
}

function applyChange(run: RunRef, rules: readonly Rule[], c: RuleChange, where: string | null): Result<Rule[]> {
  const at = where === null ? '' : `${where}: `;
  if (c.add === undefined && c.disable === undefined) return fail('input.invalid', `${at}give a rule to add or the id of a rule to disable`);
  let out = [...rules];
  if (c.disable !== undefined) {
    const id = c.disable;
    if (!out.some((r) => r.id === id)) {
      return fail('replay.no_such_rule', `${at}disable_rule: Run #${run.number} has no rule '${id}' (its rules: ${rules.map((r) => r.id).join(', ') || 'none'})`);
    }
    out = out.map((r) => (r.id === id ? { ...r, active: false } : r));
  }
  if (c.add !== undefined) {
    const add = c.add;
    out = out.some((r) => r.id === add.id) ? out.map((r) => (r.id === add.id ? add : r)) : [...out, add];
  }
  return ok(out);
}

/** The run's own market data: a paper run's source; a backtest's by its saved label, which must match exactly. */
function marketOf(deps: ReplayDeps, run: RunRef, s: ReplaySetup): Result<MarketData> {
  if (s.data.kind === 'source') {
    const m = deps.marketData(s.data.source);
    return m.ok ? m : unavailable(run, `its ${s.data.source} data cannot be loaded (${m.error.message})`);
  }
  const label = s.data.label;
  for (const source of ['sim', 'csv'] as const) {
    const m = deps.marketData(source);
    if (m.ok && m.value.label === label) return m;
  }
  return unavailable(run, `its bars came from '${label}', which this desk cannot load now`);
}

/** Stored trades the replay gave again, identically (matched by entry, then compared). */
function countMatched(stored: readonly ClosedTrade[], replayed: readonly ClosedTrade[]): number {
  const key = (t: ClosedTrade): string => `${t.symbol}|${t.side}|${t.entryTime}`;
  const left = new Map<string, ClosedTrade[]>();
  for (const r of replayed) left.set(key(r), [...(left.get(key(r)) ?? []), r]);
  let matched = 0;
  for (const t of stored) {
    const list = left.get(key(t));
    const i = list?.findIndex((r) => sameTrade(t, r)) ?? -1;
    if (i >= 0) {
      matched++;
      list!.splice(i, 1);
    }
  }
  return matched;
}

function blockedCounts(base: Readonly<Record<string, number>>, variant: Readonly<Record<string, number>>): ReplayVariant['blockedBy'] {
  const own = (m: Readonly<Record<string, number>>, k: string): number => (Object.prototype.hasOwnProperty.call(m, k) ? m[k]! : 0);
  const keys = [...new Set([...Object.keys(base), ...Object.keys(variant)])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return keys.map((by) => ({ by, baseline: own(base, by), variant: own(variant, by) }));
}

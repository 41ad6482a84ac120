// Replay: re-run a stored run's own bars with its own rules (the baseline) and with a rule added, replaced or
// disabled (a variant), and say what changed. Computes only: nothing is saved. Bars are never taken from another
// source than the run's own; when they cannot be reloaded the answer is `replay.unavailable`. A paper run is
// replayed as it happened (replay-paper.ts), and every stored trade the baseline does not give again is listed
// with why (replay-differences.ts).
import { TIMEFRAME_MS } from '../../core/domain/bar.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import type { Rule } from '../../core/risk/rules.js';
import type { MarketData, NamedMarketData } from '../market-data/ports.js';
import { attributePnl, diffTrades, metricDeltas, replayMetrics, type MetricDeltas, type PnlAttribution, type ReplayMetrics, type TradeDiff } from './diff.js';
import { explainDifferences, type TradeDifference } from './differences.js';
import { runBacktestPass, type EnginePass } from './engine.js';
import { replaySetupOf, rulesOfManifest, type ReplaySetup } from './manifest.js';
import { runPaperPasses, type RulesFor } from './paper.js';
import { runTimeline, type RunTimeline } from './timeline.js';
import type { RunQueries, RunRef } from '../runs/ports.js';

/** A rule added to the run's rules (replacing the rule with the same id), a run rule disabled by id, or both. */
export interface RuleChange {
  readonly add?: Rule;
  readonly disable?: string;
}

export interface ReplayDeps {
  readonly runQueries: Pick<RunQueries, 'getHistory' | 'runManifest' | 'runJournal'>;
  readonly marketData: NamedMarketData;
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
  /** Does the baseline give the trades the run stored (those closed by the end of the replay)? */
  readonly reproduction: {
    readonly storedTrades: number;
    readonly baselineTrades: number;
    readonly matched: number;
    readonly reproduced: boolean;
    /** Every trade only the run stored or only the baseline gave, with why. */
    readonly differences: readonly TradeDifference[];
  };
  /** What the replay followed (a paper run's decided bars, pauses, rule changes, flattens) and its caveats. */
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
  for (const [i, c] of changes.entries()) {
    const checked = checkChange(run, s.rules, c, changes.length > 1 ? `changes[${i}]` : null);
    if (!checked.ok) return checked;
  }
  const market = marketOf(deps, run, s);
  if (!market.ok) return market;
  // The baseline (the run's own rules) first, then each change made to the rules in force at every point.
  const passes: RulesFor[] = [(rules) => rules, ...changes.map((c) => (rules: readonly Rule[]) => withChange(rules, c))];
  let replayed: Result<EnginePass[]>;
  let timeline: RunTimeline | null = null;
  let cut: boolean;
  if (run.mode === 'backtest') {
    // A bar is known once it has closed: replay only bars whose close is at or before as_of.
    const to = Math.min(s.to, asOf - TIMEFRAME_MS[s.timeframe]);
    if (to < s.from) return unavailable(run, `no bar of it had closed by ${new Date(asOf).toISOString()}`);
    cut = to < s.to;
    replayed = await backtestPasses(passes.map((rulesFor) => () => runBacktestPass({ market: market.value, codeVersion: deps.codeVersion, setup: s, rules: rulesFor(s.rules), to })));
  } else {
    const journal = await deps.runQueries.runJournal(run.id);
    if (!journal.ok) return journal;
    timeline = runTimeline(journal.value, s.rules, asOf);
    cut = timeline.cut;
    replayed = await runPaperPasses({ market: market.value, setup: s, timeline, orderStatus: journal.value.orderStatus, runKey: `run:${run.id}`, passes });
  }
  if (!replayed.ok) return unavailable(run, `its bars could not be reloaded (${replayed.error.message})`);
  const [b, ...others] = replayed.value as [EnginePass, ...EnginePass[]];
  const history = await deps.runQueries.getHistory(run.id);
  if (!history.ok) return history;
  const stored = history.value.trades.filter((t) => t.exitTime <= b.lastTime);
  const baseline = replayMetrics(b.metrics, b.trades);
  const variants: ReplayVariant[] = others.map((v, i) => {
    const c = changes[i]!;
    const metrics = replayMetrics(v.metrics, v.trades);
    const trades = diffTrades(b.trades, v.trades);
    return {
      added: c.add ?? null, replaced: c.add !== undefined && s.rules.some((r) => r.id === c.add!.id), disabled: c.disable ?? null,
      metrics, deltas: metricDeltas(baseline, metrics), trades, pnlFrom: attributePnl(trades), blockedBy: blockedCounts(b.metrics.blockedBy, v.metrics.blockedBy),
    };
  });
  // Caveats are what may make the baseline differ from the run; the other notes say what the replay followed.
  const caveats: string[] = [];
  if (b.strategyVersion !== s.strategyVersion) caveats.push(`the run used ${s.strategyId} ${s.strategyVersion}; this desk replays it with version ${b.strategyVersion}`);
  if (timeline !== null && !rulesRecorded(timeline)) {
    caveats.push('some rule changes were recorded without their rule lists (before this version kept them): the replay used the run\'s current rules where a list is missing');
  }
  const differences = explainDifferences(stored, b.trades, b.divergences, caveats);
  const notes = [...(timeline === null ? [] : timelineNotes(timeline, b)), ...caveats];
  const matched = stored.length - differences.filter((d) => d.only === 'stored').length;
  return ok({
    run: run.number, mode: run.mode, asOf, bars: b.bars, firstBar: b.firstBar, lastBar: b.lastBar, cut,
    source: { label: market.value.label, simulated: market.value.simulated }, ruleIds: s.rules.map((r) => r.id), baseline,
    reproduction: { storedTrades: stored.length, baselineTrades: b.trades.length, matched, reproduced: differences.length === 0, differences },
    notes, variants,
  });
}

/** What a paper run's replay followed, and where its decisions left the run's record. */
function timelineNotes(t: RunTimeline, b: EnginePass): string[] {
  const decided = t.events.flatMap((e) => (e.kind === 'decision' ? [e.decision] : []));
  const count = (kind: string) => decided.filter((d) => d.kind === kind).length;
  const paused = decided.filter((d) => d.kind === 'decided' && d.mode === 'exits_only').length;
  const moves = t.events.filter((e) => e.kind === 'transition' && e.transition.from !== null).length;
  const ruleChanges = t.events.filter((e) => e.kind === 'rules').length;
  const notes = [
    `replayed as the run ran: the ${count('decided')} bar(s) it decided (${paused} of them paused: exits only; bars it missed were not traded), `
      + `${count('data_failure')} data failure(s) not traded, ${moves} status change(s), ${ruleChanges} rule change(s) where they happened, ${count('flatten')} flatten(s)`,
  ];
  if (b.divergences.length > 0) notes.push(`${b.divergences.length} replayed bar(s) differ from the run's record; the first: ${b.divergences[0]!.why}`);
  return notes;
}

const rulesRecorded = (t: RunTimeline): boolean =>
  t.initialRules.recorded && t.events.every((e) => e.kind !== 'rules' || e.set.recorded);

/** Backtest passes one after the other (each is a whole backtest); the first failure stops them. */
async function backtestPasses(passes: readonly (() => Promise<Result<EnginePass>>)[]): Promise<Result<EnginePass[]>> {
  const out: EnginePass[] = [];
  for (const pass of passes) {
    const r = await pass();
    if (!r.ok) return r;
    out.push(r.value);
  }
  return ok(out);
}

/** A change names a rule to add or one of the run's (current) rules to disable. */
function checkChange(run: RunRef, rules: readonly Rule[], c: RuleChange, where: string | null): Result<null> {
  const at = where === null ? '' : `${where}: `;
  if (c.add === undefined && c.disable === undefined) return fail('input.invalid', `${at}give a rule to add or the id of a rule to disable`);
  if (c.disable !== undefined && !rules.some((r) => r.id === c.disable)) {
    return fail('replay.no_such_rule', `${at}disable_rule: Run #${run.number} has no rule '${c.disable}' (its rules: ${rules.map((r) => r.id).join(', ') || 'none'})`);
  }
  return ok(null);
}

/** The rules with the change made (a paper run's rules as they stood at each point of its history). */
function withChange(rules: readonly Rule[], c: RuleChange): Rule[] {
  let out = [...rules];
  if (c.disable !== undefined) out = out.map((r) => (r.id === c.disable ? { ...r, active: false } : r));
  if (c.add !== undefined) {
    const add = c.add;
    out = out.some((r) => r.id === add.id) ? out.map((r) => (r.id === add.id ? add : r)) : [...out, add];
  }
  return out;
}

/** The run's own market data: a paper run's source; a backtest's by its saved label, which must match exactly. */
function marketOf(deps: ReplayDeps, run: RunRef, s: ReplaySetup): Result<MarketData> {
  if (s.data.kind === 'source') {
    const m = deps.marketData(s.data.source, { pinned: s.data.sources, adjustment: s.data.adjustment });
    return m.ok ? m : unavailable(run, `its ${s.data.source} data cannot be loaded (${m.error.message})`);
  }
  const label = s.data.label;
  for (const source of ['sim', 'csv'] as const) {
    const m = deps.marketData(source);
    if (m.ok && m.value.label === label) return m;
  }
  return unavailable(run, `its bars came from '${label}', which this desk cannot load now`);
}

function blockedCounts(base: Readonly<Record<string, number>>, variant: Readonly<Record<string, number>>): ReplayVariant['blockedBy'] {
  const own = (m: Readonly<Record<string, number>>, k: string): number => (Object.prototype.hasOwnProperty.call(m, k) ? m[k]! : 0);
  const keys = [...new Set([...Object.keys(base), ...Object.keys(variant)])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return keys.map((by) => ({ by, baseline: own(base, by), variant: own(variant, by) }));
}

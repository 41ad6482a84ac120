// One pass of a replay: the run's bars through the shared pipeline with a given rule set. A backtest goes through
// backtest() exactly as it was saved; a paper run through the same per-bar step its iterations took, starting at
// its first decided bar with the history before it as warm-up (as each iteration had), from a fresh account.
import { TIMEFRAME_MS, type BarSeries } from '../core/domain/bar.js';
import type { PlannedOrder } from '../core/domain/order.js';
import { fail, ok, type Result } from '../core/domain/result.js';
import { createBlockedLog } from '../core/engine/blocked-log.js';
import { calendarForSymbol } from '../core/calendar/calendar.js';
import { observationsPerYear } from '../core/engine/annualisation.js';
import { computeMetrics } from '../core/engine/metrics.js';
import { createPlannerContext } from '../core/engine/plan.js';
import type { BlockedSignal, ClosedTrade, Metrics } from '../core/engine/report.js';
import { createEngineState } from '../core/engine/state.js';
import { stepBar, type StepSink } from '../core/engine/step.js';
import { buildUniverse } from '../core/engine/universe.js';
import type { Rule } from '../core/risk/rules.js';
import { bindStrategy } from '../core/strategies/registry.js';
import { backtest } from './backtest.js';
import type { MarketData } from './ports.js';
import type { ReplaySetup } from './replay-manifest.js';

export interface EnginePass {
  readonly trades: readonly ClosedTrade[];
  readonly metrics: Metrics;
  readonly blocked: readonly BlockedSignal[];
  /** The strategy version that ran now (may differ from the stored run's). */
  readonly strategyVersion: string;
  /** Timeline bars replayed, first and last bar time. */
  readonly bars: number;
  readonly firstBar: number;
  readonly lastBar: number;
}

export interface PassInput {
  readonly market: MarketData;
  readonly codeVersion: string;
  readonly setup: ReplaySetup;
  readonly mode: 'backtest' | 'paper';
  readonly rules: readonly Rule[];
  /** Last bar time to replay (already cut at the run's end and at as_of). */
  readonly to: number;
}

export async function runPass(input: PassInput): Promise<Result<EnginePass>> {
  return input.mode === 'backtest' ? backtestPass(input) : paperPass(input);
}

async function backtestPass({ market, codeVersion, setup: s, rules, to }: PassInput): Promise<Result<EnginePass>> {
  const out = await backtest({ marketData: market, codeVersion }, {
    strategyId: s.strategyId, params: s.params, symbols: s.symbols, timeframe: s.timeframe, from: s.from, to, startCash: s.startCash,
    sizing: s.sizing, costs: s.costs, rules, quant: s.quant, gates: s.gates, gatesMode: s.gatesMode,
  });
  if (!out.ok) return out;
  const r = out.value.result;
  return ok({
    trades: r.trades, metrics: r.metrics, blocked: r.blocked, strategyVersion: out.value.strategy.version, bars: r.bars,
    firstBar: out.value.firstBar, lastBar: out.value.lastBar,
  });
}

const DAY_MS = 86_400_000;

async function paperPass({ market, setup: s, rules, to }: PassInput): Promise<Result<EnginePass>> {
  const strategy = bindStrategy(s.strategyId, { ...s.params });
  if (!strategy.ok) return strategy;
  // The same warm-up an iteration loads before the bar it decides on (src/app/runs/iterate.ts).
  const warmFrom = s.from - (strategy.value.minBars + 60) * TIMEFRAME_MS[s.timeframe] * 3 - 5 * DAY_MS;
  const series: BarSeries[] = [];
  for (const symbol of [...s.symbols, ...strategy.value.dataSymbols.filter((x) => !s.symbols.includes(x))]) {
    const bars = await market.getBars({ symbol, timeframe: s.timeframe, from: warmFrom, to });
    if (!bars.ok) return bars;
    series.push(bars.value);
  }
  const universe = buildUniverse(series, series.map((_, k) => k < s.symbols.length));
  const times = universe.times;
  const first = times.findIndex((t) => t >= s.from);
  if (first < 0) return fail('data.range', `no bar from ${new Date(s.from).toISOString()} on`);
  const ctx = createPlannerContext(universe, {
    runKey: 'replay', strategy: strategy.value, timeframe: s.timeframe, rules, gates: s.gates, gatesMode: s.gatesMode, sizing: s.sizing, costs: s.costs, quant: s.quant,
  });
  const state = createEngineState(s.startCash);
  const n = times.length - first;
  const equity = new Float64Array(n);
  const cash = new Float64Array(n);
  const blocked = createBlockedLog();
  const sink: StepSink = { fill: () => undefined, blocked: (b, t) => blocked.add(b, t), event: () => undefined, plan: () => undefined };
  let pending: PlannedOrder[] = [];
  let exposedBars = 0;
  for (let t = first; t < times.length; t++) {
    pending = stepBar(ctx, state, t, pending, sink);
    equity[t - first] = state.equity;
    cash[t - first] = state.book.cash;
    if (state.book.open.length > 0) exposedBars++;
  }
  const curve = { time: times.subarray(first), equity, cash };
  const calendar = calendarForSymbol(s.symbols[0]!, { simulated: market.simulated });
  const metrics = computeMetrics({
    curve, trades: state.book.trades, startEquity: s.startCash, exposedBars, blocked: blocked.records,
    periodsPerYear: observationsPerYear(calendar, s.timeframe, curve.time),
  });
  return ok({
    trades: state.book.trades, metrics, blocked: blocked.records, strategyVersion: strategy.value.version, bars: n,
    firstBar: times[first]!, lastBar: times[times.length - 1]!,
  });
}

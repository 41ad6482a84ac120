// One pass of a replay: the run's bars through the shared pipeline with a given rule set. A backtest goes through
// backtest() exactly as it was saved; a paper run is replayed as it happened (src/app/replay/paper.ts).
import { ok, type Result } from '../../core/domain/result.js';
import type { BlockedSignal, ClosedTrade, Metrics } from '../../core/engine/report.js';
import type { Rule } from '../../core/risk/rules.js';
import { backtest } from '../backtest/backtest.js';
import type { MarketData } from '../market-data/ports.js';
import type { ReplaySetup } from './manifest.js';

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
  /** The last time the pass covers (a paper run's flatten may come after its last bar): stored trades closed by then compare. */
  readonly lastTime: number;
  /** Where the pass's decisions left the run's own record, oldest first (paper runs; none for backtests). */
  readonly divergences: readonly { readonly time: number; readonly why: string }[];
}

export interface BacktestPassInput {
  readonly market: MarketData;
  readonly codeVersion: string;
  readonly setup: ReplaySetup;
  readonly rules: readonly Rule[];
  /** Last bar time to replay (already cut at the run's end and at as_of). */
  readonly to: number;
}

export async function runBacktestPass({ market, codeVersion, setup: s, rules, to }: BacktestPassInput): Promise<Result<EnginePass>> {
  const out = await backtest({ marketData: market, codeVersion }, {
    strategyId: s.strategyId, params: s.params, symbols: s.symbols, timeframe: s.timeframe, from: s.from, to, startCash: s.startCash,
    sizing: s.sizing, costs: s.costs, rules, quant: s.quant, gates: s.gates, gatesMode: s.gatesMode,
  });
  if (!out.ok) return out;
  const r = out.value.result;
  return ok({
    trades: r.trades, metrics: r.metrics, blocked: r.blocked, strategyVersion: out.value.strategy.version, bars: r.bars,
    firstBar: out.value.firstBar, lastBar: out.value.lastBar, lastTime: out.value.lastBar, divergences: [],
  });
}

// What the planner prepares once from the bars known as of now (the strategy's decider, ATR for risk sizing, the
// active rules in order), shared by the planner (plan.ts) and the entry checks (entry-checks.ts).
import { TIMEFRAME_MS } from '../domain/bar.js';
import { atr } from '../indicators/index.js';
import { activeRulesInOrder, type Rule } from '../risk/rules.js';
import type { Decider } from '../strategies/registry.js';
import type { Universe } from '../strategies/strategy.js';
import type { EngineConfig } from './config.js';

/** Everything prepared once from the bars known as of now. */
export interface PlannerContext {
  readonly universe: Universe;
  readonly config: EngineConfig;
  readonly decide: Decider;
  /** ATR per symbol (risk sizing); empty arrays when sizing is percent. */
  readonly atr: readonly Float64Array[];
  readonly symbolIndex: ReadonlyMap<string, number>;
  readonly barMs: number;
  /** Active rules in evaluation order (priority 1 first). */
  readonly rules: readonly Rule[];
}

export function createPlannerContext(universe: Universe, config: EngineConfig): PlannerContext {
  const sizing = config.sizing;
  return {
    universe,
    config,
    decide: config.strategy.prepare(universe),
    atr: universe.series.map((s) => (sizing.kind === 'risk' ? atr(s.high, s.low, s.close, sizing.atrPeriod) : new Float64Array(0))),
    symbolIndex: new Map(universe.symbols.map((s, k) => [s, k])),
    barMs: TIMEFRAME_MS[config.timeframe],
    rules: activeRulesInOrder(config.rules),
  };
}

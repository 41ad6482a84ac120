import type { z } from 'zod';
import type { BarSeries } from '../domain/bar.js';
import type { Signal } from '../domain/signal.js';

/**
 * The bars a strategy sees, aligned on one timeline. Each symbol keeps its own series (so indicators never
 * see gaps); `index[k][t]` maps timeline step t to the latest bar of symbol k at or before `times[t]`.
 */
export interface Universe {
  /** Union of all series' bar times (epoch ms), ascending. */
  readonly times: Float64Array;
  readonly symbols: readonly string[];
  readonly series: readonly BarSeries[];
  /** index[k][t] = index into series[k] of the latest bar with time <= times[t], or -1 before its first bar. */
  readonly index: readonly Int32Array[];
  /** tradable[k] is false for data-only symbols (e.g. a benchmark): never emit signals for them. */
  readonly tradable: readonly boolean[];
}

export interface DecideInput<Params, Prepared> {
  /** Timeline step whose bar just closed. Everything up to and including t is known; nothing after. */
  readonly t: number;
  readonly universe: Universe;
  readonly params: Params;
  /** What `prepare` computed (indicator arrays). Entry j of an indicator array depends only on bars <= j. */
  readonly prepared: Prepared;
  /** Signed quantity held per symbol (negative = short); a symbol absent from the map is flat. */
  readonly holdings: ReadonlyMap<string, number>;
}

/**
 * A deterministic strategy: no state, no I/O, no clock. The same code runs in backtest, paper and live.
 * `prepare` runs once over the bars known so far (O(n) kernels); `decide` runs per closed bar and must be
 * cheap: return the shared `NO_SIGNALS` when nothing happens, allocate only for a real signal.
 */
export interface Strategy<Params, Prepared> {
  readonly id: string;
  /** Bump when the logic changes so run manifests show which code decided. */
  readonly version: string;
  readonly title: string;
  /** One paragraph for /help and the README: the rule, the defaults, when it enters and exits. */
  readonly description: string;
  /** zod schema with documented defaults: parsing `{}` yields the defaults. */
  readonly paramsSchema: z.ZodType<Params, unknown>;
  /** Bars of a symbol needed before the strategy may signal on it. */
  minBars(params: Params): number;
  /** Extra data-only symbols the strategy needs loaded (e.g. a benchmark); [] for most. */
  dataSymbols(params: Params): readonly string[];
  prepare(universe: Universe, params: Params): Prepared;
  decide(input: DecideInput<Params, Prepared>): readonly Signal[];
}

export const NO_SIGNALS: readonly Signal[] = Object.freeze([]);

/** Identity helper that keeps a strategy's Params/Prepared types while letting the registry erase them. */
export function defineStrategy<Params, Prepared>(s: Strategy<Params, Prepared>): Strategy<Params, Prepared> {
  return s;
}

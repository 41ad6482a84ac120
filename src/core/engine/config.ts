import { z } from 'zod';
import { quoteInput } from '../domain/quote-input.js';
import { fail, ok, type Result } from '../domain/result.js';
import type { Timeframe } from '../domain/bar.js';
import type { GateLimits, GatesMode } from '../risk/gates.js';
import type { Rule } from '../risk/rules.js';
import type { BoundStrategy } from '../strategies/registry.js';
import { parseDecimal } from '../domain/decimal.js';

/**
 * Sizing. `risk` (default): qty = floor(equity x riskPct% x confidence / stop distance), stop distance =
 * atrMultiple x ATR(atrPeriod) at the signal bar, and that stop is attached to the position and enforced.
 * `percent`: qty = floor(equity at the fill bar's open x pct/100 / (open x (1 + commission))).
 * Both are capped by the gates. `floor` is to whole shares, or to 1e-8 of a coin for a crypto pair
 * (src/core/domain/quantity.ts).
 */
export type SizingConfig =
  | { readonly kind: 'risk'; readonly riskPct: number; readonly atrMultiple: number; readonly atrPeriod: number }
  | { readonly kind: 'percent'; readonly pct: number };

export const DEFAULT_SIZING: SizingConfig = { kind: 'risk', riskPct: 2, atrMultiple: 1.5, atrPeriod: 14 };

/** A sizing as manifests store it (the one schema: run and backtest manifests, the replay, /compare). */
export const sizingSchema: z.ZodType<SizingConfig> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('risk'), riskPct: z.number(), atrMultiple: z.number(), atrPeriod: z.number() }),
  z.object({ kind: z.literal('percent'), pct: z.number() }),
]);

const decimal = (text: string | undefined): number => (text === undefined ? Number.NaN : parseDecimal(text));

/** Parses `risk`, `risk:<pct>` or `percent:<p>` (p in (0, 100]). */
export function parseSizing(text: string): Result<SizingConfig> {
  const [kind, arg, extra] = text.trim().split(':');
  if (extra !== undefined) return fail('sizing.invalid', `sizing ${quoteInput(text)}: expected risk, risk:<pct> or percent:<p>`);
  if (kind === 'risk') {
    if (arg === undefined) return ok(DEFAULT_SIZING);
    const pct = decimal(arg);
    if (!(pct > 0 && pct <= 10)) return fail('sizing.invalid', `sizing ${quoteInput(text)}: risk per trade must be a % in (0, 10]`);
    return ok({ ...DEFAULT_SIZING, riskPct: pct });
  }
  if (kind === 'percent') {
    const pct = decimal(arg);
    if (arg === undefined || arg === '' || !(pct > 0 && pct <= 100)) {
      return fail('sizing.invalid', `sizing ${quoteInput(text)}: percent:<p> needs p in (0, 100], e.g. percent:40`);
    }
    return ok({ kind: 'percent', pct });
  }
  return fail('sizing.invalid', `sizing ${quoteInput(text)}: expected risk, risk:<pct> or percent:<p>`);
}

/** The sizing as the `sizing:` option writes it (`risk:2`, `percent:40`). */
export function formatSizing(s: SizingConfig): string {
  return s.kind === 'risk' ? `risk:${s.riskPct}` : `percent:${s.pct}`;
}

/** The sizing with what it implies: `risk:2 (stop 1.5 x ATR14)`, `percent:40`. */
export function describeSizing(s: SizingConfig): string {
  return s.kind === 'risk' ? `${formatSizing(s)} (stop ${s.atrMultiple} x ATR${s.atrPeriod})` : formatSizing(s);
}

export const costsSchema = z.object({
  /** Commission as a rate of notional (0.001 = 10 bps), charged on every fill. */
  commissionRate: z.number().min(0).max(0.1),
  /** Slippage in basis points against the order: buys fill higher, sells lower. */
  slippageBps: z.number().min(0).max(1000),
});
export type CostConfig = z.infer<typeof costsSchema>;
export const DEFAULT_COSTS: CostConfig = { commissionRate: 0, slippageBps: 0 };

/**
 * What decided a run, the same shape for backtests and paper runs, so any two runs can be compared (the reports,
 * the analyst's compare_runs).
 */
export interface RunConfig {
  readonly strategy: { readonly id: string; readonly version: string };
  readonly params: Readonly<Record<string, unknown>>;
  readonly symbols: readonly string[];
  readonly timeframe: Timeframe;
  readonly rulesHash: string;
  readonly ruleIds: readonly string[];
  /** `sim` / `csv` for paper runs; the market data's label for backtests. */
  readonly dataSource: string;
  readonly simulated: boolean;
  /** First and last bar the run marked (null before a paper run's first iteration). */
  readonly dataFrom: number | null;
  readonly dataTo: number | null;
  /** As stored: a SizingConfig for runs this version made; compared key by key when it is an object. */
  readonly sizing: unknown;
  /** Null when an older saved run did not record them. */
  readonly costs: CostConfig | null;
  readonly startCash: number;
  readonly codeVersion: string | null;
}

export interface QuantConfig {
  readonly enabled: boolean;
  /** The last `window` closed trades make the record... */
  readonly window: number;
  /** ...as long as they closed within `maxAgeDays` of the decision. */
  readonly maxAgeDays: number;
  /** Below this many trades in the record the confidence is left alone. */
  readonly minTrades: number;
}
export const DEFAULT_QUANT: QuantConfig = { enabled: true, window: 20, maxAgeDays: 365, minTrades: 5 };

/** The quant check's settings as manifests store them. */
export const quantSchema: z.ZodType<QuantConfig> = z.object({ enabled: z.boolean(), window: z.number().int(), maxAgeDays: z.number(), minTrades: z.number().int() });

/** Everything the planner needs besides the bars and the state. Frozen into a run's manifest. */
export interface EngineConfig {
  /** Stable key for client order ids, e.g. `bt:<hash>` or `run:<id>`. */
  readonly runKey: string;
  readonly strategy: BoundStrategy;
  readonly timeframe: Timeframe;
  readonly rules: readonly Rule[];
  readonly gates: GateLimits;
  readonly gatesMode: GatesMode;
  readonly sizing: SizingConfig;
  readonly costs: CostConfig;
  readonly quant: QuantConfig;
}

/** The explicit list of strategies (no folder scanning) and binding of raw params to a ready-to-run decider. */
import type { z } from 'zod';
import { quoteInput } from '../domain/quote-input.js';
import { fail, ok, type Result } from '../domain/result.js';
import type { Signal } from '../domain/signal.js';
import { bollingerBands } from './bollinger-bands.js';
import { breakout } from './breakout.js';
import { dualMomentum } from './dual-momentum.js';
import { maEnvelope } from './ma-envelope.js';
import { meanReversion } from './mean-reversion.js';
import { momentumRotation } from './momentum-rotation.js';
import { relativeStrength } from './relative-strength.js';
import { sectorRotation } from './sector-rotation.js';
import type { DecideInput, Strategy, Universe } from './strategy.js';
import { trendFollowing } from './trend-following.js';
import { volatilityBreakout } from './volatility-breakout.js';

export const STRATEGY_IDS = [
  'trend-following',
  'momentum-rotation',
  'mean-reversion',
  'breakout',
  'volatility-breakout',
  'relative-strength',
  'sector-rotation',
  'dual-momentum',
  'ma-envelope',
  'bollinger-bands',
] as const;
export type StrategyId = (typeof STRATEGY_IDS)[number];

/** Params and prepared data erased: each strategy only ever sees what its own schema and prepare produced. */
type AnyStrategy = Strategy<unknown, unknown>;

const STRATEGIES: Readonly<Record<StrategyId, AnyStrategy>> = {
  'trend-following': trendFollowing,
  'momentum-rotation': momentumRotation,
  'mean-reversion': meanReversion,
  breakout,
  'volatility-breakout': volatilityBreakout,
  'relative-strength': relativeStrength,
  'sector-rotation': sectorRotation,
  'dual-momentum': dualMomentum,
  'ma-envelope': maEnvelope,
  'bollinger-bands': bollingerBands,
};

/** Called once per timeline step t; `holdings` is the signed quantity per symbol (absent = flat). */
export type Decider = (t: number, holdings: ReadonlyMap<string, number>) => readonly Signal[];

export interface BoundStrategy {
  id: string;
  version: string;
  /** Parsed, with defaults filled in. */
  params: Record<string, unknown>;
  minBars: number;
  dataSymbols: readonly string[];
  prepare(universe: Universe): Decider;
}

export interface StrategyInfo {
  readonly id: StrategyId;
  readonly title: string;
  readonly description: string;
  readonly defaults: Record<string, unknown>;
}

const isStrategyId = (id: string): id is StrategyId => Object.hasOwn(STRATEGIES, id);

function defaultsOf(s: AnyStrategy): Record<string, unknown> {
  return s.paramsSchema.parse({}) as Record<string, unknown>;
}

export function listStrategies(): StrategyInfo[] {
  return STRATEGY_IDS.map((id) => {
    const s = STRATEGIES[id];
    return { id, title: s.title, description: s.description, defaults: defaultsOf(s) };
  });
}

export function bindStrategy(id: string, rawParams: Record<string, unknown>): Result<BoundStrategy> {
  if (!isStrategyId(id)) {
    return fail('strategy.unknown', `unknown strategy ${quoteInput(id)}; valid: ${STRATEGY_IDS.join(', ')}`, { id });
  }
  const s = STRATEGIES[id];
  const parsed = s.paramsSchema.safeParse(rawParams);
  if (!parsed.success) {
    const message = describeParamsError(id, parsed.error.issues, Object.keys(defaultsOf(s)));
    return fail('strategy.params', message, { id });
  }
  const params = parsed.data as Record<string, unknown>;
  return ok({
    id,
    version: s.version,
    params,
    minBars: s.minBars(params),
    dataSymbols: s.dataSymbols(params),
    prepare(universe: Universe): Decider {
      // One input object reused for every step so a quiet step allocates nothing.
      const input: { -readonly [K in keyof DecideInput<unknown, unknown>]: DecideInput<unknown, unknown>[K] } = {
        t: 0,
        universe,
        params,
        prepared: s.prepare(universe, params),
        holdings: new Map<string, number>(),
      };
      return (t, holdings) => {
        input.t = t;
        input.holdings = holdings;
        return s.decide(input);
      };
    },
  });
}

/** One line: the first problem, naming the param and what was expected (the valid keys for an unknown one). */
function describeParamsError(id: string, issues: readonly z.core.$ZodIssue[], validKeys: readonly string[]): string {
  const issue = issues[0];
  if (issue === undefined) return `${id}: invalid params`;
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.slice(0, 5).map((k) => quoteInput(k, 64)).join(', ') + (issue.keys.length > 5 ? ` and ${issue.keys.length - 5} more` : '');
    const noun = issue.keys.length === 1 ? 'param' : 'params';
    return `${id}: unknown ${noun} ${keys}; valid: ${validKeys.join(', ')}`;
  }
  if (issue.path.length === 0) return `${id}: ${issue.message}`;
  return `${id}: param '${issue.path.map(String).join('.')}' ${issue.message}`;
}

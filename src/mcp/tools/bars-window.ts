// The bars get_bars and get_indicators read: one symbol, one timeframe, from/to cut at as_of, at most MAX_BARS, from
// the named source or the workspace's default.
import { z } from 'zod';
import { TIMEFRAME_MS, TIMEFRAMES, type BarSeries, type Timeframe } from '../../core/domain/bar.js';
import { ADJUSTMENTS, parseSourceSpec, type Adjustment, type DataSourceSpec } from '../../core/domain/data-source.js';
import { assertNever, fail, ok, type Result } from '../../core/domain/result.js';
import { LIMITS, showLimit } from '../../core/limits.js';
import { asOfField, resolveAsOf } from '../as-of.js';
import { type McpDeps, type MarketDataInfo } from '../deps.js';
import { isoTimeField, optionalTime } from '../time-input.js';

export const MAX_BARS = 5000;

export const barsInput = {
  symbol: z.string().min(1).max(20).describe('Symbol, e.g. ORCL or SIM-A'),
  timeframe: z.enum(TIMEFRAMES).default('1d').describe('Bar size (csv data is daily); default 1d'),
  source: z.string().trim().min(1).max(40).optional()
    .describe('sim (the simulated market), csv (the desk\'s CSV folder), or real providers tried in order per symbol: alpaca, polygon, yahoo, e.g. "alpaca,yahoo" (default: the workspace\'s /settings data, else the desk\'s MARKET_DATA)'),
  adjustment: z.enum(ADJUSTMENTS).default('split')
    .describe('Real providers\' prices: split (split-adjusted, not dividend-adjusted; the default) or raw (as traded). raw is refused for sim and csv'),
  from: isoTimeField('First bar time (default: enough for max_bars bars before to)'),
  to: isoTimeField('Last bar time (default and ceiling: as_of)'),
  max_bars: z.number().int().min(1).max(MAX_BARS).default(500).describe(`Newest bars to use, 1-${MAX_BARS} (default 500)`),
  as_of: asOfField,
};

type BarsArgs = { symbol: string; timeframe: (typeof TIMEFRAMES)[number]; source?: string | undefined; adjustment?: Adjustment | undefined; from?: string | undefined; to?: string | undefined; max_bars: number; as_of?: string | undefined };

export interface BarsWindow {
  readonly series: BarSeries;
  /** Index of the first bar used: at most MAX_BARS bars, the newest, end at `series.length`. */
  readonly first: number;
  readonly asOf: number;
  readonly source: MarketDataInfo;
  /** Bars in the range before the max_bars cut. */
  readonly available: number;
}

export async function loadBars(deps: McpDeps, input: BarsArgs): Promise<Result<BarsWindow>> {
  const asOf = resolveAsOf(input.as_of, deps.now());
  if (!asOf.ok) return asOf;
  const from = optionalTime('from', input.from);
  if (!from.ok) return from;
  const toGiven = optionalTime('to', input.to);
  if (!toGiven.ok) return toGiven;
  const to = Math.min(toGiven.value ?? asOf.value, asOf.value);
  if (from.value !== undefined && from.value > to) return fail('input.range', toGiven.value !== undefined && toGiven.value < from.value ? 'from is after to' : 'from is after as_of: no bars before the cut-off');
  // A window is bounded in bars, whatever max_bars keeps of it: the market data behind it is built whole.
  const span = from.value === undefined ? 0 : Math.floor((to - from.value) / TIMEFRAME_MS[input.timeframe]) + 1;
  if (span > LIMITS.barsPerToolWindow) {
    return fail('input.range', `from..to spans ${showLimit(span)} ${input.timeframe} bars, over the limit of ${showLimit(LIMITS.barsPerToolWindow)} per window: give a later from or a larger timeframe`);
  }
  const chosen = input.source === undefined ? await deps.defaultDataSource() : ok(input.source);
  if (!chosen.ok) return chosen;
  const source = chosen.value;
  const spec = parseSourceSpec(source, "argument 'source'");
  if (!spec.ok) return spec;
  const start = from.value ?? lookBack(spec.value.kind, to, input.max_bars, input.timeframe);
  const got = await deps.getBars(source, { symbol: input.symbol.toUpperCase(), timeframe: input.timeframe, ...(start === undefined ? {} : { from: start }), to }, input.adjustment ?? 'split');
  if (!got.ok) return got;
  const series = got.value.series;
  // A bar is known only once it has closed: one that opened before as_of but closes after it would leak its close.
  // The port promises no bar opening after `to`; both cuts are enforced here as the guarantee this tool gives.
  const tfMs = TIMEFRAME_MS[input.timeframe];
  let end = series.length;
  while (end > 0 && (series.time[end - 1]! > to || series.time[end - 1]! + tfMs > asOf.value)) end--;
  const trimmed = end === series.length ? series : sliceSeries(series, end);
  return ok({ series: trimmed, first: Math.max(0, end - input.max_bars), asOf: asOf.value, source: got.value.source, available: end });
}

/**
 * Without `from`, how far back to ask so that max_bars bars come back: the simulated market prints bars for any time
 * (twice the calendar span covers weekends); a provider's US session is 6.5 of 24 hours on 5 of 7 days, so intraday
 * bars need about six times their span. A CSV file is read whole.
 */
function lookBack(kind: DataSourceSpec['kind'], to: number, maxBars: number, timeframe: Timeframe): number | undefined {
  const span = maxBars * TIMEFRAME_MS[timeframe];
  switch (kind) {
    case 'sim': return to - 2 * span;
    case 'providers': return to - (timeframe === '1d' ? 2 : 6) * span;
    case 'csv': return undefined;
    default: return assertNever(kind);
  }
}

/** Where the bars came from, as a tool's text says it: the label, and the provider when a list was asked. */
export const servedBy = (source: MarketDataInfo): string =>
  source.provider === null || source.provider === source.spec ? source.label : `${source.provider} (${source.label}; asked: ${source.spec})`;

function sliceSeries(s: BarSeries, end: number): BarSeries {
  return {
    symbol: s.symbol, timeframe: s.timeframe, length: end, time: s.time.subarray(0, end), open: s.open.subarray(0, end), high: s.high.subarray(0, end),
    low: s.low.subarray(0, end), close: s.close.subarray(0, end), volume: s.volume.subarray(0, end),
  };
}

/**
 * The chart answer as the adapter reads it, parsed with zod at the edge (the library has validated and coerced it
 * already, but only per field: nothing checks that the columns are as long as `timestamp`). Rows come out with
 * Yahoo's own stamps (epoch ms) and Yahoo's split-adjusted prices; mapping to desk times happens later.
 */
import { z } from 'zod';
import type { Bar } from '../../core/domain/bar.js';
import { fail, ok, type Result } from '../../core/domain/result.js';

const column = z.array(z.number().nullable());
const chartSchema = z.object({
  timestamp: z.array(z.number()).optional(),
  indicators: z.object({
    quote: z.array(z.object({ open: column, high: column, low: column, close: column, volume: column })),
  }),
  events: z.object({
    splits: z.record(z.string(), z.object({ date: z.union([z.date(), z.number()]), numerator: z.number(), denominator: z.number() })).optional(),
  }).optional(),
});

/** One provider row, shaped like a desk Bar but `time` is Yahoo's stamp in epoch ms (a daily bar: the session open). */
export type YahooRow = Bar;

/** A split effective from `time` (epoch ms): `ratio` new shares per old one (2 for a 2-for-1). */
export interface YahooSplit {
  readonly time: number;
  readonly ratio: number;
}

export interface YahooChart {
  readonly rows: readonly YahooRow[];
  readonly splits: readonly YahooSplit[];
}

const valid = (x: number | null | undefined): x is number => typeof x === 'number' && Number.isFinite(x);

export function readChart(raw: unknown, symbol: string): Result<YahooChart> {
  const parsed = chartSchema.safeParse(raw);
  if (!parsed.success) {
    const where = parsed.error.issues[0]?.path.join('.') ?? '';
    return fail('data.corrupt', `Yahoo's chart answer for ${symbol} does not parse (at ${where === '' ? 'the top' : where})`, { symbol });
  }
  const stamps = parsed.data.timestamp ?? [];
  const q = parsed.data.indicators.quote[0];
  const rows: YahooRow[] = [];
  if (stamps.length > 0) {
    if (q === undefined) return fail('data.corrupt', `Yahoo's chart answer for ${symbol} has times but no prices`, { symbol });
    const columns = [q.open, q.high, q.low, q.close, q.volume];
    if (columns.some((c) => c.length !== stamps.length)) {
      return fail('data.corrupt', `Yahoo's chart answer for ${symbol} has ${stamps.length} times but columns of other lengths`, { symbol });
    }
    for (let i = 0; i < stamps.length; i++) {
      const [o, h, l, c, v] = [q.open[i], q.high[i], q.low[i], q.close[i], q.volume[i]];
      // Yahoo answers a stamp with null prices for a bar it has no trades for (or lost): there is no bar there, so
      // the row is dropped rather than filled; a row with some prices missing is dropped the same way.
      if (!valid(o) || !valid(h) || !valid(l) || !valid(c)) continue;
      rows.push({ time: stamps[i]! * 1_000, open: o, high: h, low: l, close: c, volume: valid(v) ? v : 0 });
    }
  }
  const splits = Object.values(parsed.data.events?.splits ?? {})
    .map((s) => ({ time: s.date instanceof Date ? s.date.getTime() : s.date * 1_000, ratio: s.numerator / s.denominator }))
    .filter((s) => Number.isFinite(s.ratio) && s.ratio > 0)
    .sort((a, b) => a.time - b.time);
  return ok({ rows, splits });
}

/**
 * Yahoo's chart OHLC (and volume) are adjusted for every split up to today, not for dividends (`adjclose` is both).
 * The raw prices a bar traded at are the adjusted ones times every later split's ratio (volume divided by it):
 * `splits` must hold every split after the first row up to now, which the caller asks Yahoo for separately.
 */
export function unadjustSplits(rows: readonly YahooRow[], splits: readonly YahooSplit[]): YahooRow[] {
  return rows.map((r) => {
    const factor = splits.reduce((f, s) => (s.time > r.time ? f * s.ratio : f), 1);
    if (factor === 1) return r;
    return { time: r.time, open: r.open * factor, high: r.high * factor, low: r.low * factor, close: r.close * factor, volume: r.volume / factor };
  });
}

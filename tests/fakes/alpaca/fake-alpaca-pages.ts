// One page of bars as Alpaca cuts them: the symbols' bars inside [start, end] (both inclusive), sorted by symbol
// then time, split-adjusted on request, at most min(limit, pageSize) of them, and an opaque `next_page_token`.
import type { FakeBar } from './fake-alpaca-bars.js';

/** `${symbol}|${timeframe}` -> bars, oldest first. */
export type BarTables = Map<string, FakeBar[]>;
export type Splits = ReadonlyMap<string, { readonly before: number; readonly ratio: number }>;

const TIMEFRAMES = new Set(['1Min', '5Min', '15Min', '30Min', '1Hour', '1Day']);
const ADJUSTMENTS = new Set(['raw', 'split', 'dividend', 'all']);

export type Page = { readonly bars: Record<string, FakeBar[]>; readonly next: string | null } | { readonly error: string };

export function pageOfBars(tables: BarTables, splits: Splits, symbols: readonly string[], query: Readonly<Record<string, string>>, pageSize: number): Page {
  const timeframe = query.timeframe ?? '';
  if (!TIMEFRAMES.has(timeframe)) return { error: `invalid timeframe: ${timeframe}` };
  const start = query.start === undefined ? -Infinity : Date.parse(query.start);
  const end = query.end === undefined ? Infinity : Date.parse(query.end);
  if (Number.isNaN(start) || Number.isNaN(end)) return { error: 'invalid start or end' };
  const limit = query.limit === undefined ? 1000 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) return { error: 'invalid limit' };
  const adjustment = query.adjustment ?? 'raw'; // Alpaca's default is raw prices
  if (!ADJUSTMENTS.has(adjustment)) return { error: `invalid adjustment: ${adjustment}` };
  const rows = [...symbols].sort().flatMap((symbol) =>
    (tables.get(`${symbol}|${timeframe}`) ?? [])
      .filter((b) => Date.parse(b.t) >= start && Date.parse(b.t) <= end)
      .map((b) => ({ symbol, bar: adjustment === 'raw' ? b : adjust(b, splits.get(symbol)) })),
  );
  const offset = query.page_token === undefined ? 0 : Number(Buffer.from(query.page_token, 'base64').toString('utf8'));
  if (!Number.isInteger(offset) || offset < 0) return { error: 'invalid page token' };
  const cut = rows.slice(offset, offset + Math.min(limit, pageSize));
  const bars: Record<string, FakeBar[]> = {};
  for (const { symbol, bar } of cut) (bars[symbol] ??= []).push(bar);
  const after = offset + cut.length;
  return { bars, next: after < rows.length ? Buffer.from(String(after)).toString('base64') : null };
}

function adjust(b: FakeBar, split: { readonly before: number; readonly ratio: number } | undefined): FakeBar {
  if (split === undefined || Date.parse(b.t) >= split.before) return b;
  const r = split.ratio;
  return { t: b.t, o: b.o / r, h: b.h / r, l: b.l / r, c: b.c / r, v: b.v * r };
}

/**
 * The desk's symbols and timeframes in Polygon's terms: crypto pairs (BTC/USD, ETH-USD, SOL-USDT) become Polygon's
 * `X:BTCUSD` tickers, US stocks keep their ticker; each desk timeframe maps to an aggregates range, and the window
 * asked covers every provider bar a desk bar inside `from..to` is built from.
 */
import { isCryptoSymbol } from '../../core/calendar/calendar.js';
import type { Timeframe } from '../../core/domain/bar.js';
import { assertNever, fail, ok, type Result } from '../../core/domain/result.js';
import { quoteInput } from '../../core/domain/quote-input.js';
import { DAY_MS } from '../../core/calendar/civil-date.js';

export type PolygonMarket = 'us-equities' | 'crypto';

export interface PolygonTicker {
  readonly ticker: string;
  readonly market: PolygonMarket;
}

/** A normalised desk symbol as Polygon names it. */
export function toPolygonTicker(symbol: string): Result<PolygonTicker> {
  if (isCryptoSymbol(symbol)) return ok({ ticker: `X:${symbol.replace(/[-/]/, '')}`, market: 'crypto' });
  if (symbol.startsWith('^')) {
    return fail('data.symbol', `${quoteInput(symbol)} is an index: the Polygon source serves US stocks and crypto pairs`, { symbol });
  }
  return ok({ ticker: symbol, market: 'us-equities' });
}

export interface PolygonRange {
  readonly multiplier: number;
  readonly timespan: 'minute' | 'hour' | 'day';
  /** The desk timeframe whose session check each provider bar passes (deskBarTime). */
  readonly filterAs: Timeframe;
  /** Provider half hours are combined into the desk's session-anchored hours (sessionHourBars). */
  readonly sessionHours: boolean;
}

export function polygonRange(timeframe: Timeframe, market: PolygonMarket): PolygonRange {
  switch (timeframe) {
    case '1m':
      return { multiplier: 1, timespan: 'minute', filterAs: '1m', sessionHours: false };
    case '5m':
      return { multiplier: 5, timespan: 'minute', filterAs: '5m', sessionHours: false };
    case '15m':
      return { multiplier: 15, timespan: 'minute', filterAs: '15m', sessionHours: false };
    case '1h':
      // A half hour that opens inside the session also ends inside it (sessions close on the hour), so the 15m
      // check keeps exactly the session's half hours.
      return market === 'crypto'
        ? { multiplier: 1, timespan: 'hour', filterAs: '1h', sessionHours: false }
        : { multiplier: 30, timespan: 'minute', filterAs: '15m', sessionHours: true };
    case '1d':
      return { multiplier: 1, timespan: 'day', filterAs: '1d', sessionHours: false };
    default:
      return assertNever(timeframe);
  }
}

const HOUR_MS = 3_600_000;
/** How far back intraday bars are asked when the request gives no `from`. */
export const INTRADAY_LOOKBACK_MS = 30 * DAY_MS;

/** 2200-01-01: later bounds are cut to it (Date cannot print times near its range's end). */
const LAST_MS = 7_258_118_400_000;

const isoDate = (ms: number): string => new Date(Math.min(LAST_MS, Math.max(0, ms))).toISOString().slice(0, 10);

/**
 * Polygon's `from`/`to` path segments. Daily bars are asked by date (a desk daily bar is 00:00 UTC of its trading
 * date, while Polygon stamps it at midnight New York, so epoch bounds would miss the last day); intraday bars by
 * epoch ms, the last desk hour of a session-anchored 1h request reaching one hour past `to` for its second half.
 */
export function polygonWindow(range: PolygonRange, from: number | undefined, to: number): { readonly from: string; readonly to: string } {
  if (range.timespan === 'day') return { from: isoDate(from ?? 0), to: isoDate(to) };
  const end = Math.min(LAST_MS, Math.max(0, range.sessionHours ? to + HOUR_MS - 1 : to));
  const start = Math.min(end, Math.max(0, from ?? to - INTRADAY_LOOKBACK_MS));
  return { from: String(Math.floor(start)), to: String(Math.floor(end)) };
}

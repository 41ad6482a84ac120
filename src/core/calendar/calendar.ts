/**
 * Which hours a symbol trades. Calendars are plain values (they serialize, compare and log cleanly); the
 * functions below dispatch on `kind`.
 */
import { assertNever } from '../domain/result.js';
import { DAY_MS } from './civil-date.js';
import { publishedSessionOn, type PublishedSessions } from './published.js';
import { sessionOn as usEquitiesSessionOn, toEpochDay, type DayRef, type Session } from './us-equities.js';

export type MarketCalendar =
  | {
      readonly kind: 'us-equities';
      readonly timezone: 'America/New_York';
      /** The exchange's calendar as a provider publishes it; the built-in NYSE rules answer outside its days. */
      readonly published?: PublishedSessions;
    }
  /** Crypto and the simulated market: every UTC calendar day, all day. */
  | { readonly kind: '24/7'; readonly timezone: 'UTC' };

export const US_EQUITIES_CALENDAR: MarketCalendar = { kind: 'us-equities', timezone: 'America/New_York' };
export const ALWAYS_OPEN_CALENDAR: MarketCalendar = { kind: '24/7', timezone: 'UTC' };

export interface CalendarOptions {
  /** The symbol comes from the simulated market, which trades 24/7 whatever its name looks like. */
  readonly simulated?: boolean;
}

// Pairs quoted in dollars or dollar stablecoins: BTC-USD, ETH/USD, SOL-USDT, BTCUSDT. A bare "...USD" without a
// separator is left alone: too many equity tickers could end that way.
const SEPARATED_PAIR = /^[A-Z0-9]{2,10}[-/](USD|USDT|USDC)$/;
const JOINED_PAIR = /^[A-Z0-9]{2,10}(USDT|USDC)$/;

export function isCryptoSymbol(symbol: string): boolean {
  const s = symbol.trim().toUpperCase();
  return SEPARATED_PAIR.test(s) || JOINED_PAIR.test(s);
}

export function calendarForSymbol(symbol: string, opts: CalendarOptions = {}): MarketCalendar {
  return opts.simulated === true || isCryptoSymbol(symbol) ? ALWAYS_OPEN_CALENDAR : US_EQUITIES_CALENDAR;
}

/** `calendar` following a provider's published sessions when it is the US equities calendar (24/7 has none). */
export function withPublishedSessions(calendar: MarketCalendar, published: PublishedSessions | null): MarketCalendar {
  return calendar.kind === 'us-equities' && published !== null ? { ...calendar, published } : calendar;
}

/** The session on `day` (a 24/7 "session" is the whole UTC day), or null when closed. */
export function marketSessionOn(calendar: MarketCalendar, day: DayRef): Session | null {
  switch (calendar.kind) {
    case 'us-equities': {
      const published = calendar.published === undefined ? undefined : publishedSessionOn(calendar.published, toEpochDay(day));
      return published === undefined ? usEquitiesSessionOn(day) : published;
    }
    case '24/7': {
      const open = toEpochDay(day) * DAY_MS;
      return { open, close: open + DAY_MS };
    }
    default:
      return assertNever(calendar);
  }
}

export function isMarketDay(calendar: MarketCalendar, day: DayRef): boolean {
  return marketSessionOn(calendar, day) !== null;
}

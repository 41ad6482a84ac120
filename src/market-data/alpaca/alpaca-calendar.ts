/**
 * Alpaca's trading calendar (GET {trading host}/v2/calendar) and market clock (GET /v2/clock): the sessions it
 * publishes and the state of the market now, in UTC ms, for the desk's scheduler (src/core/calendar/published.ts).
 */
import { parseIsoDate, DAY_MS } from '../../core/calendar/civil-date.js';
import type { MarketClockReading } from '../../core/calendar/published.js';
import { ok, type Result } from '../../core/domain/result.js';
import { newYorkLocalToUtcMs, parseHhmm } from '../../core/risk/exchange-time.js';
import { withRetry } from '../provider/retry.js';
import { attemptJson, PROVIDER } from './alpaca-call.js';
import { createAlpacaClients, type AlpacaApi } from './alpaca-clients.js';
import { ALPACA_TIMEOUT_MS, ALPACA_TRADING_URL, type AlpacaMarketDataOptions } from './alpaca-options.js';
import { calendarSchema, clockSchema } from './alpaca-payloads.js';

export interface AlpacaSession {
  /** New York date, `YYYY-MM-DD`. */
  readonly date: string;
  /** Session open and close, epoch ms UTC. */
  readonly open: number;
  readonly close: number;
}

export type AlpacaCalendarOptions = Pick<AlpacaMarketDataOptions, 'keyId' | 'secretKey' | 'tradingUrl' | 'retry' | 'timeoutMs'>;

function tradingClients(options: AlpacaCalendarOptions): AlpacaApi {
  return createAlpacaClients({
    keyId: options.keyId,
    secretKey: options.secretKey,
    dataUrl: '',
    tradingUrl: (options.tradingUrl ?? ALPACA_TRADING_URL).replace(/\/+$/, ''),
    timeoutMs: options.timeoutMs ?? ALPACA_TIMEOUT_MS,
  });
}

/** Sessions from the New York date of `from` to that of `to` (UTC day starts, inclusive). */
export async function fetchAlpacaCalendar(options: AlpacaCalendarOptions, from: number, to: number): Promise<Result<AlpacaSession[]>> {
  const clients = tradingClients(options);
  const call = async () => (await clients()).calendar.legacyCalendarRaw({ start: new Date(from), end: new Date(to) });
  const days = await withRetry(PROVIDER, () => attemptJson('trading', 'the calendar', call, calendarSchema), options.retry);
  if (!days.ok) return days;
  return ok(
    days.value.map((d) => {
      const day = parseIsoDate(d.date)! * DAY_MS;
      return { date: d.date, open: newYorkLocalToUtcMs(day + parseHhmm(d.open) * 60_000), close: newYorkLocalToUtcMs(day + parseHhmm(d.close) * 60_000) };
    }),
  );
}

/** The market clock now: open or not, the next open and the next close. */
export async function fetchAlpacaClock(options: AlpacaCalendarOptions): Promise<Result<MarketClockReading>> {
  const clients = tradingClients(options);
  const call = async () => (await clients()).clock.legacyClockRaw();
  const clock = await withRetry(PROVIDER, () => attemptJson('trading', 'the market clock', call, clockSchema), options.retry);
  if (!clock.ok) return clock;
  const c = clock.value;
  return ok({ timestamp: c.timestamp, isOpen: c.is_open, nextOpen: c.next_open, nextClose: c.next_close });
}

/**
 * Alpaca's trading calendar (GET {trading host}/v2/calendar): the sessions it publishes, in UTC ms, so they can be
 * checked against the desk's own NYSE calendar (src/core/calendar/us-equities.ts).
 */
import { parseIsoDate, DAY_MS } from '../../core/calendar/civil-date.js';
import { ok, type Result } from '../../core/domain/result.js';
import { newYorkLocalToUtcMs, parseHhmm } from '../../core/risk/exchange-time.js';
import { withRetry } from '../provider/retry.js';
import { attemptJson, PROVIDER } from './alpaca-call.js';
import { createAlpacaClients } from './alpaca-clients.js';
import { ALPACA_TIMEOUT_MS, ALPACA_TRADING_URL, type AlpacaMarketDataOptions } from './alpaca-options.js';
import { calendarSchema } from './alpaca-payloads.js';

export interface AlpacaSession {
  /** New York date, `YYYY-MM-DD`. */
  readonly date: string;
  /** Session open and close, epoch ms UTC. */
  readonly open: number;
  readonly close: number;
}

export type AlpacaCalendarOptions = Pick<AlpacaMarketDataOptions, 'keyId' | 'secretKey' | 'tradingUrl' | 'retry' | 'timeoutMs'>;

/** Sessions from the New York date of `from` to that of `to` (UTC day starts, inclusive). */
export async function fetchAlpacaCalendar(options: AlpacaCalendarOptions, from: number, to: number): Promise<Result<AlpacaSession[]>> {
  const clients = createAlpacaClients({
    keyId: options.keyId,
    secretKey: options.secretKey,
    dataUrl: '',
    tradingUrl: (options.tradingUrl ?? ALPACA_TRADING_URL).replace(/\/+$/, ''),
    timeoutMs: options.timeoutMs ?? ALPACA_TIMEOUT_MS,
  });
  const call = () => clients.calendar.legacyCalendarRaw({ start: new Date(from), end: new Date(to) });
  const days = await withRetry(PROVIDER, () => attemptJson('trading', 'the calendar', call, calendarSchema), options.retry);
  if (!days.ok) return days;
  return ok(
    days.value.map((d) => {
      const day = parseIsoDate(d.date)! * DAY_MS;
      return { date: d.date, open: newYorkLocalToUtcMs(day + parseHhmm(d.open) * 60_000), close: newYorkLocalToUtcMs(day + parseHhmm(d.close) * 60_000) };
    }),
  );
}

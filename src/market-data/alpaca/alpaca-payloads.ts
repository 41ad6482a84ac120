/**
 * Alpaca's JSON payloads as the adapter reads them, parsed with zod at the edge (the SDK's own model converters are
 * not used: they do not validate, and a malformed payload must be `data.corrupt`, not a TypeError later on).
 */
import { z } from 'zod';
import { parseIsoDate } from '../../core/calendar/civil-date.js';

const finite = z.number().finite();

/** One bar: `t` RFC 3339 (UTC, `Z`), OHLC, volume; `n` (trades) and `vw` (VWAP) are not used. */
export const alpacaBarSchema = z.object({
  t: z.iso.datetime({ offset: true }),
  o: finite,
  h: finite,
  l: finite,
  c: finite,
  v: finite.nonnegative(),
});
export type AlpacaBar = z.infer<typeof alpacaBarSchema>;

const pageToken = z.string().min(1).nullable().optional();

/** GET /v2/stocks/{symbol}/bars: `bars` is null (or absent) when there are none. */
export const stockBarsPageSchema = z.object({
  bars: z.array(alpacaBarSchema).nullable().optional(),
  symbol: z.string().optional(),
  next_page_token: pageToken,
});

/** GET /v1beta3/crypto/us/bars?symbols=: bars keyed by symbol; a symbol without bars is left out. */
export const cryptoBarsPageSchema = z.object({
  bars: z.record(z.string(), z.array(alpacaBarSchema)).nullable().optional(),
  next_page_token: pageToken,
});

/** GET /v2/assets/{symbol}: the fields `checkSymbols` reads. */
export const assetSchema = z.object({
  symbol: z.string(),
  status: z.enum(['active', 'inactive']),
  tradable: z.boolean(),
  class: z.string().optional(),
});
export type AlpacaAsset = z.infer<typeof assetSchema>;

/** GET /v2/calendar: one trading day, times New York wall clock (`09:30`, `13:00`). */
export const calendarSchema = z.array(
  z.object({
    date: z.string().refine((d) => parseIsoDate(d) !== null, 'not a YYYY-MM-DD date'),
    open: z.string().regex(/^\d{2}:\d{2}$/),
    close: z.string().regex(/^\d{2}:\d{2}$/),
  }),
);

/** GET /v2/clock: ISO timestamps with New York offsets (`2024-01-02T10:00:00-05:00`). */
const instant = z.string().refine((t) => Number.isFinite(Date.parse(t)), 'not a timestamp').transform((t) => Date.parse(t));
export const clockSchema = z.object({ timestamp: instant, is_open: z.boolean(), next_open: instant, next_close: instant });

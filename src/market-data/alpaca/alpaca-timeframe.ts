/**
 * Desk timeframes as Alpaca bar requests. A US stock's desk hour is anchored at the 09:30 open, so it is built from
 * 30-minute bars (sessionHourBars); crypto hours are clock-aligned and asked for directly.
 */
import { assertNever } from '../../core/domain/result.js';
import type { Timeframe } from '../../core/domain/bar.js';

export interface AlpacaTimeframe {
  /** Alpaca's `timeframe` parameter. */
  readonly alpaca: '1Min' | '5Min' | '15Min' | '30Min' | '1Hour' | '1Day';
  /** Whether the bars are half hours to aggregate into session-anchored hours. */
  readonly sessionHours: boolean;
}

export function toAlpacaTimeframe(timeframe: Timeframe, market: 'us-equities' | 'crypto'): AlpacaTimeframe {
  switch (timeframe) {
    case '1m':
      return { alpaca: '1Min', sessionHours: false };
    case '5m':
      return { alpaca: '5Min', sessionHours: false };
    case '15m':
      return { alpaca: '15Min', sessionHours: false };
    case '1h':
      return market === 'crypto' ? { alpaca: '1Hour', sessionHours: false } : { alpaca: '30Min', sessionHours: true };
    case '1d':
      return { alpaca: '1Day', sessionHours: false };
    default:
      return assertNever(timeframe);
  }
}

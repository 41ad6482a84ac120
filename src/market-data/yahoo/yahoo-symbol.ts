/**
 * Desk symbols in Yahoo's spelling: crypto pairs with a dash (BTC/USD -> BTC-USD, BTCUSDT -> BTC-USDT), share
 * classes with a dash (BRK.B -> BRK-B), indices as they are (^GSPC).
 */
import { isCryptoSymbol } from '../../core/calendar/calendar.js';

export type YahooMarket = 'us-equities' | 'crypto';

export interface YahooSymbol {
  /** The normalised desk symbol, as bars are labelled. */
  readonly desk: string;
  /** What Yahoo is asked for. */
  readonly yahoo: string;
  readonly market: YahooMarket;
}

const JOINED = /^([A-Z0-9]{2,10})(USDT|USDC)$/;

/** `desk` must already be normalised (upper case, trimmed). */
export function toYahooSymbol(desk: string): YahooSymbol {
  if (isCryptoSymbol(desk)) {
    const joined = JOINED.exec(desk);
    const yahoo = joined === null ? desk.replace('/', '-') : `${joined[1]}-${joined[2]}`;
    return { desk, yahoo, market: 'crypto' };
  }
  return { desk, yahoo: desk.startsWith('^') ? desk : desk.replace(/\./g, '-'), market: 'us-equities' };
}

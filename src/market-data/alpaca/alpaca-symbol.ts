/**
 * Desk symbols in Alpaca's spelling. Crypto pairs (BTC/USD, BTC-USD, BTCUSDT) become Alpaca's `BASE/QUOTE`; share
 * classes written with a dash (BF-B) use Alpaca's dot (BF.B). Indices (^GSPC) have no Alpaca bars.
 */
import { isCryptoSymbol } from '../../core/calendar/calendar.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import { quoteInput } from '../../core/domain/quote-input.js';

export interface AlpacaSymbol {
  readonly market: 'us-equities' | 'crypto';
  /** The symbol as Alpaca spells it. */
  readonly alpaca: string;
}

const QUOTES = ['USDT', 'USDC', 'USD'] as const;

/** `symbol` is already normalised (src/market-data/symbol.ts). */
export function toAlpacaSymbol(symbol: string): Result<AlpacaSymbol> {
  if (isCryptoSymbol(symbol)) {
    const separated = symbol.match(/^([A-Z0-9]+)[-/]([A-Z]+)$/);
    if (separated !== null) return ok({ market: 'crypto', alpaca: `${separated[1]}/${separated[2]}` });
    const quote = QUOTES.find((q) => symbol.endsWith(q));
    if (quote !== undefined) return ok({ market: 'crypto', alpaca: `${symbol.slice(0, -quote.length)}/${quote}` });
  }
  if (symbol.startsWith('^')) return fail('data.symbol', `Alpaca has no index bars: ${quoteInput(symbol)} (ask for an ETF such as SPY)`, { symbol });
  if (symbol.includes('/')) return fail('data.symbol', `${quoteInput(symbol)} is not a US stock or a crypto pair Alpaca knows`, { symbol });
  return ok({ market: 'us-equities', alpaca: symbol.replace(/-/g, '.') });
}

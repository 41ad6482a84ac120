/**
 * How finely a symbol's quantity is cut. Stocks and ETFs trade in whole shares. A crypto pair trades in fractions of
 * a coin, down to 1e-8 (a satoshi; Alpaca takes up to 9 decimals): in whole coins, a BTC/USD run would need more
 * than twice BTC's price in cash before the 50% max-position gate let it buy one.
 */
import { isCryptoSymbol } from '../calendar/calendar.js';

export const CRYPTO_QTY_DECIMALS = 8;

/** Decimals a quantity of `symbol` may have: 0 (whole shares) or CRYPTO_QTY_DECIMALS for a crypto pair. */
export function qtyDecimals(symbol: string): number {
  return isCryptoSymbol(symbol) ? CRYPTO_QTY_DECIMALS : 0;
}

/** `qty` rounded down to `decimals` (never above `qty`); NaN and infinities pass through as Math.floor leaves them. */
export function floorQty(qty: number, decimals: number): number {
  if (decimals === 0 || !Number.isFinite(qty)) return Math.floor(qty);
  const scale = 10 ** decimals;
  // 0.29 x 1e8 is 28999999.999999996 in doubles: a hair below a whole unit counts as that unit, as long as the
  // result stays at or below qty (never more than was asked for, so a cash cap holds).
  let units = Math.floor(qty * scale + 1e-6);
  if (units / scale > qty) units -= 1;
  return units / scale;
}

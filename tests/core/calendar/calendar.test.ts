import { describe, expect, it } from 'vitest';
import {
  ALWAYS_OPEN_CALENDAR,
  calendarForSymbol,
  isMarketDay,
  marketSessionOn,
  US_EQUITIES_CALENDAR,
} from '../../../src/core/calendar/calendar.js';

describe('calendarForSymbol', () => {
  it.each([
    ['BTC-USD', {}, '24/7'],
    ['ETH/USD', {}, '24/7'],
    ['sol-usd', {}, '24/7'],
    ['DOGE-USDT', {}, '24/7'],
    ['BTCUSDT', {}, '24/7'],
    ['ETH/USDC', {}, '24/7'],
    ['AAPL', {}, 'us-equities'],
    ['BRK.B', {}, 'us-equities'],
    ['BF-B', {}, 'us-equities'],
    ['^GSPC', {}, 'us-equities'],
    ['SIM-A', { simulated: true }, '24/7'],
    ['AAPL', { simulated: true }, '24/7'],
    ['AAPL', { simulated: false }, 'us-equities'],
  ] as const)('puts %s %o on the %s calendar', (symbol, opts, kind) => {
    expect(calendarForSymbol(symbol, opts).kind).toBe(kind);
  });
});

describe('marketSessionOn', () => {
  it('gives a 24/7 calendar the whole UTC day, weekends and holidays included', () => {
    const day = Date.parse('2024-12-25T00:00:00Z');
    expect(marketSessionOn(ALWAYS_OPEN_CALENDAR, '2024-12-25')).toEqual({ open: day, close: day + 86_400_000 });
    expect(isMarketDay(ALWAYS_OPEN_CALENDAR, '2024-07-06')).toBe(true);
  });

  it('gives the us-equities calendar the NYSE session', () => {
    expect(isMarketDay(US_EQUITIES_CALENDAR, '2024-12-25')).toBe(false);
    expect(marketSessionOn(US_EQUITIES_CALENDAR, '2024-12-24')).toEqual({
      open: Date.parse('2024-12-24T14:30:00Z'),
      close: Date.parse('2024-12-24T18:00:00Z'),
    });
  });
});

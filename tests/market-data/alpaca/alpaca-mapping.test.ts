// Desk symbols and timeframes in Alpaca's terms, and the window asked for so every desk bar in from..to is whole.
import { describe, expect, it } from 'vitest';
import { alpacaWindow } from '../../../src/market-data/alpaca/alpaca-desk-bars.js';
import { toAlpacaSymbol } from '../../../src/market-data/alpaca/alpaca-symbol.js';
import { toAlpacaTimeframe } from '../../../src/market-data/alpaca/alpaca-timeframe.js';

const t = (iso: string): number => Date.parse(iso);

describe('toAlpacaSymbol', () => {
  it.each([
    ['AAPL', 'us-equities', 'AAPL'],
    ['BRK.B', 'us-equities', 'BRK.B'],
    ['BF-B', 'us-equities', 'BF.B'],
    ['BTC/USD', 'crypto', 'BTC/USD'],
    ['BTC-USD', 'crypto', 'BTC/USD'],
    ['ETHUSDT', 'crypto', 'ETH/USDT'],
  ])('%s is %s %s', (desk, market, alpaca) => {
    expect(toAlpacaSymbol(desk)).toEqual({ ok: true, value: { market, alpaca } });
  });

  it('refuses an index with data.symbol, pointing at an ETF', () => {
    const res = toAlpacaSymbol('^GSPC');
    expect(res.ok ? null : res.error).toMatchObject({ code: 'data.symbol', message: "Alpaca has no index bars: '^GSPC' (ask for an ETF such as SPY)" });
  });
});

describe('toAlpacaTimeframe', () => {
  it.each([
    ['1m', 'us-equities', '1Min', false],
    ['5m', 'us-equities', '5Min', false],
    ['15m', 'crypto', '15Min', false],
    ['1h', 'us-equities', '30Min', true],
    ['1h', 'crypto', '1Hour', false],
    ['1d', 'us-equities', '1Day', false],
  ] as const)('%s for %s asks %s (session hours: %s)', (tf, market, alpaca, sessionHours) => {
    expect(toAlpacaTimeframe(tf, market)).toEqual({ alpaca, sessionHours });
  });
});

describe('alpacaWindow', () => {
  const earliest = t('2015-01-01T00:00:00Z');
  it('asks daily bars through the end of the last day (Alpaca stamps them 04:00Z/05:00Z)', () => {
    expect(alpacaWindow({ timeframe: '1d', sessionHours: false, from: t('2024-01-02T00:00:00Z'), to: t('2024-01-05T00:00:00Z') }, earliest))
      .toEqual({ start: t('2024-01-02T00:00:00Z'), end: t('2024-01-06T00:00:00Z') - 1 });
  });

  it('asks one half hour past `to` for session hours, and from the earliest date when `from` is absent', () => {
    expect(alpacaWindow({ timeframe: '1h', sessionHours: true, from: undefined, to: t('2024-01-02T19:30:00Z') }, earliest))
      .toEqual({ start: earliest, end: t('2024-01-02T20:00:00Z') });
  });
});

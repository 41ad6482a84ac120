import { afterAll, beforeAll } from 'vitest';
import { dailyStockBars, intradayStockBars } from '../../fakes/alpaca/fake-alpaca-bars.js';
import { describeMarketDataContract } from '../contract.js';
import { startHarness, t, type Harness } from './alpaca-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  h.fake.setBars('AAPL', '1Day', dailyStockBars('2024-01-01', '2024-06-30', 180));
  // Across the March 10 clock change, pre-market and after hours included.
  h.fake.setBars('AAPL', '5Min', intradayStockBars('2024-03-07', '2024-03-12', 5, 170));
});
afterAll(() => h.fake.close());

describeMarketDataContract('alpaca (daily, real SDK against a local fake)', () => ({
  market: h.market(), symbol: 'AAPL', unknownSymbol: 'NOPE', timeframe: '1d',
  from: t('2024-01-01T00:00:00Z'), to: t('2024-06-28T00:00:00Z'),
}));

describeMarketDataContract('alpaca (5m, real SDK against a local fake)', () => ({
  market: h.market(), symbol: 'AAPL', unknownSymbol: 'NOPE', timeframe: '5m',
  from: t('2024-03-07T14:30:00Z'), to: t('2024-03-12T19:55:00Z'),
}));

import { afterAll } from 'vitest';
import { describeMarketDataContract } from '../contract.js';
import { startHarness } from './polygon-fixture.js';

const h = await startHarness();
afterAll(() => h.fake.close());

describeMarketDataContract('polygon (daily)', () => ({
  market: h.market(), symbol: 'AAPL', unknownSymbol: 'NOPE', timeframe: '1d',
  from: Date.parse('2024-01-01T00:00:00Z'), to: Date.parse('2024-03-01T00:00:00Z'),
}));

describeMarketDataContract('polygon (5m)', () => ({
  market: h.market(), symbol: 'AAPL', unknownSymbol: 'NOPE', timeframe: '5m',
  from: Date.parse('2024-03-04T14:30:00Z'), to: Date.parse('2024-03-05T21:00:00Z'),
}));

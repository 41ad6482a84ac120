// The one MarketData contract, met by the Yahoo adapter through the real yahoo-finance2 client against the fake.
import { afterAll, beforeAll } from 'vitest';
import { startFakeYahoo, type FakeYahoo } from '../../fakes/yahoo/fake-yahoo.js';
import { describeMarketDataContract } from '../contract.js';
import { dailyRows, intradayRows, ms, yahooFor } from './yahoo-fixture.js';

let fake: FakeYahoo;

beforeAll(async () => {
  fake = await startFakeYahoo();
  fake.setBars('AAPL', '1d', dailyRows('2023-10-02', 120));
  fake.setBars('AAPL', '5m', [...intradayRows('2024-02-06', 5), ...intradayRows('2024-02-07', 5)]);
});
afterAll(() => fake.close());

describeMarketDataContract('yahoo (daily)', () => ({
  market: yahooFor(fake), symbol: 'AAPL', unknownSymbol: 'NOPE', timeframe: '1d',
  from: ms('2023-11-01T00:00:00Z'), to: ms('2024-01-15T00:00:00Z'),
}));

describeMarketDataContract('yahoo (5m)', () => ({
  market: yahooFor(fake), symbol: 'AAPL', unknownSymbol: 'NOPE', timeframe: '5m',
  from: ms('2024-02-06T15:00:00Z'), to: ms('2024-02-07T18:00:00Z'),
}));

// The one MarketData contract, met through the bar cache (a real SQLite file) over the simulated market and CSV.
import { afterAll } from 'vitest';
import { createCachedMarketData } from '../../../src/app/market-data/cached-market-data.js';
import type { MarketData } from '../../../src/app/market-data/ports.js';
import { createCsvMarketData } from '../../../src/market-data/csv/csv-market-data.js';
import { createSimMarketData } from '../../../src/market-data/sim/sim-market-data.js';
import { createBarCache, type StoreBarCache } from '../../../src/store/market-data/bar-cache.js';
import { EXAMPLE_DATA_DIR } from '../../helpers/real-data.js';
import { describeMarketDataContract } from '../../market-data/contract.js';
import { useMigratedStore } from '../../store/helpers/repo.js';

const fixture = useMigratedStore('cached-contract');
let cache: StoreBarCache | undefined;
afterAll(() => cache?.close());
const cached = (provider: MarketData, source: string) =>
  createCachedMarketData(provider, (cache ??= createBarCache(fixture.store.prisma, { databaseUrl: `file:${fixture.file}` })), { adjustment: 'split', log: () => {}, source, now: () => Date.UTC(2026, 0, 1) });

describeMarketDataContract('cached sim (daily)', () => ({
  market: cached(createSimMarketData({ seed: 42 }), 'sim-42'), symbol: 'SIM-A', timeframe: '1d',
  from: Date.parse('2024-01-01T00:00:00Z'), to: Date.parse('2024-03-01T00:00:00Z'),
}));

describeMarketDataContract('cached sim (1m)', () => ({
  market: cached(createSimMarketData({ seed: 42 }), 'sim-42'), symbol: 'SIM-B', timeframe: '1m',
  from: Date.parse('2024-01-02T14:30:00Z'), to: Date.parse('2024-01-02T16:00:00Z'),
}));

describeMarketDataContract('cached csv', () => ({
  market: cached(createCsvMarketData({ dir: EXAMPLE_DATA_DIR }), 'csv-examples'), symbol: 'ORCL', unknownSymbol: 'NOPE', unknownCode: 'data.missing_file', timeframe: '1d',
  from: Date.parse('2010-01-01T00:00:00Z'), to: Date.parse('2011-01-01T00:00:00Z'),
}));

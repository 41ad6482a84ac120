import { createCsvMarketData } from '../../src/market-data/csv/csv-market-data.js';
import { createSimMarketData } from '../../src/market-data/sim/sim-market-data.js';
import { EXAMPLE_DATA_DIR } from '../helpers/real-data.js';
import { describeMarketDataContract } from './contract.js';

describeMarketDataContract('sim (daily)', () => ({
  market: createSimMarketData({ seed: 42 }), symbol: 'SIM-A', timeframe: '1d',
  from: Date.parse('2024-01-01T00:00:00Z'), to: Date.parse('2024-03-01T00:00:00Z'),
}));

describeMarketDataContract('sim (1m)', () => ({
  market: createSimMarketData({ seed: 42 }), symbol: 'SIM-B', timeframe: '1m',
  from: Date.parse('2024-01-02T14:30:00Z'), to: Date.parse('2024-01-02T16:00:00Z'),
}));

describeMarketDataContract('csv', () => ({
  market: createCsvMarketData({ dir: EXAMPLE_DATA_DIR }), symbol: 'ORCL', unknownSymbol: 'NOPE', unknownCode: 'data.missing_file', timeframe: '1d',
  from: Date.parse('2010-01-01T00:00:00Z'), to: Date.parse('2011-01-01T00:00:00Z'),
}));

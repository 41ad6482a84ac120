import type { MarketData } from '../app/ports.js';
import type { Env } from '../config/env.js';
import { createCsvMarketData } from '../market-data/csv/csv-market-data.js';
import { createSimMarketData } from '../market-data/sim/sim-market-data.js';

/** `--data <dir>` wins; otherwise the configured market (the simulated market by default). */
export function createMarketData(env: Env, dataDir: string | undefined): MarketData {
  if (dataDir !== undefined) return createCsvMarketData({ dir: dataDir });
  if (env.TRADEDESK_MARKET === 'csv' && env.TRADEDESK_DATA_DIR !== undefined) return createCsvMarketData({ dir: env.TRADEDESK_DATA_DIR });
  return createSimMarketData({ seed: env.TRADEDESK_SIM_SEED });
}

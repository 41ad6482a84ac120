import { fail, ok } from '../core/domain/result.js';
import type { DeskDeps } from '../app/desk-deps.js';
import type { Env } from '../config/env.js';
import { createCsvMarketData } from '../market-data/csv/csv-market-data.js';
import { createSimMarketData } from '../market-data/sim/sim-market-data.js';
import { saveBacktestRun } from '../store/backtest-runs.js';
import type { Store } from '../store/client.js';
import { COMMANDS } from '../../commands/index.js';
import { codeVersion } from './version.js';

/** Wires the chat commands' dependencies from the environment and an open store. */
export function createDeskDeps(env: Env, store: Store): DeskDeps {
  const sim = createSimMarketData({ seed: env.TRADEDESK_SIM_SEED });
  const csv = env.TRADEDESK_DATA_DIR === undefined ? null : createCsvMarketData({ dir: env.TRADEDESK_DATA_DIR });
  return {
    commands: COMMANDS,
    marketData: (source) => {
      if (source === 'sim') return ok(sim);
      return csv === null ? fail('data.not_configured', 'csv data needs TRADEDESK_DATA_DIR (see .env.example)') : ok(csv);
    },
    runs: { saveBacktestRun: (record) => saveBacktestRun(store.prisma, record) },
    // Loaded on first use: ECharts costs ~0.1 s to import, which a desk that never charts should not pay.
    renderEquityChart: async (input) => (await import('../charts/index.js')).renderEquityChart(input),
    codeVersion: codeVersion(),
    defaults: { startCash: env.TRADEDESK_START_CASH, costs: { commissionRate: env.TRADEDESK_COMMISSION, slippageBps: env.TRADEDESK_SLIPPAGE_BPS } },
  };
}

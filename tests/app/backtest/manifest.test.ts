// A backtest's manifest has one schema (src/app/backtest/manifest.ts): what backtest() builds is a value of it, and
// the replay reads back the part it needs from the same schema.
import { describe, expect, it } from 'vitest';
import { backtest } from '../../../src/app/backtest/backtest.js';
import { backtestManifestSchema } from '../../../src/app/backtest/manifest.js';
import { DEFAULT_COSTS, DEFAULT_QUANT, DEFAULT_SIZING } from '../../../src/core/engine/config.js';
import { DEFAULT_GATE_LIMITS } from '../../../src/core/risk/gates.js';
import { createSimMarketData } from '../../../src/market-data/sim/sim-market-data.js';

describe('a backtest\'s manifest', () => {
  it('is exactly what its schema describes, with a benchmark as a data-only symbol', async () => {
    const out = await backtest({ marketData: createSimMarketData({ seed: 5 }), codeVersion: 'test' }, {
      strategyId: 'relative-strength', params: { benchmark: 'SPY' }, symbols: ['aapl', 'MSFT'], timeframe: '1d',
      from: Date.parse('2022-01-03T00:00:00Z'), to: Date.parse('2023-12-29T00:00:00Z'), startCash: 50_000,
      sizing: DEFAULT_SIZING, costs: DEFAULT_COSTS, rules: [], quant: DEFAULT_QUANT, gates: DEFAULT_GATE_LIMITS, gatesMode: 'shadow',
    });
    if (!out.ok) throw new Error(out.error.message);
    const parsed = backtestManifestSchema.strict().safeParse(out.value.manifest);
    expect(parsed.success, parsed.success ? '' : parsed.error.message).toBe(true);
    expect(out.value.manifest).toMatchObject({
      symbols: ['AAPL', 'MSFT'], dataSymbols: ['SPY'], timeframe: '1d', startCash: 50_000, gates: { mode: 'shadow' },
      data: { simulated: true, sources: { AAPL: 'sim', MSFT: 'sim', SPY: 'sim' } },
    });
    expect(out.value.manifest.data).not.toHaveProperty('adjustment');
  });
});

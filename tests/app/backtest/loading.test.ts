// A backtest loads its symbols a few at a time (issue 12: the 1,000,000-bar CLI backtest under 1 s), yet answers as a
// one-by-one load would: the first failing symbol in the order given, the bar limit at the same symbol, every series
// in symbol order whatever order the loads finish in.
import { describe, expect, it } from 'vitest';
import type { BarsRequest, MarketData } from '../../../src/app/market-data/ports.js';
import { backtest, type BacktestRequest } from '../../../src/app/backtest/backtest.js';
import { DEFAULT_COSTS, DEFAULT_QUANT, DEFAULT_SIZING } from '../../../src/core/engine/config.js';
import { fail } from '../../../src/core/domain/result.js';
import { DEFAULT_GATE_LIMITS } from '../../../src/core/risk/gates.js';
import { LIMITS } from '../../../src/core/limits.js';
import { createSimMarketData } from '../../../src/market-data/sim/sim-market-data.js';

const sim = createSimMarketData({ seed: 3 });
const TO = Date.parse('2023-12-31T00:00:00Z');
const FROM = Date.parse('2021-01-01T00:00:00Z');

/** The simulated market, answering later symbols sooner, failing the ones named, counting loads in flight. */
function market(failing: readonly string[], stats = { inFlight: 0, most: 0 }): MarketData {
  return {
    kind: 'test', label: 'test market', simulated: false,
    async getBars(r: BarsRequest) {
      stats.inFlight++;
      stats.most = Math.max(stats.most, stats.inFlight);
      await new Promise((resolve) => setTimeout(resolve, 30 - Number(r.symbol.slice(1)) % 30));
      stats.inFlight--;
      return failing.includes(r.symbol) ? fail('data.symbol', `${r.symbol} is unknown`) : sim.getBars(r);
    },
  };
}

const request = (symbols: string[]): BacktestRequest => ({
  strategyId: 'trend-following', params: {}, symbols, timeframe: '1d', from: FROM, to: TO, startCash: 100_000,
  sizing: DEFAULT_SIZING, costs: DEFAULT_COSTS, rules: [], quant: DEFAULT_QUANT, gates: DEFAULT_GATE_LIMITS, gatesMode: 'enforce',
});

const SYMBOLS = Array.from({ length: 20 }, (_, i) => `S${i + 1}`);

describe('backtest loading', () => {
  it('loads a few symbols at once and keeps the series in symbol order', async () => {
    const stats = { inFlight: 0, most: 0 };
    const res = await backtest({ marketData: market([], stats), codeVersion: 't' }, request(SYMBOLS));
    if (!res.ok) throw new Error(res.error.message);
    expect(stats.most).toBeGreaterThan(1);
    expect(stats.most).toBeLessThanOrEqual(8);
    // The same backtest on the same bars served at once, in order: identical to the cent.
    const plain = await backtest({ marketData: { ...sim, simulated: false }, codeVersion: 't' }, request(SYMBOLS));
    if (!plain.ok) throw new Error(plain.error.message);
    expect(JSON.stringify(res.value.result.trades)).toBe(JSON.stringify(plain.value.result.trades));
    expect(res.value.result.metrics).toEqual(plain.value.result.metrics);
    expect(res.value.manifest['symbols']).toEqual(SYMBOLS);
  });

  it('reports the first failing symbol in the order given, not the first to fail', async () => {
    const res = await backtest({ marketData: market(['S3', 'S17']), codeVersion: 't' }, request(SYMBOLS));
    expect(res.ok ? 'ok' : res.error.message).toBe('S3 is unknown');
  });

  it('stops at the bar limit and names the symbol that crossed it, in symbol order', async () => {
    // Series that say they hold 2,000,000 bars (the load stops on the count, before reading any bar).
    const huge: MarketData = {
      kind: 'test', label: 'test market', simulated: false,
      getBars: async (r) => ({ ok: true, value: { ...(await sim.getBars({ ...r, from: TO - 86_400_000 * 5 }) as { value: object }).value, length: 2_000_000 } as never }),
    };
    const res = await backtest({ marketData: huge, codeVersion: 't' }, request(SYMBOLS));
    expect(res.ok ? 'ok' : res.error.message).toMatch(new RegExp(`^.*3 of 20 symbol\\(s\\) already hold 6,000,000 bars.*$`));
    expect(LIMITS.barsPerBacktest).toBe(5_000_000);
  });
});

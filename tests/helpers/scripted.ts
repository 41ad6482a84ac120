// Test doubles for the engine: a strategy that emits scripted signals at given steps, and tiny bar series.
import { createBarSeries, type Bar, type BarSeries } from '../../src/core/domain/bar.js';
import type { Signal, SignalAction } from '../../src/core/domain/signal.js';
import type { BoundStrategy } from '../../src/core/strategies/registry.js';
import { DEFAULT_QUANT, type EngineConfig } from '../../src/core/engine/config.js';
import { DEFAULT_GATE_LIMITS } from '../../src/core/risk/gates.js';

export const DAY = 86_400_000;
export const T0 = Date.UTC(2020, 0, 1);

/** Bars from [open, high, low, close] rows, one per day from 2020-01-01. */
export function series(symbol: string, rows: readonly (readonly [number, number, number, number])[]): BarSeries {
  const bars: Bar[] = rows.map(([open, high, low, close], i) => ({ time: T0 + i * DAY, open, high, low, close, volume: 1000 }));
  return createBarSeries(symbol, '1d', bars);
}

/** Flat bars at `price` (open = high = low = close). */
export const flat = (n: number, price: number): [number, number, number, number][] =>
  Array.from({ length: n }, () => [price, price, price, price]);

export function scripted(script: Readonly<Record<number, readonly (readonly [string, SignalAction, number?])[]>>): BoundStrategy {
  return {
    id: 'scripted',
    version: 'test',
    params: {},
    minBars: 1,
    dataSymbols: [],
    prepare: () => (t) => {
      const items = script[t];
      if (items === undefined) return [];
      return items.map(([symbol, action, confidence]): Signal => ({ symbol, action, confidence: confidence ?? 1, reason: `scripted ${action}` }));
    },
  };
}

export function config(strategy: BoundStrategy, overrides: Partial<EngineConfig> = {}): EngineConfig {
  return {
    runKey: 'test',
    strategy,
    timeframe: '1d',
    rules: [],
    gates: DEFAULT_GATE_LIMITS,
    gatesMode: 'enforce',
    sizing: { kind: 'percent', pct: 40 },
    costs: { commissionRate: 0, slippageBps: 0 },
    quant: { ...DEFAULT_QUANT, enabled: false },
    ...overrides,
  };
}

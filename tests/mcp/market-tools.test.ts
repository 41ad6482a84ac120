import { describe, expect, it } from 'vitest';
import { TIMEFRAME_MS } from '../../src/core/domain/bar.js';
import { ema, rsi } from '../../src/core/indicators/index.js';
import { createSimMarketData } from '../../src/market-data/sim/sim-market-data.js';
import { FAKE_NOW } from '../helpers/fake-desk.js';
import { seededMcp, textOf } from './mcp-harness.js';

type Data = Record<string, unknown>;
const data = (r: { structuredContent?: unknown }): Data => r.structuredContent as Data;
const DAY = TIMEFRAME_MS['1d'];

async function simCloses(from: number, to: number): Promise<{ time: Float64Array; close: Float64Array }> {
  const s = await createSimMarketData({ seed: 42 }).getBars({ symbol: 'SIM-A', timeframe: '1d', from, to });
  if (!s.ok) throw new Error(s.error.message);
  return s.value;
}

describe('get_bars', () => {
  it('returns the market data\'s bars in the range and says they are simulated', async () => {
    const { call } = await seededMcp();
    const res = await call('get_bars', { symbol: 'SIM-A', from: '2023-03-01', to: '2023-03-31' });
    const expected = await simCloses(Date.UTC(2023, 2, 1), Date.UTC(2023, 2, 31));
    const bars = data(res)['bars'] as Data[];
    expect(bars.map((b) => b['close'])).toEqual(Array.from(expected.close));
    expect(data(res)).toMatchObject({ symbol: 'SIM-A', timeframe: '1d', simulated: true });
    expect(textOf(res)).toContain('simulated prices');
  });

  it('never returns a bar that had not closed by as_of, and keeps the newest max_bars', async () => {
    const { call } = await seededMcp();
    const asOf = Date.UTC(2023, 5, 15, 12);
    const bars = data(await call('get_bars', { symbol: 'SIM-A', as_of: new Date(asOf).toISOString(), max_bars: 10 }))['bars'] as Data[];
    expect(bars).toHaveLength(10);
    expect(Date.parse(bars.at(-1)!['time'] as string) + DAY).toBeLessThanOrEqual(asOf);
    const today = data(await call('get_bars', { symbol: 'SIM-A', max_bars: 5 }))['bars'] as Data[];
    expect(Date.parse(today.at(-1)!['time'] as string) + DAY).toBeLessThanOrEqual(FAKE_NOW);
  });

  it.each([
    [{ symbol: 'SIM-A', max_bars: 5001 }, "get_bars: argument 'max_bars': expected a number <= 5000, got 5001"],
    [{ symbol: 'SIM-A', from: 'soon' }, "from: expected an ISO date or time"],
    [{ symbol: 'SIM-A', source: 'csv' }, 'TRADEDESK_DATA_DIR'],
    [{ symbol: 'SIM-A', from: '2025-01-01' }, 'from is after as_of'],
  ])('refuses %j', async (args, message) => {
    const { call } = await seededMcp();
    const res = await call('get_bars', args);
    expect(res.isError).toBe(true);
    expect(textOf(res)).toContain(message);
  });
});

describe('get_indicators', () => {
  it('computes the indicators over the same bars and returns the last N values', async () => {
    const { call } = await seededMcp();
    const from = Date.UTC(2023, 0, 2);
    const to = Date.UTC(2023, 5, 30);
    const res = await call('get_indicators', { symbol: 'SIM-A', from: '2023-01-02', to: '2023-06-30', last: 3, indicators: [{ kind: 'rsi' }, { kind: 'ema', period: 10 }, { kind: 'bollinger' }] });
    const bars = await simCloses(from, to);
    const n = bars.close.length;
    const d = data(res);
    expect(d['bars']).toBe(n);
    expect(d['times']).toEqual(Array.from(bars.time.subarray(n - 3), (t) => new Date(t).toISOString()));
    const inds = d['indicators'] as { name: string; lines: Record<string, number[]> }[];
    expect(inds.map((i) => i.name)).toEqual(['rsi(14)', 'ema(10)', 'bollinger(20,2)']);
    expect(inds[0]!.lines['value']).toEqual(Array.from(rsi(bars.close, 14).subarray(n - 3)));
    expect(inds[1]!.lines['value']).toEqual(Array.from(ema(bars.close, 10).subarray(n - 3)));
    expect(Object.keys(inds[2]!.lines)).toEqual(['upper', 'middle', 'lower']);
  });

  it('gives null during warm-up', async () => {
    const { call } = await seededMcp();
    const res = await call('get_indicators', { symbol: 'SIM-A', max_bars: 3, last: 3, indicators: [{ kind: 'sma', period: 5 }] });
    expect((data(res)['indicators'] as { lines: Record<string, unknown[]> }[])[0]!.lines['value']).toEqual([null, null, null]);
  });

  it('refuses an unknown indicator kind', async () => {
    const { call } = await seededMcp();
    const res = await call('get_indicators', { symbol: 'SIM-A', indicators: [{ kind: 'vwap' }] });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toContain('indicators');
  });
});

// The desk's sources by name take the adjustment: one market per (provider, adjustment), split-adjusted by default,
// raw only for real providers.
import { describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/config/env.js';
import { createNamedSources } from '../../src/main/market-data.js';

const env = (() => {
  const e = loadEnv({ YAHOO_API_URL: 'http://127.0.0.1:9', POLYGON_API_KEY: 'k', POLYGON_API_URL: 'http://127.0.0.1:9' });
  if (!e.ok) throw new Error(e.error.message);
  return e.value;
})();

describe('createNamedSources', () => {
  it('builds split-adjusted providers by default and raw ones when asked, each chain saying which', () => {
    const sources = createNamedSources(env);
    const split = sources('yahoo');
    const raw = sources('yahoo', { adjustment: 'raw' });
    if (!split.ok || !raw.ok) throw new Error('not built');
    expect([split.value.label, split.value.adjustment]).toEqual(['Yahoo Finance (split-adjusted)', 'split']);
    expect([raw.value.label, raw.value.adjustment]).toEqual(['Yahoo Finance (raw prices, not split-adjusted)', 'raw']);
    const list = sources('polygon,yahoo', { adjustment: 'raw', pinned: { AAPL: 'yahoo' } });
    if (!list.ok) throw new Error(list.error.message);
    expect(list.value.label).toBe('Polygon (raw prices), then Yahoo Finance (raw prices, not split-adjusted)');
    expect(list.value.adjustment).toBe('raw');
    expect(list.value.sources?.()).toEqual({ AAPL: 'yahoo' });
    expect(sources('yahoo', { adjustment: 'split' }).ok && sources('yahoo').ok).toBe(true);
  });

  it('refuses raw for the simulated market and CSV data, and serves them as ever otherwise', () => {
    const sources = createNamedSources(env);
    const sim = sources('sim', { adjustment: 'raw' });
    expect(sim.ok ? 'built' : sim.error.message).toBe('adjustment raw: the simulated market has no split adjustment to undo (raw prices come from alpaca, polygon, yahoo)');
    const csv = sources('csv', { adjustment: 'raw' });
    expect(csv.ok ? 'built' : csv.error.code).toBe('data.adjustment');
    const plain = sources('sim');
    expect(plain.ok && plain.value.simulated && plain.value.adjustment === undefined).toBe(true);
  });
});

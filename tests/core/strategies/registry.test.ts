import { describe, expect, it } from 'vitest';
import { bindStrategy, listStrategies, STRATEGY_IDS } from '../../../src/core/strategies/registry.js';
import { NO_SIGNALS } from '../../../src/core/strategies/strategy.js';
import { sliceSeries } from '../../../src/core/domain/bar.js';
import { buildUniverse } from '../../../src/core/engine/universe.js';
import { applySignal, bind, realSeries, realUniverse } from './helpers.js';

const ALL_IDS = [
  'trend-following',
  'momentum-rotation',
  'mean-reversion',
  'breakout',
  'volatility-breakout',
  'relative-strength',
  'sector-rotation',
  'dual-momentum',
  'ma-envelope',
  'bollinger-bands',
];

describe('strategy registry', () => {
  it('lists the ten strategies in a fixed order', () => {
    expect([...STRATEGY_IDS]).toEqual(ALL_IDS);
    expect(listStrategies().map((s) => s.id)).toEqual(ALL_IDS);
  });

  it.each(ALL_IDS)('%s has a title, a description and defaults equal to binding with no params', (id) => {
    const info = listStrategies().find((s) => s.id === id)!;
    expect(info.title.length).toBeGreaterThan(0);
    expect(info.description.length).toBeGreaterThan(80);
    const bound = bind(id);
    expect(bound.id).toBe(id);
    expect(bound.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(bound.params).toEqual(info.defaults);
    expect(bound.minBars).toBeGreaterThan(1);
  });

  it.each(['nope', 'Trend-Following', 'toString', '__proto__', ''])('rejects unknown id %j listing all ten ids', (id) => {
    expect(bindStrategy(id, {})).toEqual({
      ok: false,
      error: { code: 'strategy.unknown', message: `unknown strategy '${id}'; valid: ${ALL_IDS.join(', ')}`, details: { id } },
    });
  });

  it('reports bad params as strategy.params with the strategy id in details', () => {
    expect(bindStrategy('breakout', { entryPeriod: -1 })).toEqual({
      ok: false,
      error: {
        code: 'strategy.params',
        message: "breakout: param 'entryPeriod' expected an integer between 2 and 1000, got -1",
        details: { id: 'breakout' },
      },
    });
  });

  it('only relative-strength needs data symbols (its benchmark)', () => {
    for (const id of ALL_IDS) {
      expect(bind(id).dataSymbols, id).toEqual(id === 'relative-strength' ? ['SPY'] : []);
    }
  });

  it.each(ALL_IDS)('%s returns the shared NO_SIGNALS on quiet steps and never throws on ORCL + GOOG', (id) => {
    const bound = bind(id, id === 'relative-strength' ? { benchmark: 'GOOG' } : {});
    const u = realUniverse(['ORCL', 'GOOG'], id === 'relative-strength' ? ['GOOG'] : []);
    const decide = bound.prepare(u);
    const holdings = new Map<string, number>();
    let quiet = 0;
    let loud = 0;
    for (let t = 0; t < u.times.length; t++) {
      const signals = decide(t, holdings);
      if (signals.length === 0) {
        expect(signals).toBe(NO_SIGNALS);
        quiet++;
      } else {
        loud++;
        for (const s of signals) applySignal(holdings, s.symbol, s.action);
      }
    }
    expect(quiet).toBeGreaterThan(loud);
    expect(loud).toBeGreaterThan(0);
  });

  it.each(ALL_IDS)('%s prepares and decides without throwing on histories shorter than minBars', (id) => {
    for (const n of [0, 1, 5, 12]) {
      const orcl = sliceSeries(realSeries('ORCL'), 0, n);
      const goog = sliceSeries(realSeries('GOOG'), 0, n);
      const bound = bind(id, id === 'relative-strength' ? { benchmark: 'GOOG' } : {});
      const u = buildUniverse([orcl, goog], [true, id !== 'relative-strength']);
      const decide = bound.prepare(u);
      for (let t = 0; t < u.times.length; t++) expect(decide(t, new Map())).toBe(NO_SIGNALS);
    }
  });
});

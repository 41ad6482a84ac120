import { describe, expect, it } from 'vitest';
import { runBacktest } from '../../../src/core/engine/backtest.js';
import { buildUniverse } from '../../../src/core/engine/universe.js';
import { createPlannerContext, planIteration } from '../../../src/core/engine/plan.js';
import { createEngineState } from '../../../src/core/engine/state.js';
import { applyFill } from '../../../src/core/engine/book.js';
import { parseRules, type Rule } from '../../../src/core/risk/rules.js';
import { config, flat, scripted, series } from '../../helpers/scripted.js';

const rules = (doc: unknown[]): Rule[] => {
  const r = parseRules(doc);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('hard gates', () => {
  it('halts new entries once drawdown from peak reaches 25%, for the rest of the run', () => {
    // Enter at 100, crash to 30 (a 40% position loses 70% -> equity down 28%), exit, then try again twice.
    const rows = [...flat(2, 100), [30, 30, 30, 30], ...flat(10, 30)] as [number, number, number, number][];
    const r = runBacktest(buildUniverse([series('X', rows)], [true]), config(scripted({
      0: [['X', 'enter_long']], 3: [['X', 'exit_long']], 6: [['X', 'enter_long']], 9: [['X', 'enter_long']],
    })), 10_000);
    expect(r.trades).toHaveLength(1);
    expect(r.events.map((e) => e.kind)).toEqual(['halt']);
    expect(r.blocked.map((b) => b.by)).toEqual(['gate:max-drawdown', 'gate:max-drawdown']);
    expect(r.blocked[0]!.observed).toBeCloseTo(28, 6);
    expect(r.blocked[0]!.limit).toBe(25);
  });

  it('reports the limit gates in shadow mode but lets the entries through', () => {
    const rows = [...flat(2, 100), [30, 30, 30, 30], ...flat(10, 30)] as [number, number, number, number][];
    const r = runBacktest(buildUniverse([series('X', rows)], [true]), config(scripted({
      0: [['X', 'enter_long']], 3: [['X', 'exit_long']], 6: [['X', 'enter_long']],
    }), { gatesMode: 'shadow' }), 10_000);
    expect(r.openPositions).toHaveLength(1);
    expect(r.blocked[0]).toMatchObject({ by: 'gate:max-drawdown', shadow: true });
  });

  it('blocks entries for the rest of a day that lost 5% and allows them the next day', () => {
    const rows = [...flat(2, 100), [100, 100, 80, 80], [80, 80, 80, 80], ...flat(3, 80)] as [number, number, number, number][];
    // 40% position loses 20% on day 2 -> equity -8% on the day.
    const r = runBacktest(buildUniverse([series('X', rows), series('Y', flat(rows.length, 10))], [true, true]), config(scripted({
      0: [['X', 'enter_long']], 2: [['X', 'exit_long'], ['Y', 'enter_long']], 3: [['Y', 'enter_long']],
    })), 10_000);
    expect(r.blocked.map((b) => [b.by, b.symbol])).toEqual([['gate:daily-loss', 'Y']]);
  });

  it('caps an entry to keep the 10% cash reserve', () => {
    const r = runBacktest(buildUniverse([series('X', flat(4, 10)), series('Y', flat(4, 10))], [true, true]),
      config(scripted({ 0: [['X', 'enter_long']], 1: [['Y', 'enter_long']] }), { sizing: { kind: 'percent', pct: 50 } }), 10_000);
    const y = r.openPositions.find((p) => p.symbol === 'Y')!;
    expect(y.qty).toBe(400); // 5,000 cash left, reserve 1,000 -> 400 shares at 10
  });

  it('never blocks an exit, even with the kill switch on', () => {
    const u = buildUniverse([series('X', flat(5, 10))], [true]);
    const ctx = createPlannerContext(u, config(scripted({ 2: [['X', 'exit_long'], ['Z', 'enter_long']] })));
    const state = createEngineState(10_000);
    expect(applyFill(state.book, { id: 'f1', symbol: 'X', side: 'buy', qty: 10, price: 10, commission: 0, time: 0, exitReason: null }).ok).toBe(true);
    state.killSwitch = 'halted by alice';
    const plan = planIteration(ctx, state, 2)!;
    expect(plan.orders.map((o) => [o.symbol, o.intent])).toEqual([['X', 'exit']]);
    expect(plan.blocked.map((b) => b.by)).toEqual(['gate:kill-switch']);
  });
});

describe('user rules', () => {
  const u = () => buildUniverse([series('X', flat(5, 10)), series('Y', flat(5, 3))], [true, true]);
  const plan = (ruleDoc: unknown[], signals: [string, 'enter_long', number?][], timeframe: '1d' | '5m' = '1d') => {
    const ctx = createPlannerContext(u(), config(scripted({ 2: signals }), { rules: rules(ruleDoc), timeframe }));
    return planIteration(ctx, createEngineState(10_000), 2)!;
  };

  it.each([
    ['allowlist', { id: 'allow', category: 'screening', type: 'symbol_allowlist', params: { symbols: ['x'] } }, 'Y', 'rule:allow'],
    ['denylist', { id: 'deny', category: 'screening', type: 'symbol_denylist', params: { symbols: ['X'] } }, 'X', 'rule:deny'],
    ['min price', { id: 'cheap', category: 'screening', type: 'min_price', params: { usd: 5 } }, 'Y', 'rule:cheap'],
    ['halt all', { id: 'stop', category: 'emergency', type: 'halt_all', params: {} }, 'X', 'rule:stop'],
  ])('%s blocks the entry it should', (_label, rule, symbol, by) => {
    const p = plan([rule], [['X', 'enter_long'], ['Y', 'enter_long']]);
    expect(p.blocked.map((b) => [b.symbol, b.by])).toContainEqual([symbol, by]);
    expect(p.orders.map((o) => o.symbol)).not.toContain(symbol);
  });

  it('min_confidence compares the signal confidence with the limit and says both', () => {
    const p = plan([{ id: 'conf', category: 'strategy', type: 'min_confidence', params: { min: 0.6 } }], [['X', 'enter_long', 0.4], ['Y', 'enter_long', 0.9]]);
    expect(p.blocked).toEqual([expect.objectContaining({ symbol: 'X', by: 'rule:conf', observed: 0.4, limit: 0.6 })]);
    expect(p.orders.map((o) => o.symbol)).toEqual(['Y']);
  });

  it('max_open_positions counts entries planned in the same iteration', () => {
    const p = plan([{ id: 'one', category: 'risk', type: 'max_open_positions', params: { max: 1 } }], [['X', 'enter_long'], ['Y', 'enter_long']]);
    expect(p.orders.map((o) => o.symbol)).toEqual(['X']);
    expect(p.blocked[0]).toMatchObject({ symbol: 'Y', by: 'rule:one', observed: 1, limit: 1 });
  });

  it('a shadow rule reports what it would block and lets the entry through', () => {
    const p = plan([{ id: 'deny', category: 'screening', type: 'symbol_denylist', params: { symbols: ['X'] }, shadow: true }], [['X', 'enter_long']]);
    expect(p.orders.map((o) => o.symbol)).toEqual(['X']);
    expect(p.blocked[0]).toMatchObject({ by: 'rule:deny', shadow: true });
  });

  it('rules apply only to their symbol scope', () => {
    const p = plan([{ id: 'stop', category: 'emergency', type: 'halt_all', params: {}, symbols: ['Y'] }], [['X', 'enter_long'], ['Y', 'enter_long']]);
    expect(p.orders.map((o) => o.symbol)).toEqual(['X']);
  });

  it('the first enforced rule by priority is the one reported', () => {
    const p = plan([
      { id: 'later', category: 'emergency', type: 'halt_all', params: {}, priority: 9 },
      { id: 'first', category: 'screening', type: 'symbol_denylist', params: { symbols: ['X'] }, priority: 1 },
    ], [['X', 'enter_long']]);
    expect(p.blocked.map((b) => b.by)).toEqual(['rule:first']);
  });

  it('a blackout window blocks intraday entries decided inside it (exchange time)', () => {
    // 5m bars from 2020-01-01 00:00 UTC; step 2 closes at 00:15 UTC = 19:15 New York.
    const p = plan([{ id: 'night', category: 'timing', type: 'blackout_window', params: { start: '19:00', end: '20:00' } }], [['X', 'enter_long']], '5m');
    expect(p.blocked.map((b) => b.by)).toEqual(['rule:night']);
  });
});

describe('quant check record', () => {
  it('forgets trades older than a year, so a bad record cannot lock a min_confidence rule out forever', () => {
    // Five losing round trips (enter at 100, exit at 97), then entry signals every 60 days for three years.
    const rows: [number, number, number, number][] = [];
    const script: Record<number, [string, 'enter_long' | 'exit_long', number][]> = {};
    for (let k = 0; k < 5; k++) {
      rows.push([100, 100, 100, 100], [100, 100, 100, 100], [97, 97, 97, 97], [97, 97, 97, 97]);
      script[k * 4] = [['X', 'enter_long', 0.6]];
      script[k * 4 + 1] = [['X', 'exit_long', 0.6]];
    }
    const start = rows.length;
    for (let d = 0; d < 3 * 365; d++) rows.push([100, 100, 100, 100]);
    for (let d = 30; d < 3 * 365; d += 60) script[start + d] = [['X', 'enter_long', 0.6]];
    const r = runBacktest(buildUniverse([series('X', rows)], [true]), config(scripted(script), {
      rules: rules([{ id: 'conf', category: 'strategy', type: 'min_confidence', params: { min: 0.5 } }]),
      quant: { enabled: true, window: 20, maxAgeDays: 365, minTrades: 5 },
      sizing: { kind: 'percent', pct: 10 },
    }), 100_000);
    const blocked = r.blocked.filter((b) => b.by === 'rule:conf');
    expect(blocked.length).toBeGreaterThan(0);
    expect(r.openPositions).toHaveLength(1); // entries resumed once the losing trades were a year old
    expect(r.openPositions[0]!.entryTime - blocked[0]!.time).toBeLessThan(400 * 86_400_000);
  });
});

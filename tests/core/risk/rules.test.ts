import { describe, expect, it } from 'vitest';
import { activeRulesInOrder, parseRules } from '../../../src/core/risk/rules.js';
import { capExitQty, gateLimitsSchema } from '../../../src/core/risk/gates.js';
import { inWindow, newYorkOffsetMs } from '../../../src/core/risk/exchange-time.js';

const base = { id: 'r1', category: 'risk', type: 'max_position_pct', params: { pct: 20 } };

describe('rule schema', () => {
  it('fills defaults: priority 5, active, not shadow', () => {
    const r = parseRules([base]);
    expect(r.ok && r.value[0]).toMatchObject({ priority: 5, active: true, shadow: false });
  });

  it('accepts { "rules": [...] } as well as a bare array', () => {
    expect(parseRules({ rules: [base] }).ok).toBe(true);
  });

  it.each([
    ['a bad parameter', [{ ...base, params: { pct: 150 } }], 'rules[0].params.pct:'],
    ['a missing parameter', [{ ...base, params: {} }], 'rules[0].params.pct:'],
    ['an unknown parameter', [{ ...base, params: { pct: 5, pcnt: 3 } }], 'rules[0].params:'],
    ['a type in the wrong category', [{ ...base, category: 'timing' }], "rules[0].category: rule type 'max_position_pct' belongs to category 'risk'"],
    ['an unknown type', [{ ...base, type: 'max_fun' }], "rules[0].type: unknown rule type 'max_fun'; valid: max_position_pct"],
    ['a priority out of range', [base, { ...base, id: 'r2', priority: 11 }], 'rules[1].priority:'],
    ['a duplicate id', [base, base], "rules[1].id: duplicate rule id 'r1'"],
    ['a bad blackout time', [{ id: 'b', category: 'timing', type: 'blackout_window', params: { start: '9:30', end: '09:35' } }], 'rules[0].params.start: expected HH:MM'],
    ['not a list', 'nope', 'expected a JSON array of rules'],
  ])('points at the bad field for %s', (_label, doc, message) => {
    const r = parseRules(doc);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.error.message).toContain(message);
  });

  it('orders active rules by priority (1 first) and drops inactive ones', () => {
    const r = parseRules([
      { ...base, id: 'c', priority: 7 },
      { ...base, id: 'a', priority: 2 },
      { ...base, id: 'off', priority: 1, active: false },
      { ...base, id: 'b', priority: 2 },
    ]);
    expect(r.ok && activeRulesInOrder(r.value).map((x) => x.id)).toEqual(['a', 'b', 'c']);
  });
});

describe('gate limits', () => {
  it('may be tightened but never loosened', () => {
    expect(gateLimitsSchema.safeParse({ maxDrawdownPct: 10 }).success).toBe(true);
    expect(gateLimitsSchema.safeParse({ maxDrawdownPct: 30 }).success).toBe(false);
    expect(gateLimitsSchema.safeParse({ minCashReservePct: 5 }).success).toBe(false);
    expect(gateLimitsSchema.safeParse({ minCashReservePct: 20 }).success).toBe(true);
  });
});

describe('exchange time', () => {
  it.each([
    ['winter (EST)', Date.UTC(2024, 0, 15, 14, 32), true],
    ['summer (EDT)', Date.UTC(2024, 6, 15, 13, 32), true],
    ['before the window', Date.UTC(2024, 6, 15, 13, 29), false],
    ['at the end (exclusive)', Date.UTC(2024, 6, 15, 13, 35), false],
  ])('places 09:30-09:35 New York correctly in %s', (_label, t, expected) => {
    expect(inWindow(t, '09:30', '09:35', 'America/New_York')).toBe(expected);
  });

  it('switches DST on the second Sunday of March and the first Sunday of November', () => {
    expect(newYorkOffsetMs(Date.UTC(2024, 2, 10, 6, 59))).toBe(-5 * 3_600_000);
    expect(newYorkOffsetMs(Date.UTC(2024, 2, 10, 7, 0))).toBe(-4 * 3_600_000);
    expect(newYorkOffsetMs(Date.UTC(2024, 10, 3, 5, 59))).toBe(-4 * 3_600_000);
    expect(newYorkOffsetMs(Date.UTC(2024, 10, 3, 6, 0))).toBe(-5 * 3_600_000);
  });
});

describe('integrity gates', () => {
  it.each([
    ['sell within a long', 'sell', 10, 10, 10, null],
    ['sell more than held', 'sell', 15, 10, 10, 'gate:no-oversell'],
    ['sell with nothing held', 'sell', 5, 0, 0, 'gate:no-oversell'],
    ['sell against a short', 'sell', 5, -5, 0, 'gate:no-oversell'],
    ['cover more than short', 'buy', 8, -5, 5, 'gate:no-overcover'],
    ['cover within a short', 'buy', 5, -5, 5, null],
  ] as const)('%s', (_label, side, requested, held, qty, by) => {
    const r = capExitQty(side, requested, held);
    expect(r.qty).toBe(qty);
    expect(r.verdicts[0]?.by ?? null).toBe(by);
    if (by !== null) expect(r.verdicts[0]).toMatchObject({ observed: requested, limit: qty });
  });
});

import { describe, expect, it } from 'vitest';
import { budgetStop, formatUsd, monthBounds, monthLabel, monthOf, parseMonth, previousMonth } from '../../../src/app/workspace/usage.js';

describe('months (UTC calendar months)', () => {
  it.each([
    [Date.UTC(2024, 10, 30, 23, 59, 59, 999), '2024-11'],
    [Date.UTC(2024, 11, 1), '2024-12'],
    [Date.UTC(2024, 0, 1), '2024-01'],
  ])('puts %i in %s', (ms, month) => {
    expect(monthOf(ms)).toBe(month);
  });

  it.each([['2024-03', '2024-02'], ['2024-01', '2023-12'], ['2000-12', '2000-11']])('the month before %s is %s', (m, before) => {
    expect(previousMonth(m)).toBe(before);
  });

  it('bounds a month as [first day, first day of the next month)', () => {
    expect(monthBounds('2024-02')).toEqual({ fromMs: Date.UTC(2024, 1, 1), toMs: Date.UTC(2024, 2, 1) });
    expect(monthBounds('2024-12')).toEqual({ fromMs: Date.UTC(2024, 11, 1), toMs: Date.UTC(2025, 0, 1) });
  });

  it.each([['2024-11', 'November 2024'], ['2025-01', 'January 2025']])('labels %s as %s', (m, label) => {
    expect(monthLabel(m)).toBe(label);
  });

  it.each(['2024-13', '2024-00', '24-11', '2024-1', 'november'])('refuses %j as a month', (m) => {
    const parsed = parseMonth(m);
    expect(!parsed.ok && parsed.error.code).toBe('usage.bad_month');
  });
});

describe('formatUsd', () => {
  it.each([[0, '$0.00'], [0.004, '$0.0040'], [0.0123, '$0.01'], [12.5, '$12.50'], [1234.567, '$1,234.57']])('formats %f as %s', (x, text) => {
    expect(formatUsd(x)).toBe(text);
  });
});

describe('budgetStop', () => {
  const own = (limitUsd: number | null) => ({ limitUsd, source: limitUsd === null ? 'none' as const : 'workspace' as const });

  it.each([
    ['no cap', own(null), 1e6],
    ['under the cap', own(10), 9.99],
  ])('lets the analyst call Claude with %s', (_what, budget, spent) => {
    expect(budgetStop(budget, spent, '2024-11')).toBeNull();
  });

  it('stops at the cap and over it, with the spend, the budget, the month and how to raise it', () => {
    const text = 'This workspace has used $10.00 of its $10.00 analyst budget for November 2024; an admin can raise it with /settings budget.';
    expect(budgetStop(own(10), 10, '2024-11')).toBe(text);
    expect(budgetStop(own(10), 12.345, '2024-11')).toContain('used $12.35 of its $10.00');
  });

  it('says when the cap is the desk default', () => {
    expect(budgetStop({ limitUsd: 5, source: 'default' }, 5, '2024-11')).toContain('$5.00 analyst budget (the desk default) for November 2024');
  });

  it('says Claude is off for a $0 budget', () => {
    expect(budgetStop(own(0), 0, '2024-11')).toBe('Claude is switched off for this workspace: its analyst budget for November 2024 is $0; an admin can raise it with /settings budget.');
  });
});

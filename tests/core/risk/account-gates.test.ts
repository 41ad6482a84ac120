import { describe, expect, it } from 'vitest';
import { checkAccountOrder, DEFAULT_ACCOUNT_LIMITS, tightenAccountLimits, type AccountView } from '../../../src/core/risk/account-gates.js';

const NOW = 1_000_000_000;
const calm: AccountView = { equity: 100_000, buyingPower: 50_000, grossExposure: 40_000, startOfDayEquity: 100_000, peakEquity: 100_000, recentOrders: [] };

describe('account gates', () => {
  it('lets an entry the account can pay for, within every limit, through', () => {
    expect(checkAccountOrder({ intent: 'entry', notional: 10_000 }, calm, DEFAULT_ACCOUNT_LIMITS, NOW)).toEqual([]);
  });

  it('never sends an order the account cannot pay for', () => {
    const [v] = checkAccountOrder({ intent: 'entry', notional: 60_000 }, calm, DEFAULT_ACCOUNT_LIMITS, NOW);
    expect(v).toMatchObject({ by: 'account:buying-power', observed: 60_000, limit: 50_000, action: 'entry_blocked' });
  });

  it('blocks entries across all the runs once the account\'s day loss or drawdown reaches its limit', () => {
    const down = { ...calm, equity: 94_000, peakEquity: 130_000 };
    const by = checkAccountOrder({ intent: 'entry', notional: 1_000 }, down, DEFAULT_ACCOUNT_LIMITS, NOW).map((v) => v.by);
    expect(by).toEqual(['account:daily-loss', 'account:max-drawdown']);
  });

  it('caps the account\'s gross exposure, counting the new order', () => {
    const [v] = checkAccountOrder({ intent: 'entry', notional: 45_000 }, { ...calm, buyingPower: 200_000, grossExposure: 60_000 }, DEFAULT_ACCOUNT_LIMITS, NOW);
    expect(v).toMatchObject({ by: 'account:max-exposure', observed: 105, limit: 100 });
  });

  it('never blocks an exit on losses, but counts it towards the order rate', () => {
    const busy = { ...calm, equity: 50_000, recentOrders: Array.from({ length: 60 }, (_, i) => NOW - i * 500) };
    const verdicts = checkAccountOrder({ intent: 'exit', notional: 1e9 }, busy, DEFAULT_ACCOUNT_LIMITS, NOW);
    expect(verdicts.map((v) => v.by)).toEqual(['account:order-rate']);
    const later = checkAccountOrder({ intent: 'exit', notional: 1 }, busy, DEFAULT_ACCOUNT_LIMITS, NOW + 61_000);
    expect(later).toEqual([]);
  });

  it('takes a tighter limit at once, and refuses a looser one as needing a second admin', () => {
    const tighter = tightenAccountLimits(DEFAULT_ACCOUNT_LIMITS, { dailyLossPct: 2 });
    expect(tighter.ok && tighter.value.dailyLossPct).toBe(2);
    if (!tighter.ok) throw new Error(tighter.error.message);
    const looser = tightenAccountLimits(tighter.value, { dailyLossPct: 4 });
    expect(looser.ok ? null : looser.error).toMatchObject({ code: 'risk.loosen_needs_approval', message: 'dailyLossPct 2 -> 4 loosens an account limit: a second admin must approve it' });
    const beyond = tightenAccountLimits(DEFAULT_ACCOUNT_LIMITS, { maxExposurePct: 300 });
    expect(beyond.ok ? null : beyond.error.code).toBe('risk.limit_invalid');
  });
});

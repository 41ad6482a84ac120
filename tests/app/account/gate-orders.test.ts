// The account gates before a run's orders go to a real broker account: the account as the broker reports it, the
// marks the desk keeps (start-of-day and peak equity, orders in the last minute) and the workspace's limits.
import { describe, expect, it } from 'vitest';
import { gateAccountOrders, grossExposure, markedAccount, type AccountOrderIntent } from '../../../src/app/account/gate-orders.js';
import type { Broker, BrokerAccount, BrokerPosition } from '../../../src/app/broker/ports.js';
import { fail, ok, type Result } from '../../../src/core/domain/result.js';
import { DEFAULT_ACCOUNT_LIMITS } from '../../../src/core/risk/account-gates.js';
import type { RunBroker } from '../../../src/core/runs/run-broker.js';
import { createMemoryAccountRisk } from '../../helpers/memory-account-risk.js';

const NOW = Date.UTC(2026, 11, 7, 15, 0, 0);
const WS = { platform: 'console', externalId: 'a', name: 'a' } as const;
const PAPER: RunBroker = { name: 'alpaca', account: 'paper' };
const LIVE: RunBroker = { name: 'alpaca', account: 'live' };

/** A broker account that only answers account() and positions(); the gate never sends anything. */
function stubBroker(account: Result<BrokerAccount>, positions: Result<readonly BrokerPosition[]> = ok([])): Broker & { calls: string[] } {
  const calls: string[] = [];
  const never = (what: string) => async () => { throw new Error(`the gate must not ${what}`); };
  return {
    calls,
    capabilities: { partialFills: true },
    submit: never('submit'),
    cancel: never('cancel'),
    getOrder: never('look up orders'),
    positions: async () => (calls.push('positions'), positions),
    account: async () => (calls.push('account'), account),
    cashActivities: never('read cash activities'),
    onOrderUpdate: () => () => undefined,
  };
}

const money = (equity: number, buyingPower = equity): Result<BrokerAccount> => ok({ cash: buyingPower, buyingPower, equity });
const entry = (id: string, symbol: string, qty: number, price: number): AccountOrderIntent => ({ clientOrderId: id, intent: 'entry', symbol, side: 'buy', qty, price });
const exit = (id: string, symbol: string, qty: number, price: number): AccountOrderIntent => ({ clientOrderId: id, intent: 'exit', symbol, side: 'sell', qty, price });

describe('gateAccountOrders', () => {
  it('allows orders the account can pay for, spending buying power order by order', async () => {
    const accountRisk = createMemoryAccountRisk();
    const broker = stubBroker(money(100_000, 25_000));
    const gated = await gateAccountOrders({ accountRisk }, {
      workspace: WS, broker: PAPER, account: broker, now: NOW,
      orders: [entry('o1', 'AAPL', 100, 150), entry('o2', 'MSFT', 30, 400), entry('o3', 'SPY', 10, 500)],
    });
    expect(gated.ok).toBe(true);
    if (!gated.ok) return;
    // 15,000 then 12,000 would leave -2,000: o2 is blocked; o3 (5,000) still fits in the 10,000 left.
    expect(gated.value.allowed).toEqual(['o1', 'o3']);
    expect(gated.value.blocked.map((b) => [b.clientOrderId, b.verdicts.map((v) => v.by)])).toEqual([['o2', ['account:buying-power']]]);
    expect(broker.calls.sort()).toEqual(['account', 'positions']);
    // The allowed orders are recorded as sent now; the day starts from the equity now.
    expect(accountRisk.marks(WS, PAPER)).toEqual({ day: '2026-12-07', startOfDayEquity: 100_000, peakEquity: 100_000, recentOrders: [NOW, NOW] });
    expect(accountRisk.marks(WS, LIVE).recentOrders).toEqual([]);
  });

  it('adds each allowed entry to the exposure the next one is checked against', async () => {
    const accountRisk = createMemoryAccountRisk();
    accountRisk.seed(WS, PAPER, { limits: { ...DEFAULT_ACCOUNT_LIMITS, maxExposurePct: 50 } });
    // 40,000 held in AAPL, priced at the order's 200 rather than its average 100: 40% of 100,000.
    const broker = stubBroker(money(100_000), ok([{ symbol: 'AAPL', qty: 200, avgPrice: 100 }]));
    const gated = await gateAccountOrders({ accountRisk }, {
      workspace: WS, broker: PAPER, account: broker, now: NOW,
      orders: [entry('o1', 'AAPL', 25, 200), entry('o2', 'MSFT', 20, 300), exit('o3', 'AAPL', 200, 200)],
    });
    if (!gated.ok) throw new Error(gated.error.message);
    // o1 takes it to 45%; o2 (6,000) would make 51%; the exit is never blocked by exposure.
    expect(gated.value.allowed).toEqual(['o1', 'o3']);
    expect(gated.value.blocked[0]).toMatchObject({ clientOrderId: 'o2', verdicts: [{ by: 'account:max-exposure', limit: 50 }] });
  });

  it('blocks entries, not exits, once the account is down its daily loss from the start of the UTC day', async () => {
    const accountRisk = createMemoryAccountRisk();
    accountRisk.seed(WS, LIVE, { marks: { day: '2026-12-07', startOfDayEquity: 100_000, peakEquity: 110_000, recentOrders: [] } });
    const down = stubBroker(money(94_000));
    const gated = await gateAccountOrders({ accountRisk }, { workspace: WS, broker: LIVE, account: down, now: NOW, orders: [entry('o1', 'AAPL', 1, 100), exit('o2', 'MSFT', 1, 100)] });
    if (!gated.ok) throw new Error(gated.error.message);
    expect(gated.value.allowed).toEqual(['o2']);
    expect(gated.value.blocked[0]!.verdicts.map((v) => v.by)).toEqual(['account:daily-loss']);
    expect(accountRisk.marks(WS, LIVE)).toMatchObject({ startOfDayEquity: 100_000, peakEquity: 110_000 });

    // The next UTC day starts from the equity then: the same account trades again.
    const tomorrow = NOW + 24 * 3_600_000;
    const next = await gateAccountOrders({ accountRisk }, { workspace: WS, broker: LIVE, account: down, now: tomorrow, orders: [entry('o3', 'AAPL', 1, 100)] });
    expect(next.ok && next.value.allowed).toEqual(['o3']);
    expect(accountRisk.marks(WS, LIVE)).toMatchObject({ day: '2026-12-08', startOfDayEquity: 94_000, peakEquity: 110_000 });
  });

  it('blocks entries past the drawdown from the peak equity it keeps', async () => {
    const accountRisk = createMemoryAccountRisk();
    accountRisk.seed(WS, PAPER, { limits: { ...DEFAULT_ACCOUNT_LIMITS, maxDrawdownPct: 10 }, marks: { day: '2026-12-06', startOfDayEquity: 90_000, peakEquity: 100_000, recentOrders: [] } });
    const gated = await gateAccountOrders({ accountRisk }, { workspace: WS, broker: PAPER, account: stubBroker(money(89_000)), now: NOW, orders: [entry('o1', 'AAPL', 1, 100)] });
    expect(gated.ok && gated.value.blocked[0]!.verdicts.map((v) => v.by)).toEqual(['account:max-drawdown']);
  });

  it('counts every allowed order toward the rate, across calls, forgetting those older than a minute', async () => {
    const accountRisk = createMemoryAccountRisk();
    accountRisk.seed(WS, PAPER, { limits: { ...DEFAULT_ACCOUNT_LIMITS, maxOrdersPerMinute: 3 }, marks: { day: '2026-12-07', startOfDayEquity: 100_000, peakEquity: 100_000, recentOrders: [NOW - 61_000, NOW - 30_000] } });
    const broker = stubBroker(money(100_000));
    const first = await gateAccountOrders({ accountRisk }, { workspace: WS, broker: PAPER, account: broker, now: NOW, orders: [exit('x1', 'AAPL', 1, 100), entry('e1', 'MSFT', 1, 100), entry('e2', 'SPY', 1, 100)] });
    if (!first.ok) throw new Error(first.error.message);
    // One order in the last minute already: two more fit, the third is over the rate.
    expect(first.value.allowed).toEqual(['x1', 'e1']);
    expect(first.value.blocked.map((b) => [b.clientOrderId, b.verdicts.map((v) => v.by)])).toEqual([['e2', ['account:order-rate']]]);
    expect(accountRisk.marks(WS, PAPER).recentOrders).toEqual([NOW - 30_000, NOW, NOW]);
    // Another run on the same account a second later shares the rate; 31 s later the oldest has left the window.
    const second = await gateAccountOrders({ accountRisk }, { workspace: WS, broker: PAPER, account: broker, now: NOW + 1_000, orders: [entry('e3', 'QQQ', 1, 100)] });
    expect(second.ok && second.value.allowed).toEqual([]);
    const later = await gateAccountOrders({ accountRisk }, { workspace: WS, broker: PAPER, account: broker, now: NOW + 31_000, orders: [entry('e4', 'QQQ', 1, 100)] });
    expect(later.ok && later.value.allowed).toEqual(['e4']);
  });

  it('never lets an entry without a usable price through', async () => {
    const accountRisk = createMemoryAccountRisk();
    const gated = await gateAccountOrders({ accountRisk }, { workspace: WS, broker: PAPER, account: stubBroker(money(100_000)), now: NOW, orders: [entry('o1', 'AAPL', 1, Number.NaN), exit('o2', 'AAPL', 1, Number.NaN)] });
    expect(gated.ok && gated.value.allowed).toEqual(['o2']);
    expect(gated.ok && gated.value.blocked[0]!.verdicts.map((v) => v.by)).toEqual(['account:order-value']);
  });

  it('answers a broker failure as the failure, recording nothing', async () => {
    const accountRisk = createMemoryAccountRisk();
    const down = stubBroker(fail('broker.unreachable', 'Alpaca: connection refused'));
    const gated = await gateAccountOrders({ accountRisk }, { workspace: WS, broker: PAPER, account: down, now: NOW, orders: [entry('o1', 'AAPL', 1, 100)] });
    expect(gated.ok ? null : gated.error).toMatchObject({ code: 'broker.unreachable' });
    const noPositions = stubBroker(money(100_000), fail('broker.unreachable', 'Alpaca: 503'));
    const again = await gateAccountOrders({ accountRisk }, { workspace: WS, broker: PAPER, account: noPositions, now: NOW, orders: [entry('o1', 'AAPL', 1, 100)] });
    expect(again.ok ? null : again.error.message).toBe('Alpaca: 503');
    expect(accountRisk.marks(WS, PAPER).recentOrders).toEqual([]);
  });
});

describe('the account marks and exposure', () => {
  it('prices each position at its order price when there is one, else its average price, short or long', () => {
    const positions = [{ symbol: 'AAPL', qty: 10, avgPrice: 100 }, { symbol: 'TSLA', qty: -5, avgPrice: 200 }];
    expect(grossExposure(positions, [entry('o', 'AAPL', 1, 150)])).toBe(10 * 150 + 5 * 200);
  });

  it('keeps the peak and the day, and only the last minute of orders', () => {
    const marks = markedAccount({ day: '2026-12-07', startOfDayEquity: 100, peakEquity: 120, recentOrders: [NOW - 60_000, NOW - 59_999, NOW + 5] }, 130, NOW);
    expect(marks).toEqual({ day: '2026-12-07', startOfDayEquity: 100, peakEquity: 130, recentOrders: [NOW - 59_999] });
  });
});

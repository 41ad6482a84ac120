// Account-level risk on a real SQLite store: limits per workspace and broker account (defaults until set), each
// change audited, and the marks read, decided and written in one step, so runs gating at once share the order rate.
import { describe, expect, it } from 'vitest';
import { gateAccountOrders } from '../../../src/app/account/gate-orders.js';
import { NO_MARKS } from '../../../src/app/account/ports.js';
import type { Broker } from '../../../src/app/broker/ports.js';
import { ok } from '../../../src/core/domain/result.js';
import { DEFAULT_ACCOUNT_LIMITS } from '../../../src/core/risk/account-gates.js';
import { createPrismaAccountRisk } from '../../../src/store/account/account-risk.js';
import { ensureWorkspace } from '../../../src/store/workspace/workspaces.js';
import { useMigratedStore } from '../helpers/repo.js';

const fixture = useMigratedStore('account-risk');
const NOW = Date.UTC(2026, 11, 7, 15);
const A = { platform: 'slack', externalId: 'T-a', name: 'A' } as const;
const B = { platform: 'slack', externalId: 'T-b', name: 'B' } as const;
const PAPER = { name: 'alpaca', account: 'paper' } as const;
const LIVE = { name: 'alpaca', account: 'live' } as const;
const by = (id: string) => ({ actor: { id, name: id, role: 'admin' as const }, channelId: 'C1', now: NOW });
const risk = () => createPrismaAccountRisk(fixture.store.prisma);
const must = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

describe('account risk in the store', () => {
  it('has the default limits until set, keeps each account and workspace apart, and audits every change', async () => {
    expect(must(await risk().limits(A, PAPER))).toEqual(DEFAULT_ACCOUNT_LIMITS);
    const tighter = { ...DEFAULT_ACCOUNT_LIMITS, dailyLossPct: 2, maxOrdersPerMinute: 10 };
    expect(must(await risk().setLimits(A, LIVE, tighter, by('ann')))).toEqual({ before: DEFAULT_ACCOUNT_LIMITS, after: tighter });
    expect(must(await risk().limits(A, LIVE))).toEqual(tighter);
    expect(must(await risk().limits(A, PAPER))).toEqual(DEFAULT_ACCOUNT_LIMITS);
    expect(must(await risk().limits(B, LIVE))).toEqual(DEFAULT_ACCOUNT_LIMITS);

    must(await risk().setLimits(A, LIVE, { ...tighter, dailyLossPct: 4 }, by('bob'), { id: 'ap1', requestedBy: 'ann' }));
    const ws = await ensureWorkspace(fixture.store.prisma, A);
    const audit = await fixture.store.prisma.auditEntry.findMany({ where: { workspaceId: ws.id, action: 'settings.account_risk' }, orderBy: { at: 'asc' } });
    expect(audit.map((e) => [e.actor, e.channel, e.target])).toEqual([['ann', 'C1', 'alpaca:live'], ['bob', 'C1', 'alpaca:live']]);
    expect(audit[1]!.details).toMatchObject({ before: { dailyLossPct: 2 }, after: { dailyLossPct: 4 }, approval: 'ap1', requestedBy: 'ann' });
  });

  it('refuses limits above the hard ceilings', async () => {
    const over = await risk().setLimits(A, PAPER, { ...DEFAULT_ACCOUNT_LIMITS, maxExposurePct: 150 }, by('ann'));
    expect(over.ok ? null : over.error.code).toBe('risk.limit_invalid');
    expect(must(await risk().limits(A, PAPER)).maxExposurePct).toBe(100);
  });

  it('keeps the marks, and two runs gating at once on one account share its order rate', async () => {
    expect(must(await risk().withMarks(B, PAPER, ({ marks }) => ({ next: marks, result: marks })))).toEqual(NO_MARKS);
    must(await risk().setLimits(B, PAPER, { ...DEFAULT_ACCOUNT_LIMITS, maxOrdersPerMinute: 3 }, by('ann')));
    const broker: Broker = {
      capabilities: { partialFills: true },
      submit: async () => { throw new Error('not sent here'); },
      cancel: async () => { throw new Error('not sent here'); },
      getOrder: async () => ok(null),
      positions: async () => ok([]),
      account: async () => ok({ cash: 100_000, buyingPower: 100_000, equity: 100_000 }),
      cashActivities: async () => ok({ activities: [], cursor: null }),
      onOrderUpdate: () => () => undefined,
    };
    const orders = (run: string) => [1, 2].map((n) => ({ clientOrderId: `${run}-${n}`, intent: 'entry' as const, symbol: 'AAPL', side: 'buy' as const, qty: 1, price: 100 }));
    const [one, two] = await Promise.all([
      gateAccountOrders({ accountRisk: risk() }, { workspace: B, broker: PAPER, account: broker, orders: orders('r1'), now: NOW }),
      gateAccountOrders({ accountRisk: createPrismaAccountRisk(fixture.store.prisma) }, { workspace: B, broker: PAPER, account: broker, orders: orders('r2'), now: NOW }),
    ]);
    const allowed = [...must(one).allowed, ...must(two).allowed];
    expect(allowed).toHaveLength(3);
    const marks = must(await risk().withMarks(B, PAPER, ({ marks: m }) => ({ next: m, result: m })));
    expect(marks).toEqual({ day: '2026-12-07', startOfDayEquity: 100_000, peakEquity: 100_000, recentOrders: [NOW, NOW, NOW] });
  });
});

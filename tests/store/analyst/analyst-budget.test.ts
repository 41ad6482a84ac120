import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor, WorkspaceRef } from '../../../src/app/chat/command.js';
import type { AnalystBudgets } from '../../../src/app/workspace/ports.js';
import type { ChangedBy } from '../../../src/app/workspace/ports.js';
import { createPrismaAnalystBudgets } from '../../../src/store/analyst/analyst-budget.js';
import { getNotificationLevels, setNotificationLevel } from '../../../src/store/outbox/notification-levels.js';
import { ensureWorkspace } from '../../../src/store/workspace/workspaces.js';
import { useMigratedStore } from '../helpers/repo.js';

const fixture = useMigratedStore('analyst-budget');
let budgets: AnalystBudgets;
let withDefault: AnalystBudgets;
beforeAll(() => {
  budgets = createPrismaAnalystBudgets(fixture.store.prisma);
  withDefault = createPrismaAnalystBudgets(fixture.store.prisma, { defaultUsd: 25 });
});

const T0 = Date.UTC(2024, 10, 5, 9);
const ADMIN: Actor = { id: 'u-admin', name: 'ada', role: 'admin' };
const by: ChangedBy = { actor: ADMIN, channelId: 'C-desk', now: T0 };
const ws = (externalId: string): WorkspaceRef => ({ platform: 'slack', externalId, name: externalId });
const idOf = async (w: WorkspaceRef) => (await ensureWorkspace(fixture.store.prisma, w)).id;
const settingsOf = async (w: WorkspaceRef) => (await fixture.store.prisma.workspace.findUnique({ where: { id: await idOf(w) }, select: { settings: true } }))?.settings;

function value<T>(res: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!res.ok) throw new Error(res.error.message);
  return res.value;
}

describe('the Prisma analyst budget', () => {
  it('has no cap until one is set, or the desk default when there is one', async () => {
    expect(value(await budgets.get(ws('fresh')))).toEqual({ limitUsd: null, source: 'none' });
    expect(value(await withDefault.get(ws('fresh')))).toEqual({ limitUsd: 25, source: 'default' });
  });

  it('sets, changes and removes the workspace cap, returning the budget before and after', async () => {
    const w = ws('set');
    expect(value(await withDefault.set(w, 50, by))).toEqual({ before: { limitUsd: 25, source: 'default' }, after: { limitUsd: 50, source: 'workspace' } });
    expect(value(await withDefault.set(w, 0, by))).toEqual({ before: { limitUsd: 50, source: 'workspace' }, after: { limitUsd: 0, source: 'workspace' } });
    expect(value(await budgets.get(w))).toEqual({ limitUsd: 0, source: 'workspace' });
    expect(value(await withDefault.set(w, null, by))).toEqual({ before: { limitUsd: 0, source: 'workspace' }, after: { limitUsd: 25, source: 'default' } });
    expect(await settingsOf(w)).toEqual({});
  });

  it('audits every change with who, where, when, from and to', async () => {
    const w = ws('audit');
    const before = Date.now();
    value(await budgets.set(w, 10, by));
    value(await budgets.set(w, null, { ...by, now: T0 + 1000 }));
    const after = Date.now();
    const audit = await fixture.store.prisma.auditEntry.findMany({ where: { workspaceId: await idOf(w) }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
    expect(audit.map((a) => [a.actor, a.channel, a.action, a.target, a.details])).toEqual([
      ['u-admin', 'C-desk', 'settings.analyst_budget', 'analystBudgetUsd', { actorName: 'ada', from: null, to: 10 }],
      ['u-admin', 'C-desk', 'settings.analyst_budget', 'analystBudgetUsd', { actorName: 'ada', from: 10, to: null }],
    ]);
    // When: the wall-clock time of the write, whatever the caller's clock says.
    for (const a of audit) expect(a.at.getTime()).toSatisfy((at: number) => at >= before && at <= after);
  });

  it('keeps every other settings key (notification levels, MCP tokens, unknown keys) through its writes', async () => {
    const w = ws('others');
    const id = await idOf(w);
    const mcpTokens = [{ id: 't1', hash: 'abc', createdAt: '2024-11-01T00:00:00.000Z' }];
    await fixture.store.prisma.workspace.update({ where: { id }, data: { settings: { theme: 'dark', mcpTokens } } });
    value(await setNotificationLevel(fixture.store.prisma, id, 'order_filled', 'silent', 'u-admin'));
    value(await budgets.set(w, 12.5, by));
    expect(await settingsOf(w)).toEqual({ theme: 'dark', mcpTokens, notificationLevels: { order_filled: 'silent' }, analystBudgetUsd: 12.5 });
    value(await setNotificationLevel(fixture.store.prisma, id, 'order_filled', 'off', 'u-admin'));
    value(await budgets.set(w, null, by));
    expect(await settingsOf(w)).toEqual({ theme: 'dark', mcpTokens, notificationLevels: { order_filled: 'off' } });
    expect(value(await getNotificationLevels(fixture.store.prisma, id)).order_filled).toBe('off');
  });

  it('refuses a negative or non-finite cap and writes nothing', async () => {
    const w = ws('bad');
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      const res = await budgets.set(w, bad, by);
      expect(!res.ok && res.error.code).toBe('settings.bad_budget');
    }
    expect(await settingsOf(w)).toBeNull();
  });

  it('refuses to guess when the stored cap is unreadable', async () => {
    const w = ws('corrupt');
    await fixture.store.prisma.workspace.update({ where: { id: await idOf(w) }, data: { settings: { analystBudgetUsd: 'fifty' } } });
    const res = await budgets.get(w);
    expect(!res.ok && res.error.code).toBe('db.corrupt_row');
  });
});

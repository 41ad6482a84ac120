// An in-memory Reconciliations for shell tests (STYLE: fakes of the ports, not vi.mock). Same rules as the Prisma
// store: at most one open difference per workspace and account, recording queues its notification, every write audited.
import type { WorkspaceRef } from '../../src/app/chat/command.js';
import type { AccountKey, CashBaseline, OpenDifference, Reconciliations, Resolution } from '../../src/app/reconcile/ports.js';
import type { NotificationDraft } from '../../src/app/runs/model.js';
import { fail, ok } from '../../src/core/domain/result.js';

export interface MemoryReconciliation extends OpenDifference {
  readonly workspace: WorkspaceRef;
  status: 'open' | 'resolved';
  resolvedBy: string | null;
  resolution: Resolution | null;
}

export interface MemoryReconciliations extends Reconciliations {
  readonly rows: MemoryReconciliation[];
  /** The notifications recording queued (to the desk channel), in order. */
  readonly posted: NotificationDraft[];
  readonly audit: { actor: string; action: string; target: string }[];
  /** The accounts' cash baselines by `platform:externalId:account`. */
  readonly cash: Map<string, CashBaseline>;
}

export function createMemoryReconciliations(): MemoryReconciliations {
  const rows: MemoryReconciliation[] = [];
  const same = (w: WorkspaceRef, x: WorkspaceRef): boolean => w.platform === x.platform && w.externalId === x.externalId;
  const openRow = (w: WorkspaceRef, account: AccountKey): MemoryReconciliation | undefined => rows.find((r) => same(r.workspace, w) && r.account === account && r.status === 'open');
  const view = (r: MemoryReconciliation): OpenDifference => structuredClone({ id: r.id, account: r.account, differences: r.differences, openedAt: r.openedAt, changedAt: r.changedAt });
  const cashKey = (w: WorkspaceRef, account: AccountKey): string => `${w.platform}:${w.externalId}:${account}`;
  const noBaseline = (account: AccountKey) => fail('reconcile.no_baseline', `The ${account} account has no cash baseline yet`);
  const store: MemoryReconciliations = {
    rows,
    cash: new Map(),
    async cashBaseline(workspace, account) {
      return ok(store.cash.get(cashKey(workspace, account)) ?? null);
    },
    async startCash(workspace, account, input) {
      const key = cashKey(workspace, account);
      const found = store.cash.get(key);
      if (found !== undefined) return ok(found);
      store.cash.set(key, { baseline: input.baseline, cursor: input.cursor });
      store.audit.push({ actor: 'desk', action: 'reconcile.cash_baseline', target: account });
      return ok(store.cash.get(key)!);
    },
    async countCash(workspace, account, input) {
      const key = cashKey(workspace, account);
      const found = store.cash.get(key);
      if (found === undefined) return noBaseline(account);
      const last = input.activities.at(-1);
      if (found.cursor !== input.from || last === undefined) return ok(found);
      store.cash.set(key, { baseline: found.baseline + input.activities.reduce((sum, a) => sum + a.amount, 0), cursor: last.id });
      store.audit.push({ actor: 'desk', action: 'reconcile.cash_activities', target: account });
      if (input.notification !== null) store.posted.push(structuredClone(input.notification));
      return ok(store.cash.get(key)!);
    },
    async adoptCash(workspace, account, input) {
      const key = cashKey(workspace, account);
      const found = store.cash.get(key);
      if (found === undefined) return noBaseline(account);
      store.cash.set(key, { ...found, baseline: found.baseline + input.delta });
      store.audit.push({ actor: input.by, action: 'reconcile.adopt_cash', target: account });
      return ok(store.cash.get(key)!);
    },
    posted: [],
    audit: [],
    async open(workspace, account) {
      const r = openRow(workspace, account);
      return ok(r === undefined ? null : view(r));
    },
    async record(workspace, account, input) {
      const found = openRow(workspace, account);
      let row: MemoryReconciliation;
      if (found === undefined) {
        row = { id: `recon-${rows.length + 1}`, workspace, account, differences: structuredClone(input.differences), openedAt: input.now, changedAt: input.now, status: 'open', resolvedBy: null, resolution: null };
        rows.push(row);
      } else {
        row = Object.assign(found, { differences: structuredClone(input.differences), changedAt: input.now });
      }
      store.audit.push({ actor: 'desk', action: found === undefined ? 'reconcile.difference' : 'reconcile.changed', target: account });
      store.posted.push(structuredClone(input.notification));
      return ok(view(row));
    },
    async resolve(workspace, account, input) {
      const r = openRow(workspace, account);
      if (r === undefined) return ok(false);
      Object.assign(r, { status: 'resolved', resolvedBy: input.by, resolution: input.how });
      store.audit.push({ actor: input.by, action: 'reconcile.resolve', target: account });
      return ok(true);
    },
    async allOpen() {
      return ok(rows.filter((r) => r.status === 'open').map((r) => ({ workspace: r.workspace, account: r.account })));
    },
  };
  return store;
}

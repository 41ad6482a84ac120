// An in-memory Reconciliations for shell tests (STYLE: fakes of the ports, not vi.mock). Same rules as the Prisma
// store: at most one open difference per workspace and account, recording queues its notification, every write audited.
import type { WorkspaceRef } from '../../src/app/chat/command.js';
import type { AccountKey, OpenDifference, Reconciliations, Resolution } from '../../src/app/reconcile/ports.js';
import type { NotificationDraft } from '../../src/app/runs/model.js';
import { ok } from '../../src/core/domain/result.js';

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
}

export function createMemoryReconciliations(): MemoryReconciliations {
  const rows: MemoryReconciliation[] = [];
  const same = (w: WorkspaceRef, x: WorkspaceRef): boolean => w.platform === x.platform && w.externalId === x.externalId;
  const openRow = (w: WorkspaceRef, account: AccountKey): MemoryReconciliation | undefined => rows.find((r) => same(r.workspace, w) && r.account === account && r.status === 'open');
  const view = (r: MemoryReconciliation): OpenDifference => structuredClone({ id: r.id, account: r.account, differences: r.differences, openedAt: r.openedAt, changedAt: r.changedAt });
  const store: MemoryReconciliations = {
    rows,
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

// Account-level risk in memory, for use-case and command tests: limits and marks per workspace and broker account,
// as the store keeps them (src/store/account/account-risk.ts, tested on SQLite in tests/store/account). Every
// change of limits is kept in `changes`, as the store audits it.
import type { WorkspaceRef } from '../../src/app/chat/command.js';
import { accountKey, NO_MARKS, type AccountMarks, type AccountRisk, type LimitsApproval } from '../../src/app/account/ports.js';
import { fail, ok } from '../../src/core/domain/result.js';
import { accountLimitsSchema, DEFAULT_ACCOUNT_LIMITS, type AccountLimits } from '../../src/core/risk/account-gates.js';
import type { RunBroker } from '../../src/core/runs/run-broker.js';

export interface MemoryAccountRisk extends AccountRisk {
  readonly changes: { account: string; actor: string; before: AccountLimits; after: AccountLimits; approval?: LimitsApproval }[];
  marks(workspace: WorkspaceRef, broker: RunBroker): AccountMarks;
  seed(workspace: WorkspaceRef, broker: RunBroker, state: { limits?: AccountLimits; marks?: AccountMarks }): void;
}

export function createMemoryAccountRisk(): MemoryAccountRisk {
  const rows = new Map<string, { limits: AccountLimits; marks: AccountMarks }>();
  const key = (w: WorkspaceRef, b: RunBroker): string => `${w.platform}:${w.externalId}:${accountKey(b)}`;
  const get = (w: WorkspaceRef, b: RunBroker) => rows.get(key(w, b)) ?? { limits: DEFAULT_ACCOUNT_LIMITS, marks: NO_MARKS };
  const changes: MemoryAccountRisk['changes'] = [];
  return {
    changes,
    marks: (w, b) => get(w, b).marks,
    seed: (w, b, state) => void rows.set(key(w, b), { ...get(w, b), ...state }),
    limits: async (w, b) => ok(get(w, b).limits),
    async setLimits(w, b, limits, by, approval) {
      const checked = accountLimitsSchema.safeParse(limits);
      if (!checked.success) return fail('risk.limit_invalid', 'account limits: invalid');
      const before = get(w, b).limits;
      rows.set(key(w, b), { ...get(w, b), limits: checked.data });
      changes.push({ account: accountKey(b), actor: by.actor.id, before, after: checked.data, ...(approval === undefined ? {} : { approval }) });
      return ok({ before, after: checked.data });
    },
    async withMarks(w, b, decide) {
      const current = get(w, b);
      const { next, result } = decide(current);
      rows.set(key(w, b), { ...current, marks: next });
      return ok(result);
    },
  };
}

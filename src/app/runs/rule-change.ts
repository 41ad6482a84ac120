import type { Result } from '../../core/domain/result.js';
import type { Actor, WorkspaceRef } from '../chat/command.js';
import type { RuleChange, RunRulesChanged, WorkspaceAdmin } from '../workspace/ports.js';
import { withLeases, type GuardDeps } from './book-guard.js';

const IN_PROGRESS = new Set(['running', 'paused', 'halted']);

/**
 * `apply:running`: a rule change applied to the workspace's runs in progress while holding their leases, so an
 * iteration in flight finishes under the rules it read before they change. The store rewrites the runs' rules in one
 * transaction and bumps each one's book version: an iteration that read the old rules without a lease (another
 * desk process whose lease ran out) is refused and decides again under the new ones.
 */
export async function applyRuleChangeToRuns(deps: GuardDeps & { readonly admin: WorkspaceAdmin }, workspace: WorkspaceRef, change: RuleChange,
  by: { readonly actor: Actor; readonly note: string; readonly now: number }): Promise<Result<readonly RunRulesChanged[]>> {
  const runs = (await deps.store.listRuns(workspace, { status: 'all' })).filter((r) => IN_PROGRESS.has(r.status));
  return withLeases(deps, runs, by.now, () => deps.admin.applyRuleChange(workspace, change, by));
}

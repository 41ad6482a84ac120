// The monthly analyst budget per workspace, kept in `Workspace.settings` as `{ analystBudgetUsd: number }` (absent:
// the desk default applies). Other keys in settings belong to other features and survive every write untouched.
import { z } from 'zod';
import type { WorkspaceRef } from '../app/command.js';
import type { AnalystBudget, AnalystBudgets } from '../app/usage.js';
import type { ChangedBy } from '../app/workspace-settings.js';
import { fail, ok, type Result } from '../core/domain/result.js';
import { firstIssueLine } from '../core/domain/zod-errors.js';
import { recordAudit } from './audit.js';
import type { Db, PrismaClient } from './client.js';
import { storeFailure } from './errors.js';
import { toJsonInput } from './json.js';
import { inTransaction } from './transaction.js';
import { inWorkspace } from './workspaces.js';

// Loose: notificationLevels, MCP tokens and whatever a newer version adds pass through a read-modify-write.
const settingsSchema = z.looseObject({ analystBudgetUsd: z.number().finite().min(0).optional() }).nullable();
type Settings = z.infer<typeof settingsSchema>;

const MAX_TRIES = 3;

export interface AnalystBudgetStoreOptions {
  /** ANTHROPIC_MONTHLY_BUDGET_USD: the cap of a workspace that set none. */
  readonly defaultUsd?: number;
}

export function createPrismaAnalystBudgets(prisma: PrismaClient, options: AnalystBudgetStoreOptions = {}): AnalystBudgets {
  const effective = (settings: Settings): AnalystBudget => budgetOf(settings, options.defaultUsd);
  return {
    get: (workspace: WorkspaceRef) => inWorkspace(prisma, workspace, async (id) => {
      const read = await readSettings(prisma, id);
      return read.ok ? ok(effective(read.value.settings)) : read;
    }),
    set: (workspace, limitUsd, by) => inWorkspace(prisma, workspace, (id) => setBudget(prisma, id, limitUsd, by, effective)),
  };
}

function budgetOf(settings: Settings, defaultUsd: number | undefined): AnalystBudget {
  const own = settings?.analystBudgetUsd;
  if (own !== undefined) return { limitUsd: own, source: 'workspace' };
  return defaultUsd === undefined ? { limitUsd: null, source: 'none' } : { limitUsd: defaultUsd, source: 'default' };
}

async function setBudget(
  prisma: PrismaClient,
  workspaceId: string,
  limitUsd: number | null,
  by: ChangedBy,
  effective: (s: Settings) => AnalystBudget,
): Promise<Result<{ before: AnalystBudget; after: AnalystBudget }>> {
  if (limitUsd !== null && !(Number.isFinite(limitUsd) && limitUsd >= 0)) return fail('settings.bad_budget', `a budget is a dollar amount >= 0, got ${limitUsd}`);
  for (let attempt = 1; attempt <= MAX_TRIES; attempt++) {
    const read = await readSettings(prisma, workspaceId);
    if (!read.ok) return read;
    const { settings, updatedAt } = read.value;
    const { analystBudgetUsd: previous, ...others } = settings ?? {};
    const next: NonNullable<Settings> = limitUsd === null ? others : { ...others, analystBudgetUsd: limitUsd };
    const json = toJsonInput(next, 'settings');
    if (!json.ok) return json;
    try {
      // Compare-and-set on updatedAt: a concurrent change to any other setting is re-read, never overwritten.
      const done = await inTransaction(prisma, async (tx) => {
        const { count } = await tx.workspace.updateMany({ where: { id: workspaceId, updatedAt }, data: { settings: json.value } });
        if (count === 0) return false;
        await recordAudit(tx, {
          workspaceId, actor: by.actor.id, channel: by.channelId, action: 'settings.analyst_budget', target: 'analystBudgetUsd', at: by.now,
          details: { actorName: by.actor.name, from: previous ?? null, to: limitUsd },
        });
        return true;
      });
      if (done) return ok({ before: effective(settings), after: effective(next) });
    } catch (error) {
      return storeFailure(error, 'db.write_failed', 'Could not save the analyst budget');
    }
  }
  return fail('db.conflict', 'The workspace settings kept changing while being saved; try again', { workspaceId });
}

async function readSettings(db: Db, workspaceId: string): Promise<Result<{ settings: Settings; updatedAt: Date }>> {
  let row;
  try {
    row = await db.workspace.findUnique({ where: { id: workspaceId }, select: { settings: true, updatedAt: true } });
  } catch (error) {
    return storeFailure(error, 'db.read_failed', 'Could not read the workspace settings');
  }
  if (row === null) return fail('workspace.not_found', 'This workspace does not exist', { workspaceId });
  const parsed = settingsSchema.safeParse(row.settings);
  if (!parsed.success) {
    return fail('db.corrupt_row', `The workspace settings are stored in a shape this version cannot read: ${firstIssueLine(parsed.error, 'settings')}`, { workspaceId });
  }
  return ok({ settings: parsed.data, updatedAt: row.updatedAt });
}

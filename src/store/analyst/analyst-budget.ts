// The monthly analyst budget per workspace, kept in `Workspace.settings` as `{ analystBudgetUsd: number }` (absent:
// the desk default applies). Other keys in settings belong to other features and survive every write untouched.
import { z } from 'zod';
import type { WorkspaceRef } from '../../app/chat/command.js';
import type { AnalystBudget, AnalystBudgets } from '../../app/workspace/ports.js';
import type { ChangedBy } from '../../app/workspace/ports.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import type { PrismaClient } from '../db/client.js';
import { changeWorkspaceSettings, readWorkspaceSettings } from '../workspace/workspace-settings-json.js';
import { inWorkspace } from '../workspace/workspaces.js';

// Loose: notificationLevels, MCP tokens and whatever a newer version adds pass through a read-modify-write.
const settingsSchema = z.looseObject({ analystBudgetUsd: z.number().finite().min(0).optional() }).nullable();
type Settings = z.infer<typeof settingsSchema>;


export interface AnalystBudgetStoreOptions {
  /** ANTHROPIC_MONTHLY_BUDGET_USD: the cap of a workspace that set none. */
  readonly defaultUsd?: number;
}

export function createPrismaAnalystBudgets(prisma: PrismaClient, options: AnalystBudgetStoreOptions = {}): AnalystBudgets {
  const effective = (settings: Settings): AnalystBudget => budgetOf(settings, options.defaultUsd);
  return {
    get: (workspace: WorkspaceRef) => inWorkspace(prisma, workspace, async (id) => {
      const read = await readWorkspaceSettings(prisma, id, settingsSchema);
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
  return changeWorkspaceSettings(prisma, workspaceId, settingsSchema, 'the analyst budget', (settings) => {
    const { analystBudgetUsd: previous, ...others } = settings ?? {};
    const next: NonNullable<Settings> = limitUsd === null ? others : { ...others, analystBudgetUsd: limitUsd };
    return ok({
      next,
      audit: {
        actor: by.actor.id, channel: by.channelId, action: 'settings.analyst_budget', target: 'analystBudgetUsd',
        details: { actorName: by.actor.name, from: previous ?? null, to: limitUsd },
      },
      result: { before: effective(settings), after: effective(next) },
    });
  });
}

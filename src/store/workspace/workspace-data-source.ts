// The workspace's default data source, kept in `Workspace.settings` as `{ dataSource: 'alpaca,yahoo' }` (absent: the
// desk's MARKET_DATA applies). Other keys in settings belong to other features and survive every write untouched.
import { z } from 'zod';
import type { ChangedBy } from '../../app/workspace/ports.js';
import { ok, type Result } from '../../core/domain/result.js';
import type { Db, PrismaClient } from '../db/client.js';
import { changeWorkspaceSettings, readWorkspaceSettings } from './workspace-settings-json.js';

// Loose: the analyst budget, notification levels, MCP tokens and whatever a newer version adds pass through.
const settingsSchema = z.looseObject({ dataSource: z.string().min(1).max(100).optional() }).nullable();
type Settings = z.infer<typeof settingsSchema>;

export async function readDataSource(db: Db, workspaceId: string): Promise<Result<string | null>> {
  const read = await readWorkspaceSettings(db, workspaceId, settingsSchema);
  return read.ok ? ok(read.value.settings?.dataSource ?? null) : read;
}

/** Stores (or, with null, removes) the default source; returns the one it replaced. */
export function setDataSource(prisma: PrismaClient | Db, workspaceId: string, source: string | null, by: ChangedBy): Promise<Result<string | null>> {
  return changeWorkspaceSettings(prisma, workspaceId, settingsSchema, 'the default data source', (settings) => {
    const { dataSource: previous, ...others } = settings ?? {};
    const next: NonNullable<Settings> = source === null ? others : { ...others, dataSource: source };
    return ok({
      next,
      audit: {
        actor: by.actor.id, channel: by.channelId, action: 'settings.data_source', target: 'dataSource',
        details: { actorName: by.actor.name, from: previous ?? null, to: source },
      },
      result: previous ?? null,
    });
  });
}

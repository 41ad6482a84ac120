// The workspace's desk channel: one `ChannelBinding` with purpose `desk`, where run threads and workspace notices go.
import type { ChangedBy } from '../../app/workspace/ports.js';
import { ok, type Result } from '../../core/domain/result.js';
import { recordAudit } from '../audit/audit.js';
import type { Db, PrismaClient } from '../db/client.js';
import { storeFailure } from '../db/errors.js';
import { inTransaction } from '../db/transaction.js';

const DESK = 'desk';

export async function readDeskChannel(db: Db, workspaceId: string): Promise<Result<string | null>> {
  try {
    // Newest first: should two binds ever interleave, the later one is the binding in force.
    const row = await db.channelBinding.findFirst({ where: { workspaceId, purpose: DESK }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: { externalChannelId: true } });
    return ok(row?.externalChannelId ?? null);
  } catch (error) {
    return storeFailure(error, 'db.read_failed', 'Could not read the desk channel');
  }
}

/** Makes `channelId` the one desk channel (any other is removed); returns the one it replaced, or null. */
export async function bindDeskChannel(prisma: PrismaClient | Db, workspaceId: string, channelId: string, by: ChangedBy): Promise<Result<string | null>> {
  try {
    return await inTransaction(prisma, async (tx) => {
      const current = await readDeskChannel(tx, workspaceId);
      if (!current.ok) return current;
      const kept = await tx.channelBinding.upsert({
        where: { workspaceId_externalChannelId_purpose: { workspaceId, externalChannelId: channelId, purpose: DESK } },
        create: { workspaceId, externalChannelId: channelId, purpose: DESK },
        update: {},
        select: { id: true },
      });
      const { count } = await tx.channelBinding.deleteMany({ where: { workspaceId, purpose: DESK, id: { not: kept.id } } });
      // Binding the channel that is already the desk channel changes nothing, so it leaves no audit entry.
      if (current.value !== channelId || count > 0) {
        await recordAudit(tx, {
          workspaceId, actor: by.actor.id, channel: by.channelId, action: 'settings.channel', target: channelId,
          details: { actorName: by.actor.name, from: current.value },
        });
      }
      return ok(current.value);
    });
  } catch (error) {
    return storeFailure(error, 'db.write_failed', 'Could not bind the desk channel');
  }
}

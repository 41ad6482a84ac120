// Where an outbox notification goes (the workspace, its desk channel, the run and its thread), and the run's thread
// once a platform has created it.
import { z } from 'zod';
import type { DeliveryTarget } from '../../app/chat/ports.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import { firstIssueLine } from '../../core/domain/zod-errors.js';
import type { Db } from '../db/client.js';
import { readDeskChannel } from '../workspace/desk-channel.js';
import { storeFailure } from '../db/errors.js';
import { PLATFORMS } from '../workspace/workspaces.js';

const workspaceSchema = z.object({ platform: z.enum(PLATFORMS), externalId: z.string(), name: z.string() });

const runSchema = z.object({
  id: z.string(),
  workspaceId: z.string(),
  number: z.number().int(),
  strategyId: z.string(),
  symbols: z.array(z.string()),
  channelRef: z.string().nullable(),
  threadRef: z.string().nullable(),
});

export interface DeliveryQuery {
  readonly workspaceId: string;
  /** Null for workspace-wide notices. */
  readonly runId: string | null;
  readonly eventType: string;
  readonly silent: boolean;
}

/** `workspace.not_found`, or `run.not_found` when the run is missing or belongs to another workspace. */
export async function deliveryTarget(db: Db, query: DeliveryQuery): Promise<Result<DeliveryTarget>> {
  let wsRow;
  let runRow = null;
  try {
    wsRow = await db.workspace.findUnique({ where: { id: query.workspaceId }, select: { platform: true, externalId: true, name: true } });
    if (query.runId !== null) {
      runRow = await db.run.findUnique({
        where: { id: query.runId },
        select: { id: true, workspaceId: true, number: true, strategyId: true, symbols: true, channelRef: true, threadRef: true },
      });
    }
  } catch (error) {
    return storeFailure(error, 'db.read_failed', 'Could not read where to deliver the notification');
  }
  if (wsRow === null) return fail('workspace.not_found', 'This workspace does not exist', { workspaceId: query.workspaceId });
  const workspace = workspaceSchema.safeParse(wsRow);
  if (!workspace.success) return fail('db.corrupt_row', `The workspace is stored in a shape this version cannot read: ${firstIssueLine(workspace.error)}`);
  let run: DeliveryTarget['run'] = null;
  if (query.runId !== null) {
    if (runRow === null || runRow.workspaceId !== query.workspaceId) return fail('run.not_found', 'The notification\'s run does not exist in this workspace', { runId: query.runId });
    const parsed = runSchema.safeParse(runRow);
    if (!parsed.success) return fail('db.corrupt_row', `Run #${runRow.number} is stored in a shape this version cannot read: ${firstIssueLine(parsed.error)}`);
    const { workspaceId: _owner, ...rest } = parsed.data;
    run = rest;
  }
  const desk = await readDeskChannel(db, query.workspaceId);
  if (!desk.ok) return desk;
  return ok({ workspace: workspace.data, deskChannelId: desk.value, run, eventType: query.eventType, silent: query.silent });
}

/** Keeps the thread a platform created for the run (a Discord thread id, or a Slack `channel:ts`). */
export async function setRunThread(db: Db, runId: string, threadRef: string): Promise<Result<null>> {
  try {
    const { count } = await db.run.updateMany({ where: { id: runId }, data: { threadRef } });
    return count === 0 ? fail('run.not_found', 'The run does not exist', { runId }) : ok(null);
  } catch (error) {
    return storeFailure(error, 'db.write_failed', 'Could not save the run\'s thread');
  }
}

// What an iteration of a paper/live run starts from: its summary, state, positions, pending orders and the
// workspace's kill switch, all read in one query and parsed with zod.
import type { RunSnapshot } from '../../app/runs/model.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import type { PrismaClient } from '../db/client.js';
import { storeFailure } from '../db/errors.js';
import { decodeColumn } from './json.js';
import { plannedOrderSchema } from './order-schema.js';
import { runStateSchema } from './state-schema.js';
import { LIVE_MODES, LIVE_RUN_SELECT, POSITION_SELECT, positionsFromRows, runSummaryFromRow } from './summary-rows.js';

export async function loadRunSnapshot(prisma: PrismaClient, runId: string): Promise<Result<RunSnapshot>> {
  let row;
  try {
    row = await prisma.run.findFirst({
      where: { id: runId, mode: { in: [...LIVE_MODES] } },
      select: {
        ...LIVE_RUN_SELECT,
        state: true,
        stateVersion: true,
        positions: { select: POSITION_SELECT },
        // cuid ids grow with creation, so ties within one commit keep their insertion order.
        orders: { where: { status: 'submitted' }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: { clientOrderId: true, payload: true } },
        workspace: { select: { platform: true, externalId: true, name: true, haltedAt: true, haltReason: true } },
      },
    });
  } catch (error) {
    return storeFailure(error, 'db.read_failed', `Could not load run '${runId}'`);
  }
  if (row === null) return fail('run.not_found', `No paper or live run with id '${runId}'`, { runId });
  const run = runSummaryFromRow(row);
  if (!run.ok) return run;
  const what = `Run #${row.number}`;
  const state = decodeColumn(runStateSchema, row.state, what, 'state');
  if (!state.ok) return state;

  const positions = positionsFromRows(row.number, row.positions);
  if (!positions.ok) return positions;
  const pending = [];
  for (const o of row.orders) {
    const order = decodeColumn(plannedOrderSchema, o.payload, what, `orders.${o.clientOrderId}`);
    if (!order.ok) return order;
    pending.push(order.value);
  }
  const { haltedAt, haltReason } = row.workspace;
  const killSwitch = haltedAt === null ? null : (haltReason ?? 'the desk is halted');
  return ok({ run: run.value, state: state.value, positions: positions.value, pending, killSwitch, version: row.stateVersion });
}

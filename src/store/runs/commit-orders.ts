// The order side of an iteration commit: fills (with the Order rows they hang off), pending orders filled, the
// pending set replaced. Refusals throw CommitRefused so the surrounding transaction rolls back.
import type { IterationCommit } from '../../app/runs/model.js';
import type { PlannedOrder } from '../../core/domain/order.js';
import { assertNever, fail, type Result } from '../../core/domain/result.js';
import type { ExitReason } from '../../core/engine/report.js';
import type { Db } from '../db/client.js';
import type { Prisma } from '../generated/client.js';

/** A typed failure raised inside the transaction to roll it back. */
export class CommitRefused extends Error {
  constructor(readonly failure: Result<never>) {
    super(failure.ok ? 'rollback' : failure.error.message);
  }
}

/** Fills of planned orders hang off their Order row; an intrabar exit gets a filled Order row of its own. */
export async function writeFills(tx: Db, runId: string, commit: IterationCommit): Promise<void> {
  for (const { fill, clientOrderId } of commit.fills) {
    let orderId: string;
    if (clientOrderId === null) {
      ({ id: orderId } = await tx.order.create({
        data: {
          runId,
          clientOrderId: fill.id,
          symbol: fill.symbol,
          side: fill.side,
          type: intrabarOrderType(fill.exitReason),
          intent: 'exit',
          qty: fill.qty,
          status: 'filled',
          reason: fill.exitReason ?? 'exit',
          barTime: new Date(commit.barTime),
        },
        select: { id: true },
      }));
    } else {
      const order = await tx.order.findUnique({ where: { clientOrderId }, select: { id: true, runId: true } });
      if (order === null || order.runId !== runId) {
        throw new CommitRefused(fail('run.invalid_commit', `fill '${fill.id}' is for order '${clientOrderId}', which this run never placed`, { clientOrderId }));
      }
      orderId = order.id;
    }
    await tx.fill.create({
      data: {
        orderId,
        runId,
        externalId: fill.id,
        symbol: fill.symbol,
        side: fill.side,
        qty: fill.qty,
        price: fill.price,
        commission: fill.commission,
        // The core's fill price already includes slippage; the amount is not carried separately.
        slippage: 0,
        filledAt: new Date(fill.time),
      },
    });
  }
}

function intrabarOrderType(reason: ExitReason | null): 'market' | 'stop' | 'limit' {
  if (reason === null) return 'market';
  switch (reason) {
    case 'stop_loss':
    case 'trailing_stop':
      return 'stop';
    case 'take_profit':
      return 'limit';
    case 'signal':
    case 'time_stop':
    case 'flatten':
      return 'market';
    default:
      return assertNever(reason);
  }
}

/** Pending orders that filled: status `filled`, qty = what filled (percent/close sizing only resolves at fill). */
export async function markFilled(tx: Db, runId: string, commit: IterationCommit): Promise<void> {
  for (const clientOrderId of commit.filledOrderIds) {
    const fills = commit.fills.filter((f) => f.clientOrderId === clientOrderId);
    const qty = fills.reduce((sum, f) => sum + f.fill.qty, 0);
    const { count } = await tx.order.updateMany({
      where: { runId, clientOrderId, status: 'submitted' },
      data: { status: 'filled', ...(fills.length > 0 ? { qty } : {}) },
    });
    if (count === 0) throw new CommitRefused(fail('run.invalid_commit', `order '${clientOrderId}' is not pending in this run`, { clientOrderId }));
  }
}

/** Makes the stored pending set `pending`: new orders inserted in order, the rest of the old set cancelled. */
export async function writePending(tx: Db, runId: string, pending: readonly PlannedOrder[], payloads: readonly Prisma.InputJsonValue[]): Promise<void> {
  const ids = pending.map((o) => o.clientOrderId);
  const existing = new Map(
    (await tx.order.findMany({ where: { clientOrderId: { in: ids } }, select: { clientOrderId: true, runId: true, status: true } })).map((o) => [
      o.clientOrderId,
      o,
    ]),
  );
  for (const [i, order] of pending.entries()) {
    const payload = payloads[i]!;
    const found = existing.get(order.clientOrderId);
    if (found !== undefined) {
      if (found.runId !== runId || found.status !== 'submitted') {
        const why = found.runId !== runId ? 'is an order of another run' : `is already ${found.status}; it cannot be pending again`;
        throw new CommitRefused(fail('run.invalid_commit', `order '${order.clientOrderId}' ${why}`, { clientOrderId: order.clientOrderId }));
      }
      continue; // still waiting from an earlier bar
    }
    await tx.order.create({
      data: {
        runId,
        clientOrderId: order.clientOrderId,
        symbol: order.symbol,
        side: order.side,
        type: 'market',
        intent: order.intent,
        // percent/close sizing resolves at the fill bar's open; the fill sets the real qty.
        qty: order.sizing.kind === 'qty' ? order.sizing.qty : 0,
        status: 'submitted',
        reason: order.reason,
        barTime: new Date(order.barTime),
        payload,
      },
    });
  }
  await tx.order.updateMany({ where: { runId, status: 'submitted', clientOrderId: { notIn: ids } }, data: { status: 'cancelled' } });
}

/** In the iteration's commit: the pending orders sized at this close become `intended` (re-sized while not yet sent). */
export async function writeIntents(tx: Db, runId: string, intents: readonly { readonly clientOrderId: string; readonly qty: number; readonly price: number }[]): Promise<void> {
  for (const { clientOrderId, qty, price } of intents) {
    const { count } = await tx.order.updateMany({
      where: { runId, clientOrderId, status: 'submitted', OR: [{ brokerStatus: null }, { brokerStatus: 'intended' }] },
      data: { brokerStatus: 'intended', brokerQty: qty, brokerPrice: price },
    });
    if (count === 0) throw new CommitRefused(fail('run.invalid_commit', `order '${clientOrderId}' is not a pending order of this run waiting to be sent`, { clientOrderId }));
  }
}

// The broker ledger: a run's orders at a real broker are its Order rows with the broker columns set. The iteration's
// commit records them as `intended` (with the quantity sized at the close) before anything is sent; afterwards each
// answer and trade update the desk reads moves them, compare-and-set on what was read, so two paths that saw the same
// update (the stream and a poll, or a restart's lookup) write it once. The desk-side `status` stays `submitted` (the
// run's pending order) until the run's book applies the broker's execution at its next bar.
import { z } from 'zod';
import type { BrokerOrderLedger, LedgerOrder, LedgerStatus } from '../../app/runs/ports.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import { recordAudit } from '../audit/audit.js';
import type { Db, PrismaClient } from '../db/client.js';
import { storeFailure } from '../db/errors.js';
import { toJsonInput } from '../db/json.js';
import { inTransaction } from '../db/transaction.js';
import { CommitRefused } from './commit-orders.js';
import { queueNotifications } from './commit.js';

const LEDGER_STATUSES = ['intended', 'accepted', 'partially_filled', 'filled', 'cancelled', 'rejected'] as const satisfies readonly LedgerStatus[];
const ledgerStatus = z.enum(LEDGER_STATUSES);
const fillsSchema = z.array(z.object({ id: z.string(), qty: z.number(), price: z.number(), commission: z.number(), time: z.number() }));
const UNFINISHED: LedgerStatus[] = ['intended', 'accepted', 'partially_filled'];

const SELECT = {
  runId: true, clientOrderId: true, symbol: true, side: true, intent: true, barTime: true, status: true,
  brokerStatus: true, brokerQty: true, brokerPrice: true, brokerFilledQty: true, brokerFills: true, brokerReason: true, run: { select: { number: true } },
} as const;

type Row = { runId: string; clientOrderId: string; symbol: string; side: string; intent: string; barTime: Date; status: string;
  brokerStatus: string | null; brokerQty: number | null; brokerPrice: number | null; brokerFilledQty: number; brokerFills: unknown; brokerReason: string | null;
  run: { number: number } };

function readRow(row: Row): Result<LedgerOrder> {
  const status = ledgerStatus.safeParse(row.brokerStatus);
  const fills = fillsSchema.safeParse(row.brokerFills ?? []);
  const side = z.enum(['buy', 'sell']).safeParse(row.side);
  const intent = z.enum(['entry', 'exit']).safeParse(row.intent);
  if (!status.success || !fills.success || !side.success || !intent.success || row.brokerQty === null) {
    return fail('store.corrupt', `order '${row.clientOrderId}': its broker columns cannot be read`, { clientOrderId: row.clientOrderId });
  }
  return ok({
    runId: row.runId, runNumber: row.run.number, clientOrderId: row.clientOrderId, symbol: row.symbol, side: side.data, intent: intent.data,
    barTime: row.barTime.getTime(), status: status.data, qty: row.brokerQty, price: row.brokerPrice, filledQty: row.brokerFilledQty, fills: fills.data,
    reason: row.brokerReason, pending: row.status === 'submitted',
  });
}

function readRows(rows: readonly Row[]): Result<readonly LedgerOrder[]> {
  const out: LedgerOrder[] = [];
  for (const row of rows) {
    const read = readRow(row);
    if (!read.ok) return read;
    out.push(read.value);
  }
  return ok(out);
}

export function createPrismaBrokerOrderLedger(prisma: PrismaClient): BrokerOrderLedger {
  const ORDER = [{ createdAt: 'asc' as const }, { id: 'asc' as const }];
  return {
    async get(clientOrderId) {
      try {
        const row = await prisma.order.findUnique({ where: { clientOrderId }, select: SELECT });
        return row === null || row.brokerStatus === null ? ok(null) : readRow(row);
      } catch (error) {
        return storeFailure(error, 'db.read_failed', `Could not read order '${clientOrderId}'`);
      }
    },
    async ofRun(runId) {
      try {
        return readRows(await prisma.order.findMany({ where: { runId, status: 'submitted', brokerStatus: { not: null } }, orderBy: ORDER, select: SELECT }));
      } catch (error) {
        return storeFailure(error, 'db.read_failed', `Could not read the broker orders of run '${runId}'`);
      }
    },
    async unfinished() {
      try {
        return readRows(await prisma.order.findMany({ where: { brokerStatus: { in: UNFINISHED } }, orderBy: ORDER, select: SELECT }));
      } catch (error) {
        return storeFailure(error, 'db.read_failed', 'Could not read the unfinished broker orders');
      }
    },
    async record(clientOrderId, from, change, notifications, now) {
      const fills = toJsonInput(change.fills, 'broker fills');
      if (!fills.ok) return fills;
      try {
        return await inTransaction(prisma, async (tx) => {
          const row = await tx.order.findUnique({ where: { clientOrderId }, select: { runId: true, sentAt: true, run: { select: { workspaceId: true } } } });
          if (row === null) return fail('broker.order_not_found', `the desk has no order '${clientOrderId}'`, { clientOrderId });
          const { count } = await tx.order.updateMany({
            where: { clientOrderId, brokerStatus: from.status, brokerFilledQty: from.filledQty },
            data: {
              brokerStatus: change.status, brokerFilledQty: change.filledQty, brokerFills: fills.value, brokerReason: change.reason,
              ...(row.sentAt === null ? { sentAt: new Date(now) } : {}),
            },
          });
          if (count === 0) return ok(false);
          await queueNotifications(tx, row.run.workspaceId, row.runId, notifications, now);
          await recordAudit(tx, {
            workspaceId: row.run.workspaceId, actor: 'broker', action: `broker.order.${change.status}`, target: clientOrderId,
            details: { runId: row.runId, from: from.status, filledQty: change.filledQty, ...(change.reason === null ? {} : { reason: change.reason }) },
          });
          return ok(true);
        });
      } catch (error) {
        if (error instanceof CommitRefused) return error.failure;
        return storeFailure(error, 'db.write_failed', `Could not record the broker's answer for order '${clientOrderId}'`);
      }
    },
  };
}

// One iteration of a paper/live run, committed all or nothing. The DecisionRecord's unique (runId, barTime) is the
// idempotency key: a retried commit of the same bar finds it and writes nothing. The run's book version is a
// compare-and-set: a commit decided on a snapshot someone changed since (a stop, a flatten, a pause, a rule change)
// is refused as `run.stale`. Anything refused half-way throws CommitRefused out of the transaction, so the rows
// already written in it disappear with it.
import { z } from 'zod';
import { RUN_STATUSES, type IterationCommit, type NotificationDraft } from '../../app/runs/model.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import type { Db, PrismaClient } from '../db/client.js';
import { storeFailure } from '../db/errors.js';
import type { Prisma } from '../generated/client.js';
import { enqueueNotification } from '../outbox/outbox.js';
import { encodeColumn, toTaggedJson } from './json.js';
import { plannedOrderSchema, plannedOrdersSchema } from './order-schema.js';
import { runStateSchema } from './state-schema.js';
import { LIVE_MODES, positionColumns, storedPositionSchema } from './summary-rows.js';
import { CommitRefused, markFilled, writeFills, writeIntents, writePending } from './commit-orders.js';
import { recordTransition } from './transitions.js';
import { bumpRunVersion } from './version.js';
import { inTransaction, isUniqueViolation } from '../db/transaction.js';
import { tradeRow, violationRow } from '../db/result-rows.js';

const runStatusSchema = z.enum(RUN_STATUSES);

export async function commitRunIteration(prisma: PrismaClient, commit: IterationCommit): Promise<Result<{ committed: boolean }>> {
  const encoded = encodeCommit(commit);
  if (!encoded.ok) return encoded;
  try {
    return await inTransaction(prisma, async (tx) => {
      const run = await tx.run.findUnique({ where: { id: commit.runId }, select: { id: true, number: true, mode: true, status: true, workspaceId: true } });
      const status = runStatusSchema.safeParse(run?.status);
      if (run === null || !(LIVE_MODES as readonly string[]).includes(run.mode) || !status.success) {
        throw new CommitRefused(fail('run.not_found', `No paper or live run with id '${commit.runId}'`, { runId: commit.runId }));
      }
      const key = { runId_barTime: { runId: run.id, barTime: new Date(commit.barTime) } };
      if ((await tx.decisionRecord.findUnique({ where: key, select: { id: true } })) !== null) return ok({ committed: false });
      const fresh = await bumpRunVersion(tx, run.id, commit.expectedVersion);
      if (!fresh.ok) throw new CommitRefused(fresh);

      const { id: decisionId } = await tx.decisionRecord.create({
        data: { runId: run.id, barTime: new Date(commit.barTime), asOf: new Date(commit.asOf), ...encoded.value.decision },
        select: { id: true },
      });
      await writeFills(tx, run.id, commit);
      await markFilled(tx, run.id, commit);
      await writePending(tx, run.id, commit.pending, encoded.value.pending);
      await writeIntents(tx, run.id, commit.brokerOrders ?? []);
      await writeOutcome(tx, run.id, decisionId, commit, encoded.value);
      if (commit.transition !== null) {
        const moved = await recordTransition(tx, {
          run: { id: run.id, number: run.number, status: status.data },
          to: commit.transition.to,
          actor: commit.transition.actor ?? 'desk',
          reason: commit.transition.reason,
          now: commit.asOf,
        });
        if (!moved.ok) throw new CommitRefused(moved);
      }
      await queueNotifications(tx, run.workspaceId, run.id, commit.notifications, commit.asOf);
      return ok({ committed: true });
    });
  } catch (error) {
    if (error instanceof CommitRefused) return error.failure;
    // Another process committed the same bar between our check and our insert: theirs stands.
    if (isUniqueViolation(error) && (await decisionExists(prisma, commit).catch(() => false))) return ok({ committed: false });
    return storeFailure(error, 'db.write_failed', `Could not commit the iteration of run '${commit.runId}'`);
  }
}

/** Queues notifications in the caller's transaction (the outbox de-duplicates by key); a refusal rolls it back. */
export async function queueNotifications(tx: Db, workspaceId: string, runId: string, drafts: readonly NotificationDraft[], now: number): Promise<void> {
  for (const n of drafts) {
    const queued = await enqueueNotification(tx, { workspaceId, runId, eventType: n.eventType, dedupeKey: n.dedupeKey, payload: n.payload, now });
    if (!queued.ok) throw new CommitRefused(queued);
  }
}

async function decisionExists(prisma: PrismaClient, commit: IterationCommit): Promise<boolean> {
  const key = { runId_barTime: { runId: commit.runId, barTime: new Date(commit.barTime) } };
  return (await prisma.decisionRecord.findUnique({ where: key, select: { id: true } })) !== null;
}

interface EncodedCommit {
  readonly state: Prisma.InputJsonValue;
  readonly positions: readonly Prisma.InputJsonValue[];
  readonly pending: readonly Prisma.InputJsonValue[];
  readonly decision: {
    readonly inputs: Prisma.InputJsonValue;
    readonly signals: Prisma.InputJsonValue;
    readonly verdicts: Prisma.InputJsonValue;
    readonly orders: Prisma.InputJsonValue;
    readonly notes: Prisma.InputJsonValue;
  };
}

/** Everything that is read back later is checked against its read schema before the transaction starts. */
function encodeCommit(commit: IterationCommit): Result<EncodedCommit> {
  const state = encodeColumn(runStateSchema, commit.state, 'state');
  if (!state.ok) return state;
  const positions: Prisma.InputJsonValue[] = [];
  for (const [i, p] of commit.positions.entries()) {
    const checked = encodeColumn(storedPositionSchema, p, `positions[${i}]`);
    if (!checked.ok) return checked;
    const shadowExits = toTaggedJson(p.shadowExits, `positions[${i}].shadowExits`);
    if (!shadowExits.ok) return shadowExits;
    positions.push(shadowExits.value);
  }
  const pending: Prisma.InputJsonValue[] = [];
  for (const [i, o] of commit.pending.entries()) {
    const payload = encodeColumn(plannedOrderSchema, o, `pending[${i}]`);
    if (!payload.ok) return payload;
    pending.push(payload.value);
  }
  const ids = commit.pending.map((o) => o.clientOrderId);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice !== undefined) return fail('store.invalid_value', `pending lists order '${twice}' twice`, { clientOrderId: twice });

  const d = commit.decision;
  const inputs = toTaggedJson(d.inputs, 'decision.inputs');
  if (!inputs.ok) return inputs;
  const signals = toTaggedJson(d.signals, 'decision.signals');
  if (!signals.ok) return signals;
  const verdicts = toTaggedJson(d.verdicts, 'decision.verdicts');
  if (!verdicts.ok) return verdicts;
  const orders = encodeColumn(plannedOrdersSchema, d.orders, 'decision.orders');
  if (!orders.ok) return orders;
  const notes = toTaggedJson(d.notes, 'decision.notes');
  if (!notes.ok) return notes;
  return ok({
    state: state.value,
    positions,
    pending,
    decision: { inputs: inputs.value, signals: signals.value, verdicts: verdicts.value, orders: orders.value, notes: notes.value },
  });
}

async function writeOutcome(tx: Db, runId: string, decisionId: string, commit: IterationCommit, encoded: EncodedCommit): Promise<void> {
  await tx.position.deleteMany({ where: { runId } });
  if (commit.positions.length > 0) {
    await tx.position.createMany({ data: commit.positions.map((p, i) => positionColumns(runId, p, encoded.positions[i]!)) });
  }
  if (commit.trades.length > 0) {
    await tx.trade.createMany({
      data: commit.trades.map((t) => tradeRow(runId, t)),
    });
  }
  const { at, cash, equity } = commit.equity;
  await tx.equitySnapshot.create({ data: { runId, at: new Date(at), cash, marketValue: equity - cash, equity } });
  if (commit.decision.verdicts.length > 0) {
    await tx.ruleViolation.createMany({
      data: commit.decision.verdicts.map((b) => violationRow(runId, b, decisionId)),
    });
  }
  if (commit.decision.notes.length > 0) {
    await tx.reasoningEntry.createMany({
      data: commit.decision.notes.map((n) => ({ runId, decisionId, kind: n.kind, content: n.content, at: new Date(commit.asOf) })),
    });
  }
  await tx.run.update({ where: { id: runId }, data: { state: encoded.state } });
}

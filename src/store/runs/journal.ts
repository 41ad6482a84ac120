// A paper run's journal (src/app/runs/journal.ts) from its rows: decision records, status transitions, the rule
// changes in its reasoning history and its orders. Old records lack some inputs (barClose, mode): they are optional;
// a record in a shape this version cannot read at all fails the read, since a replay that skipped it would be wrong.
import { z } from 'zod';
import type { JournalDecision, JournalRuleChange, JournalTransition, RunJournal, SeenBar } from '../../app/runs/journal.js';
import { RUN_STATUSES } from '../../app/runs/model.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import { firstIssueLine } from '../../core/domain/zod-errors.js';
import { ruleSchema } from '../../core/risk/rules.js';
import type { PrismaClient } from '../db/client.js';

const inputsSchema = z.looseObject({
  barClose: z.number().optional(),
  mode: z.enum(['trade', 'exits_only']).optional(),
  error: z.string().optional(),
  flatten: z.literal(true).optional(),
  bars: z.record(z.string(), z.looseObject({ time: z.number(), close: z.number() })).optional(),
});
const ordersSchema = z.array(z.looseObject({ clientOrderId: z.string() }));
const verdictsSchema = z.array(z.looseObject({ by: z.string(), shadow: z.boolean().optional() }));

export interface DecisionRow {
  readonly barTime: Date;
  readonly asOf: Date;
  readonly inputs: unknown;
  readonly orders: unknown;
  readonly verdicts: unknown;
}

export function journalDecision(row: DecisionRow): Result<JournalDecision> {
  const parsed = z.object({ inputs: inputsSchema, orders: ordersSchema, verdicts: verdictsSchema }).safeParse(row);
  if (!parsed.success) {
    return fail('db.corrupt_row', `The decision of bar ${row.barTime.toISOString()} is stored in a shape the replay cannot read: ${firstIssueLine(parsed.error)}`);
  }
  const { inputs, orders, verdicts } = parsed.data;
  const at = row.asOf.getTime();
  const barTime = row.barTime.getTime();
  if (inputs.flatten === true) return ok({ kind: 'flatten', at });
  if (inputs.error !== undefined) return ok({ kind: 'data_failure', barTime, at, error: inputs.error });
  const bars = new Map<string, SeenBar>(Object.entries(inputs.bars ?? {}).map(([symbol, b]) => [symbol, { time: b.time, close: b.close }]));
  return ok({
    kind: 'decided', barTime, at, barClose: inputs.barClose ?? null, mode: inputs.mode ?? 'trade',
    killSwitch: verdicts.some((v) => v.by === 'gate:kill-switch' && v.shadow !== true), orders: orders.map((o) => o.clientOrderId), bars,
  });
}

/** The `data` of the reasoning entry a rule change applied to a running run leaves (src/store/runs/rule-changes.ts). */
const ruleChangeSchema = z.looseObject({
  previousHash: z.string(),
  rulesHash: z.string(),
  rulesBefore: z.array(ruleSchema).optional(),
  rulesAfter: z.array(ruleSchema).optional(),
});

export function journalRuleChange(at: number, data: unknown): JournalRuleChange | null {
  const parsed = ruleChangeSchema.safeParse(data);
  if (!parsed.success) return null;
  const d = parsed.data;
  return { at, previousHash: d.previousHash, rulesHash: d.rulesHash, previousRules: d.rulesBefore ?? null, rules: d.rulesAfter ?? null };
}

const statusSchema = z.enum(RUN_STATUSES);

export async function readRunJournal(prisma: PrismaClient, runId: string): Promise<Result<RunJournal>> {
  const [decisionRows, transitionRows, reasoningRows, orderRows] = await Promise.all([
    prisma.decisionRecord.findMany({ where: { runId }, orderBy: [{ asOf: 'asc' }, { barTime: 'asc' }], select: { barTime: true, asOf: true, inputs: true, orders: true, verdicts: true } }),
    prisma.runTransition.findMany({ where: { runId }, orderBy: [{ at: 'asc' }, { id: 'asc' }], select: { at: true, fromStatus: true, toStatus: true, actor: true, reason: true } }),
    prisma.reasoningEntry.findMany({ where: { runId, decisionId: null }, orderBy: [{ at: 'asc' }, { id: 'asc' }], select: { at: true, data: true } }),
    prisma.order.findMany({ where: { runId }, select: { clientOrderId: true, status: true } }),
  ]);
  const decisions: JournalDecision[] = [];
  for (const row of decisionRows) {
    const d = journalDecision(row);
    if (!d.ok) return d;
    decisions.push(d.value);
  }
  const transitions: JournalTransition[] = [];
  for (const row of transitionRows) {
    const to = statusSchema.safeParse(row.toStatus);
    const from = row.fromStatus === null ? null : statusSchema.safeParse(row.fromStatus);
    if (!to.success || (from !== null && !from.success)) return fail('db.corrupt_row', `A status change at ${row.at.toISOString()} names an unknown status`);
    transitions.push({ at: row.at.getTime(), from: from === null ? null : from.data!, to: to.data, actor: row.actor, reason: row.reason ?? '' });
  }
  const ruleChanges = reasoningRows.flatMap((r) => journalRuleChange(r.at.getTime(), r.data) ?? []);
  return ok({ decisions, transitions, ruleChanges, orderStatus: new Map(orderRows.map((o) => [o.clientOrderId, o.status])) });
}

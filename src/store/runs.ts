import { z } from 'zod';
import type { ClosedTrade } from '../core/engine/report.js';
import { fail, ok, type Result } from '../core/domain/result.js';
import type { Db } from './client.js';
import { runTrades, TRADES_SELECT } from './run-trades.js';
import { storeFailure } from './errors.js';
import {
  equityRowSchema,
  RUN_SELECT,
  runRowSchema,
  violationRowSchema,
  type EquityPoint,
  type RunSummary,
  type StoredViolation,
} from './run-rows.js';

/** A run with everything saved under it, oldest first. */
export interface StoredRun extends RunSummary {
  readonly trades: readonly ClosedTrade[];
  readonly equity: readonly EquityPoint[];
  readonly violations: readonly StoredViolation[];
}

const storedRunSchema = z.object({
  run: runRowSchema,
  equity: z.array(equityRowSchema),
  violations: z.array(violationRowSchema),
});

/** Run #`number` of a workspace with its trades, equity points and violations. */
export async function getRunByNumber(db: Db, workspaceId: string, number: number): Promise<Result<StoredRun>> {
  let row;
  try {
    row = await db.run.findUnique({
      where: { workspaceId_number: { workspaceId, number } },
      select: {
        ...RUN_SELECT,
        ...TRADES_SELECT,
        equity: { orderBy: { at: 'asc' } },
        violations: { orderBy: [{ at: 'asc' }, { id: 'asc' }] },
      },
    });
  } catch (error) {
    return storeFailure(error, 'db.read_failed', `Could not read run #${number}`);
  }
  if (row === null) return fail('run.not_found', `Run #${number} does not exist in this workspace`, { number });

  const { trades, tradeLedger, equity, violations, ...run } = row;
  const parsed = storedRunSchema.safeParse({ run, equity, violations });
  if (!parsed.success) return corrupt(number, parsed.error);
  const closed = await runTrades(db, { id: run.id, number, trades, tradeLedger });
  if (!closed.ok) return closed;
  return ok({ ...parsed.data.run, trades: closed.value, equity: parsed.data.equity, violations: parsed.data.violations });
}

export interface ListRunsOptions {
  /** Newest first; at most 100. */
  readonly limit: number;
}

/** The workspace's most recent runs, newest (highest number) first, without their trades and equity. */
export async function listRuns(db: Db, workspaceId: string, options: ListRunsOptions): Promise<Result<RunSummary[]>> {
  const take = Number.isFinite(options.limit) ? Math.min(100, Math.max(1, Math.floor(options.limit))) : 20;
  let rows;
  try {
    rows = await db.run.findMany({ where: { workspaceId }, orderBy: { number: 'desc' }, take, select: RUN_SELECT });
  } catch (error) {
    return storeFailure(error, 'db.read_failed', 'Could not list runs');
  }
  const runs: RunSummary[] = [];
  for (const row of rows) {
    const parsed = runRowSchema.safeParse(row);
    if (!parsed.success) return corrupt(row.number, parsed.error);
    runs.push(parsed.data);
  }
  return ok(runs);
}

function corrupt(number: number, error: z.ZodError): Result<never> {
  const issue = error.issues[0];
  const where = issue === undefined ? '' : ` at ${issue.path.join('.')}: ${issue.message}`;
  return fail('db.corrupt_row', `Run #${number} is stored in a shape this version cannot read${where}`, { number });
}

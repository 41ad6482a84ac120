// Rows <-> the RunStore's types for paper/live runs (backtests are read by query-rows.ts). Times are epoch ms.
import { z } from 'zod';
import { RUN_STATUSES, type RunSummary, type StoredPosition } from '../../app/runs/model.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import { firstIssueLine } from '../../core/domain/zod-errors.js';
import type { Prisma } from '../generated/client.js';
import { epochMs } from './json.js';
import { runManifestSchema } from '../../app/runs/manifest-schema.js';
import { shadowExitRuleSchema } from './order-schema.js';
import { PLATFORMS } from '../workspace/workspaces.js';

/** The modes the RunStore serves; a backtest is saved whole by backtest-runs.ts and never iterates. */
export const LIVE_MODES = ['paper', 'live'] as const;

export const LIVE_RUN_SELECT = {
  id: true,
  number: true,
  mode: true,
  status: true,
  manifest: true,
  createdBy: true,
  channelRef: true,
  startedAt: true,
  endedAt: true,
  workspace: { select: { platform: true, externalId: true, name: true } },
} as const satisfies Prisma.RunSelect;

const runSummarySchema = z
  .object({
    id: z.string(),
    number: z.number().int(),
    mode: z.enum(LIVE_MODES),
    status: z.enum(RUN_STATUSES),
    manifest: runManifestSchema,
    createdBy: z.string(),
    channelRef: z.string(),
    startedAt: epochMs,
    endedAt: epochMs.nullable(),
    workspace: z.object({ platform: z.enum(PLATFORMS), externalId: z.string(), name: z.string() }),
  })
  .transform(({ channelRef, ...rest }): RunSummary => ({ ...rest, channelId: channelRef }));

export function runSummaryFromRow(row: { number: number }): Result<RunSummary> {
  const parsed = runSummarySchema.safeParse(row);
  return parsed.success ? ok(parsed.data) : corruptRun(row.number, firstIssueLine(parsed.error));
}

export function corruptRun(number: number, where: string): Result<never> {
  return fail('db.corrupt_row', `Run #${number} is stored in a shape this version cannot read: ${where}`, { number });
}

const shadowExitsSchema = z.array(z.intersection(shadowExitRuleSchema, z.object({ level: z.number().nullable() })));

/** What a stored position must look like: finite numbers, null for a level that is not set. */
export const storedPositionSchema: z.ZodType<StoredPosition> = z.object({
  symbol: z.string().min(1),
  qty: z.number(),
  avgPrice: z.number(),
  entryTime: z.number(),
  entryCommission: z.number(),
  lastPrice: z.number(),
  barsHeld: z.number().int().min(0),
  stopPrice: z.number().nullable(),
  targetPrice: z.number().nullable(),
  trailingPct: z.number().nullable(),
  extreme: z.number(),
  maxHoldingBars: z.number().int().nullable(),
  shadowExits: shadowExitsSchema,
});

export const POSITION_SELECT = {
  symbol: true,
  qty: true,
  avgPrice: true,
  openedAt: true,
  entryCommission: true,
  lastPrice: true,
  barsHeld: true,
  stopPrice: true,
  targetPrice: true,
  trailingPct: true,
  extreme: true,
  maxHoldingBars: true,
  shadowExits: true,
} as const satisfies Prisma.PositionSelect;

type PositionRow = Prisma.PositionGetPayload<{ select: typeof POSITION_SELECT }>;

export function positionFromRow({ openedAt, ...row }: PositionRow): z.ZodSafeParseResult<StoredPosition> {
  return storedPositionSchema.safeParse({ ...row, entryTime: openedAt.getTime() });
}

/** A run's position rows, parsed (a bad one makes the run `db.corrupt_row`) and ordered by symbol. */
export function positionsFromRows(runNumber: number, rows: readonly PositionRow[]): Result<StoredPosition[]> {
  const positions: StoredPosition[] = [];
  for (const p of rows) {
    const parsed = positionFromRow(p);
    if (!parsed.success) return corruptRun(runNumber, firstIssueLine(parsed.error, `positions.${p.symbol}`));
    positions.push(parsed.data);
  }
  // Sorted here rather than in SQL so the order never depends on the database's collation.
  positions.sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  return ok(positions);
}

/** Columns of a Position row (`shadowExits` already encoded). */
export function positionColumns(runId: string, p: StoredPosition, shadowExits: Prisma.InputJsonValue) {
  return {
    runId,
    symbol: p.symbol,
    qty: p.qty,
    avgPrice: p.avgPrice,
    openedAt: new Date(p.entryTime),
    entryCommission: p.entryCommission,
    lastPrice: p.lastPrice,
    barsHeld: p.barsHeld,
    stopPrice: p.stopPrice,
    targetPrice: p.targetPrice,
    trailingPct: p.trailingPct,
    extreme: p.extreme,
    maxHoldingBars: p.maxHoldingBars,
    shadowExits,
  };
}

// Rows -> the RunQueries views. Paper runs read their frozen manifest strictly (as the RunStore does); a saved
// backtest's Json columns are read leniently where older saves may lack a field (costs, code version, metrics):
// a report shows "not recorded" or recomputes, rather than refusing the whole run.
import { z } from 'zod';
import { RUN_STATUSES } from '../../app/runs/model.js';
import type { DecisionView, LiveRunView, RunRef } from '../../app/runs/ports.js';
import { configOfManifest } from '../../app/runs/config.js';
import { TIMEFRAMES } from '../../core/domain/bar.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import { firstIssueLine } from '../../core/domain/zod-errors.js';
import { costsSchema } from '../../core/engine/config.js';
import { metricsSavedBeforeNotes, type MetricsSavedBeforeNotes } from '../../core/engine/metrics.js';
import type { Metrics, OpenPositionReport } from '../../core/engine/report.js';
import type { Prisma } from '../generated/client.js';
import { decodeColumn, epochMs } from './json.js';
import { runManifestSchema } from '../../app/runs/manifest-schema.js';
import { RUN_MODES } from './rows.js';
import { runStateSchema } from './state-schema.js';
import { corruptRun, LIVE_MODES, LIVE_RUN_SELECT, POSITION_SELECT, positionsFromRows, runSummaryFromRow } from './summary-rows.js';

export const REF_SELECT = {
  id: true, number: true, mode: true, status: true, strategyId: true, strategyVersion: true, params: true, symbols: true, timeframe: true,
  dataSource: true, sizing: true, ruleSnapshot: true, ruleSnapshotHash: true, manifest: true, startingCash: true, dataFrom: true, dataTo: true,
  startedAt: true, endedAt: true,
} as const satisfies Prisma.RunSelect;

type RefRow = Prisma.RunGetPayload<{ select: typeof REF_SELECT }>;

const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

const backtestRowSchema = z.object({
  id: z.string(),
  number: z.number().int(),
  mode: z.enum(RUN_MODES),
  status: z.enum(RUN_STATUSES),
  strategyId: z.string(),
  strategyVersion: z.string(),
  params: z.record(z.string(), z.unknown()),
  symbols: z.array(z.string()),
  timeframe: z.enum(TIMEFRAMES),
  dataSource: z.string(),
  sizing: z.unknown(),
  ruleSnapshot: z.array(z.unknown()),
  ruleSnapshotHash: z.string(),
  manifest: z.looseObject({
    costs: optional(costsSchema),
    codeVersion: optional(z.string()),
    data: optional(z.looseObject({ simulated: optional(z.boolean()) })),
  }),
  startingCash: z.number(),
  dataFrom: epochMs.nullable(),
  dataTo: epochMs.nullable(),
  startedAt: epochMs,
  endedAt: epochMs.nullable(),
});

const ruleIdOf = (r: unknown): string[] => {
  const parsed = z.object({ id: z.string() }).safeParse(r);
  return parsed.success ? [parsed.data.id] : [];
};

/** Any run's reference; `window` is a paper run's first and last equity snapshot. */
export function runRefFromRow(row: RefRow, window: { from: number | null; to: number | null }): Result<RunRef> {
  if ((LIVE_MODES as readonly string[]).includes(row.mode)) {
    const m = runManifestSchema.safeParse(row.manifest);
    const status = z.enum(RUN_STATUSES).safeParse(row.status);
    if (!m.success) return corruptRun(row.number, firstIssueLine(m.error, 'manifest'));
    if (!status.success) return corruptRun(row.number, firstIssueLine(status.error, 'status'));
    return ok({
      id: row.id, number: row.number, mode: row.mode === 'live' ? 'live' : 'paper', status: status.data,
      config: configOfManifest(m.data, window), startedAt: row.startedAt.getTime(), endedAt: row.endedAt?.getTime() ?? null,
      ...(m.data.broker === undefined ? {} : { broker: m.data.broker }),
    });
  }
  const parsed = backtestRowSchema.safeParse(row);
  if (!parsed.success) return corruptRun(row.number, firstIssueLine(parsed.error));
  const r = parsed.data;
  return ok({
    id: r.id, number: r.number, mode: r.mode, status: r.status, startedAt: r.startedAt, endedAt: r.endedAt,
    config: {
      strategy: { id: r.strategyId, version: r.strategyVersion },
      params: r.params,
      symbols: r.symbols,
      timeframe: r.timeframe,
      rulesHash: r.ruleSnapshotHash,
      ruleIds: r.ruleSnapshot.flatMap(ruleIdOf),
      dataSource: r.dataSource,
      simulated: r.manifest.data?.simulated ?? (r.dataSource === 'sim' || r.dataSource.startsWith('simulated')),
      dataFrom: r.dataFrom,
      dataTo: r.dataTo,
      sizing: r.sizing,
      costs: r.manifest.costs ?? null,
      startCash: r.startingCash,
      codeVersion: r.manifest.codeVersion ?? null,
    },
  });
}

/** `results.metrics` and `results.openPositions` of a saved backtest, when they are whole. */
const metricsShape = {
  startEquity: z.number(), endEquity: z.number(), totalReturnPct: z.number(), cagrPct: z.number().nullable(), sharpe: z.number().nullable(),
  sortino: z.number().nullable(), maxDrawdownPct: z.number(), trades: z.number().int(), winRatePct: z.number(), profitFactor: z.number().nullable(),
  expectancy: z.number(), avgWin: z.number(), avgLoss: z.number(), exposurePct: z.number(), blockedBy: z.record(z.string(), z.number()),
};
const metricsSchema: z.ZodType<Metrics> = z.object({
  ...metricsShape, cagrNote: z.string().nullable(), sharpeNote: z.string().nullable(), sortinoNote: z.string().nullable(), periodsPerYear: z.number().nullable(),
});
/** Saved before the n/a notes existed: read with today's minimum sample (see metricsSavedBeforeNotes). */
const olderMetricsSchema: z.ZodType<MetricsSavedBeforeNotes> = z.object(metricsShape);
const openPositionsSchema: z.ZodType<OpenPositionReport[]> = z.array(z.object({
  symbol: z.string(), side: z.enum(['long', 'short']), qty: z.number(), entryTime: z.number(), entryPrice: z.number(), marketPrice: z.number(), unrealizedPnl: z.number(),
}));
const resultsSchema = z.object({ metrics: z.unknown(), openPositions: openPositionsSchema.catch([]) }).catch({ metrics: null, openPositions: [] });

/** `spanMs`: the saved run's data window (last bar - first bar). */
export function savedResults(results: unknown, spanMs: number): { metrics: Metrics | null; openPositions: OpenPositionReport[] } {
  const r = resultsSchema.parse(results ?? {});
  const current = metricsSchema.safeParse(r.metrics);
  if (current.success) return { metrics: current.data, openPositions: r.openPositions };
  const older = olderMetricsSchema.safeParse(r.metrics);
  return { metrics: older.success ? metricsSavedBeforeNotes(older.data, spanMs) : null, openPositions: r.openPositions };
}

export const LIVE_VIEW_SELECT = {
  ...LIVE_RUN_SELECT,
  state: true,
  positions: { select: POSITION_SELECT },
  decisions: { orderBy: { barTime: 'desc' }, take: 1, select: { asOf: true } },
  transitions: { orderBy: [{ at: 'desc' }, { id: 'desc' }], take: 1, select: { reason: true } },
} as const satisfies Prisma.RunSelect;

type LiveRow = Prisma.RunGetPayload<{ select: typeof LIVE_VIEW_SELECT }>;

export function liveViewFromRow(row: LiveRow): Result<LiveRunView> {
  const run = runSummaryFromRow(row);
  if (!run.ok) return run;
  const state = decodeColumn(runStateSchema, row.state, `Run #${row.number}`, 'state');
  if (!state.ok) return state;
  const positions = positionsFromRows(row.number, row.positions);
  if (!positions.ok) return positions;
  return ok({
    run: run.value,
    state: state.value,
    positions: positions.value,
    lastIterationAt: row.decisions[0]?.asOf.getTime() ?? null,
    statusReason: row.transitions[0]?.reason ?? null,
  });
}

const text = z.string().catch('');
const decisionColumnsSchema = z.object({
  signals: z.array(z.looseObject({ symbol: z.string(), action: z.string(), reason: text })),
  orders: z.array(z.looseObject({ symbol: z.string(), side: z.string(), intent: z.string(), reason: text })),
  verdicts: z.array(z.looseObject({ symbol: z.string(), by: z.string(), reason: text, shadow: z.boolean().catch(false) })),
  notes: z.array(z.looseObject({ kind: z.string(), content: z.string() })).nullable(),
});

export function decisionFromRow(row: { barTime: Date; asOf: Date; signals: unknown; orders: unknown; verdicts: unknown; notes: unknown }): Result<DecisionView> {
  const parsed = decisionColumnsSchema.safeParse(row);
  if (!parsed.success) {
    return fail('db.corrupt_row', `The decision of bar ${row.barTime.toISOString()} is stored in a shape this version cannot read: ${firstIssueLine(parsed.error)}`);
  }
  const d = parsed.data;
  return ok({
    barTime: row.barTime.getTime(),
    asOf: row.asOf.getTime(),
    signals: d.signals.map(({ symbol, action, reason }) => ({ symbol, action, reason })),
    orders: d.orders.map(({ symbol, side, intent, reason }) => ({ symbol, side, intent, reason })),
    blocked: d.verdicts.map(({ symbol, by, reason, shadow }) => ({ symbol, by, reason, shadow })),
    notes: (d.notes ?? []).map(({ kind, content }) => ({ kind, content })),
  });
}

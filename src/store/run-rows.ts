// Rows <-> domain for runs. Json columns and string "enums" are parsed with zod here: the database is outside
// data as far as the types are concerned (an older build or a hand edit may have written anything).
import { z } from 'zod';
import { TIMEFRAMES } from '../core/domain/bar.js';
import type { ExitReason } from '../core/engine/report.js';

export const RUN_MODES = ['backtest', 'paper', 'live'] as const;
export const RUN_STATUSES = ['running', 'paused', 'halted', 'stopped', 'completed', 'failed'] as const;
export const VIOLATION_ACTIONS = ['entry_blocked', 'exit_forced', 'run_halted', 'reported'] as const;
// A mapped object, so the compiler flags a reason added to (or removed from) report.ts's ExitReason.
const EXIT_REASONS: { readonly [K in ExitReason]: K } = {
  signal: 'signal',
  stop_loss: 'stop_loss',
  take_profit: 'take_profit',
  trailing_stop: 'trailing_stop',
  time_stop: 'time_stop',
  flatten: 'flatten',
};
/** Every exit reason, as a tuple zod enums take. */
export const EXIT_REASON_NAMES = Object.values(EXIT_REASONS) as [ExitReason, ...ExitReason[]];

const epochMs = z.date().transform((d) => d.getTime());
const jsonObject = z.record(z.string(), z.unknown());

export const runRowSchema = z
  .object({
    id: z.string(),
    workspaceId: z.string(),
    number: z.number().int(),
    mode: z.enum(RUN_MODES),
    status: z.enum(RUN_STATUSES),
    strategyId: z.string(),
    strategyVersion: z.string(),
    params: jsonObject,
    symbols: z.array(z.string()),
    timeframe: z.enum(TIMEFRAMES),
    dataSource: z.string(),
    quantEnabled: z.boolean(),
    gatesMode: z.enum(['enforce', 'shadow']),
    sizing: jsonObject,
    ruleSnapshot: z.array(z.unknown()),
    ruleSnapshotHash: z.string(),
    manifest: jsonObject,
    results: jsonObject.nullable(),
    startingCash: z.number(),
    dataFrom: epochMs.nullable(),
    dataTo: epochMs.nullable(),
    createdBy: z.string().nullable(),
    startedAt: epochMs,
    endedAt: epochMs.nullable(),
  })
  .transform(({ ruleSnapshot, ruleSnapshotHash, ...rest }) => ({ ...rest, rules: ruleSnapshot, rulesHash: ruleSnapshotHash }));

/** A run as the rest of the app sees it (times epoch ms). */
export type RunSummary = z.infer<typeof runRowSchema>;
export type RunMode = RunSummary['mode'];
export type RunStatus = RunSummary['status'];

/** The columns `runRowSchema` reads, for Prisma `select`. */
export const RUN_SELECT = {
  id: true,
  workspaceId: true,
  number: true,
  mode: true,
  status: true,
  strategyId: true,
  strategyVersion: true,
  params: true,
  symbols: true,
  timeframe: true,
  dataSource: true,
  quantEnabled: true,
  gatesMode: true,
  sizing: true,
  ruleSnapshot: true,
  ruleSnapshotHash: true,
  manifest: true,
  results: true,
  startingCash: true,
  dataFrom: true,
  dataTo: true,
  createdBy: true,
  startedAt: true,
  endedAt: true,
} as const;

export const tradeRowSchema = z.object({
  symbol: z.string(),
  side: z.enum(['long', 'short']),
  qty: z.number(),
  entryTime: epochMs,
  entryPrice: z.number(),
  exitTime: epochMs,
  exitPrice: z.number(),
  pnl: z.number(),
  commission: z.number(),
  exitReason: z.enum(EXIT_REASONS),
  barsHeld: z.number().int(),
});

export const equityRowSchema = z
  .object({ at: epochMs, cash: z.number(), equity: z.number() })
  .transform(({ at, ...rest }) => ({ time: at, ...rest }));
export type EquityPoint = z.infer<typeof equityRowSchema>;

export const violationRowSchema = z
  .object({
    by: z.string(),
    symbol: z.string().nullable(),
    observed: z.number().nullable(),
    limit: z.number().nullable(),
    action: z.enum(VIOLATION_ACTIONS),
    message: z.string(),
    at: epochMs,
  })
  .transform(({ at, ...rest }) => ({ time: at, ...rest }));
/** A blocked (or, when `action` is 'reported', shadow-reported) signal or forced action. */
export type StoredViolation = z.infer<typeof violationRowSchema>;

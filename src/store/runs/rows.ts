// Rows -> domain for what a run saves under it (trades, equity points, violations), and the run modes. String
// "enums" are parsed with zod here: the database is outside data as far as the types are concerned (an older
// build or a hand edit may have written anything).
import { z } from 'zod';
import { EXIT_REASONS } from '../../core/domain/order.js';

export const RUN_MODES = ['backtest', 'paper', 'live'] as const;
export const VIOLATION_ACTIONS = ['entry_blocked', 'exit_forced', 'run_halted', 'reported'] as const;

const epochMs = z.date().transform((d) => d.getTime());

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

/** A blocked (or, when `action` is 'reported', shadow-reported) signal or forced action. */
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

// `Run.state`: what a paper/live run carries from one iteration to the next. Money and times must be finite (or
// null where the type says "not yet"); only the diagnostic `observed`/`limit` of a verdict or breaker reason may be
// NaN, which the core uses for an unreadable input.
import { z } from 'zod';
import type { RunState } from '../../core/runs/run-book.js';
import type { BreakerState } from '../../core/risk/circuit-breaker.js';
import type { Verdict } from '../../core/risk/gates.js';
import { anyNumber } from './json.js';

const verdictSchema: z.ZodType<Verdict> = z.object({
  by: z.string(),
  observed: anyNumber.nullable(),
  limit: anyNumber.nullable(),
  action: z.enum(['entry_blocked', 'qty_capped', 'run_halted', 'reported']),
  message: z.string(),
});

const breakerStateSchema: z.ZodType<BreakerState> = z.object({
  status: z.enum(['closed', 'open', 'half_open']),
  consecutiveFailures: z.number().int().min(0),
  trippedAt: z.number().nullable(),
  reason: z
    .object({
      code: z.enum(['breaker.failures', 'breaker.data_quality', 'breaker.equity_drop']),
      message: z.string(),
      observed: anyNumber,
      limit: anyNumber,
    })
    .nullable(),
  equityPeaks: z.array(z.object({ at: z.number(), equity: z.number() })),
});

export const runStateSchema: z.ZodType<RunState> = z.object({
  cash: z.number(),
  equity: z.number(),
  peakEquity: z.number(),
  dayStartEquity: z.number(),
  dayKey: z.number().int().nullable(),
  lastBarTime: z.number().nullable(),
  entriesHalted: verdictSchema.nullable(),
  breaker: breakerStateSchema,
  tradeRecord: z.array(z.object({ returnPct: z.number(), exitTime: z.number() })),
  lastBlocked: z.array(z.string()).optional(),
});

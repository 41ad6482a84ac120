// The `tradedesk backtest --json` document as a zod schema: parsing a run's stdout both checks the documented
// shape and gives the tests typed values. Objects are not strict: extra fields may be added, these may not go.
import { z } from 'zod';

const isoTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, 'expected an ISO 8601 UTC time');

export const backtestDocSchema = z.object({
  strategy: z.string(),
  params: z.record(z.string(), z.unknown()),
  symbols: z.array(z.string()),
  from: isoTime,
  to: isoTime,
  bars: z.number().int().positive(),
  data: z.object({ source: z.string(), simulated: z.boolean() }),
  metrics: z.object({
    startEquity: z.number(),
    endEquity: z.number(),
    totalReturnPct: z.number(),
    cagrPct: z.number().nullable(),
    cagrNote: z.string().nullable(),
    sharpe: z.number().nullable(),
    sharpeNote: z.string().nullable(),
    sortino: z.number().nullable(),
    sortinoNote: z.string().nullable(),
    periodsPerYear: z.number().nullable(),
    maxDrawdownPct: z.number().min(0),
    trades: z.number().int().min(0),
    winRatePct: z.number(),
    profitFactor: z.number().nullable(),
    exposurePct: z.number(),
    blockedBy: z.record(z.string(), z.number()),
  }),
  trades: z.array(z.object({
    symbol: z.string(),
    side: z.enum(['long', 'short']),
    qty: z.number().int().positive(),
    entryTime: isoTime,
    entryPrice: z.number().positive(),
    exitTime: isoTime,
    exitPrice: z.number().positive(),
    pnl: z.number(),
    commission: z.number().min(0),
    exitReason: z.string(),
  })),
  openPositions: z.array(z.object({
    symbol: z.string(),
    side: z.enum(['long', 'short']),
    qty: z.number().int().positive(),
    entryTime: isoTime,
    entryPrice: z.number().positive(),
  })),
  blocked: z.array(z.object({
    time: isoTime,
    symbol: z.string(),
    by: z.string(),
    reason: z.string(),
    shadow: z.boolean(),
  })),
  events: z.array(z.object({ time: isoTime, kind: z.string(), message: z.string() })),
  run: z.object({ number: z.number().int().positive() }).nullable(),
});

export type BacktestDoc = z.infer<typeof backtestDocSchema>;

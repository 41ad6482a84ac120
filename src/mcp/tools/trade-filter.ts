// The trade-set filter analysis tools share (symbol, side, outcome, exit-time range): input fields, parsing of the
// times at the edge, and the filter itself. A filter that matches nothing is an empty set, not an error.
import { z } from 'zod';
import { fail, ok, type Result } from '../../core/domain/result.js';
import type { ClosedTrade } from '../../core/engine/report.js';
import { iso, isoTimeField, optionalTime } from '../time-input.js';

export const tradeFilterFields = {
  symbol: z.string().max(20).optional().describe('Only this symbol (case-insensitive)'),
  side: z.enum(['long', 'short']).optional().describe('Only long or only short trades'),
  outcome: z.enum(['win', 'loss']).optional().describe('win: pnl > 0; loss: pnl < 0'),
  from: isoTimeField('Only trades that exited at or after this time'),
  to: isoTimeField('Only trades that exited at or before this time'),
};

/** For descriptions: what a trade-set figure covers. */
export const tradeFieldsNote = 'win rate, expectancy, profit factor, average winner and loser, total pnl, drawdown of the cumulative pnl';

type FilterInput = z.infer<z.ZodObject<typeof tradeFilterFields>>;

/** A parsed filter: times in epoch ms. */
export interface TradeFilter {
  readonly symbol?: string;
  readonly side?: 'long' | 'short';
  readonly outcome?: 'win' | 'loss';
  readonly from?: number;
  readonly to?: number;
}

export const filterOutput = z.object({
  symbol: z.string().nullable().describe('Symbol filter (upper-cased), null when not filtered'),
  side: z.enum(['long', 'short']).nullable().describe('Side filter, null when not filtered'),
  outcome: z.enum(['win', 'loss']).nullable().describe('Outcome filter, null when not filtered'),
  from: z.string().nullable().describe('Earliest exit time kept (ISO), null when not filtered'),
  to: z.string().nullable().describe('Latest exit time kept (ISO), null when not filtered'),
}).describe('The filters applied to the run\'s trades');

export function parseTradeFilter(input: FilterInput): Result<TradeFilter> {
  const from = optionalTime('from', input.from);
  if (!from.ok) return from;
  const to = optionalTime('to', input.to);
  if (!to.ok) return to;
  if (from.value !== undefined && to.value !== undefined && from.value > to.value) return fail('input.range', 'from is after to');
  return ok({
    ...(input.symbol === undefined ? {} : { symbol: input.symbol.trim().toUpperCase() }),
    ...(input.side === undefined ? {} : { side: input.side }),
    ...(input.outcome === undefined ? {} : { outcome: input.outcome }),
    ...(from.value === undefined ? {} : { from: from.value }),
    ...(to.value === undefined ? {} : { to: to.value }),
  });
}

export const isFiltered = (f: TradeFilter): boolean =>
  f.symbol !== undefined || f.side !== undefined || f.outcome !== undefined || f.from !== undefined || f.to !== undefined;

/** Whether one trade passes the filter. */
export const matchesTradeFilter = (t: ClosedTrade, f: TradeFilter): boolean =>
  (f.symbol === undefined || t.symbol.toUpperCase() === f.symbol) && (f.side === undefined || t.side === f.side)
  && (f.outcome === undefined || (f.outcome === 'win' ? t.pnl > 0 : t.pnl < 0))
  && (f.from === undefined || t.exitTime >= f.from) && (f.to === undefined || t.exitTime <= f.to);

/** The matching trades in their original (exit) order; the same array when nothing is filtered. */
export function applyTradeFilter(trades: readonly ClosedTrade[], f: TradeFilter): readonly ClosedTrade[] {
  return isFiltered(f) ? trades.filter((t) => matchesTradeFilter(t, f)) : trades;
}

export function toFilterOutput(f: TradeFilter): z.infer<typeof filterOutput> {
  return {
    symbol: f.symbol ?? null, side: f.side ?? null, outcome: f.outcome ?? null,
    from: f.from === undefined ? null : iso(f.from), to: f.to === undefined ? null : iso(f.to),
  };
}

/** "symbol SIM-A, long, losses, exited 2023-04-01..2023-08-31" for answers; empty when nothing is filtered. */
export function describeFilter(f: TradeFilter): string {
  const parts: string[] = [];
  if (f.symbol !== undefined) parts.push(`symbol ${f.symbol}`);
  if (f.side !== undefined) parts.push(f.side);
  if (f.outcome !== undefined) parts.push(f.outcome === 'win' ? 'winners' : 'losers');
  if (f.from !== undefined || f.to !== undefined) parts.push(`exited ${f.from === undefined ? '…' : iso(f.from)}..${f.to === undefined ? '…' : iso(f.to)}`);
  return parts.join(', ');
}

// A run's closed trades wherever they are stored: a backtest's trade ledger (one blob) or Trade rows (paper/live
// runs, and backtests saved before the ledger existed). Both come back in exit order, parsed as outside data.
import type { ClosedTrade } from '../../core/engine/report.js';
import { ok, type Result } from '../../core/domain/result.js';
import type { Db } from '../db/client.js';
import type { Prisma } from '../generated/client.js';
import { tradeRowSchema } from './rows.js';
import { corruptRun } from './summary-rows.js';
import { decodeTradeLedger } from './trade-ledger.js';
import type { LedgerCache } from './trade-ledger-cache.js';

/**
 * Select with the run: the rows, and only the ledger's header (its blob is fetched when no cache holds it). Ties on
 * exit time keep insertion order (cuid ids grow with creation).
 */
export const TRADES_SELECT = {
  trades: { orderBy: [{ exitTime: 'asc' }, { id: 'asc' }] },
  tradeLedger: { select: { version: true, count: true } },
} satisfies Prisma.RunSelect;

export interface TradeSources {
  readonly id: string;
  readonly number: number;
  readonly trades: readonly unknown[];
  readonly tradeLedger: { readonly version: number; readonly count: number } | null;
}

export async function runTrades(db: Db, row: TradeSources, cache: LedgerCache): Promise<Result<readonly ClosedTrade[]>> {
  if (row.tradeLedger === null) {
    const parsed = tradeRowSchema.array().safeParse(row.trades);
    return parsed.success ? ok(parsed.data) : corruptRun(row.number, 'trades');
  }
  // A run keeps its trades in one place; both at once means something else wrote to it.
  if (row.trades.length > 0) return corruptRun(row.number, 'trades (both a trade ledger and trade rows)');
  const { version, count } = row.tradeLedger;
  // A ledger is written once with its run and never changed, so a decoded copy stays true for that run id.
  const cached = cache.get(row.id, version, count);
  if (cached !== undefined) return ok(cached);
  const blob = await db.tradeLedger.findUnique({ where: { runId: row.id }, select: { data: true } });
  if (blob === null) return corruptRun(row.number, 'trade ledger (gone while reading)');
  const decoded = decodeTradeLedger(version, count, blob.data);
  if (!decoded.ok) return corruptRun(row.number, decoded.error.message);
  cache.set(row.id, version, count, decoded.value);
  return decoded;
}

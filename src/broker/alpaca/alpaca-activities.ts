/**
 * Alpaca's non-trade activities (`GET /v2/account/activities?category=non_trade_activity`): deposits (CSD),
 * withdrawals (CSW), fees (FEE: REG and TAF on sells, ...), dividends (DIV), interest (INT), journals (JNLC) and the
 * rest, each with the signed `net_amount` it moved in or out of cash. Read oldest first from an activity id, every page
 * (`page_token` is the last id of the page before), so reconciliation can explain the account's cash without fills.
 * A `canceled` activity moved nothing and is skipped; the cursor still passes it.
 */
import { z } from 'zod';
import type { CashActivities, CashActivity } from '../../app/broker/ports.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import { decimal, reader } from './alpaca-orders.js';

/** Alpaca's largest page. */
export const ACTIVITY_PAGE = 100;
/** A bound on one read (100,000 activities): an API that ignores `page_token` must not loop forever. */
const MAX_PAGES = 1_000;

const alpacaActivity = z.object({
  id: z.string().min(1),
  activity_type: z.string(),
  activity_sub_type: z.string().nullable().optional(),
  net_amount: decimal.nullable().optional(),
  date: z.string().nullable().optional(),
  created_at: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
  symbol: z.string().nullable().optional(),
  status: z.string().nullable().optional(),
});
type AlpacaActivity = z.infer<typeof alpacaActivity>;

export const readActivities = reader(z.array(alpacaActivity));

function timeOf(a: AlpacaActivity): number {
  const t = Date.parse(a.created_at ?? a.date ?? '');
  return Number.isFinite(t) ? t : 0;
}

export function cashActivity(a: AlpacaActivity): CashActivity | null {
  if (a.status === 'canceled' || a.activity_type === 'FILL') return null;
  return {
    id: a.id, type: a.activity_type, subType: a.activity_sub_type ?? null, amount: a.net_amount ?? 0, time: timeOf(a),
    description: a.description ?? '', symbol: a.symbol ?? null,
  };
}

/** Every activity after `after` (null: from the first), page by page through `page`, oldest first. */
export async function readAllActivities(after: string | null, page: (token: string | null) => Promise<Result<readonly AlpacaActivity[]>>): Promise<Result<CashActivities>> {
  const out: CashActivity[] = [];
  let cursor = after;
  for (let n = 0; n < MAX_PAGES; n++) {
    const rows = await page(cursor);
    if (!rows.ok) return rows;
    for (const row of rows.value) {
      const moved = cashActivity(row);
      if (moved !== null) out.push(moved);
    }
    const last = rows.value.at(-1)?.id;
    if (last === undefined || rows.value.length < ACTIVITY_PAGE) return ok({ activities: out, cursor: last ?? cursor });
    if (last === cursor) return fail('broker.unavailable', `Alpaca listed the same page of account activities again after ${cursor}`);
    cursor = last;
  }
  return fail('broker.unavailable', `Alpaca listed more than ${MAX_PAGES * ACTIVITY_PAGE} account activities after ${after ?? 'the first'} in one read`);
}

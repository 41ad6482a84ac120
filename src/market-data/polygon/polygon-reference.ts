/** Ticker details (GET /v3/reference/tickers/{ticker}): whether Polygon knows a ticker, and whether it still trades. */
import { fail, ok, type Result } from '../../core/domain/result.js';
import { withRetry } from '../provider/retry.js';
import { callPolygon, polygonErrorText, PROVIDER, type PolygonContext } from './polygon-call.js';
import { firstIssue, tickerDetailsSchema } from './polygon-payloads.js';

export type TickerStanding = 'active' | 'inactive' | 'unknown';

export async function lookUpTicker(ctx: PolygonContext, ticker: string): Promise<Result<TickerStanding>> {
  const reply = await withRetry(PROVIDER, () => callPolygon(async () => (await ctx.client()).getTicker(ticker, undefined, { timeout: ctx.timeoutMs }), ctx.timeoutMs), ctx.retry);
  if (!reply.ok) return reply;
  if (reply.value.kind === 'status') {
    if (reply.value.status === 404) return ok('unknown');
    const { status, body } = reply.value;
    return fail('data.unavailable', `Polygon answered HTTP ${status} for ticker ${ticker}: ${polygonErrorText(body)}`, { provider: PROVIDER, status });
  }
  const details = tickerDetailsSchema.safeParse(reply.value.body);
  if (!details.success) {
    return fail('data.corrupt', `Polygon sent malformed ticker details for ${ticker}: ${firstIssue(details.error)}`, { provider: PROVIDER, ticker });
  }
  return ok(details.data.results.active === false ? 'inactive' : 'active');
}

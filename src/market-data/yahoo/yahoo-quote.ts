/**
 * checkSymbols through quote() (/v7/finance/quote, the one call here that needs the cookie/crumb handshake). A
 * symbol missing from the answer is unknown to Yahoo; quoteType NONE or a marketState saying so is delisted. The
 * library drops quoteType NONE entries before returning, so the raw answer is read too (zod, through the same fetch
 * hook) to tell "delisted" from "unknown". A 401 ("Invalid Crumb": Yahoo expired the session) starts a new session and retries.
 */
import { z } from 'zod';
import type { SymbolCheck } from '../../app/market-data/ports.js';
import { quoteInput } from '../../core/domain/quote-input.js';
import { ok, type Result } from '../../core/domain/result.js';
import { withRetry, type RetryPolicy } from '../provider/retry.js';
import { normalizeSymbol } from '../symbol.js';
import { classifyYahooError } from './yahoo-attempt.js';
import type { YahooSession } from './yahoo-client.js';
import { YahooHttpError } from './yahoo-fetch.js';
import { toYahooSymbol, type YahooSymbol } from './yahoo-symbol.js';

const quoted = z.array(z.object({ symbol: z.string(), quoteType: z.string(), marketState: z.string().optional() }));
type QuoteEntry = z.infer<typeof quoted>[number];
const rawAnswer = z.object({ quoteResponse: z.object({ result: quoted }) });

/** Why an answered symbol is refused: Yahoo marks a delisted one with quoteType NONE, or says so in marketState. */
function delisted(q: QuoteEntry): string | null {
  if (q.quoteType === 'NONE') return 'delisted: Yahoo Finance lists it with quoteType NONE';
  if (q.marketState !== undefined && /delist/i.test(q.marketState)) return `delisted: Yahoo Finance says marketState ${quoteInput(q.marketState)}`;
  return null;
}

/** Symbols per quote request (Yahoo answers long lists, but a URL has limits). */
const BATCH = 50;

export async function checkYahooSymbols(session: YahooSession, routed: typeof fetch, symbols: readonly string[], provider: string, policy: RetryPolicy): Promise<Result<SymbolCheck>> {
  const accepted: string[] = [];
  const refused: { symbol: string; reason: string }[] = [];
  const asked: YahooSymbol[] = [];
  for (const raw of symbols) {
    const n = normalizeSymbol(raw);
    if (n.ok) asked.push(toYahooSymbol(n.value));
    else refused.push({ symbol: raw, reason: n.error.message });
  }
  for (let i = 0; i < asked.length; i += BATCH) {
    const batch = asked.slice(i, i + BATCH);
    const answer = await quoteBatch(session, routed, batch, provider, policy);
    if (!answer.ok) return answer;
    for (const sym of batch) {
      const entry = answer.value.get(sym.yahoo);
      const why = entry === undefined ? `unknown to Yahoo Finance (asked as ${quoteInput(sym.yahoo)})` : delisted(entry);
      if (why === null) accepted.push(sym.desk);
      else refused.push({ symbol: sym.desk, reason: why });
    }
  }
  return ok({ accepted, refused });
}

/** Yahoo symbol -> its quote entry, for the symbols Yahoo answered (delisted ones included). */
function quoteBatch(session: YahooSession, routed: typeof fetch, batch: readonly YahooSymbol[], provider: string, policy: RetryPolicy): Promise<Result<Map<string, QuoteEntry>>> {
  const label = batch.map((s) => s.desk).join(', ');
  return withRetry(provider, async () => {
    let rawBody: unknown;
    const recording: typeof fetch = async (input, init) => {
      const res = await routed(input, init);
      // The library passes its own URL string (https://query2.finance.yahoo.com/...), before routing.
      if (typeof input === 'string' && new URL(input).pathname === '/v7/finance/quote') {
        rawBody = await res.clone().json().catch(() => undefined);
      }
      return res;
    };
    const raw = () => rawAnswer.safeParse(rawBody);
    try {
      await session.useOwnCrumb();
      const answer = await (await session.client()).quote(batch.map((s) => s.yahoo), { return: 'array' }, { fetch: recording });
      const lib = quoted.safeParse(answer);
      const whole = raw();
      if (!lib.success || !whole.success) return { kind: 'fail', code: 'data.corrupt', message: `Yahoo Finance's quote answer for ${quoteInput(label)} does not parse` };
      return { kind: 'done', value: new Map([...whole.data.quoteResponse.result, ...lib.data].map((q) => [q.symbol, q])) };
    } catch (error) {
      if (error instanceof YahooHttpError && error.status === 401) {
        // Yahoo no longer takes this session's crumb ("Invalid Crumb"): start a new session and try again.
        await session.forget();
        return { kind: 'retry', why: error.message };
      }
      // The library's quote schema requires dozens of fields and knows a closed set of marketState values: a
      // surprise in any entry fails the whole list. The check needs only symbol, quoteType and marketState.
      const whole = raw();
      if (error instanceof Error && error.name === 'FailedYahooValidationError' && whole.success) {
        return { kind: 'done', value: new Map(whole.data.quoteResponse.result.map((q) => [q.symbol, q])) };
      }
      return classifyYahooError(error, label);
    }
  }, policy);
}

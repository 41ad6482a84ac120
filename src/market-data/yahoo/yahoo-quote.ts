/**
 * checkSymbols through quote() (/v7/finance/quote, the one call here that needs the cookie/crumb handshake). A
 * symbol missing from the answer is unknown to Yahoo. The library drops entries with quoteType NONE (how Yahoo
 * marks a delisted symbol) before returning, so the raw answer is read too, through the same fetch hook, to tell
 * "delisted" from "unknown". A 401 ("Invalid Crumb": Yahoo expired the session) starts a new session and retries.
 */
import { z } from 'zod';
import type { SymbolCheck } from '../../app/ports.js';
import { quoteInput } from '../../core/domain/quote-input.js';
import { ok, type Result } from '../../core/domain/result.js';
import { withRetry, type RetryPolicy } from '../provider/retry.js';
import { normalizeSymbol } from '../symbol.js';
import { classifyYahooError } from './yahoo-attempt.js';
import type { YahooSession } from './yahoo-client.js';
import { YahooHttpError } from './yahoo-fetch.js';
import { toYahooSymbol, type YahooSymbol } from './yahoo-symbol.js';

const quoted = z.array(z.object({ symbol: z.string(), quoteType: z.string() }));
const rawAnswer = z.object({ quoteResponse: z.object({ result: quoted }) });

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
      const type = answer.value.get(sym.yahoo);
      if (type === undefined) refused.push({ symbol: sym.desk, reason: `unknown to Yahoo Finance (asked as ${quoteInput(sym.yahoo)})` });
      else if (type === 'NONE') refused.push({ symbol: sym.desk, reason: 'delisted: Yahoo Finance lists it with quoteType NONE' });
      else accepted.push(sym.desk);
    }
  }
  return ok({ accepted, refused });
}

/** Yahoo symbol -> quoteType, for the symbols Yahoo answered (NONE included). */
function quoteBatch(session: YahooSession, routed: typeof fetch, batch: readonly YahooSymbol[], provider: string, policy: RetryPolicy): Promise<Result<Map<string, string>>> {
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
    try {
      await session.useOwnCrumb();
      const answer = await session.client.quote(batch.map((s) => s.yahoo), { return: 'array' }, { fetch: recording });
      const types = new Map<string, string>();
      const raw = rawAnswer.safeParse(rawBody);
      if (raw.success) for (const q of raw.data.quoteResponse.result) types.set(q.symbol, q.quoteType);
      const lib = quoted.safeParse(answer);
      if (!lib.success) return { kind: 'fail', code: 'data.corrupt', message: `Yahoo Finance's quote answer for ${quoteInput(label)} does not parse` };
      for (const q of lib.data) types.set(q.symbol, q.quoteType);
      return { kind: 'done', value: types };
    } catch (error) {
      if (error instanceof YahooHttpError && error.status === 401) {
        // Yahoo no longer takes this session's crumb ("Invalid Crumb"): start a new session and try again.
        await session.forget();
        return { kind: 'retry', why: error.message };
      }
      return classifyYahooError(error, label);
    }
  }, policy);
}

/**
 * What one failed yahoo-finance2 call means for the retry loop: 429, 408 and 5xx answers and unanswered requests are
 * temporary; 404 on the chart is Yahoo's "No data found, symbol may be delisted"; 400/422 is a window Yahoo refuses;
 * anything the library or the adapter could not read is data.corrupt.
 */
import { quoteInput } from '../../core/domain/quote-input.js';
import { isTemporaryStatus, type Attempt } from '../provider/retry.js';
import { YahooHttpError, YahooNetworkError } from './yahoo-fetch.js';

export function classifyYahooError<T>(error: unknown, deskSymbol: string): Attempt<T> {
  if (error instanceof YahooNetworkError) return { kind: 'retry', why: error.message };
  // The fetch hook's timeout also covers the body, which the library reads itself: a stalled body ends here.
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return { kind: 'retry', why: `answer cut off: ${error.message}` };
  if (error instanceof YahooHttpError) {
    if (isTemporaryStatus(error.status)) {
      return error.retryAfterMs === undefined ? { kind: 'retry', why: error.message } : { kind: 'retry', why: error.message, afterMs: error.retryAfterMs };
    }
    if (error.status === 404) {
      const why = error.description === '' ? 'not found' : quoteInput(error.description);
      return { kind: 'fail', code: 'data.symbol', message: `Yahoo Finance does not know ${quoteInput(deskSymbol)} (${why})` };
    }
    if (error.status === 400 || error.status === 422) {
      return { kind: 'fail', code: 'data.range', message: `Yahoo Finance refused the window for ${quoteInput(deskSymbol)}: ${quoteInput(error.description === '' ? `HTTP ${error.status}` : error.description)}` };
    }
    return { kind: 'fail', code: 'data.unavailable', message: `Yahoo Finance refused the request for ${quoteInput(deskSymbol)}: ${quoteInput(error.message)}` };
  }
  // Options the adapter built that the library rejects are a bug here, not bad data.
  if (error instanceof Error && error.name === 'InvalidOptionsError') throw error;
  const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { kind: 'fail', code: 'data.corrupt', message: `Yahoo Finance answered something unreadable for ${quoteInput(deskSymbol)}: ${quoteInput(why)}` };
}

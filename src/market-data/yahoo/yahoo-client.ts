/**
 * One yahoo-finance2 client per adapter, with its own cookie jar and a silent logger (the library warns on Node 20,
 * "Unsupported environment", though 3.15 works there, and logs every failed validation; the adapter reports
 * failures as results instead).
 *
 * The library keeps the crumb in module state shared by every client in the process, and once a crumb was found in
 * a jar it keeps handing out that same answer to every later call, whichever jar asks: a second adapter (another
 * YAHOO_API_URL) would send the first one's crumb without its cookie, and a crumb Yahoo expired would be sent for
 * ever. So before each call that needs a crumb the adapter clears that module state (through a throwaway jar, which
 * leaves this adapter's own session alone: its crumb is read back from its jar, or fetched once), and after a 401
 * it forgets its own session too, so the next try does the handshake again.
 */
import YahooFinance from 'yahoo-finance2';
import { ExtendedCookieJar } from 'yahoo-finance2/lib/cookieJar';
import { getCrumbClear } from 'yahoo-finance2/lib/getCrumb';

export type YahooClient = InstanceType<typeof YahooFinance>;

export interface YahooSession {
  readonly client: YahooClient;
  /** Call right before a request that needs the crumb (quote). */
  useOwnCrumb(): Promise<void>;
  /** Drop this adapter's cookies and crumb: the next crumb request does the handshake again. */
  forget(): Promise<void>;
}

const silent = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {}, dir: () => {} };

export function createYahooSession(fetchThrough: typeof fetch): YahooSession {
  const jar = new ExtendedCookieJar();
  const client = new YahooFinance({
    fetch: fetchThrough,
    cookieJar: jar,
    logger: silent,
    suppressNotices: ['yahooSurvey'],
    validation: { logErrors: false, logOptionsErrors: false },
    versionCheck: false,
  });
  return {
    client,
    useOwnCrumb: () => getCrumbClear(new ExtendedCookieJar()),
    forget: () => getCrumbClear(jar),
  };
}

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
 *
 * The library is imported at the first request: a process that never asks Yahoo anything, like a backtest on CSV or
 * simulated data, never loads it.
 */
import type YahooFinance from 'yahoo-finance2';
import type { ExtendedCookieJar } from 'yahoo-finance2/lib/cookieJar';

export type YahooClient = InstanceType<typeof YahooFinance>;

interface YahooLibrary {
  readonly YahooFinance: typeof YahooFinance;
  readonly ExtendedCookieJar: typeof ExtendedCookieJar;
  readonly getCrumbClear: (jar: ExtendedCookieJar) => Promise<void>;
}

let library: Promise<YahooLibrary> | undefined;

function yahooLibrary(): Promise<YahooLibrary> {
  library ??= Promise.all([import('yahoo-finance2'), import('yahoo-finance2/lib/cookieJar'), import('yahoo-finance2/lib/getCrumb')]).then(
    ([main, cookieJar, crumb]) => ({ YahooFinance: main.default, ExtendedCookieJar: cookieJar.ExtendedCookieJar, getCrumbClear: crumb.getCrumbClear }),
  );
  return library;
}

export interface YahooSession {
  /** The client (the library loaded and the client made on first use). */
  readonly client: () => Promise<YahooClient>;
  /** Call right before a request that needs the crumb (quote). */
  useOwnCrumb(): Promise<void>;
  /** Drop this adapter's cookies and crumb: the next crumb request does the handshake again. */
  forget(): Promise<void>;
}

const silent = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {}, dir: () => {} };

export function createYahooSession(fetchThrough: typeof fetch): YahooSession {
  let made: Promise<{ lib: YahooLibrary; jar: ExtendedCookieJar; client: YahooClient }> | undefined;
  const session = () => {
    made ??= yahooLibrary().then((lib) => {
      const jar = new lib.ExtendedCookieJar();
      const client = new lib.YahooFinance({
        fetch: fetchThrough,
        cookieJar: jar,
        logger: silent,
        suppressNotices: ['yahooSurvey'],
        validation: { logErrors: false, logOptionsErrors: false },
        versionCheck: false,
      });
      return { lib, jar, client };
    });
    return made;
  };
  return {
    client: async () => (await session()).client,
    useOwnCrumb: async () => {
      const { lib } = await session();
      await lib.getCrumbClear(new lib.ExtendedCookieJar());
    },
    forget: async () => {
      const { lib, jar } = await session();
      await lib.getCrumbClear(jar);
    },
  };
}

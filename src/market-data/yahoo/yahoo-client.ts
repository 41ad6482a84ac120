/**
 * One yahoo-finance2 client per adapter. Its own cookie jar: the library's default jar is shared by every instance in
 * the process (and its crumb is cached per process), so two adapters pointed at different YAHOO_API_URLs would
 * otherwise hand one's session to the other. A silent logger: the library warns on Node 20 ("Unsupported
 * environment", 3.15 works there) and logs every failed validation; the adapter reports failures as results instead.
 */
import YahooFinance from 'yahoo-finance2';
import { ExtendedCookieJar } from 'yahoo-finance2/lib/cookieJar';

export type YahooClient = InstanceType<typeof YahooFinance>;

const silent = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {}, dir: () => {} };

export function createYahooClient(fetchThrough: typeof fetch): YahooClient {
  return new YahooFinance({
    fetch: fetchThrough,
    cookieJar: new ExtendedCookieJar(),
    logger: silent,
    suppressNotices: ['yahooSurvey'],
    validation: { logErrors: false, logOptionsErrors: false },
    versionCheck: false,
  });
}

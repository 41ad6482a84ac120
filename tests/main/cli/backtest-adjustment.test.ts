// `tradedesk backtest --adjustment split|raw` and `tradedesk data fetch --adjustment` against the fake Yahoo with a
// 2-for-1 split: split-adjusted bars (the default) are smooth through the split, raw bars are the prices as traded
// (twice as high before it); both series are kept apart in the bar cache, and each is served again from it.
// `raw` is refused for sources that have no adjustment to undo.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionOn } from '../../../src/core/calendar/us-equities.js';
import { startFakeYahoo, type FakeRow, type FakeYahoo } from '../../fakes/yahoo/fake-yahoo.js';
import { jsonOf, removeDatabase, runInProcess, tempDatabaseUrl } from '../../helpers/cli.js';

const DAY_MS = 86_400_000;
const NOW = Date.UTC(2025, 1, 3, 12);
/** The split takes effect at the open of this session: 2 new shares for each old one. */
const SPLIT_DAY = Date.UTC(2024, 5, 3);

/** Raw rows of every NYSE session of 2023-2024: a trending wave, traded at twice the price before the split. */
function rawSessions(): { rows: FakeRow[]; splitAt: number } {
  const rows: FakeRow[] = [];
  let splitAt = 0;
  for (let day = Date.UTC(2023, 0, 2) / DAY_MS, i = 0; day * DAY_MS <= Date.UTC(2024, 11, 31); day++) {
    const s = sessionOn(day * DAY_MS);
    if (s === null) continue;
    if (day * DAY_MS === SPLIT_DAY) splitAt = s.open / 1000;
    const k = day * DAY_MS < SPLIT_DAY ? 2 : 1;
    const p = 100 + 20 * Math.sin(i / 25) + i * 0.08;
    const c = p + Math.sin(i++ / 4);
    rows.push({ t: s.open / 1000, o: p * k, h: (Math.max(p, c) + 1) * k, l: (Math.min(p, c) - 1) * k, c: c * k, v: 1_000_000 / k });
  }
  return { rows, splitAt };
}

interface BacktestDoc {
  data: { source: string; simulated: boolean; adjustment?: string };
  trades: { entryTime: string; entryPrice: number }[];
  metrics: { endEquity: number };
}

describe('tradedesk backtest --adjustment', () => {
  let yahoo: FakeYahoo;
  const databases: string[] = [];
  const envFor = (): Record<string, string> => {
    const url = tempDatabaseUrl();
    databases.push(url);
    return { YAHOO_API_URL: yahoo.baseUrl, DATABASE_URL: url };
  };
  const charts = (): number => yahoo.requests.filter((r) => r.path.startsWith('/v8/finance/chart/')).length;
  const backtest = (env: Record<string, string>, ...extra: string[]) => runInProcess(
    ['backtest', '--strategy', 'trend-following', '--symbols', 'AAPL', '--data', 'yahoo', '--from', '2023-06-01', '--to', '2024-12-31', ...extra],
    { env, now: NOW },
  );

  beforeAll(async () => {
    yahoo = await startFakeYahoo();
    const { rows, splitAt } = rawSessions();
    yahoo.setBars('AAPL', '1d', rows);
    yahoo.addSplit('AAPL', { date: splitAt, numerator: 2, denominator: 1 });
  });
  afterAll(async () => {
    await yahoo.close();
    databases.forEach(removeDatabase);
  });

  it('reads split-adjusted prices by default and raw ones when asked, cached apart, each served again from the cache', async () => {
    const env = envFor();
    const split = await backtest(env, '--json');
    const splitDoc = jsonOf(split) as BacktestDoc;
    expect(split.err).toEqual([]);
    expect(splitDoc.data).toMatchObject({ source: 'Yahoo Finance (split-adjusted)', simulated: false, adjustment: 'split' });

    // Raw bars are another series: the split-adjusted ones in the cache do not answer for them.
    const beforeRaw = charts();
    const raw = await backtest(env, '--adjustment', 'raw', '--json');
    const rawDoc = jsonOf(raw) as BacktestDoc;
    expect(raw.err).toEqual([]);
    expect(charts()).toBeGreaterThan(beforeRaw);
    expect(rawDoc.data).toMatchObject({ source: 'Yahoo Finance (raw prices, not split-adjusted)', simulated: false, adjustment: 'raw' });

    // Before the split both series move alike, raw at twice the price: the first trade is the same, at twice the price.
    const firstSplit = splitDoc.trades[0]!;
    const firstRaw = rawDoc.trades[0]!;
    expect(Date.parse(firstSplit.entryTime)).toBeLessThan(SPLIT_DAY);
    expect(firstRaw.entryTime).toBe(firstSplit.entryTime);
    expect(firstRaw.entryPrice).toBeCloseTo(2 * firstSplit.entryPrice, 6);
    // Through the split the raw price halves overnight: not the same backtest.
    expect(rawDoc.metrics.endEquity).not.toBe(splitDoc.metrics.endEquity);

    // The same window again, each way: nothing asked of Yahoo, the same answer.
    const asked = charts();
    expect(jsonOf(await backtest(env, '--adjustment', 'split', '--json'))).toEqual(splitDoc);
    expect(jsonOf(await backtest(env, '--adjustment', 'raw', '--json'))).toEqual(rawDoc);
    expect(charts()).toBe(asked);

    const text = await backtest(env, '--adjustment', 'raw');
    expect(text.code).toBe(0);
    expect(text.out).toContain('data      Yahoo Finance (raw prices, not split-adjusted): 2023-06-01 .. 2024-12-31');
    expect(charts()).toBe(asked);
  }, 120_000);

  it('warms the raw series with data fetch --adjustment raw, which a raw backtest then reads without asking Yahoo', async () => {
    const env = envFor();
    const fetch = await runInProcess(['data', 'fetch', '--symbols', 'AAPL', '--data', 'yahoo', '--from', '2023-06-01', '--to', '2024-12-31', '--adjustment', 'raw', '--json'], { env, now: NOW });
    expect(jsonOf(fetch)).toMatchObject({ adjustment: 'raw', fetched: [{ symbol: 'AAPL', provider: 'yahoo', alreadyCached: 0 }], failed: [] });
    const asked = charts();
    expect((jsonOf(await backtest(env, '--adjustment', 'raw', '--json')) as BacktestDoc).data.adjustment).toBe('raw');
    expect(charts()).toBe(asked);
    // The split-adjusted series was not warmed.
    expect((jsonOf(await backtest(env, '--json')) as BacktestDoc).data.adjustment).toBe('split');
    expect(charts()).toBeGreaterThan(asked);

    const text = await runInProcess(['data', 'fetch', '--symbols', 'AAPL', '--data', 'yahoo', '--from', '2023-06-01', '--to', '2024-12-31', '--adjustment', 'raw'], { env, now: NOW });
    expect(text.code).toBe(0);
    expect(text.out.split('\n')[0]).toMatch(/^fetched 1 of 1 symbols \(1d, raw prices, 2023-06-01 to 2024-12-31\): 0 bars kept, \d+ already cached$/);
  }, 120_000);

  it.each([
    [['--data', 'sim', '--adjustment', 'raw'], 'tradedesk backtest: --adjustment raw: the simulated market has no split adjustment to undo (raw prices come from alpaca, polygon, yahoo)'],
    [['--data', 'csv', '--adjustment', 'raw'], 'tradedesk backtest: --adjustment raw: CSV data has no split adjustment to undo (raw prices come from alpaca, polygon, yahoo)'],
    [['--data', 'examples', '--adjustment', 'raw'], 'tradedesk backtest: --adjustment raw: CSV data has no split adjustment to undo (raw prices come from alpaca, polygon, yahoo)'],
    [['--data', 'yahoo', '--adjustment', 'adjusted'], "tradedesk backtest: --adjustment 'adjusted': expected split or raw"],
  ])('refuses %j in one line (exit 2)', async (flags, line) => {
    const run = await runInProcess(['backtest', '--strategy', 'trend-following', '--symbols', 'AAPL', ...flags], { env: { TRADEDESK_DATA_DIR: 'examples' }, now: NOW });
    expect(run.code).toBe(2);
    expect(run.err).toEqual([line]);
    expect(run.out).toBe('');
  });

  it('runs the simulated market with --adjustment split (nothing to adjust, nothing to refuse)', async () => {
    const run = await runInProcess(['backtest', '--strategy', 'trend-following', '--symbols', 'SIM-A', '--data', 'sim', '--adjustment', 'split', '--json'], { now: NOW });
    const doc = jsonOf(run) as BacktestDoc;
    expect(doc.data.simulated).toBe(true);
    expect(doc.data).not.toHaveProperty('adjustment');
  });

  it('refuses a bad --adjustment of data fetch in one line (exit 2)', async () => {
    const run = await runInProcess(['data', 'fetch', '--symbols', 'AAPL', '--data', 'yahoo', '--adjustment', 'RAWX'], { now: NOW });
    expect(run.code).toBe(2);
    expect(run.err).toEqual(["tradedesk data fetch: --adjustment 'RAWX': expected split or raw"]);
  });

  it('documents --adjustment in both helps', async () => {
    expect((await runInProcess(['backtest', '--help'])).out).toContain('--adjustment split|raw');
    expect((await runInProcess(['data', 'fetch', '--help'])).out).toContain('--adjustment split|raw');
  });
});

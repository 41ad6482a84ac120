// `tradedesk data fetch|status` run in process against the fake Alpaca (its real SDK): a fetch warms the bar cache of
// the desk's database so a backtest of that window then asks Alpaca nothing; status lists it; a failing symbol is
// reported with its reason (exit 1); bad input is refused in one line (exit 2). One run goes through the real bin.
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../../../src/config/env.js';
import { createBarSeries } from '../../../src/core/domain/bar.js';
import type { Result } from '../../../src/core/domain/result.js';
import { openBarCacheStore } from '../../../src/main/bar-cache-store.js';
import { runCli } from '../../../src/main/cli.js';
import { dailyStockBars } from '../../fakes/alpaca/fake-alpaca-bars.js';
import { startFakeAlpaca, type FakeAlpaca } from '../../fakes/alpaca/fake-alpaca.js';
import { startFakeYahoo, type FakeYahoo } from '../../fakes/yahoo/fake-yahoo.js';
import { FIXED_NOW, jsonOf, REPO_ROOT, removeDatabase, runInProcess, spawnBin, tempDatabaseUrl } from '../../helpers/cli.js';

const HALF_PAST_NINE_MS = (9 * 60 + 30) * 60_000;
const value = <T>(r: Result<T>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};

describe('tradedesk data', () => {
  let alpaca: FakeAlpaca;
  let yahoo: FakeYahoo;
  const databases: string[] = [];
  const envFor = (): Record<string, string> => {
    const url = tempDatabaseUrl();
    databases.push(url);
    return {
      APCA_API_KEY_ID: 'key', APCA_API_SECRET_KEY: 'secret', APCA_API_DATA_URL: alpaca.url, APCA_API_BASE_URL: alpaca.url,
      YAHOO_API_URL: yahoo.baseUrl, DATABASE_URL: url,
    };
  };
  const barRequests = (): number => alpaca.requests.filter((r) => r.path.endsWith('/bars')).length;
  const WINDOW = ['--from', '2023-01-03', '--to', '2023-06-30'];

  beforeAll(async () => {
    alpaca = await startFakeAlpaca({ keyId: 'key', secretKey: 'secret', pageSize: 100 });
    alpaca.setBars('AAPL', '1Day', dailyStockBars('2022-01-03', '2023-12-29', 150));
    alpaca.setBars('MSFT', '1Day', dailyStockBars('2022-01-03', '2023-12-29', 250));
    // ORCL only at Yahoo, stamped at the session open as Yahoo does.
    yahoo = await startFakeYahoo();
    yahoo.setBars('ORCL', '1d', dailyStockBars('2022-01-03', '2023-12-29', 60).map((b) => ({
      t: (Date.parse(b.t) + HALF_PAST_NINE_MS) / 1000, o: b.o, h: b.h, l: b.l, c: b.c, v: b.v,
    })));
  });
  afterAll(async () => {
    await Promise.all([alpaca.close(), yahoo.close()]);
    databases.forEach(removeDatabase);
  });

  it('warms the cache so a backtest of that window asks the provider nothing, and status lists what it kept', async () => {
    const env = envFor();
    const fetch = await runInProcess(['data', 'fetch', '--symbols', 'AAPL,MSFT', ...WINDOW, '--data', 'alpaca'], { env });
    expect(fetch.code).toBe(0);
    expect(fetch.out.split('\n')[0]).toBe('fetched 2 of 2 symbols (1d, 2023-01-03 to 2023-06-30): 248 bars kept, 0 already cached');
    expect(fetch.out).toMatch(/AAPL\s+alpaca\s+124 kept, 0 already cached/);
    // Not a terminal: one plain line per symbol on stderr.
    expect(fetch.err).toEqual(['tradedesk data fetch: 1/2 AAPL: alpaca: 124 bars kept, 0 already cached', 'tradedesk data fetch: 2/2 MSFT: alpaca: 124 bars kept, 0 already cached']);

    const asked = barRequests();
    const backtest = await runInProcess(['backtest', '--strategy', 'trend-following', '--symbols', 'AAPL,MSFT', ...WINDOW, '--data', 'alpaca', '--json'], { env });
    expect(backtest.err).toEqual([]);
    expect(backtest.code).toBe(0);
    expect((jsonOf(backtest) as { bars: number }).bars).toBe(124); // one timeline of 124 sessions
    expect(barRequests()).toBe(asked);

    const again = jsonOf(await runInProcess(['data', 'fetch', '--symbols', 'AAPL', ...WINDOW, '--data', 'alpaca', '--json'], { env }));
    expect(again).toEqual({ timeframe: '1d', adjustment: 'split', from: '2023-01-03', to: '2023-06-30', fetched: [{ symbol: 'AAPL', provider: 'alpaca', kept: 0, alreadyCached: 124 }], failed: [] });
    expect(barRequests()).toBe(asked);

    const status = await runInProcess(['data', 'status'], { env });
    expect(status.code).toBe(0);
    expect(status.out).toMatch(/^provider\s+symbol\s+tf\s+adjust\s+bars from\.\.to\s+bars\s+gaps\s+last fetched \(UTC\)$/m);
    expect(status.out).toMatch(/^alpaca-iex\s+AAPL\s+1d\s+split\s+2023-01-03\.\.2023-06-30\s+124\s+0\s+/m);
    const doc = jsonOf(await runInProcess(['data', 'status', '--json'], { env })) as { series: Record<string, unknown>[] };
    expect(doc.series.map((s) => [s.provider, s.symbol, s.timeframe, s.adjustment, s.barCount])).toEqual([
      ['alpaca-iex', 'AAPL', '1d', 'split', 124],
      ['alpaca-iex', 'MSFT', '1d', 'split', 124],
    ]);
    expect(doc.series[0]!.fetchedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(doc.series[0]!.windows).toEqual([{ from: '2023-01-03T00:00:00.000Z', to: '2023-06-30T23:59:59.999Z' }]);
  }, 60_000);

  it('shows the gaps between the windows a series covers: a count in the table, the windows in --json', async () => {
    const env = envFor();
    for (const window of [['--from', '2023-01-03', '--to', '2023-02-28'], ['--from', '2023-04-03', '--to', '2023-06-30']]) {
      expect((await runInProcess(['data', 'fetch', '--symbols', 'AAPL', ...window, '--data', 'alpaca'], { env })).code).toBe(0);
    }
    const status = await runInProcess(['data', 'status'], { env });
    expect(status.out).toMatch(/^alpaca-iex\s+AAPL\s+1d\s+split\s+2023-01-03\.\.2023-06-30\s+101\s+1\s+/m);
    const doc = jsonOf(await runInProcess(['data', 'status', '--json'], { env })) as { series: Record<string, unknown>[] };
    expect(doc.series.map((s) => [s.symbol, s.barCount, s.windows])).toEqual([['AAPL', 101, [
      { from: '2023-01-03T00:00:00.000Z', to: '2023-02-28T23:59:59.999Z' },
      { from: '2023-04-03T00:00:00.000Z', to: '2023-06-30T23:59:59.999Z' },
    ]]]);
  }, 60_000);

  it('shows a window open at the start (from the provider\'s first bar) as from null', async () => {
    const env = envFor();
    const store = value(await openBarCacheStore(value(loadEnv(env)), FIXED_NOW, () => undefined));
    try {
      const bar = { time: Date.parse('2023-01-03T00:00:00Z'), open: 10, high: 11, low: 9, close: 10.5, volume: 1_000 };
      const key = { provider: 'yahoo', symbol: 'ORCL', timeframe: '1d', adjustment: 'split' } as const;
      value(await store.provider.cache().write(key, createBarSeries('ORCL', '1d', [bar]), [{ from: -Infinity, to: bar.time }], FIXED_NOW));
    } finally {
      await store.close();
    }
    const doc = jsonOf(await runInProcess(['data', 'status', '--json'], { env })) as { series: Record<string, unknown>[] };
    expect(doc.series.map((s) => s.windows)).toEqual([[{ from: null, to: '2023-01-03T00:00:00.000Z' }]]);
    const status = await runInProcess(['data', 'status'], { env });
    expect(status.out).toMatch(/^yahoo\s+ORCL\s+1d\s+split\s+2023-01-03\.\.2023-01-03\s+1\s+0\s+/m);
  }, 60_000);

  it('reports a symbol no provider served with its reason and exits 1, keeping the others', async () => {
    const env = envFor();
    const run = await runInProcess(['data', 'fetch', '--symbols', 'AAPL,NOPE', ...WINDOW, '--data', 'alpaca', '--json'], { env });
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.out) as { fetched: { symbol: string }[]; failed: { symbol: string; code: string; reason: string }[] };
    expect(doc.fetched.map((f) => f.symbol)).toEqual(['AAPL']);
    expect(doc.failed).toHaveLength(1);
    expect(doc.failed[0]!.symbol).toBe('NOPE');
    expect(doc.failed[0]!.reason).not.toContain('\n');
    expect(run.err[1]).toMatch(/^tradedesk data fetch: 2\/2 NOPE: failed: /);
    const text = await runInProcess(['data', 'fetch', '--symbols', 'NOPE', ...WINDOW, '--data', 'alpaca'], { env });
    expect(text.code).toBe(1);
    expect(text.out).toMatch(/^fetched 0 of 1 symbols .*\nfailed \(1\):\n {2}NOPE\s+\S/);
  }, 30_000);

  it('falls back per symbol through a provider list and names the provider that served each', async () => {
    const run = await runInProcess(['data', 'fetch', '--symbols', 'AAPL,ORCL', ...WINDOW, '--data', 'alpaca,yahoo', '--json'], { env: envFor() });
    expect(run.err.join('\n')).not.toContain('failed');
    const doc = jsonOf(run) as { fetched: { symbol: string; provider: string; kept: number }[] };
    expect(doc.fetched).toEqual([
      { symbol: 'AAPL', provider: 'alpaca', kept: 124, alreadyCached: 0 },
      { symbol: 'ORCL', provider: 'yahoo', kept: 124, alreadyCached: 0 },
    ]);
  }, 30_000);

  it('draws a progress bar in place when stderr is a terminal, and clears it before the summary', async () => {
    const drawn: string[] = [];
    const err: string[] = [];
    const out: string[] = [];
    const code = await runCli(['data', 'fetch', '--symbols', 'AAPL,MSFT', ...WINDOW, '--data', 'alpaca'], {
      out: (t) => out.push(t), err: (t) => err.push(t), env: envFor(), cwd: REPO_ROOT, now: () => FIXED_NOW,
      stdin: Readable.from([]), stdout: new PassThrough(), interactive: false, stderrTty: (t) => drawn.push(t),
    });
    expect(code).toBe(0);
    expect(err).toEqual([]);
    expect(drawn).toEqual([
      '\r\x1b[K[------------------------] 0/2 AAPL',
      '\r\x1b[K[############------------] 1/2 AAPL',
      '\r\x1b[K[############------------] 1/2 MSFT',
      '\r\x1b[K[########################] 2/2 MSFT',
      '\r\x1b[K',
    ]);
    expect(out[0]).toMatch(/^fetched 2 of 2 symbols/);
  }, 30_000);

  it.each([
    [['--symbols', 'AAPL', '--bogus'], "Unknown option '--bogus'"],
    [['--from', '2023-01-03'], 'missing --symbols <A,B,...>'],
    [['--symbols', 'AAPL', '--data', 'alpaca', '--from', '2023-02-30'], "--from '2023-02-30' is not a real calendar date"],
    [['--symbols', 'AAPL', '--data', 'alpaca', '--from', 'yesterday'], "--from 'yesterday': expected a date as YYYY-MM-DD"],
    [['--symbols', 'AAPL', '--data', 'alpaca', '--from', '2023-06-01', '--to', '2023-01-01'], '--from 2023-06-01 is after --to 2023-01-01'],
    [['--symbols', 'AAPL', '--timeframe', '2d'], "--timeframe '2d': expected one of 1m, 5m, 15m, 1h, 1d"],
    [['--symbols', 'AAPL', '--data', 'sim'], '--data: the simulated market needs no cache'],
    [['--symbols', 'AAPL', '--data', 'csv'], '--data: csv data needs no cache'],
    [['--symbols', 'AAPL'], '--data: the simulated market (the default, MARKET_DATA) needs no cache'],
    [['--symbols', 'AAPL', '--data', 'alpaca', '--data', 'yahoo'], '--data is given twice'],
    [['--symbols', Array.from({ length: 201 }, (_, i) => `S${i}`).join(','), '--data', 'alpaca'], '201 symbols: at most 200 in one fetch'],
  ])('refuses %j in one line with exit 2', async (args, message) => {
    const run = await runInProcess(['data', 'fetch', ...args], { env: envFor() });
    expect(run.code).toBe(2);
    expect(run.err).toHaveLength(1);
    expect(run.err[0]).toContain(`tradedesk data fetch: ${message}`);
  });

  it('names the variables to set when a provider is not configured', async () => {
    const run = await runInProcess(['data', 'fetch', '--symbols', 'AAPL', '--data', 'polygon'], { env: { DATABASE_URL: envFor().DATABASE_URL! } });
    expect(run.code).toBe(2);
    expect(run.err).toHaveLength(1);
    expect(run.err[0]).toMatch(/^tradedesk data fetch: .*POLYGON_API_KEY/);
  });

  it('refuses an unknown data command and unknown status arguments', async () => {
    const sub = await runInProcess(['data', 'purge'], { env: envFor() });
    expect([sub.code, sub.err]).toEqual([2, ["tradedesk data: unknown command 'purge'; commands: fetch, status"]]);
    const status = await runInProcess(['data', 'status', '--all'], { env: envFor() });
    expect([status.code, status.err]).toEqual([2, ["tradedesk data status: unknown arguments '--all' (only --json)"]]);
  });

  it('says the cache is empty through the real bin', async () => {
    const url = tempDatabaseUrl();
    databases.push(url);
    const run = await spawnBin(['data', 'status'], { DATABASE_URL: url });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe('the bar cache is empty (tradedesk data fetch warms it)');
  }, 60_000);
});

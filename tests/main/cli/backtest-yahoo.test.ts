// `npx tradedesk backtest --strategy trend-following --symbols AAPL --data yahoo`, the README's first real-data
// command, run as people run it (the bin) against a local fake Yahoo that YAHOO_API_URL points at; a second run of
// the same window comes from the bar cache in the desk's database and asks Yahoo nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionOn } from '../../../src/core/calendar/us-equities.js';
import { startFakeYahoo, type FakeYahoo } from '../../fakes/yahoo/fake-yahoo.js';
import { makeTempDir, spawnBin } from '../../helpers/cli.js';

const DAY_MS = 86_400_000;

/** A smooth, trending daily path over every NYSE session of the last four years, stamped at the open as Yahoo does. */
function recentSessions(now: number) {
  const rows = [];
  for (let day = Math.floor(now / DAY_MS) - 4 * 366, i = 0; day * DAY_MS < now - DAY_MS; day++) {
    const s = sessionOn(day * DAY_MS);
    if (s === null) continue;
    const p = 150 + 40 * Math.sin(i / 60) + i * 0.05;
    rows.push({ t: s.open / 1000, o: p, h: p + 2, l: p - 2, c: p + Math.sin(i++ / 5), v: 1_000_000 });
  }
  return rows;
}

describe('tradedesk backtest --data yahoo', () => {
  let yahoo: FakeYahoo;
  const cwd = makeTempDir('backtest-yahoo');

  beforeAll(async () => {
    yahoo = await startFakeYahoo();
    yahoo.setBars('AAPL', '1d', recentSessions(Date.now()));
  });
  afterAll(() => yahoo.close());

  it('backtests a real symbol in one command, says Yahoo served it, and serves the same window again from the cache', async () => {
    const env = { YAHOO_API_URL: yahoo.baseUrl, DATABASE_URL: `file:${cwd}/desk.db` };
    const args = ['backtest', '--strategy', 'trend-following', '--symbols', 'AAPL', '--data', 'yahoo'];
    const first = await spawnBin([...args, '--json'], env, { cwd });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const doc = JSON.parse(first.stdout) as { data: { source: string; simulated: boolean; sources: Record<string, string> }; bars: number; trades: unknown[] };
    expect(doc.data).toMatchObject({ source: 'Yahoo Finance (split-adjusted)', simulated: false, sources: { AAPL: 'yahoo' } });
    expect(doc.bars).toBeGreaterThan(700); // three years of sessions
    const charts = (): number => yahoo.requests.filter((r) => r.path.startsWith('/v8/finance/chart/')).length;
    const asked = charts();
    expect(asked).toBeGreaterThan(0);

    // A window that has closed: the first run fetches it, the second asks Yahoo nothing.
    const past = [...args, '--from', '2024-01-02', '--to', '2025-06-30', '--json'];
    const fetched = await spawnBin(past, env, { cwd });
    expect(fetched.code).toBe(0);
    const before = charts();
    const again = await spawnBin(past, env, { cwd });
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual(JSON.parse(fetched.stdout));
    expect(charts()).toBe(before);

    const text = await spawnBin(args, env, { cwd });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('data      Yahoo Finance (split-adjusted)');
    expect(text.stdout).not.toContain('simulated');
  }, 120_000);

  it('names the source it does not know, in one line', async () => {
    const run = await spawnBin(['backtest', '--strategy', 'trend-following', '--symbols', 'AAPL', '--data', 'yahooo'], {}, { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe("tradedesk backtest: --data 'yahooo': not a source (sim, csv, alpaca, polygon, yahoo, or a list such as alpaca,yahoo) nor a folder of CSV files");
  });
});

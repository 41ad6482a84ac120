import { describe, expect, it } from 'vitest';
import type { EquityChartInput } from '../../src/app/runs/ports.js';
import type { Reply } from '../../src/app/chat/reply.js';
import { blockedOf, commitOf, commitSeed, entryOf, positionOf, stateOf, tradeOf } from '../helpers/run-commits.js';
import { FAKE_NOW, fakeDesk } from '../helpers/fake-desk.js';
import { US_EQUITIES_CALENDAR, withPublishedSessions } from '../../src/core/calendar/calendar.js';
import { parseIsoDate } from '../../src/core/calendar/civil-date.js';
import { publishedSessions } from '../../src/core/calendar/published.js';
import { sessionOn } from '../../src/core/calendar/us-equities.js';

const MIN = 60_000;
const START = '/run start strategy:mean-reversion symbols:SIM-A,SIM-B timeframe:1m params:period=5';

/** A desk with a chart recorder, paper runs #1 (traded, one position each side) and #2 (untouched) in workspace a. */
async function deskWithRuns() {
  const charts: EquityChartInput[] = [];
  const d = fakeDesk({ renderEquityChart: async (input) => (charts.push(input), new Uint8Array([137, 80, 78, 71])) });
  await d.run(START);
  await d.run(START);
  const [r1] = await d.deps.runStore.listRuns(d.ctx().workspace, { status: 'all' }).then((l) => [...l].reverse());
  const bars = [0, 1, 2, 3, 4, 5].map((i) => FAKE_NOW - (6 - i) * MIN);
  for (const [i, t] of bars.entries()) {
    const last = i === bars.length - 1;
    const res = await commitSeed(d.deps.runStore, commitOf(r1!.id, t, {
      state: stateOf({ cash: last ? 98_000 : 100_000, equity: 100_000 + 100 * i, dayStartEquity: 100_000, lastBarTime: t }),
      positions: last ? [positionOf('SIM-B', { qty: -5, avgPrice: 200, lastPrice: 190 }), positionOf('SIM-A')] : [],
      trades: i === 2 ? [tradeOf('SIM-A', 40, t)] : i === 4 ? [tradeOf('SIM-B', -10, t)] : [],
      equity: { at: t, cash: last ? 98_000 : 100_000 + 100 * i, equity: 100_000 + 100 * i },
      decision: {
        inputs: {},
        signals: [{ symbol: 'SIM-A', action: 'enter_long', confidence: 0.6, reason: `bar ${i}` }],
        orders: [entryOf(r1!.id, 'SIM-A', t)],
        verdicts: i === 5 ? [blockedOf('SIM-B', 'gate:max-open-positions', t)] : [],
        notes: [{ kind: 'analysis', content: `note ${i}` }],
      },
    }));
    if (!res.ok) throw new Error(res.error.message);
  }
  return { ...d, charts, runId: r1!.id, bars };
}

const fields = (r: Reply): Record<string, string> => Object.fromEntries((r.fields ?? []).map((f) => [f.name, f.value]));
const oneLineError = (r: Reply): string => {
  expect(r.kind).toBe('error');
  expect(r.text).not.toContain('\n');
  return r.text ?? '';
};

describe('/run status', () => {
  it('shows one run: status, equity, cash, day P&L, positions, last and next iteration', async () => {
    const d = await deskWithRuns();
    const reply = await d.run('/run status run:1', d.ctx('a', 'viewer'));
    expect(reply.title).toBe('Run #1: mean-reversion on SIM-A, SIM-B [1m]');
    expect(fields(reply)).toEqual({
      Status: 'running', Broker: 'paper (internal)', Equity: '100,500.00', Cash: '98,000.00', 'Day P&L': '+500.00 (+0.50%)', 'Open positions': '2',
      // The last bar opened 11:59 and its iteration ran at its close.
      'Last iteration': '2024-01-02 12:00', 'Next iteration': '2024-01-02 12:01',
    });
  });

  it("gives the next iteration on the calendar the desk follows (Alpaca's when configured), not the built-in rules", async () => {
    // Alpaca's calendar (as the desk's market calendar would read it) closes Tuesday 2024-01-02, a session by the rules.
    const published = publishedSessions('alpaca', parseIsoDate('2024-01-02')!, parseIsoDate('2024-01-03')!, [{ day: parseIsoDate('2024-01-03')!, session: sessionOn('2024-01-03')! }]);
    const d = fakeDesk({ calendars: () => withPublishedSessions(US_EQUITIES_CALENDAR, published) });
    await d.run(START);
    expect(fields(await d.run('/run status run:1'))).toMatchObject({ 'Next iteration': '2024-01-03 14:31' });
  });

  it('says why a halted run is halted and that it will not iterate', async () => {
    const d = await deskWithRuns();
    await d.deps.runStore.transition(d.runId, 'halted', 'desk', 'drawdown 26% is over the 25% limit', FAKE_NOW);
    expect(fields(await d.run('/run status run:1'))).toMatchObject({ Status: 'halted', 'Next iteration': 'none (halted)', 'Halted because': 'drawdown 26% is over the 25% limit' });
  });

  it('lists every running run, one line each, without paused ones', async () => {
    const d = await deskWithRuns();
    await d.run('/run pause run:2');
    await d.run(START);
    const table = (await d.run('/run status')).table;
    expect(table?.rows.map((r) => [r[0], r[4], r[5], r[6], r[8]])).toEqual([
      ['#1', '100,500.00', '+500.00 (+0.50%)', '2', '2024-01-02 12:01'],
      ['#3', '100,000.00', '0.00 (0.00%)', '0', '2024-01-02 12:01'],
    ]);
    expect((await d.run('/run status', d.ctx('b'))).text).toBe('No running runs. Start one with /run start.');
  });
});

describe('/run show', () => {
  it('shows metrics from the run\'s equity and trades, its open positions and its last 5 decisions', async () => {
    const d = await deskWithRuns();
    const reply = await d.run('/run show run:1', d.ctx('a', 'viewer'));
    expect(fields(reply)).toMatchObject({ 'Start equity': '100,000.00', 'End equity': '100,500.00', Return: '0.50%', CAGR: 'n/a', Trades: '2', 'Win rate': '50.00%', 'Profit factor': '4.00' });
    expect(reply.table?.rows).toEqual([
      ['SIM-A', 'long', '10', '100.00', '110.00', '+100.00'],
      ['SIM-B', 'short', '5', '200.00', '190.00', '+50.00'],
    ]);
    const decisions = (reply.text ?? '').split('\n').filter((l) => l.startsWith('- '));
    expect(decisions).toHaveLength(5);
    expect(decisions[0]).toBe('- 2024-01-02 11:59 | signals: SIM-A enter_long | orders: SIM-A buy entry | blocked by: gate:max-open-positions SIM-B | notes: note 5');
    expect(decisions[4]).toContain('notes: note 1');
  });

  it('shows a run that has not iterated yet', async () => {
    const d = await deskWithRuns();
    const reply = await d.run('/run show run:2');
    expect(reply.kind).toBe('ok');
    expect(reply.table).toBeUndefined();
    expect(reply.text).toContain('No decisions yet');
    expect(fields(reply)).toMatchObject({ 'End equity': '100,000.00', Trades: '0' });
  });
});

describe('/positions and /portfolio', () => {
  it('lists open positions of one run or of all running runs', async () => {
    const d = await deskWithRuns();
    const all = await d.run('/positions', d.ctx('a', 'viewer'));
    expect(all.table?.columns).toEqual(['run', 'symbol', 'side', 'qty', 'entry', 'last', 'unrealised P&L']);
    expect(all.table?.rows.map((r) => r.slice(0, 3))).toEqual([['#1', 'SIM-A', 'long'], ['#1', 'SIM-B', 'short']]);
    expect((await d.run('/positions run:1')).table?.rows).toHaveLength(2);
    expect((await d.run('/positions run:2')).text).toBe('No open positions (Run #2).');
  });

  it('totals cash, positions at market, equity and day P&L across running runs', async () => {
    const d = await deskWithRuns();
    const reply = await d.run('/portfolio', d.ctx('a', 'viewer'));
    expect(reply.table?.rows).toEqual([
      ['#1', 'mean-reversion', '98,000.00', '150.00', '100,500.00', '+500.00 (+0.50%)'],
      ['#2', 'mean-reversion', '100,000.00', '0.00', '100,000.00', '0.00 (0.00%)'],
      ['total', '', '198,000.00', '150.00', '200,500.00', '+500.00 (+0.25%)'],
    ]);
    expect((await d.run('/portfolio', d.ctx('b'))).text).toBe('No running runs, so no portfolio. Start one with /run start.');
  });
});

describe('/compare and /run summary', () => {
  it('compares a paper run with a saved backtest: differing settings, a same line, metrics, one PNG with two series', async () => {
    const d = await deskWithRuns();
    const saved = await d.run('/backtest strategy:mean-reversion symbols:SIM-A,SIM-B params:period=5 from:2023-01-02 to:2023-03-31');
    expect(saved.title).toBe('Backtest saved as Run #3');
    d.charts.length = 0;
    const reply = await d.run('/compare a:1 b:3', d.ctx('a', 'viewer'));
    expect(reply.title).toBe('Run #1 vs Run #3');
    const text = reply.text ?? '';
    expect(text).toContain('- timeframe: Run #1 1m | Run #3 1d');
    expect(text).toContain('- data window: Run #1 2024-01-02 .. 2024-01-02 | Run #3 2023-01-02 .. 2023-03-31');
    expect(text).not.toContain('- sizing');
    expect(text).toMatch(/^same: strategy, params, symbols, rule ids, rules hash, sizing, costs, start cash, code version$/m);
    expect(reply.table?.rows.map((r) => r[0])).toEqual(['Return', 'CAGR', 'Sharpe', 'Max drawdown', 'Trades', 'Win rate', 'Profit factor']);
    expect(reply.table?.rows[4]?.slice(1, 2)).toEqual(['2']);
    expect(reply.images).toHaveLength(1);
    expect(d.charts).toHaveLength(1);
    expect(d.charts[0]!.series.map((s) => [s.name, s.time.length])).toEqual([['Run #1', 6], ['Run #3', expect.any(Number)]]);
    expect(d.charts[0]!.series[1]!.time.length).toBeGreaterThan(50);
    expect(d.charts[0]!.simulated).toBe(true);
  });

  it('shows a run\'s summary card with its equity curve, and none without a renderer', async () => {
    const d = await deskWithRuns();
    const reply = await d.run('/run summary run:1', d.ctx('a', 'viewer'));
    expect(reply.title).toBe('Run #1 summary');
    expect(fields(reply)).toMatchObject({ 'End equity': '100,500.00', Trades: '2' });
    expect(reply.images?.map((i) => i.filename)).toEqual(['run-1-equity.png']);
    expect(d.charts[0]!.series.map((s) => s.name)).toEqual(['Run #1']);
    const bare = fakeDesk();
    await bare.run(START);
    const card = await bare.run('/run summary run:1');
    expect(card.kind).toBe('ok');
    expect(card.images).toBeUndefined();
  });
});

describe('bad input and workspace isolation', () => {
  it.each([
    ['/run show', '/run show: missing option run:<value>'],
    ['/run show run:0', "/run show: option 'run': expected a whole number >= 1 (got '0')"],
    ['/run show run:9', '/run show: Run #9 does not exist in this workspace'],
    ['/compare a:1 b:1', '/compare: a and b are both Run #1; name two different runs'],
    ['/compare a:1 b:x', "/compare: option 'b': expected a whole number (got 'x')"],
    ['/compare a:1', '/compare: missing option b:<value>'],
    ['/run summary run:7', '/run summary: Run #7 does not exist in this workspace'],
    ['/positions run:-1', "/positions: option 'run': expected a whole number >= 1 (got '-1')"],
  ])('%s is a one-line error', async (line, message) => {
    const d = await deskWithRuns();
    expect(oneLineError(await d.run(line))).toBe(message);
  });

  it('a backtest has no live status or positions', async () => {
    const d = await deskWithRuns();
    await d.run('/backtest strategy:mean-reversion symbols:SIM-A from:2023-01-02 to:2023-02-28');
    expect(oneLineError(await d.run('/run status run:3'))).toBe('/run status: Run #3 is a backtest: it has no live state (try /run show run:3)');
    expect(oneLineError(await d.run('/positions run:3'))).toBe('/positions: Run #3 is a backtest: it has no live state (try /run show run:3)');
    const show = await d.run('/run show run:3');
    expect(show.kind).toBe('ok');
    expect(show.text).toContain('Backtests keep no per-bar decision records.');
  });

  it.each(['/run status run:1', '/run show run:1', '/positions run:1', '/run summary run:1', '/compare a:1 b:2'])('%s from another workspace is run.not_found', async (line) => {
    const d = await deskWithRuns();
    expect(oneLineError(await d.run(line, d.ctx('b', 'viewer')))).toMatch(/^\/[a-z ]+: Run #1 does not exist in this workspace$/);
  });

  it('another workspace\'s runs never show up in its lists', async () => {
    const d = await deskWithRuns();
    await d.run(START, d.ctx('b'));
    expect((await d.run('/positions', d.ctx('b'))).text).toBe('No open positions (running runs).');
    expect((await d.run('/portfolio', d.ctx('b'))).table?.rows.map((r) => r[0])).toEqual(['#1', 'total']);
    expect((await d.run('/portfolio', d.ctx('b'))).table?.rows[0]?.[4]).toBe('100,000.00');
  });
});

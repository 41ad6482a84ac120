// Issue 10: "Sharpe -42.23 on three days of one-minute bars". Annualised figures follow the bars' real frequency
// and are n/a below a minimum sample, with the reason, alike on the cards, in the CLI's JSON and in the MCP tools.
import { describe, expect, it } from 'vitest';
import { mcpDepsFrom } from '../../src/mcp/deps.js';
import { fakeDesk, FAKE_NOW } from '../helpers/fake-desk.js';
import { backtestDocSchema } from '../helpers/backtest-doc.js';
import { runInProcess } from '../helpers/cli.js';
import { EXAMPLE_DATA_DIR } from '../helpers/real-data.js';
import { caller, connect, WS_A } from './mcp-harness.js';

const THREE_DAYS_1M = ['--strategy', 'mean-reversion', '--symbols', 'SIM-A', '--timeframe', '1m', '--from', '2023-03-01', '--to', '2023-03-03'];
const WHY = 'n/a: the equity curve spans 3.0 day(s), under the 30 days an annualised figure needs';

type Metrics = { sharpe: number | null; sharpeNote: string | null; sortino: number | null; cagrPct: number | null; cagrNote: string | null; periodsPerYear: number | null };
const metricsOf = (r: { structuredContent?: Record<string, unknown> }): Metrics => r.structuredContent!['metrics'] as Metrics;

describe('annualised metrics of three days of one-minute bars', () => {
  it('are n/a with the reason in the CLI card and its --json (they printed Sharpe -17.02, CAGR -95.25%)', async () => {
    const json = await runInProcess(['backtest', ...THREE_DAYS_1M, '--json']);
    const doc = backtestDocSchema.parse(JSON.parse(json.out));
    expect(doc.metrics).toMatchObject({ sharpe: null, sharpeNote: WHY, sortino: null, sortinoNote: WHY, cagrPct: null, cagrNote: WHY, periodsPerYear: 525_600 });
    const card = await runInProcess(['backtest', ...THREE_DAYS_1M]);
    expect(card.out).toMatch(/ {2}CAGR {23}n\/a/);
    expect(card.out).toMatch(/ {2}Sharpe {21}n\/a/);
    expect(card.out).toContain(`note      Sharpe, Sortino, CAGR ${WHY}`);
  });

  it('are n/a with the same reason on the /backtest card and in calculate_metrics, get_run and compare_runs', async () => {
    const desk = fakeDesk();
    const year = await desk.run('/backtest strategy:mean-reversion symbols:SIM-A from:2023-01-02 to:2023-12-29');
    const short = await desk.run('/backtest strategy:mean-reversion symbols:SIM-A timeframe:1m from:2023-03-01 to:2023-03-03');
    expect([year.title, short.title]).toEqual(['Backtest saved as Run #1', 'Backtest saved as Run #2']);
    const field = (name: string) => short.fields?.find((f) => f.name === name)?.value;
    expect([field('Sharpe'), field('CAGR'), field('Note')]).toEqual(['n/a', 'n/a', `Sharpe, CAGR ${WHY}`]);

    const call = caller(await connect(mcpDepsFrom(desk.deps, WS_A, () => FAKE_NOW)));
    const calculated = await call('calculate_metrics', { run: 2 });
    expect(metricsOf(calculated)).toMatchObject({ sharpe: null, sharpeNote: WHY, sortino: null, cagrPct: null, cagrNote: WHY, periodsPerYear: 525_600 });
    const run = await call('get_run', { run: 2 });
    expect(metricsOf(run)).toEqual(metricsOf(calculated));
    const compared = await call('compare_runs', { runs: [1, 2] });
    const runs = compared.structuredContent!['runs'] as { notes: string[] }[];
    expect(runs.map((r) => r.notes)).toEqual([[], [`Sharpe, Sortino, CAGR ${WHY}`]]);
    const sharpe = (compared.structuredContent!['metrics'] as { metric: string; values: (number | null)[] }[]).find((m) => m.metric === 'sharpe')!;
    expect(sharpe.values[1]).toBeNull();
    expect(sharpe.values[0]).toBe(metricsOf(await call('get_run', { run: 1 })).sharpe);
    const answer = await desk.deps.ask({ workspace: WS_A, actor: { id: 'u', name: 'ann', role: 'viewer' }, conversationId: 'c', channelId: 'c', text: 'how is run 2 doing?' }, FAKE_NOW);
    expect(answer.text).toContain(`Sharpe n/a (${WHY.slice('n/a: '.length)}).`);
  });
});

describe('annualised metrics of long samples', () => {
  it('keep the Sharpe a year of daily US-equity bars had (252 a year): ORCL 1995-2014 as on 8faf3c6', async () => {
    const doc = backtestDocSchema.parse(JSON.parse((await runInProcess(['backtest', '--strategy', 'trend-following', '--symbols', 'ORCL', '--data', EXAMPLE_DATA_DIR, '--json'])).out));
    expect(doc.metrics).toMatchObject({ sharpe: 0.2833, sortino: 0.4212, cagrPct: 2.3761, periodsPerYear: 252, sharpeNote: null });
  });

  it('agree between the CLI --json, the /backtest card and calculate_metrics (a year of 24/7 daily bars: 365 a year)', async () => {
    const doc = backtestDocSchema.parse(JSON.parse((await runInProcess(['backtest', '--strategy', 'mean-reversion', '--symbols', 'SIM-A', '--from', '2023-01-02', '--to', '2023-12-29', '--json'])).out));
    const desk = fakeDesk();
    const card = await desk.run('/backtest strategy:mean-reversion symbols:SIM-A from:2023-01-02 to:2023-12-29');
    const call = caller(await connect(mcpDepsFrom(desk.deps, WS_A, () => FAKE_NOW)));
    const m = metricsOf(await call('calculate_metrics', { run: 1 }));
    expect(m.periodsPerYear).toBe(365);
    expect(m.sharpe).not.toBeNull();
    expect(doc.metrics.sharpe).toBe(Math.round(m.sharpe! * 1e4) / 1e4);
    expect(doc.metrics.sortino).toBe(Math.round(m.sortino! * 1e4) / 1e4);
    expect(card.fields?.find((f) => f.name === 'Sharpe')?.value).toBe(m.sharpe!.toFixed(2));
  });
});

// Runs recorded by a clock ahead of the server's (a `--speed` demo) are not dropped or refused without a word: list_runs
// counts and names them, and a tool asked about one says why it cannot answer (issue 10, section 3).
import { describe, expect, it } from 'vitest';
import { FROM, seededMcp, textOf } from './mcp-harness.js';

const iso = (ms: number) => new Date(ms).toISOString();
/** A clock a day before the seeded backtest's first bar: the run is "in the future" for it. */
const BEHIND = FROM - 86_400_000;

describe('runs that start after the clock', () => {
  it('list_runs names them and says a sped-up desk recorded them, instead of leaving them out silently', async () => {
    const { call } = await seededMcp(BEHIND);
    const res = await call('list_runs');
    expect(res.isError).toBeFalsy();
    expect(res.structuredContent).toMatchObject({ total: 0, later: 1, runs: [] });
    expect(textOf(res)).toContain(`1 run(s) (#1) start after ${iso(BEHIND)} and are not listed: a sped-up desk (--speed) recorded them with a clock running ahead of this one.`);
  });

  it('list_runs with an as_of before them counts them too, without blaming a clock', async () => {
    const { call } = await seededMcp();
    const res = await call('list_runs', { as_of: iso(BEHIND) });
    expect(res.structuredContent).toMatchObject({ total: 0, later: 1 });
    expect(textOf(res)).toContain(`1 run(s) (#1) start after ${iso(BEHIND)} and are not listed.`);
  });

  it('get_run says the run was recorded by a clock running ahead, not that it "had not started"', async () => {
    const { call } = await seededMcp(BEHIND);
    const res = await call('get_run', { run: 1 });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toBe(`Run #1 starts at ${iso(FROM)}, after this clock's now (${iso(BEHIND)}): a sped-up desk (--speed) recorded it with a clock running ahead`);
  });
});

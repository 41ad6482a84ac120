import { describe, expect, it } from 'vitest';
import { seededMcp, textOf } from './mcp-harness.js';

type Data = Record<string, unknown>;
const data = (r: { structuredContent?: unknown }): Data => r.structuredContent as Data;

describe('get_rules', () => {
  it('lists the workspace rules with exact parameters and their check in words', async () => {
    const { call } = await seededMcp();
    const res = await call('get_rules');
    expect(data(res)).toMatchObject({ total: 1, rules: [{ id: 'one-pos', type: 'max_open_positions', params: { max: 1 }, priority: 1, active: true, shadow: false, symbols: null }] });
    expect(textOf(res)).toContain('one-pos (max_open_positions): Blocks an entry when open positions plus entries already ordered this bar >= 1.');
  });
});

describe('explain_rule', () => {
  it('counts what the rule blocked in a run, as the backtest counted it, with examples', async () => {
    const { call, seeded } = await seededMcp();
    const mine = seeded.result.blocked.filter((b) => b.by === 'rule:one-pos');
    const res = await call('explain_rule', { rule: 'one-pos', run: 1, examples: 2 });
    const inRun = data(res)['inRun'] as Data;
    expect(inRun['records']).toBe(seeded.result.metrics.blockedBy['rule:one-pos']);
    expect(inRun['blockedSignals']).toBe(mine.reduce((s, b) => s + 1 + (b.repeats ?? 0), 0));
    expect(inRun['examples']).toEqual(mine.slice(0, 2).map((b) => ({ time: new Date(b.time).toISOString(), symbol: b.symbol, reason: b.reason, observed: b.observed, limit: b.limit, shadow: false })));
    expect(textOf(res)).toContain(`In Run #1`);
  });

  it('explains without a run, and hides blocks after as_of', async () => {
    const { call, seeded } = await seededMcp();
    expect(data(await call('explain_rule', { rule: 'one-pos' }))['inRun']).toBeNull();
    const cut = seeded.result.blocked[2]!.time;
    const res = await call('explain_rule', { rule: 'one-pos', run: 1, as_of: new Date(cut).toISOString() });
    expect((data(res)['inRun'] as Data)['records']).toBe(3);
  });

  it.each([
    [{ rule: 'nope' }, "Rule 'nope' does not exist in this workspace (rules: one-pos)"],
    [{ rule: 'one-pos', run: 5 }, 'Run #5 does not exist in this workspace'],
    [{ rule: 'one-pos', examples: 21 }, "explain_rule: argument 'examples': expected a number <= 20, got 21"],
  ])('refuses %j', async (args, message) => {
    const { call } = await seededMcp();
    const res = await call('explain_rule', args);
    expect(res.isError).toBe(true);
    expect(textOf(res)).toContain(message);
  });
});

// Each offline intent on a seeded workspace, its numbers checked against the MCP tool it answers from.
import { beforeAll, describe, expect, it } from 'vitest';
import { createOfflineAnalyst } from '../../src/analyst/offline-analyst.js';
import type { AnalystQuestion } from '../../src/app/chat/ports.js';
import type { Reply } from '../../src/app/chat/reply.js';
import { FAKE_NOW } from '../helpers/fake-desk.js';
import { MISSED_NOTE, seedDecisions } from '../mcp/decisions-seed.js';
import { WS_A } from '../mcp/mcp-harness.js';

type Data = Record<string, unknown>;
type Seeded = Awaited<ReturnType<typeof seedDecisions>>;
const data = (r: { structuredContent?: unknown }): Data => r.structuredContent as Data;
const two = (v: number) => v.toFixed(2);

let s: Seeded;
beforeAll(async () => {
  s = await seedDecisions();
});

function ask(text: string): Promise<Reply> {
  const q: AnalystQuestion = { workspace: WS_A, actor: { id: 'u', name: 'bo', role: 'viewer' }, channelId: 'c', conversationId: 'c', text };
  return createOfflineAnalyst(s.desk.deps.commands, s.desk.deps)(q, FAKE_NOW);
}

describe('how is run N doing (get_run)', () => {
  it.each(['how is run 3 doing?', 'is run #3 doing ok'])('answers %j with the run\'s metrics', async (text) => {
    const reply = await ask(text);
    const m = data(await s.call('get_run', { run: 3 }))['metrics'] as Data;
    expect(reply).toMatchObject({ kind: 'ok', title: 'How Run #3 is doing' });
    expect(reply.text).toContain('Run #3 (backtest, completed): mean-reversion 1.0.0 on SIM-A, SIM-B [1d], simulated prices');
    expect(reply.text).toContain(`return ${two(m['totalReturnPct'] as number)}%`);
    expect(reply.text).toContain(`max drawdown ${two(m['maxDrawdownPct'] as number)}%`);
    expect(reply.text).toContain(`${m['trades'] as number} closed trade(s), win rate ${(m['winRatePct'] as number).toFixed(1)}%`);
    expect(reply.text).toContain(`Blocked signals: rule:one-pos ${s.backtest.result.metrics.blockedBy['rule:one-pos']}`);
    expect(reply.text).toContain('Offline analyst: answered with the MCP tool `get_run`.');
  });

  it('points a running paper run to its live positions', async () => {
    const reply = await ask('how is run 1 doing?');
    expect(reply.text).toContain('Run #1 (paper, running)');
    expect(reply.text).toContain('Its live positions: /positions run:1.');
  });

  it('answers an unknown run with the tool\'s own error', async () => {
    expect(await ask('how is run 9 doing?')).toEqual({ kind: 'error', text: 'Run #9 does not exist in this workspace' });
  });
});

describe('compare runs (compare_runs)', () => {
  it.each([['compare run 3 with run 4', [3, 4]], ['compare 3, 4 and 1', [3, 4, 1]]])('answers %j with the tool\'s diff and a bottom line', async (text, runs) => {
    const reply = await ask(text);
    const res = await s.call('compare_runs', { runs });
    const summary = res.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
    expect(reply.kind).toBe('ok');
    expect(reply.text).toContain(summary);
    const ret = (data(res)['metrics'] as Data[]).find((m) => m['metric'] === 'totalReturnPct')!['values'] as number[];
    const best = ret.indexOf(Math.max(...ret));
    expect(reply.text).toContain(`best return: Run #${runs[best]!} (${two(ret[best]!)}%)`);
    expect(reply.text).toContain('`compare_runs`');
  });

  it('says what compare_runs needs when given one run', async () => {
    const reply = await ask('compare run 3');
    expect(reply.kind).toBe('error');
    expect(reply.text).toContain('compare_runs needs 2 to 5 run numbers');
  });
});

describe('why didn\'t we trade (list_runs + get_decisions)', () => {
  it('explains today for every running run, with the numbers get_decisions gives', async () => {
    const reply = await ask('why didn\'t we trade today?');
    const today = data(await s.call('get_decisions', { run: 1, from: '2024-01-02', limit: 20, blocked_limit: 0 }));
    const shown = today['decisions'] as Data[];
    const noSignal = shown.filter((d) => (d['signals'] as unknown[]).length === 0).length;
    expect(reply).toMatchObject({ kind: 'ok', title: 'Why no trades today' });
    expect(reply.text).toContain('Run #1 (paper, mean-reversion 1.0.0 on SIM-A, SIM-B), today 2024-01-02 UTC:');
    expect(reply.text).toContain(`- ${today['decisionsTotal'] as number} decision record(s), latest bar 09:29 UTC; of the newest 20: ${noSignal} with no signal from the strategy, ${20 - noSignal} with signals, 1 with orders planned.`);
    expect(reply.text).toContain(`- ${today['blockedTotal'] as number} blocked signal(s), by 1 gate(s)/rule(s):`);
    expect(reply.text).toContain('  - gate:max-drawdown: 6 on SIM-A; latest 2024-01-02 09:25 SIM-A: drawdown 12.5% >= 10% (observed 12.5 vs limit 10)');
    expect(reply.text).toContain('- It did plan orders: SIM-B buy entry at 09:29 (SIM-B oversold).');
    const missed = shown.filter((d) => (d['notes'] as Data[]).some((n) => n['content'] === MISSED_NOTE)).length;
    expect(reply.text).toContain(`- Notes: "${MISSED_NOTE}" (${missed}x).`);
    expect(reply.text).toContain('Run #2 (paper, mean-reversion 1.0.0 on SIM-C): no decision records today (2024-01-02 UTC). Its latest day with records is 2023-12-30:');
    expect(reply.text).toContain('- 5 decision record(s), latest bar 10:04 UTC: 5 with no signal from the strategy, 0 with signals, 0 with orders planned.');
    expect(reply.text).toContain('Offline analyst: answered with the MCP tools `list_runs` and `get_decisions`.');
  });

  it('narrows to the runs trading a symbol, and to that symbol', async () => {
    const reply = await ask('why didn\'t we trade on SIM-B?');
    expect(reply.title).toBe('Why no trades on SIM-B today');
    expect(reply.text).toContain('Run #1 (paper, mean-reversion 1.0.0 on SIM-A, SIM-B), today 2024-01-02 UTC, SIM-B only:');
    expect(reply.text).toContain('1 with signals, 1 with orders planned');
    expect(reply.text).toContain('- No signal was blocked by a gate or rule.');
    expect(reply.text).not.toContain('Run #2');
  });

  it('says no running run trades a symbol none trades', async () => {
    const reply = await ask('why didn\'t we trade on AAPL');
    expect(reply.text).toContain('No running run trades AAPL. Running: Run #1 (paper, mean-reversion 1.0.0 on SIM-A, SIM-B); Run #2 (paper, mean-reversion 1.0.0 on SIM-C).');
  });

  it('explains a backtest named by number from its whole blocked log', async () => {
    const reply = await ask('why didn\'t run 3 trade more?');
    const n = s.backtest.result.metrics.blockedBy['rule:one-pos']!;
    expect(reply.title).toBe('Why no trades in Run #3');
    expect(reply.text).toContain('Run #3 (backtest, mean-reversion 1.0.0 on SIM-A, SIM-B) is a backtest: it keeps no per-bar decision records');
    expect(reply.text).toContain(`- ${s.backtest.result.blocked.length} blocked signal(s), by 1 gate(s)/rule(s):`);
    expect(reply.text).toContain(`  - rule:one-pos: ${n} on SIM-`);
    expect(reply.text).toContain('`get_run` and `get_decisions`');
  });

  it('answers an unknown run with the tool\'s own error', async () => {
    expect(await ask('why no trades in run 9?')).toEqual({ kind: 'error', text: 'Run #9 does not exist in this workspace' });
  });
});

describe('rules (get_rules, explain_rule)', () => {
  it('lists the active rules only when asked for active ones', async () => {
    const active = await ask('what rules are active?');
    expect(active.text).toContain('1 active rule(s), in evaluation order:\n1. one-pos (max_open_positions): Blocks an entry when open positions plus entries already ordered this bar >= 1.');
    expect(active.text).not.toContain('max-dd');
    const all = await ask('which rules do we have?');
    expect(all.text).toContain('2 rule(s)');
    expect(all.text).toContain('2. max-dd (max_drawdown_pct)');
    expect(all.text).toContain('inactive (not evaluated)');
  });

  it('explains a rule as typed, with what it blocked in a run', async () => {
    const reply = await ask('explain rule one-pos in run 3');
    const inRun = data(await s.call('explain_rule', { rule: 'one-pos', run: 3 }))['inRun'] as Data;
    expect(reply.title).toBe('Rule one-pos');
    expect(reply.text).toContain('Rule one-pos (risk, max_open_positions, params {"max":1}):');
    expect(reply.text).toContain(`In Run #3 (as of ${inRun['asOf'] as string}): ${inRun['records'] as number} block record(s), ${inRun['blockedSignals'] as number} signal(s) counting repeats`);
    expect(reply.text?.split('\n').filter((l) => l.startsWith('- '))).toHaveLength(3);
  });

  it('answers an unknown rule with the tool\'s error, naming the rules there are', async () => {
    expect(await ask('explain rule sl-8')).toEqual({ kind: 'error', text: 'Rule \'sl-8\' does not exist in this workspace (rules: one-pos, max-dd)' });
  });
});

describe('runs list (list_runs)', () => {
  it('lists the runs from the tool', async () => {
    const reply = await ask('which runs are there?');
    expect(reply.text).toContain('4 run(s) as of 2024-01-02T12:00:00.000Z');
    expect(reply.text).toContain('Run #1 paper running');
    expect(reply.text).toContain('`list_runs`');
  });
});

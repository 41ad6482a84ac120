// What the analyst files: only rules a tool returned in its structured output, valid by the core schema, whose own
// replay improved the run, once each; everything else is held back with the reason.
import { describe, expect, it } from 'vitest';
import { draftsFromResults, fileProposals } from '../../src/analyst/proposal-filing.js';
import { FAKE_NOW, fakeDesk } from '../helpers/fake-desk.js';
import { WS_A } from '../mcp/mcp-harness.js';

const toolRule = (over: Record<string, unknown> = {}) => ({
  id: 'sugg-stop-loss-8', name: null, category: 'stop_loss', type: 'stop_loss_pct', params: { pct: 8 }, priority: 5,
  active: true, shadow: false, symbols: null, math: 'exit when the loss reaches 8% of entry', ...over,
});
const replay = (totalPnl: number, maxDrawdownPct: number) => ({
  deltas: { totalPnl, totalReturnPct: totalPnl / 1000, maxDrawdownPct, trades: 0 }, blockedTotal: 1, exitedTotal: 4,
});
const suggestion = (rule: Record<string, unknown>, replayed: ReturnType<typeof replay> | null = null) => ({
  rule, rationale: 'Losers ran far.', replay: replayed,
  evidence: { concerned: 5, losers: 5, concernedPnl: -4312.06, atStake: 580.1, thresholdWhy: '2x the median loser' },
});
const suggest = (...proposals: unknown[]) => ({ tool: 'suggest_rules', summary: 's', data: { run: 1, proposals } });

describe('draftsFromResults', () => {
  it('turns a suggestion into a draft with its evidence and replay numbers', () => {
    const { drafts, withheld } = draftsFromResults([suggest(suggestion(toolRule(), replay(120.5, -1)))]);
    expect(withheld).toEqual([]);
    expect(drafts).toEqual([{
      rule: { id: 'sugg-stop-loss-8', category: 'stop_loss', type: 'stop_loss_pct', params: { pct: 8 }, priority: 5, active: true, shadow: false },
      rationale: 'Losers ran far.', run: 1, source: 'suggest_rules',
      summary: '5 trade(s) concerned (5 losers, net -4312.06); 580.10 at stake. 2x the median loser\nReplay: pnl +120.50, return +0.12 pts, max drawdown -1.00 pts; 1 trade(s) blocked, 4 exited differently.',
    }]);
  });

  it('withholds a suggestion whose own replay lost money without lowering the drawdown, and says why', () => {
    const { drafts, withheld } = draftsFromResults([suggest(suggestion(toolRule(), replay(-1564.86, 1)))]);
    expect(drafts).toEqual([]);
    expect(withheld).toEqual(['sugg-stop-loss-8 (stop_loss_pct pct=8): its replay made Run #1 worse (pnl -1564.86, max drawdown +1.00 pts), so it is not offered for approval.']);
  });

  it('files a suggestion that lowered the drawdown without losing money, and one that made money with a deeper drawdown', () => {
    expect(draftsFromResults([suggest(suggestion(toolRule(), replay(0, -3)))]).drafts).toHaveLength(1);
    expect(draftsFromResults([suggest(suggestion(toolRule(), replay(40, 2)))]).drafts).toHaveLength(1);
  });

  it.each([
    ['cut the drawdown but lost money', replay(-10, -3), "sugg-stop-loss-8 (stop_loss_pct pct=8): its replay lowered Run #1's drawdown but lost money (pnl -10.00, max drawdown -3.00 pts): no improvement without a cost, so it is not offered for approval."],
    ['changed nothing', replay(0, 0), 'sugg-stop-loss-8 (stop_loss_pct pct=8): its replay did not improve Run #1 (pnl +0.00, max drawdown +0.00 pts), so it is not offered for approval.'],
  ])('withholds a suggestion whose replay %s', (_name, replayed, why) => {
    const { drafts, withheld } = draftsFromResults([suggest(suggestion(toolRule(), replayed))]);
    expect(drafts).toEqual([]);
    expect(withheld).toEqual([why]);
  });

  it.each([
    ['was not asked for', {}, 'it was not replayed (suggest_rules with replay: true, or replay_with_rule, gives the evidence)'],
    ['failed', { replay: null, replayError: 'Run #1 cannot be replayed: its bars came from \'x\', which this desk cannot load now' }, "its replay failed (Run #1 cannot be replayed: its bars came from 'x', which this desk cannot load now)"],
    ['was left out (only the top proposals are replayed)', { replay: { reproduction: { storedTrades: 3, matched: 3, reproduced: true }, notes: [] }, replayError: null }, 'it was not among the proposals replayed'],
  ])('withholds a suggestion whose replay %s, and says so', (_name, extra, why) => {
    const { drafts, withheld } = draftsFromResults([{ tool: 'suggest_rules', summary: 's', data: { run: 1, proposals: [suggestion(toolRule())], ...extra } }]);
    expect(drafts).toEqual([]);
    expect(withheld).toEqual([`sugg-stop-loss-8 (stop_loss_pct pct=8): no replay evidence: ${why}, so it is not offered for approval.`]);
  });

  it('withholds a suggestion whose replay_with_rule call failed', () => {
    const { drafts, withheld } = draftsFromResults([
      suggest(suggestion(toolRule())),
      { tool: 'replay_with_rule', summary: 'Run #1 cannot be replayed: no bar', failed: true, data: { run: 1, rule: { type: 'stop_loss_pct', params: { pct: 8 } } } },
    ]);
    expect(drafts).toEqual([]);
    expect(withheld).toEqual(['sugg-stop-loss-8 (stop_loss_pct pct=8): no replay evidence: its replay failed (Run #1 cannot be replayed: no bar), so it is not offered for approval.']);
  });

  it('withholds a replayed rule that made the run worse, or whose replay also disabled a run rule', () => {
    const replayed = (v: ReturnType<typeof replay>, more: Record<string, unknown> = {}) =>
      ({ tool: 'replay_with_rule', summary: 's', data: { run: 1, rule: toolRule({ id: 'deny-a', category: 'screening', type: 'symbol_denylist', params: { symbols: ['A'] } }), variant: v, ...more } });
    const worse = draftsFromResults([replayed(replay(-1636.03, 0.31))]);
    expect(worse.drafts).toEqual([]);
    expect(worse.withheld).toEqual(['deny-a (symbol_denylist symbols=["A"]): its replay made Run #1 worse (pnl -1636.03, max drawdown +0.31 pts), so it is not offered for approval.']);
    const mixed = draftsFromResults([replayed(replay(50, -1), { disabled: 'one-pos' })]);
    expect(mixed.withheld).toEqual(['deny-a (symbol_denylist symbols=["A"]): its replay also disabled rule one-pos: the deltas are not this rule\'s alone, so it is not offered for approval.']);
  });

  it('drops a rule the core schema refuses, and results of other tools or shapes', () => {
    const { drafts } = draftsFromResults([
      suggest(suggestion(toolRule({ params: { pct: 500 } }), replay(10, 0))),
      { tool: 'get_run', summary: 's', data: { run: 1, proposals: [suggestion(toolRule())] } },
      { tool: 'suggest_rules', summary: 's', data: 'not an object' },
    ]);
    expect(drafts).toEqual([]);
  });

  it('files the same rule once when suggest_rules and replay_with_rule both return it, with the replay as its evidence', () => {
    const { drafts, withheld } = draftsFromResults([
      suggest(suggestion(toolRule())),
      { tool: 'replay_with_rule', summary: 's', data: { run: 1, rule: toolRule({ id: 'mine' }), variant: replay(5, 0) } },
    ]);
    expect(withheld).toEqual([]);
    expect(drafts.map((d) => [d.source, d.summary.split('\n').at(-1)])).toEqual([['suggest_rules', 'Replay: pnl +5.00, return +0.01 pts, max drawdown +0.00 pts; 1 trade(s) blocked, 4 exited differently.']]);
  });
});

describe('fileProposals', () => {
  it('files at most three and says which improving ones it left for another answer', async () => {
    const desk = fakeDesk();
    const found = draftsFromResults([suggest(...[4, 5, 6, 7].map((pct) => suggestion(toolRule({ id: `sl-${pct}`, params: { pct } }), replay(10 * pct, 0))))]);
    expect(found.drafts).toHaveLength(4);
    const q = { workspace: WS_A, actor: { id: 'u', name: 'ann', role: 'admin' as const }, conversationId: 'c', channelId: 'c', text: 'q' };
    const filed = await fileProposals(desk.deps.proposals, q, found, FAKE_NOW);
    expect(filed.buttons).toHaveLength(12);
    expect(filed.text).toContain('Not proposed:\n- sl-7 (stop_loss_pct pct=7): its replay improves Run #1 too, but one answer files at most 3 proposals; ask about it again to file it.');
  });
});

// What the analyst files: only rules a tool returned in its structured output, valid by the core schema, not
// contradicted by their own replay, once each.
import { describe, expect, it } from 'vitest';
import { draftsFromResults } from '../../src/analyst/proposal-filing.js';

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

  it('keeps a suggestion that cost pnl but cut the drawdown (a trade-off for a person to judge)', () => {
    expect(draftsFromResults([suggest(suggestion(toolRule(), replay(-10, -3)))]).drafts).toHaveLength(1);
  });

  it('drops a rule the core schema refuses, and results of other tools or shapes', () => {
    const { drafts } = draftsFromResults([
      suggest(suggestion(toolRule({ params: { pct: 500 } }))),
      { tool: 'get_run', summary: 's', data: { run: 1, proposals: [suggestion(toolRule())] } },
      { tool: 'suggest_rules', summary: 's', data: 'not an object' },
    ]);
    expect(drafts).toEqual([]);
  });

  it('files the same rule once when suggest_rules and replay_with_rule both return it', () => {
    const { drafts } = draftsFromResults([
      suggest(suggestion(toolRule())),
      { tool: 'replay_with_rule', summary: 's', data: { run: 1, rule: toolRule({ id: 'mine' }), variant: replay(5, 0) } },
    ]);
    expect(drafts.map((d) => d.source)).toEqual(['suggest_rules']);
  });
});

import { z } from 'zod';
import { analyzeTrades, type TradeAnalysis } from '../../core/analysis/analyze-trades.js';
import type { LosingStandout } from '../../core/analysis/losing-entries.js';
import { assertNever, ok } from '../../core/domain/result.js';
import { asOfField, loadHistoryAsOf } from '../as-of.js';
import { defineTool } from '../define-tool.js';
import { runField } from '../schemas.js';
import { iso } from '../time-input.js';
import { analysisOutput, toAnalysisOutput } from './analysis-output.js';
import { applyTradeFilter, describeFilter, filterOutput, isFiltered, parseTradeFilter, toFilterOutput, tradeFilterFields } from './trade-filter.js';

/** How a standout group reads in the summary: "held 21+ bars", "entered Sat (UTC)". */
function groupName(s: LosingStandout): string {
  switch (s.dimension) {
    case 'symbol': return `symbol ${s.key}`;
    case 'side': return `${s.key} side`;
    case 'exitReason': return `exit by ${s.key}`;
    case 'holding': return `held ${s.key} bars`;
    case 'weekday': return `entered ${s.key} (UTC)`;
    case 'hour': return `entered at ${s.key} UTC`;
    default: return assertNever(s.dimension);
  }
}

export const analyzeTradesTool = defineTool({
  name: 'analyze_trades',
  title: 'Analyze trades',
  description: 'Wins against losses of a run\'s closed trades as of as_of (optionally filtered by symbol, side, outcome, exit time): by symbol, side, exit reason, holding time, entry weekday and hour (UTC); average winner against loser; streaks; expectancy; and which groups of entries lost beyond their share. A filter that matches nothing gives zero trades, not an error.',
  input: { run: runField, ...tradeFilterFields, as_of: asOfField },
  output: {
    run: z.number().int().describe('Run number'),
    asOf: z.string().describe('The cut-off used (ISO)'),
    filters: filterOutput,
    trades: z.number().int().describe('Closed trades analysed (after the filters)'),
    runTrades: z.number().int().describe('Closed trades of the run by as_of, before the filters'),
    analysis: analysisOutput,
  },
  async run(deps, input) {
    const filter = parseTradeFilter(input);
    if (!filter.ok) return filter;
    const loaded = await loadHistoryAsOf(deps, input.run, input.as_of);
    if (!loaded.ok) return loaded;
    const { history: h, asOf, truncated } = loaded.value;
    const trades = applyTradeFilter(h.trades, filter.value);
    const analysis = analyzeTrades(trades);
    const scope = isFiltered(filter.value) ? `, trades with ${describeFilter(filter.value)}` : '';
    const head = `Run #${input.run} as of ${iso(asOf)}${truncated ? ' (later history hidden)' : ''}${scope}`;
    return ok({
      text: summary(head, analysis, h.trades.length),
      data: { run: input.run, asOf: iso(asOf), filters: toFilterOutput(filter.value), trades: trades.length, runTrades: h.trades.length, analysis: toAnalysisOutput(analysis) },
    });
  },
});

function summary(head: string, a: TradeAnalysis, runTrades: number): string {
  const o = a.overall;
  if (o.count === 0) return `${head}: no trade matches (0 of ${runTrades} closed trades), nothing to analyse.`;
  const w = a.winnersVsLosers;
  const lines = [
    `${head}: ${o.count} trades, ${o.wins} won, ${o.losses} lost (win rate ${o.winRatePct.toFixed(1)}%), total pnl ${o.totalPnl.toFixed(2)}, expectancy ${a.expectancy.toFixed(2)} per trade.`,
    `Average winner ${w.avgWin.toFixed(2)} vs average loser ${w.avgLoss.toFixed(2)}${w.payoffRatio === null ? '' : ` (payoff ${w.payoffRatio.toFixed(2)})`}; winners held ${w.avgBarsHeldWin.toFixed(1)} bars, losers ${w.avgBarsHeldLoss.toFixed(1)}.`,
  ];
  const top = a.losingEntries.slice(0, 3);
  if (top.length === 0) lines.push(o.losses === 0 ? 'No losing trades.' : 'No group of entries stands out among the losers.');
  else {
    lines.push('Losing entries that stand out:');
    top.forEach((s, i) => lines.push(
      `${i + 1}. ${groupName(s)}: ${s.losses} of ${s.count} lost (${s.lossRatePct.toFixed(0)}% vs ${s.overallLossRatePct.toFixed(0)}% overall), losers cost ${s.lossPnl.toFixed(2)}${s.excessLoss > 0 ? `, ${s.excessLoss.toFixed(2)} beyond their share` : ''}.`,
    ));
  }
  return lines.join('\n');
}

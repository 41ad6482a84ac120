// "how is run N doing?" (get_run) and "why did run N lose/win?" (get_run + analyze_trades).
import type { Reply } from '../../app/chat/reply.js';
import type { McpSession } from '../mcp-session.js';
import { errorReply, listOf, num, toolsNote } from './format.js';
import { callForData, callForSummary } from './tool-data.js';
import { runData, type RunData } from './tool-schemas.js';

export async function answerRunStatus(session: McpSession, run: number): Promise<Reply> {
  const got = await callForData(session, 'get_run', { run }, runData);
  if (!got.ok) return errorReply(got.error);
  return { kind: 'ok', title: `How Run #${run} is doing`, text: [...runStatusLines(got.value.data), '', toolsNote(['get_run'])].join('\n') };
}

function runStatusLines(r: RunData): string[] {
  const c = r.config;
  const m = r.metrics;
  const blocked = Object.entries(m.blockedBy).sort((a, b) => b[1] - a[1]);
  const lines = [
    `Run #${r.number} (${r.mode}, ${r.status}): ${c.strategy} ${c.strategyVersion} on ${c.symbols.join(', ')} [${c.timeframe}]${c.simulated ? ', simulated prices' : ''}, started ${r.startedAt.slice(0, 10)}${r.endedAt === null ? '' : `, ended ${r.endedAt.slice(0, 10)}`}.`,
    `As of ${r.asOf}: return ${num(m.totalReturnPct)}% (equity ${num(m.startEquity)} -> ${num(m.endEquity)}), max drawdown ${num(m.maxDrawdownPct)}%, Sharpe ${num(m.sharpe)}${m.sharpeNote === null ? '' : ` (${m.sharpeNote.replace(/^n\/a: /, '')})`}.`,
    `${m.trades} closed trade(s), win rate ${num(m.winRatePct, 1)}%, profit factor ${num(m.profitFactor)}, expectancy ${num(m.expectancy)} per trade (average win ${num(m.avgWin)}, average loss ${num(m.avgLoss)}).`,
    blocked.length === 0 ? 'No signal was blocked by a gate or rule.' : `Blocked signals: ${listOf(blocked.map(([by, n]) => `${by} ${n}`))}.`,
  ];
  if (r.openAtAsOf.length > 0) lines.push(`Open then: ${r.openAtAsOf.map((p) => `${p.symbol} ${p.side} ${num(p.qty)} @ ${num(p.entryPrice)}`).join(', ')}.`);
  else if (r.mode !== 'backtest' && r.status === 'running') lines.push(`Its live positions: /positions run:${r.number}.`);
  return lines;
}

/** Why a run made or lost money: its result, then what its trades say (the MCP tools' own summaries). */
export async function answerRunResult(session: McpSession, run: number): Promise<Reply> {
  const result = await callForSummary(session, 'get_run', { run });
  if (!result.ok) return errorReply(result.error);
  const trades = await callForSummary(session, 'analyze_trades', { run });
  if (!trades.ok) return errorReply(trades.error);
  return {
    kind: 'ok',
    title: `Why Run #${run} did what it did`,
    text: [result.value, trades.value, toolsNote(['get_run', 'analyze_trades'])].join('\n\n'),
  };
}

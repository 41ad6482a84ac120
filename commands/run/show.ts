import { z } from 'zod';
import { defineCommand } from '../../src/app/chat/command.js';
import { opt } from '../../src/app/chat/command-options.js';
import type { DeskDeps } from '../../src/app/desk/desk-deps.js';
import { errorReply, type ReplyTable } from '../../src/app/chat/reply.js';
import type { DecisionView } from '../../src/app/runs/ports.js';
import { metricFields, minute, price, qty, signedMoney } from '../../src/app/runs/report-format.js';
import { runMetrics } from '../../src/app/runs/metrics.js';
import { runHeadline } from '../../src/app/runs/summary.js';
import { isLiveBroker } from '../../src/core/runs/run-broker.js';
import { POSITION_COLUMNS, positionRow } from '../../src/app/cards/run-report.js';

const options = z.object({ run: opt.int('run number', { min: 1 }) });
const DECISIONS = 5;

export const runShowCommand = defineCommand<DeskDeps, typeof options.shape>({
  name: 'run show',
  description: 'A run in detail: metrics, open positions and its last 5 decisions',
  role: 'viewer',
  options,
  async run(ctx, o) {
    const q = ctx.deps.runQueries;
    const ref = await q.findRun(ctx.workspace, o.run);
    if (!ref.ok) return errorReply(`/run show: ${ref.error.message}`);
    const history = await q.getHistory(ref.value.id);
    if (!history.ok) return errorReply(`/run show: ${history.error.message}`);
    const isBacktest = ref.value.mode === 'backtest';
    let table: ReplyTable;
    let decisions: readonly DecisionView[] = [];
    if (isBacktest) {
      // A backtest keeps no live book: what it still held at its last bar is saved with its results.
      table = { columns: [...POSITION_COLUMNS], rows: history.value.openAtEnd.map((p) => [p.symbol, p.side, qty(p.qty), price(p.entryPrice), price(p.marketPrice), signedMoney(p.unrealizedPnl)]) };
    } else {
      const live = await q.getLive(ref.value.id);
      if (!live.ok) return errorReply(`/run show: ${live.error.message}`);
      table = { columns: [...POSITION_COLUMNS], rows: live.value.positions.map(positionRow) };
      const recent = await q.recentDecisions(ref.value.id, DECISIONS);
      if (!recent.ok) return errorReply(`/run show: ${recent.error.message}`);
      decisions = recent.value;
    }
    const positionsNote = table.rows.length === 0 ? 'No open positions.' : `Open positions${isBacktest ? ' at the end of the backtest' : ''}: see the table.`;
    const decisionsText = isBacktest ? 'Backtests keep no per-bar decision records.'
      : decisions.length === 0 ? 'No decisions yet (the run has not iterated).'
      : [`Last ${decisions.length} decision(s), newest first:`, ...decisions.map(decisionLine)].join('\n');
    return {
      kind: 'ok',
      title: `${isLiveBroker(ref.value.broker) ? 'LIVE: ' : ''}Run #${o.run}`,
      text: [runHeadline(ref.value), positionsNote, decisionsText].join('\n'),
      fields: metricFields(runMetrics(history.value)),
      ...(table.rows.length === 0 ? {} : { table: { ...table, alignRight: [2, 3, 4, 5] } }),
      buttons: [{ command: `/run summary run:${o.run}`, label: 'Equity curve', style: 'secondary' }],
    };
  },
});

/** `2024-01-02 12:01 | signals: SIM-A enter_long | orders: SIM-A buy entry | blocked: none | notes: ...` */
function decisionLine(d: DecisionView): string {
  const list = (items: readonly string[]): string => (items.length === 0 ? 'none' : items.join('; '));
  return [
    `- ${minute(d.barTime)}`,
    `signals: ${list(d.signals.map((s) => `${s.symbol} ${s.action}`))}`,
    `orders: ${list(d.orders.map((x) => `${x.symbol} ${x.side} ${x.intent}`))}`,
    `blocked by: ${list(d.blocked.map((b) => `${b.by} ${b.symbol}${b.shadow ? ' (shadow)' : ''}`))}`,
    `notes: ${list(d.notes.map((n) => n.content))}`,
  ].join(' | ');
}

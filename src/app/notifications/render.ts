import type { ApprovalKind } from '../../core/risk/four-eyes.js';
import { readNotification } from '../../core/runs/notification-events.js';
import { CASH_SYMBOL } from '../../core/runs/reconcile.js';
import { accountText, isLiveBroker, type RunBroker } from '../../core/runs/run-broker.js';
import type { Reply } from '../chat/reply.js';
import { money, price, qty } from '../runs/report-format.js';

/**
 * Notification payloads come back from the outbox's Json column: each is read with its event's schema (the one
 * definition the code raising it uses, src/core/runs/notification-events.ts) before it is rendered. A payload that
 * does not parse is rendered as a plain note (never dropped silently).
 */
const value = (x: number | null): string => (x === null ? 'n/a' : Number.isInteger(x) ? String(x) : x.toFixed(2));

/** `Run #3`; a real broker's run `Run #3 [Alpaca paper account]`; a live one `LIVE: Run #3 [Alpaca live account]`. */
export function runTag(run: number, broker: RunBroker | undefined): string {
  if (broker === undefined) return `Run #${run}`;
  const tagged = `Run #${run} [${accountText(broker)}]`;
  return isLiveBroker(broker) ? `LIVE: ${tagged}` : tagged;
}

/** A four-eyes request as a notice names it, and what its lapse leaves. */
const APPROVAL_WHAT: Readonly<Record<ApprovalKind, string>> = { live_run_start: 'LIVE run start', account_limit_loosen: 'account limit loosen' };
const APPROVAL_NOTHING: Readonly<Record<ApprovalKind, string>> = { live_run_start: 'nothing was started', account_limit_loosen: 'the account limits were not changed' };

export function renderNotification(eventType: string, payload: unknown): Reply {
  const n = readNotification(eventType, payload);
  if (n === null) return unreadable(eventType);
  switch (n.eventType) {
    case 'order_filled':
    case 'exit_triggered': {
      const f = n.payload;
      const what = n.eventType === 'exit_triggered' ? `exit (${f.reason ?? 'exit'})` : f.intent === 'exit' ? 'exit' : 'entry';
      const pnl = f.pnl === null ? '' : `, P&L ${money(f.pnl)}`;
      return { kind: 'ok', text: `${runTag(f.run, f.broker)}: ${f.side} ${qty(f.qty)} ${f.symbol} @ ${price(f.price)} — ${what}${pnl}${n.eventType === 'order_filled' && f.reason ? ` (${f.reason})` : ''}` };
    }
    case 'trade_blocked': {
      const b = n.payload;
      const numbers = b.observed === null && b.limit === null ? '' : ` (observed ${value(b.observed)} vs limit ${value(b.limit)})`;
      return { kind: 'ok', text: `${runTag(b.run, b.broker)}: trade blocked on ${b.symbol} by ${b.by}${numbers} — ${b.action}: ${b.reason}` };
    }
    case 'broker_order': {
      const o = n.payload;
      const at = o.avgPrice === null ? '' : ` @ ${price(o.avgPrice)}`;
      const done = o.status === 'filled' ? `filled ${o.side} ${qty(o.filledQty)} ${o.symbol}${at}`
        : o.status === 'partially_filled' ? `filled ${qty(o.filledQty)} of ${o.side} ${qty(o.qty)} ${o.symbol}${at} so far`
        : o.status === 'accepted' ? `accepted ${o.side} ${qty(o.qty)} ${o.symbol}`
        : `${o.status} ${o.side} ${qty(o.qty)} ${o.symbol}${o.filledQty > 0 ? ` after filling ${qty(o.filledQty)}${at}` : ''}`;
      const broker = o.broker === undefined ? 'the broker' : accountText(o.broker).replace(/ account$/, '');
      return { kind: 'ok', text: `${runTag(o.run, o.broker)}: ${broker} ${done}${o.reason === null ? '' : `: ${o.reason}`}` };
    }
    case 'reconciliation_difference': {
      const r = n.payload;
      const live = isLiveBroker(r.broker) ? 'LIVE: ' : '';
      const halted = r.halted.length === 0 ? 'no run halted' : `halted ${r.halted.map((x) => `Run #${x}`).join(', ')}`;
      return {
        kind: 'ok',
        title: `${live}Reconciliation: the ${accountText(r.broker)} differs from the desk`,
        text: [...r.lines, `${halted}; nothing trades on this account until it agrees (/reconcile: an admin adopts or flattens${
          r.lines.some((l) => l.startsWith('cash:')) ? `; cash is adopted with /reconcile action:adopt symbol:${CASH_SYMBOL} once you know where it went` : ''}).`].join('\n'),
      };
    }
    case 'account_cash': {
      const c = n.payload;
      const live = isLiveBroker(c.broker) ? 'LIVE: ' : '';
      return { kind: 'ok', title: `${live}Cash moved on the ${accountText(c.broker)}`, text: [...c.lines, 'Reconciliation counts it as the account\'s: the runs\' books are unchanged.'].join('\n') };
    }
    case 'approval_lapsed': {
      const a = n.payload;
      return { kind: 'ok', text: `Approval request ${a.id} (${APPROVAL_WHAT[a.kind]} by ${a.requestedBy}) lapsed unanswered at ${new Date(a.lapsedAt).toISOString()}: ${APPROVAL_NOTHING[a.kind]}` };
    }
    default: {
      const label = { run_halted: 'halted', breaker_tripped: 'circuit breaker tripped', run_started: 'started', run_stopped: 'stopped', run_paused: 'paused', run_completed: 'completed', run_summary: 'summary' }[n.eventType];
      return { kind: 'ok', text: `${runTag(n.payload.run, n.payload.broker)} ${label}: ${n.payload.reason}` };
    }
  }
}

function unreadable(eventType: string): Reply {
  return { kind: 'ok', text: `(${eventType} notification with a payload this version cannot read)` };
}

import { z } from 'zod';
import type { Reply } from '../reply.js';
import { money, price, qty } from '../runs/report-format.js';

/**
 * Notification payloads come back from the outbox's Json column: each is parsed with its schema before it is
 * rendered. A payload that does not parse is rendered as a plain note (never dropped silently).
 */
const run = z.number().int();
const fillSchema = z.object({
  run, symbol: z.string(), side: z.enum(['buy', 'sell']), qty: z.number(), price: z.number(), time: z.number(),
  pnl: z.number().nullable(), reason: z.string().nullable().optional(), intent: z.string().optional(),
});
const blockedSchema = z.object({
  run, symbol: z.string(), by: z.string(), observed: z.number().nullable(), limit: z.number().nullable(), reason: z.string(),
  shadow: z.boolean(), action: z.string(),
});
const reasonSchema = z.object({ run, reason: z.string() });

const value = (x: number | null): string => (x === null ? 'n/a' : Number.isInteger(x) ? String(x) : x.toFixed(2));

export function renderNotification(eventType: string, payload: unknown): Reply {
  switch (eventType) {
    case 'order_filled':
    case 'exit_triggered': {
      const p = fillSchema.safeParse(payload);
      if (!p.success) return unreadable(eventType);
      const f = p.data;
      const what = eventType === 'exit_triggered' ? `exit (${f.reason ?? 'exit'})` : f.intent === 'exit' ? 'exit' : 'entry';
      const pnl = f.pnl === null ? '' : `, P&L ${money(f.pnl)}`;
      return { kind: 'ok', text: `Run #${f.run}: ${f.side} ${qty(f.qty)} ${f.symbol} @ ${price(f.price)} — ${what}${pnl}${eventType === 'order_filled' && f.reason ? ` (${f.reason})` : ''}` };
    }
    case 'trade_blocked': {
      const p = blockedSchema.safeParse(payload);
      if (!p.success) return unreadable(eventType);
      const b = p.data;
      const numbers = b.observed === null && b.limit === null ? '' : ` (observed ${value(b.observed)} vs limit ${value(b.limit)})`;
      return { kind: 'ok', text: `Run #${b.run}: trade blocked on ${b.symbol} by ${b.by}${numbers} — ${b.action}: ${b.reason}` };
    }
    case 'run_halted':
    case 'breaker_tripped':
    case 'run_started':
    case 'run_stopped':
    case 'run_paused':
    case 'run_completed':
    case 'run_summary': {
      const p = reasonSchema.safeParse(payload);
      if (!p.success) return unreadable(eventType);
      const label = { run_halted: 'halted', breaker_tripped: 'circuit breaker tripped', run_started: 'started', run_stopped: 'stopped', run_paused: 'paused', run_completed: 'completed', run_summary: 'summary' }[eventType];
      return { kind: 'ok', text: `Run #${p.data.run} ${label}: ${p.data.reason}` };
    }
    default:
      return unreadable(eventType);
  }
}

function unreadable(eventType: string): Reply {
  return { kind: 'ok', text: `(${eventType} notification with a payload this version cannot read)` };
}

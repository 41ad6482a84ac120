/**
 * What a run tells its channel: every notification event with its payload, one definition shared by the code that
 * raises them (core's decisions, the commands) and the code that renders them (src/app/notifications/render.ts), which
 * reads them back from the outbox's Json column with these same schemas.
 */
import { z } from 'zod';
import { APPROVAL_KINDS } from '../risk/four-eyes.js';
import { runBrokerSchema, type RunBroker } from './run-broker.js';

/** Every notification event type, in the order /notify lists them (the one list: store and commands use it). */
export const NOTIFICATION_EVENTS = [
  'run_started',
  'run_stopped',
  'run_paused',
  'run_halted',
  'run_completed',
  'order_filled',
  'trade_blocked',
  'exit_triggered',
  'breaker_tripped',
  'run_summary',
  'broker_order',
  'reconciliation_difference',
  'account_cash',
  'approval_lapsed',
] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

const run = z.number().int();
/**
 * The run's broker when it is not the internal paper broker (see run-broker.ts); optional, so notifications queued
 * before it existed still parse. Stamped on by `withBroker` where a run's notifications are committed.
 */
const broker = runBrokerSchema.optional();

/** A fill: an order filled at the open, or an exit triggered inside a bar (a stop, target, trailing or time stop). */
export const fillPayload = z.object({
  run, symbol: z.string(), side: z.enum(['buy', 'sell']), qty: z.number(), price: z.number(), time: z.number(),
  /** The P&L of the trades this fill closed; null for an entry. */
  pnl: z.number().nullable(),
  /** The order's reason (order_filled) or the exit's (exit_triggered). */
  reason: z.string().nullable().optional(),
  intent: z.enum(['entry', 'exit']).optional(),
  broker,
});

/** A signal a gate or a rule blocked (or, shadow, would have). */
export const blockedPayload = z.object({
  run, symbol: z.string(), by: z.string(), observed: z.number().nullable(), limit: z.number().nullable(), reason: z.string(),
  shadow: z.boolean(), action: z.string(), broker,
});

/** A status change, said in words. */
export const statusPayload = z.object({ run, reason: z.string(), broker });
export const breakerPayload = z.object({ run, reason: z.string(), code: z.string().nullable(), broker });
/** A summary is rendered when delivered (metrics and chart as of then), from the run's id. */
export const summaryPayload = z.object({ run, runId: z.string(), reason: z.string(), broker });

/**
 * What a real broker did with a run's order, as it happens (its trade-updates stream, or a poll): partly filled,
 * filled, cancelled, rejected, with the broker's reason. The run's book applies it at its next bar close.
 */
export const brokerOrderPayload = z.object({
  run, clientOrderId: z.string(), symbol: z.string(), side: z.enum(['buy', 'sell']), qty: z.number(),
  status: z.enum(['accepted', 'partially_filled', 'filled', 'cancelled', 'rejected']),
  filledQty: z.number(),
  /** Average price of the fills so far; null before any. */
  avgPrice: z.number().nullable(),
  reason: z.string().nullable(),
  broker,
});

/**
 * A broker account's positions differ from the sum of the books of the runs trading on it (src/app/reconcile): one
 * notification to the workspace's desk channel, a line per difference, and the runs it halted.
 */
export const reconciliationPayload = z.object({
  broker: runBrokerSchema,
  lines: z.array(z.string()),
  halted: z.array(run),
});

/**
 * Money a real broker account moved outside the desk's fills, as the broker listed it (a deposit, a withdrawal, a
 * dividend, interest; fees are audited, not posted): posted to the desk channel, one line each. Reconciliation counts
 * it as the account's, so it is not a difference.
 */
export const accountCashPayload = z.object({ broker: runBrokerSchema, lines: z.array(z.string()) });

/**
 * A four-eyes request nobody answered in time (a workspace notice, no run): posted in the channel it was asked in
 * (`channelId`), else the desk channel.
 */
export const approvalLapsedPayload = z.object({
  id: z.string(), kind: z.enum(APPROVAL_KINDS), requestedBy: z.string(), lapsedAt: z.number(), channelId: z.string().optional(),
});

export const NOTIFICATION_PAYLOADS = {
  run_started: statusPayload,
  run_stopped: statusPayload,
  run_paused: statusPayload,
  run_halted: statusPayload,
  run_completed: statusPayload,
  order_filled: fillPayload,
  trade_blocked: blockedPayload,
  exit_triggered: fillPayload,
  breaker_tripped: breakerPayload,
  run_summary: summaryPayload,
  broker_order: brokerOrderPayload,
  reconciliation_difference: reconciliationPayload,
  account_cash: accountCashPayload,
  approval_lapsed: approvalLapsedPayload,
} as const satisfies Record<NotificationEvent, z.ZodType>;

export type NotificationPayload<E extends NotificationEvent> = z.infer<(typeof NOTIFICATION_PAYLOADS)[E]>;

/** One notification to queue: its event, a key derived from (run, bar time, subject) so a retry never notifies twice. */
export type NotificationDraft = {
  readonly [E in NotificationEvent]: { readonly eventType: E; readonly dedupeKey: string; readonly payload: NotificationPayload<E> };
}[NotificationEvent];

/**
 * A run's notifications as it queues them: each names the run's broker when it is not the internal one (absent: left
 * exactly as decided, so an internal paper run's notifications are what they always were).
 */
export function withBroker(broker: RunBroker | undefined, drafts: readonly NotificationDraft[]): NotificationDraft[] {
  if (broker === undefined) return [...drafts];
  return drafts.map((d) => ({ ...d, payload: { ...d.payload, broker } }) as NotificationDraft);
}

/** A stored notification read back: the typed event, or null when its payload is not one this version can read. */
export type ReadNotification = { readonly [E in NotificationEvent]: { readonly eventType: E; readonly payload: NotificationPayload<E> } }[NotificationEvent];

export function readNotification(eventType: string, payload: unknown): ReadNotification | null {
  if (!(NOTIFICATION_EVENTS as readonly string[]).includes(eventType)) return null;
  const e = eventType as NotificationEvent;
  const parsed = NOTIFICATION_PAYLOADS[e].safeParse(payload);
  return parsed.success ? ({ eventType: e, payload: parsed.data } as ReadNotification) : null;
}

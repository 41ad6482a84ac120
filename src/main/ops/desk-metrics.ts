// The desk's Prometheus metrics: one Registry per desk process (never prom-client's global one), the default process
// and Node.js metrics (memory, heap, event loop, GC) and the desk's own, all named tradedesk_*. Counters count what
// this process did since it started; Prometheus scrapes each desk process.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Result } from '../../core/domain/result.js';
import type { DeskMetrics, IterationOutcome } from './counters.js';
import { withTimeout } from './timeout.js';

export interface DeskMetricsOptions {
  /** When the oldest due, undelivered notification was queued (epoch ms, desk clock), or null: read at each scrape. */
  oldestDueAt(): Promise<Result<number | null>>;
  /** The desk clock, epoch ms (notifications are queued and due on it). */
  now(): number;
  /** How long a scrape waits for the outbox query (default 2 s); then the gauge is NaN: unknown. */
  readonly queryTimeoutMs?: number;
}

export interface DeskRegistry {
  readonly metrics: DeskMetrics;
  readonly registry: Registry;
  /** The exposition text and its content type. */
  scrape(): Promise<{ readonly contentType: string; readonly body: string }>;
}

/** From 5 ms (a sped-up sim run) to a minute (a slow provider or a busy database retried with backoff). */
export const ITERATION_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const OUTCOMES: readonly IterationOutcome[] = ['committed', 'skipped', 'failed'];

export function createDeskRegistry(o: DeskMetricsOptions): DeskRegistry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const iterations = new Counter({
    name: 'tradedesk_iterations_total',
    help: 'Runs\' iterations at bar closes by outcome: committed (a decision recorded), skipped (nothing to decide: the bar already decided, the run not trading), failed (a data failure, recorded for the run\'s circuit breaker, or an error: nothing committed, the close is tried again)',
    labelNames: ['outcome'] as const,
    registers,
  });
  for (const outcome of OUTCOMES) iterations.labels(outcome).inc(0);
  const latency = new Histogram({
    name: 'tradedesk_iteration_duration_seconds',
    help: 'Time one iteration of a run at a bar close took (bars read, decided, committed, orders sent), any outcome',
    buckets: ITERATION_BUCKETS_SECONDS,
    registers,
  });
  const orders = new Counter({ name: 'tradedesk_orders_recorded_total', help: 'Orders recorded in runs\' committed decisions (iterations and flattens)', registers });
  const sent = new Counter({ name: 'tradedesk_orders_sent_total', help: 'Orders a real broker accepted (paper runs\' orders fill in the desk\'s paper broker and are not sent)', registers });
  const fills = new Counter({ name: 'tradedesk_fills_total', help: 'Fills applied to runs\' books in committed decisions', registers });
  const blocked = new Counter({
    name: 'tradedesk_blocked_signals_total',
    help: 'Entry signals blocked in committed decisions, by gate (gate="max-drawdown", "sizing:risk", ...) or by user rule id (rule="..."); shadow reports are not counted',
    labelNames: ['gate', 'rule'] as const,
    registers,
  });
  const queued = new Counter({ name: 'tradedesk_notifications_queued_total', help: 'Notifications this process wrote to the outbox (with the decision, status change or command that raised them)', registers });
  const delivered = new Counter({ name: 'tradedesk_notifications_delivered_total', help: 'Notifications this process delivered (posted or printed)', registers });
  const failed = new Counter({ name: 'tradedesk_notification_delivery_failures_total', help: 'Failed delivery attempts (retried with backoff, given up after the last attempt)', registers });
  const timeoutMs = o.queryTimeoutMs ?? 2_000;
  new Gauge({
    name: 'tradedesk_outbox_oldest_due_age_seconds',
    help: 'Age (desk clock) of the oldest notification that is due and not delivered, 0 when none; read from the database at each scrape, the same value in every desk process on it; NaN when the database did not answer',
    registers,
    async collect() {
      const at = await withTimeout(o.oldestDueAt().catch(() => null), timeoutMs);
      this.set(at === null || !at.ok ? Number.NaN : at.value === null ? 0 : Math.max(0, (o.now() - at.value) / 1_000));
    },
  });
  const tokens = new Counter({ name: 'tradedesk_analyst_tokens_total', help: 'Tokens of the analyst\'s answers (Claude), by type: input (with cache reads and writes) or output', labelNames: ['type'] as const, registers });
  for (const type of ['input', 'output']) tokens.labels(type).inc(0);
  const cost = new Counter({ name: 'tradedesk_analyst_cost_usd_total', help: 'Estimated cost of the analyst\'s answers in US dollars, from list prices', registers });

  const metrics: DeskMetrics = {
    iteration: (outcome, seconds) => {
      iterations.labels(outcome).inc();
      latency.observe(seconds);
    },
    decided: (d) => {
      orders.inc(d.orders);
      fills.inc(d.fills);
      for (const by of d.blockedBy) blocked.inc(blockedLabels(by));
    },
    ordersSent: (n) => sent.inc(n),
    notificationsQueued: (n) => queued.inc(n),
    delivered: (round) => {
      delivered.inc(round.delivered);
      failed.inc(round.failed);
    },
    analystUsage: (u) => {
      tokens.labels('input').inc(u.inputTokens);
      tokens.labels('output').inc(u.outputTokens);
      cost.inc(u.costUsd);
    },
  };
  return { metrics, registry, scrape: async () => ({ contentType: registry.contentType, body: await registry.metrics() }) };
}

/**
 * A blocked signal's `by` as labels: `rule:<id>` is the user rule's id (ids are short, checked names, one per rule),
 * `gate:<id>` the gate's id; any other (`sizing:risk`, `account:...`) is a gate named in full. Never free text.
 */
export function blockedLabels(by: string): { gate: string } | { rule: string } {
  if (by.startsWith('rule:')) return { rule: by.slice('rule:'.length) };
  return { gate: by.startsWith('gate:') ? by.slice('gate:'.length) : by };
}

// The desk's Prometheus metrics (src/main/ops/desk-metrics.ts) and where they are counted (src/main/ops/counters.ts,
// desk-iterate.ts): what an iteration, a committed decision, a delivery round and the analyst's usage add to the
// exposition text of the desk's own registry.
import { register as globalRegistry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { fail, ok, type Result } from '../../../src/core/domain/result.js';
import { blockedLabels, createDeskRegistry } from '../../../src/main/ops/desk-metrics.js';
import { countedRunStore } from '../../../src/main/ops/counters.js';
import { createDeskIterate } from '../../../src/main/desk-iterate.js';
import { blockedOf, commitOf, commitSeed, entryOf } from '../../helpers/run-commits.js';
import { DAY, START, paperRun } from '../../helpers/paper-run.js';

const NOW = Date.UTC(2026, 0, 5, 14, 30);

function desk(oldestDueAt: () => Promise<Result<number | null>> = async () => ok(null)) {
  const d = createDeskRegistry({ oldestDueAt, now: () => NOW, queryTimeoutMs: 50 });
  return { ...d, text: async () => (await d.scrape()).body };
}

/** The sample lines of one metric family, e.g. `tradedesk_fills_total 3`. */
const samples = (text: string, name: string): string[] => text.split('\n').filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));

describe('the desk registry', () => {
  it('serves the default process and Node.js metrics, and the desk\'s at zero, in its own registry (not the global one)', async () => {
    const d = desk();
    const text = await d.text();
    for (const name of ['process_resident_memory_bytes', 'nodejs_heap_size_used_bytes', 'nodejs_eventloop_lag_seconds']) expect(text).toContain(`\n${name} `);
    expect(samples(text, 'tradedesk_iterations_total')).toEqual([
      'tradedesk_iterations_total{outcome="committed"} 0', 'tradedesk_iterations_total{outcome="skipped"} 0', 'tradedesk_iterations_total{outcome="failed"} 0',
    ]);
    expect(samples(text, 'tradedesk_notifications_delivered_total')).toEqual(['tradedesk_notifications_delivered_total 0']);
    await expect(d.scrape()).resolves.toMatchObject({ contentType: expect.stringContaining('text/plain') });
    expect(await globalRegistry.metrics()).not.toContain('tradedesk_');
  });

  it('counts iterations by outcome with their duration in the histogram', async () => {
    const d = desk();
    d.metrics.iteration('committed', 0.02);
    d.metrics.iteration('committed', 3);
    d.metrics.iteration('failed', 0.004);
    const text = await d.text();
    expect(samples(text, 'tradedesk_iterations_total')).toEqual([
      'tradedesk_iterations_total{outcome="committed"} 2', 'tradedesk_iterations_total{outcome="skipped"} 0', 'tradedesk_iterations_total{outcome="failed"} 1',
    ]);
    expect(text).toContain('tradedesk_iteration_duration_seconds_bucket{le="0.005"} 1');
    expect(text).toContain('tradedesk_iteration_duration_seconds_bucket{le="0.025"} 2');
    expect(text).toContain('tradedesk_iteration_duration_seconds_bucket{le="5"} 3');
    expect(text).toContain('tradedesk_iteration_duration_seconds_count 3');
  });

  it('counts orders, fills and blocked signals by gate or by rule id', async () => {
    const d = desk();
    d.metrics.decided({ orders: 2, fills: 1, blockedBy: ['gate:max-drawdown', 'gate:max-drawdown', 'rule:no-penny-stocks', 'sizing:risk'] });
    d.metrics.ordersSent(2);
    const text = await d.text();
    expect(samples(text, 'tradedesk_orders_recorded_total')).toEqual(['tradedesk_orders_recorded_total 2']);
    expect(samples(text, 'tradedesk_orders_sent_total')).toEqual(['tradedesk_orders_sent_total 2']);
    expect(samples(text, 'tradedesk_fills_total')).toEqual(['tradedesk_fills_total 1']);
    expect(samples(text, 'tradedesk_blocked_signals_total')).toEqual([
      'tradedesk_blocked_signals_total{gate="max-drawdown"} 2', 'tradedesk_blocked_signals_total{rule="no-penny-stocks"} 1', 'tradedesk_blocked_signals_total{gate="sizing:risk"} 1',
    ]);
    expect([blockedLabels('gate:kill-switch'), blockedLabels('rule:r1'), blockedLabels('account:daily-loss')]).toEqual([{ gate: 'kill-switch' }, { rule: 'r1' }, { gate: 'account:daily-loss' }]);
  });

  it('counts notifications queued, delivered and failed deliveries', async () => {
    const d = desk();
    d.metrics.notificationsQueued(3);
    d.metrics.delivered({ delivered: 2, failed: 1 });
    d.metrics.delivered({ delivered: 0, failed: 0 });
    const text = await d.text();
    expect(samples(text, 'tradedesk_notifications_queued_total')).toEqual(['tradedesk_notifications_queued_total 3']);
    expect(samples(text, 'tradedesk_notifications_delivered_total')).toEqual(['tradedesk_notifications_delivered_total 2']);
    expect(samples(text, 'tradedesk_notification_delivery_failures_total')).toEqual(['tradedesk_notification_delivery_failures_total 1']);
  });

  it("counts the analyst's tokens by type and their estimated cost in dollars", async () => {
    const d = desk();
    d.metrics.analystUsage({ inputTokens: 1_200, outputTokens: 300, costUsd: 0.0081 });
    d.metrics.analystUsage({ inputTokens: 800, outputTokens: 100, costUsd: 0.0039 });
    const text = await d.text();
    expect(samples(text, 'tradedesk_analyst_tokens_total')).toEqual(['tradedesk_analyst_tokens_total{type="input"} 2000', 'tradedesk_analyst_tokens_total{type="output"} 400']);
    expect(samples(text, 'tradedesk_analyst_cost_usd_total')).toEqual(['tradedesk_analyst_cost_usd_total 0.012']);
  });

  // prom-client writes NaN as Nan, which Prometheus reads (Go's ParseFloat ignores the case).
  it('reads the age of the oldest due notification at each scrape: 0 with none, NaN when the database does not answer', async () => {
    const ages: [() => Promise<Result<number | null>>, string][] = [
      [async () => ok(NOW - 90_000), '90'],
      [async () => ok(null), '0'],
      [async () => fail('db.read_failed', 'Could not read the notification backlog: database is locked'), 'Nan'],
      [() => new Promise(() => undefined), 'Nan'],
      [async () => { throw new Error('bug'); }, 'Nan'],
    ];
    for (const [oldestDueAt, value] of ages) {
      expect(samples(await desk(oldestDueAt).text(), 'tradedesk_outbox_oldest_due_age_seconds')).toEqual([`tradedesk_outbox_oldest_due_age_seconds ${value}`]);
    }
  });
});

describe('counting where the numbers are known', () => {
  it("counts a run's committed decision (orders, fills, enforced blocks, notifications) once; a repeated commit counts nothing", async () => {
    const r = await paperRun();
    const d = desk();
    const store = countedRunStore(r.d.runStore, d.metrics);
    const bar = START + 40 * DAY;
    const commit = commitOf(r.runId, bar, {
      decision: {
        inputs: {}, signals: [], orders: [entryOf(r.runId, 'SIM', bar)], notes: [],
        verdicts: [blockedOf('SIM', 'gate:daily-loss', bar), blockedOf('SIM', 'rule:max-3-positions', bar), blockedOf('SIM', 'gate:max-drawdown', bar, true)],
      },
      notifications: [{ eventType: 'trade_blocked', dedupeKey: `b:${bar}`, payload: { run: 1, symbol: 'SIM', by: 'gate:daily-loss', observed: 3, limit: 2, reason: 'daily loss', shadow: false, action: 'entry_blocked' } }],
    });
    expect(await commitSeed(store, commit)).toEqual(ok({ committed: true }));
    expect(await commitSeed(store, commit)).toMatchObject({ ok: true, value: { committed: false } });
    const text = await d.text();
    expect(samples(text, 'tradedesk_orders_recorded_total')).toEqual(['tradedesk_orders_recorded_total 1']);
    expect(samples(text, 'tradedesk_blocked_signals_total')).toEqual(['tradedesk_blocked_signals_total{gate="daily-loss"} 1', 'tradedesk_blocked_signals_total{rule="max-3-positions"} 1']);
    expect(samples(text, 'tradedesk_notifications_queued_total')).toEqual(['tradedesk_notifications_queued_total 1']);
  });

  it("counts the scheduler's iterations of a paper run by outcome, with their duration", async () => {
    const r = await paperRun();
    const d = desk();
    const iterate = createDeskIterate({ ...r.deps, store: countedRunStore(r.d.runStore, d.metrics), clock: { now: () => START + 45 * DAY }, log: () => undefined, debug: false, metrics: d.metrics });
    const [run] = await r.d.runStore.listActive();
    const close = START + 41 * DAY;
    await iterate(run!, close);
    await iterate(run!, close);
    const text = await d.text();
    expect(samples(text, 'tradedesk_iterations_total')).toEqual([
      'tradedesk_iterations_total{outcome="committed"} 1', 'tradedesk_iterations_total{outcome="skipped"} 1', 'tradedesk_iterations_total{outcome="failed"} 0',
    ]);
    expect(text).toContain('tradedesk_iteration_duration_seconds_count 2');
  });
});

import { describe, expect, it } from 'vitest';
import { deliverDue } from '../../../src/app/notifications/deliver.js';
import { type OutboxItem, type OutboxPort } from '../../../src/app/notifications/ports.js';
import { renderNotification } from '../../../src/app/notifications/render.js';
import { fail, ok } from '../../../src/core/domain/result.js';
import { currentLogContext } from '../../../src/app/log/log-context.js';

function fakeOutbox(items: OutboxItem[]): OutboxPort & { log: string[] } {
  const log: string[] = [];
  return {
    log,
    claimDue: async () => ok(items.splice(0)),
    delivered: async (id) => (log.push(`delivered ${id}`), ok(null)),
    failed: async (id, error) => (log.push(`failed ${id}: ${error}`), ok(null)),
  };
}

const item = (id: string, eventType: string, payload: unknown): OutboxItem => ({ id, workspaceId: 'w', runId: 'r', eventType, payload, silent: false });

describe('notification delivery', () => {
  it('delivers each item in its log context: the notification, its workspace and its run', async () => {
    const contexts: unknown[] = [];
    const outbox = fakeOutbox([
      { ...item('a', 'run_halted', { run: 3, reason: 'drawdown' }), workspace: { platform: 'discord', externalId: '42', name: 'Acme' } },
      { ...item('b', 'approval_lapsed', {}), runId: null },
    ]);
    await deliverDue(outbox, async () => {
      contexts.push(currentLogContext());
      return ok(undefined);
    }, 0, 50, async () => ({ kind: 'ok', text: 'x' }));
    expect(contexts).toEqual([
      { workspaceId: 'discord:42', workspace: 'Acme', runId: 'r', notificationId: 'a' },
      { notificationId: 'b' },
    ]);
    expect(currentLogContext()).toBeUndefined();
  });

  it('renders, sends and marks each due item; a failed or throwing send is marked failed for a retry', async () => {
    const outbox = fakeOutbox([
      item('a', 'run_halted', { run: 3, reason: 'drawdown 26% reached the 25% limit' }),
      item('b', 'run_started', { run: 4, reason: 'by ann' }),
      item('c', 'run_stopped', { run: 4, reason: 'by ann' }),
    ]);
    const sent: string[] = [];
    const res = await deliverDue(outbox, async (it, reply) => {
      if (it.id === 'b') return fail('notify.down', 'channel unavailable');
      if (it.id === 'c') throw new Error('socket closed');
      sent.push(reply.text ?? '');
      return ok(undefined);
    }, 0);
    expect(res).toEqual({ delivered: 1, failed: 2 });
    expect(sent).toEqual(['Run #3 halted: drawdown 26% reached the 25% limit']);
    expect(outbox.log).toEqual(['delivered a', 'failed b: channel unavailable', 'failed c: socket closed']);
  });

  it.each([
    ['order_filled', { run: 2, symbol: 'SIM', side: 'buy', qty: 10, price: 101.5, time: 0, pnl: null, reason: 'SMA5 crossed above SMA20', intent: 'entry' },
      'Run #2: buy 10 SIM @ 101.50 — entry (SMA5 crossed above SMA20)'],
    ['exit_triggered', { run: 2, symbol: 'SIM', side: 'sell', qty: 10, price: 95, time: 0, pnl: -65.1, reason: 'stop_loss' },
      'Run #2: sell 10 SIM @ 95.00 — exit (stop_loss), P&L -65.10'],
    ['trade_blocked', { run: 1, symbol: 'X', by: 'rule:max-pos', observed: 62.5, limit: 50, reason: 'position would be 62.50% of equity', shadow: false, action: 'entry blocked' },
      'Run #1: trade blocked on X by rule:max-pos (observed 62.50 vs limit 50) — entry blocked: position would be 62.50% of equity'],
    ['trade_blocked', { run: 1, symbol: 'Y', by: 'rule:no-y', observed: null, limit: null, reason: 'Y is on the denylist', shadow: false, action: 'entry blocked' },
      'Run #1: trade blocked on Y by rule:no-y — entry blocked: Y is on the denylist'],
    ['order_filled', { run: 'x' }, '(order_filled notification with a payload this version cannot read)'],
  ])('renders %s', (eventType, payload, text) => {
    expect(renderNotification(eventType, payload).text).toBe(text);
  });
});

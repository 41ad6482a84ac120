// One definition of what a run tells its channel (issue 12): the payload each event is raised with is the one its
// renderer reads back, and a payload this version cannot read is recognised as such, never guessed at.
import { describe, expect, it } from 'vitest';
import { NOTIFICATION_EVENTS, NOTIFICATION_PAYLOADS, readNotification } from '../../../src/core/runs/notification-events.js';
import { fillNotification } from '../../../src/core/runs/iteration-notifications.js';
import { decideStatusMove } from '../../../src/core/runs/decide-status.js';
import { initialRunState } from '../../../src/core/runs/run-book.js';

describe('notification events', () => {
  it('has a payload schema for every event', () => {
    expect(Object.keys(NOTIFICATION_PAYLOADS).sort()).toEqual([...NOTIFICATION_EVENTS].sort());
  });

  it('reads back what core raises, through a JSON round trip (the outbox column)', () => {
    const fill = fillNotification(3, 'k', {
      fill: { id: 'f1', symbol: 'BTC/USD', side: 'buy', qty: 0.80645161, price: 62_000.5, time: 1_000, commission: 0, slippage: 0, exitReason: null } as never,
      clientOrderId: 'o1', closed: [],
    }, null);
    const status = decideStatusMove({
      runId: 'r', runNumber: 3, from: 'running', to: 'stopped', state: initialRunState(1), openPositions: 0, pending: [], actor: 'ann', reason: 'by ann', now: 5, liftHalt: true,
    }).notifications;
    for (const n of [fill, ...status]) {
      const read = readNotification(n.eventType, JSON.parse(JSON.stringify(n.payload)));
      expect(read).toEqual({ eventType: n.eventType, payload: n.payload });
    }
  });

  it('says null for an unknown event or a payload it cannot read', () => {
    expect(readNotification('run_exploded', { run: 1, reason: 'x' })).toBeNull();
    expect(readNotification('order_filled', { run: 1, symbol: 'A' })).toBeNull();
  });
});

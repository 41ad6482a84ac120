// The desk's Alpaca wiring (src/main/desk-brokers.ts) counts the orders Alpaca accepted (tradedesk_orders_sent_total),
// on the fake Alpaca through the real SDK; an order refused at submission counts nothing.
import { afterAll, describe, expect, it } from 'vitest';
import { createDeskBrokers } from '../../../src/main/desk-brokers.js';
import { NO_METRICS, type DeskMetrics } from '../../../src/main/ops/counters.js';
import { createStore } from '../../../src/store/db/client.js';
import { migrateDatabase } from '../../../src/store/migrations/migrate.js';
import { startFakeAlpaca } from '../../fakes/alpaca/fake-alpaca.js';
import { ALPACA_KEYS } from '../../helpers/alpaca-runs.js';
import { createTempDir } from '../../store/helpers/repo.js';

const tmp = createTempDir('desk-brokers-metrics');
afterAll(() => tmp.remove());

describe('orders sent to a real broker', () => {
  it('are counted when Alpaca accepts them', async () => {
    const url = tmp.url('desk.db');
    const migrated = await migrateDatabase(url);
    if (!migrated.ok) throw new Error(migrated.error.message);
    const store = createStore({ databaseUrl: url });
    const fake = await startFakeAlpaca(ALPACA_KEYS);
    fake.trading.setCash(1_000);
    fake.trading.setLastPrice('AAA', 50);
    let sent = 0;
    const metrics: DeskMetrics = { ...NO_METRICS, ordersSent: (n) => void (sent += n) };
    const brokers = createDeskBrokers({ APCA_API_KEY_ID: ALPACA_KEYS.keyId, APCA_API_SECRET_KEY: ALPACA_KEYS.secretKey, APCA_API_BASE_URL: fake.url, ALPACA_ACCOUNT: 'paper' },
      store.prisma, { log: () => undefined, now: () => Date.now(), metrics, alpaca: { retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1, sleep: async () => undefined }, pollMs: 60_000, stream: false } });
    try {
      const broker = brokers.real.alpaca!.broker;
      expect((await broker.submit({ clientOrderId: 'm-1', symbol: 'AAA', side: 'buy', qty: 2 })).ok).toBe(true);
      // More than the account can pay for: Alpaca refuses it (a rejected order).
      const refused = await broker.submit({ clientOrderId: 'm-2', symbol: 'AAA', side: 'buy', qty: 1_000 });
      expect(refused.ok && refused.value.status).toBe('rejected');
      expect(sent).toBe(1);
    } finally {
      brokers.close();
      // The ledger looks up each order update it followed (unknown ids here): let those queries finish first.
      for (let i = 0; i < 5; i++) await store.prisma.$queryRawUnsafe('SELECT 1');
      await store.close();
      await fake.close();
    }
  });
});

/**
 * The desk's real brokers, wired once per process: with APCA_API_KEY_ID and APCA_API_SECRET_KEY set, the Alpaca
 * adapter (src/broker/alpaca) on the account ALPACA_ACCOUNT names, the broker ledger its runs' orders are recorded in,
 * and, at start, the recovery of every order a previous process left unconfirmed (looked up before anything is sent
 * again). The adapter's trade-updates stream is opened on first use (a desk whose keys only serve market data never
 * connects to the trading API) and closed at shutdown.
 */
import { followBroker, type SendGuard } from '../app/runs/broker-orders.js';
import { recoverBrokerOrders, type Recovered } from '../app/runs/broker-recovery.js';
import type { Broker } from '../app/broker/ports.js';
import type { BrokerOrderLedger, RunStore } from '../app/runs/ports.js';
import type { Env } from '../config/env.js';
import { ok, type Result } from '../core/domain/result.js';
import { alpacaBrokerConfig } from '../broker/alpaca/alpaca-broker-config.js';
import { createAlpacaBroker, type AlpacaBroker, type AlpacaBrokerOptions } from '../broker/alpaca/alpaca-broker.js';
import type { PrismaClient } from '../store/db/client.js';
import { createPrismaBrokerOrderLedger } from '../store/runs/broker-orders.js';
import { dispatchBrokerFor, type RealBrokers } from './run-brokers.js';
import { countedLedger, NO_METRICS, type DeskMetrics } from './ops/counters.js';

export interface DeskBrokers {
  readonly real: RealBrokers;
  readonly ledger: BrokerOrderLedger;
  /** Why the Alpaca broker is not there though keys are set (a paper key on the live host ...); null otherwise. */
  readonly refused: string | null;
  /** Recovers the orders a previous process left unconfirmed; call before the scheduler starts. */
  recover(store: Pick<RunStore, 'loadSnapshot'>, guard?: SendGuard): Promise<Result<Recovered>>;
  /** Stops following the broker and closes its stream and polling. */
  close(): void;
}

export interface DeskBrokersOptions {
  readonly log: (line: string) => void;
  /** The desk clock (what the ledger's notifications are stamped with). */
  readonly now: () => number;
  /** Adapter options for tests (retry delays, polling); production uses the adapter's defaults. */
  readonly alpaca?: Partial<Pick<AlpacaBrokerOptions, 'retry' | 'pollMs' | 'streamBackoff' | 'timeoutMs' | 'stream'>>;
  /** Counts orders sent and the notifications the ledger queues (TRADEDESK_HTTP's /metrics). */
  readonly metrics?: DeskMetrics;
}

type DeskEnv = Pick<Env, 'APCA_API_KEY_ID' | 'APCA_API_SECRET_KEY' | 'APCA_API_BASE_URL' | 'ALPACA_ACCOUNT'>;

export function createDeskBrokers(env: DeskEnv, prisma: PrismaClient, o: DeskBrokersOptions): DeskBrokers {
  const metrics = o.metrics ?? NO_METRICS;
  const ledger = countedLedger(createPrismaBrokerOrderLedger(prisma), metrics);
  const none = { real: {}, ledger, refused: null, recover: async () => ok({ lookedUp: 0, found: 0, sent: 0, dropped: 0, failures: [] }), close: () => undefined };
  if (env.APCA_API_KEY_ID === undefined || env.APCA_API_SECRET_KEY === undefined) return none;
  const config = alpacaBrokerConfig(env);
  if (!config.ok) {
    o.log(`Alpaca broker: ${config.error.message}`);
    return { ...none, real: { refused: config.error.message }, refused: config.error.message };
  }
  const adapter = createAlpacaBroker({ ...config.value, ...o.alpaca, log: (line) => o.log(`Alpaca: ${line}`) });
  const runBroker = { name: 'alpaca', account: config.value.account } as const;
  let stopFollowing: (() => void) | null = null;
  const follow = (): void => {
    stopFollowing ??= followBroker(adapter, ledger, runBroker, o.now, (line) => o.log(`Alpaca: ${line}`));
  };
  const broker = followedOnUse(adapter, follow, metrics);
  const real: RealBrokers = { alpaca: { account: config.value.account, broker } };
  return {
    real,
    ledger,
    refused: null,
    recover: (store, guard) => recoverBrokerOrders({ store, brokerFor: dispatchBrokerFor(real), ledger, ...(guard === undefined ? {} : { sendGuard: guard }) }, o.now),
    close: () => {
      stopFollowing?.();
      adapter.close();
    },
  };
}

/** The adapter, following its updates into the ledger from the first call that touches an order on; orders it accepted counted. */
function followedOnUse(adapter: AlpacaBroker, follow: () => void, metrics: DeskMetrics): Broker {
  return {
    capabilities: adapter.capabilities,
    submit: async (request) => {
      follow();
      const submitted = await adapter.submit(request);
      // A refusal at submission (insufficient buying power) answers a rejected order: not sent.
      if (submitted.ok && submitted.value.status !== 'rejected') metrics.ordersSent(1);
      return submitted;
    },
    cancel: (id, reason) => (follow(), adapter.cancel(id, reason)),
    getOrder: (id) => (follow(), adapter.getOrder(id)),
    positions: () => adapter.positions(),
    account: () => adapter.account(),
    cashActivities: (after) => adapter.cashActivities(after),
    onOrderUpdate: (listener) => adapter.onOrderUpdate(listener),
  };
}

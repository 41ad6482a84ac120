/**
 * The scheduler as the desk runs it: every running run iterated at each bar close of the calendar it follows (the
 * desk's market calendar: Alpaca's published sessions when configured), a real provider's runs after the grace delay
 * (MARKET_DATA_GRACE_SECONDS), each iteration through the desk's iterate. `npm start` and the end-to-end tests build
 * it here, so they run the same wiring.
 */
import type { BrokerOrderLedger, RunStore } from '../app/runs/ports.js';
import type { RunSummary } from '../app/runs/model.js';
import type { SendGuard } from '../app/runs/broker-orders.js';
import type { RunCalendars } from '../app/runs/calendar.js';
import type { DeskDeps } from '../app/desk/desk-deps.js';
import type { Env } from '../config/env.js';
import { isProviderSource } from '../core/domain/data-source.js';
import type { Clock } from '../scheduler/clock.js';
import { createScheduler, type Scheduler } from '../scheduler/scheduler.js';
import type { TickMode } from '../scheduler/ticker.js';
import { createDeskIterate } from './desk-iterate.js';
import type { DeskMetrics } from './ops/counters.js';

export interface DeskSchedulerOptions {
  readonly env: Pick<Env, 'MARKET_DATA_GRACE_SECONDS'>;
  readonly runStore: RunStore;
  readonly marketData: DeskDeps['marketData'];
  /** The broker each run's orders go to (the desk's: DeskDeps.brokerFor). */
  readonly brokerFor: DeskDeps['brokerFor'];
  /** The ledger of orders at real brokers, and what is checked before they are sent (src/main/desk-brokers.ts). */
  readonly ledger?: BrokerOrderLedger;
  readonly sendGuard?: SendGuard;
  /** After each committed iteration (reconciliation of a real broker's account). */
  readonly afterIteration?: (run: RunSummary) => void;
  readonly calendars?: RunCalendars;
  /** The desk clock (bar closes are due on it) and real time (leases). */
  readonly clock: Clock;
  readonly realNow: () => number;
  readonly holder: string;
  readonly tick: TickMode;
  log(line: string): void;
  readonly debug: boolean;
  /** Counts each iteration (TRADEDESK_HTTP's /metrics). */
  readonly metrics?: DeskMetrics;
}

export function createDeskScheduler(o: DeskSchedulerOptions): Scheduler {
  const calendars = o.calendars === undefined ? {} : { calendars: o.calendars };
  return createScheduler({
    store: o.runStore,
    clock: o.clock,
    realNow: o.realNow,
    holder: o.holder,
    log: o.log,
    tick: o.tick,
    // A real provider publishes a bar a little after it closes: its runs wait the grace delay (simulated and CSV bars
    // exist at the close).
    graceMs: (run) => (isProviderSource(run.manifest.dataSource) ? o.env.MARKET_DATA_GRACE_SECONDS * 1_000 : 0),
    ...calendars,
    iterate: createDeskIterate({
      store: o.runStore, marketData: o.marketData, brokerFor: o.brokerFor, ...calendars, clock: o.clock, log: o.log, debug: o.debug,
      ...(o.ledger === undefined ? {} : { ledger: o.ledger }), ...(o.sendGuard === undefined ? {} : { sendGuard: o.sendGuard }),
      ...(o.afterIteration === undefined ? {} : { afterIteration: o.afterIteration }),
      ...(o.metrics === undefined ? {} : { metrics: o.metrics }),
    }),
  });
}

import path from 'node:path';
import { runConsoleDesk, saveImages } from '../adapters/console/desk.js';
import { renderReply } from '../adapters/console/render.js';
import { deliverDue } from '../app/notifications/deliver.js';
import type { Reply } from '../app/chat/reply.js';
import { runSummaryReply } from '../app/runs/summary.js';
import type { Env } from '../config/env.js';
import { ok, type Result } from '../core/domain/result.js';
import { deliveryTarget, setRunThread } from '../store/outbox/delivery.js';
import { createNotificationSender, renderForDelivery } from '../app/notifications/route.js';
import { configuredPlatforms, NO_PLATFORMS, startPlatforms } from './platforms.js';
import { systemClock, type Clock } from '../scheduler/clock.js';
import type { RunStore } from '../app/runs/ports.js';
import { TIMEFRAME_MS } from '../core/domain/bar.js';
import { tickForSpeed } from '../scheduler/ticker.js';
import type { Store } from '../store/db/client.js';
import { latestRunTime } from '../store/db/desk-clock.js';
import { errorLine } from '../store/db/errors.js';
import { processLeaseHolder } from '../store/db/lease-holder.js';
import { ensureMember } from '../store/workspace/members.js';
import { createPrismaRunStore } from '../store/runs/store.js';
import type { CliIo } from './cli/io.js';
import { clockFrom } from './desk-database.js';
import { createDeskDeps } from './desk-deps.js';
import { createDeskBrokers } from './desk-brokers.js';
import { startDeskTrading } from './desk-trading.js';
import { createDeskScheduler } from './desk-scheduler.js';
import { createMarketCalendar } from './market-calendar.js';
import { runCalendars } from '../app/runs/calendar.js';
import { createDeskOutbox } from './desk-outbox.js';
import { startApprovalSweep } from './approval-sweep.js';
import { LOCAL_WORKSPACE } from './local-workspace.js';
import { untilNamedSignal } from './until-signal.js';
import { countedRunStore, NO_METRICS, type DeskMetrics } from './ops/counters.js';
import type { DeskOps } from './ops/desk-ops.js';
import { createDeskLogger, type DeskLogger } from './log/logger.js';


export interface DeskOptions {
  /** `--speed x`: the scheduler's clock (and so the simulated market) runs x times faster. */
  readonly speed: number;
  /** How often the notification outbox is drained, real ms. */
  readonly deliveryEveryMs?: number;
  /**
   * A stop request: by default SIGTERM or SIGINT. Whenever it comes, the desk stops gracefully (see runDesk). With
   * Discord or Slack connected, or TRADEDESK_HTTP set (a service), the desk also keeps serving after its console
   * input ends until it comes.
   */
  readonly untilStopped?: () => Promise<void>;
  /** Connect Discord and/or Slack when their tokens are set (npm start); the console command does not. */
  readonly platforms?: boolean;
  /** The desk's log; by default on the CLI's log sink (stderr) with the environment's log settings. */
  readonly logger?: DeskLogger;
}

/** Real ms a signalled desk has to stop before it exits anyway (an orchestrator's grace is usually 10 s or more). */
export const SHUTDOWN_DEADLINE_MS = 9_000;

/**
 * The desk in this process: the scheduler trading running runs, the outbox delivering notifications to the
 * console, and the console desk reading commands; with TRADEDESK_HTTP, /healthz, /readyz and /metrics
 * (src/main/ops). Resolves when the console input ends (runs stay persisted as running and resume at the next start),
 * or on a stop request (SIGTERM): no new work is taken (the console stops reading, no iteration starts), the
 * iterations in flight finish, what is due is delivered, run leases, outbox claims and the gateway lease are
 * released, connections close. A signalled desk still stopping after SHUTDOWN_DEADLINE_MS exits with code 1 (its
 * leases then expire on their own).
 */
export async function runDesk(env: Env, io: CliIo, store: Store, options: DeskOptions): Promise<void> {
  const prismaRuns = createPrismaRunStore(store.prisma);
  const clock: Clock = options.speed === 1 ? systemClock() : await resumedScaledClock(prismaRuns, options.speed, store);
  const { log, debug } = options.logger ?? createDeskLogger(env, io.logSink ?? { write: io.err, tty: false });
  const stopRequest = options.untilStopped === undefined ? untilNamedSignal() : options.untilStopped().then(() => 'a stop request' as const);
  let stopped = false;
  void stopRequest.then((why) => {
    if (stopped) return;
    log(`${why}: stopping: no new work; the iterations in flight finish, then leases are released and connections closed`);
    if (options.untilStopped !== undefined) return;
    // Signalled: bounded, whatever hangs (a broker call, a platform's socket). Unref'd: a desk that stopped exits first.
    setTimeout(() => {
      log(stopped ? 'stopped, but something kept the process alive: exiting' : `still stopping after ${SHUTDOWN_DEADLINE_MS / 1_000} s: exiting now (leases left behind expire on their own)`);
      process.exit(stopped ? 0 : 1);
    }, SHUTDOWN_DEADLINE_MS).unref();
  });
  // TRADEDESK_HTTP: health, readiness and metrics, listening before anything connects (a port in use stops the start).
  const ops = env.TRADEDESK_HTTP === undefined ? null : await (await import('./ops/desk-ops.js')).startDeskOps({
    listen: env.TRADEDESK_HTTP, store, databaseUrl: env.DATABASE_URL, deskNow: () => clock.now(), log,
    platforms: options.platforms === true ? configuredPlatforms(env) : [],
  });
  try {
    if (ops !== null) io.out(`  ${ops.line}`);
    await serveDesk(env, io, store, options, { clock, log, debug, ops, stopRequest, runStore: ops === null ? prismaRuns : countedRunStore(prismaRuns, ops.metrics) });
  } finally {
    await ops?.close();
    stopped = true;
  }
}

/** Everything of the desk but its HTTP endpoints, counted into `o.ops`'s metrics when there are some. */
async function serveDesk(env: Env, io: CliIo, store: Store, options: DeskOptions,
  o: { clock: Clock; log: (line: string) => void; debug: boolean; ops: DeskOps | null; stopRequest: Promise<unknown>; runStore: RunStore }): Promise<void> {
  const { clock, log, debug, runStore } = o;
  const metrics: DeskMetrics = o.ops?.metrics ?? NO_METRICS;
  // Registered before the console's own reaction to it, so once the console has ended on a stop request this is set.
  let stopAsked = false;
  void o.stopRequest.then(() => {
    stopAsked = true;
  });
  // The exchange calendar runs follow: Alpaca's published calendar and clock when configured, read before trading.
  const calendar = createMarketCalendar(env, { now: clock.now, log });
  await calendar.start();
  const calendars = runCalendars(calendar.published);
  const brokers = createDeskBrokers(env, store.prisma, { log, now: () => clock.now(), metrics });
  const deps = createDeskDeps(env, store, { runStore, calendars, brokers: brokers.real, ledger: brokers.ledger, metrics, log });
  const ask = deps.ask;
  const holder = processLeaseHolder();
  const platforms = options.platforms === true ? await startPlatforms({ env, deps, clock, ask, log, prisma: store.prisma, holder }) : NO_PLATFORMS;
  o.ops?.setPlatforms(() => platforms.states());
  for (const line of platforms.lines) io.out(`  ${line}`);
  // The console workspace is a real workspace with one local member, its admin.
  await ensureMember(store.prisma, LOCAL_WORKSPACE, { externalUserId: 'local', displayName: 'local', role: 'admin' });
  // Leases and claims between desk processes run on the wall clock, whatever --speed does to the desk clock.
  const realNow = (): number => Date.now();
  // Before anything trades: unconfirmed orders at real brokers looked up, every account with runs on it reconciled.
  const trading = await startDeskTrading({ deps, brokers, runStore, now: () => clock.now(), log });
  const scheduler = createDeskScheduler({
    env, runStore, marketData: deps.marketData, brokerFor: deps.brokerFor, calendars, clock, realNow, holder, log, debug, metrics, ...trading.scheduler,
    // node-cron ticks once a second; a sped-up clock needs finer ticks to see every bar close.
    tick: tickForSpeed(options.speed),
  });
  const outbox = createDeskOutbox({ prisma: store.prisma, holder, realNow, platforms: ['console', ...Object.keys(platforms.posters)], log, debug });
  const imageDir = path.resolve(io.cwd, 'data', 'charts');
  const printer: { print?: (text: string) => void } = {};
  // A run summary is rendered when it is delivered (metrics and chart as of then), not stored in the outbox.
  const render = renderForDelivery((runId) => runSummaryReply(deps, runId));
  const printToConsole = async (reply: Reply): Promise<Result<void>> => {
    const text = renderReply(reply, await saveImages(reply, imageDir));
    if (printer.print !== undefined) printer.print(text);
    else io.stdout.write(`${text}\n`);
    return ok(undefined);
  };
  const send = outbox.guard(createNotificationSender({
    routing: { target: (item) => deliveryTarget(store.prisma, item), saveRunThread: (runId, threadRef) => setRunThread(store.prisma, runId, threadRef) },
    posters: platforms.posters,
    printToConsole,
    log,
  }));
  const deliver = async (): Promise<void> => {
    metrics.delivered(await deliverDue(outbox.port, send, clock.now(), 50, render));
  };
  let delivering = Promise.resolve();
  const timer = setInterval(() => {
    delivering = delivering.then(deliver).catch((err: unknown) => log(`notification delivery failed: ${errorLine(err)}`));
  }, options.deliveryEveryMs ?? 500);
  scheduler.start();
  // Four-eyes requests nobody answered lapse on the wall clock.
  const approvalSweep = startApprovalSweep({ approvals: deps.approvals, notify: deps.notify, deskNow: () => clock.now(), realNow, log });
  try {
    await runConsoleDesk({
      input: io.stdin,
      output: io.stdout,
      interactive: io.interactive,
      registry: deps.commands,
      deps,
      workspace: LOCAL_WORKSPACE,
      actor: { id: 'local', name: 'local', role: 'admin' },
      now: () => clock.now(),
      imageDir,
      printer,
      ask,
      stopped: o.stopRequest,
    });
    const serving = [...Object.keys(platforms.posters).map((p) => `${p[0]!.toUpperCase()}${p.slice(1)}`), ...(o.ops === null ? [] : ['TRADEDESK_HTTP'])];
    if (serving.length > 0 && !io.interactive && !stopAsked) {
      log(`console input ended; still serving (${serving.join(', ')}) until stopped (SIGTERM / Ctrl-C)`);
      await o.stopRequest;
    }
  } finally {
    clearInterval(timer);
    approvalSweep.stop();
    await scheduler.stop();
    await trading.stop();
    calendar.stop();
    await delivering;
    await deliver();
    outbox.stop();
    await platforms.stop();
    brokers.close();
  }
}

/**
 * A sped-up clock starts where the runs left off: a previous sped-up session may have taken them past real time
 * (running runs to their last decided bar, stopped ones to their end), and a clock behind that would find every bar
 * already decided, and every run not yet started.
 */
async function resumedScaledClock(runStore: RunStore, speed: number, store: Store): Promise<Clock> {
  const recorded = await latestRunTime(store.prisma);
  let latest = Math.max(Date.now(), recorded.ok ? (recorded.value ?? 0) : 0);
  for (const run of await runStore.listActive()) {
    const snap = await runStore.loadSnapshot(run.id);
    if (snap.ok && snap.value.state.lastBarTime !== null) latest = Math.max(latest, snap.value.state.lastBarTime + TIMEFRAME_MS[run.manifest.timeframe]);
  }
  return clockFrom(latest, speed);
}

import cron from 'node-cron';

/** `cron`: node-cron, once a second. `everyMs`: a plain interval (finer ticks for a fast scaled clock). */
export type TickMode = 'cron' | { readonly everyMs: number };

export interface Ticker {
  stop(): Promise<void>;
}

const EVERY_SECOND = '* * * * * *';

/** The shortest bar a run can trade (1m) in desk-clock ms. */
const SHORTEST_BAR_MS = 60_000;
/** Ticks per shortest bar on a sped-up clock: a tick landing late by less than this fraction still sees each close. */
const TICKS_PER_BAR = 4;
const MIN_TICK_MS = 10;
const MAX_TICK_MS = 250;

/**
 * The tick for a desk clock running `speed` times faster: node-cron's second at real time; on a sped-up clock a
 * quarter of the shortest bar in real ms (25 ms at 600x, where a 1-minute bar closes every 100 ms), so timer jitter
 * alone never makes the scheduler skip a close (a tick as long as the bar saw two closes whenever it ran late).
 */
export function tickForSpeed(speed: number): TickMode {
  if (!(speed > 1)) return 'cron';
  const everyMs = Math.round(SHORTEST_BAR_MS / speed / TICKS_PER_BAR);
  return { everyMs: Math.min(MAX_TICK_MS, Math.max(MIN_TICK_MS, everyMs)) };
}

/**
 * Calls `onTick` on every tick until stopped. `onTick` must not throw or return a promise: the scheduler catches
 * its own failures and guards its own overlap, so node-cron's overlap and error handling stay out of the way.
 */
export function startTicker(mode: TickMode, onTick: () => void, log: (line: string) => void): Ticker {
  if (mode === 'cron') {
    const task = cron.createTask(EVERY_SECOND, () => onTick(), {
      name: 'tradedesk-scheduler',
      // A blocked event loop skips seconds; the next tick catches up on the latest close, so no warning is due.
      suppressMissedWarning: true,
      logger: {
        info: () => {},
        debug: () => {},
        warn: (message) => log(`scheduler: cron: ${message}`),
        error: (message) => log(`scheduler: cron: ${message instanceof Error ? message.message : message}`),
      },
    });
    void task.start();
    return {
      async stop() {
        await task.destroy();
      },
    };
  }
  if (!Number.isFinite(mode.everyMs) || mode.everyMs <= 0) throw new RangeError(`tick everyMs must be > 0, got ${mode.everyMs}`);
  const timer = setInterval(onTick, mode.everyMs);
  return {
    async stop() {
      clearInterval(timer);
    },
  };
}

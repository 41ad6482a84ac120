import cron from 'node-cron';

/** `cron`: node-cron, once a second. `everyMs`: a plain interval (finer ticks for a fast scaled clock). */
export type TickMode = 'cron' | { readonly everyMs: number };

export interface Ticker {
  stop(): Promise<void>;
}

const EVERY_SECOND = '* * * * * *';

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

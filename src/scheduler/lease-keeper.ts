import type { RunStore } from '../app/runs/ports.js';

export interface LeaseKeeperDeps {
  readonly store: Pick<RunStore, 'acquireLease'>;
  readonly holder: string;
  /** Real epoch ms. */
  realNow(): number;
  readonly ttlMs: number;
  /** Real ms between renewals; well under `ttlMs`, so a slow renewal or a busy event loop does not lose it. */
  readonly everyMs: number;
  /** Renewal refused (another process holds the lease now) or failed. */
  onTrouble(problem: { kind: 'lost' } | { kind: 'error'; error: unknown }): void;
}

export interface KeptLease {
  /** Stops renewing; resolves once no renewal is in flight (so none lands after the lease is released). */
  stop(): Promise<void>;
}

/**
 * Renews a run lease this process holds while it works on the run (the lease is short so that a dead holder's
 * lease frees its run quickly; a live holder must never lose it in a long iteration).
 */
export function keepLease(deps: LeaseKeeperDeps, runId: string, barTime: number): KeptLease {
  let inFlight: Promise<void> | null = null;
  const renew = (): void => {
    if (inFlight !== null) return;
    inFlight = deps.store
      .acquireLease(runId, deps.holder, barTime, deps.ttlMs, deps.realNow())
      .then(
        (kept) => {
          if (!kept) deps.onTrouble({ kind: 'lost' });
        },
        (error: unknown) => deps.onTrouble({ kind: 'error', error }),
      )
      .finally(() => {
        inFlight = null;
      });
  };
  const timer = setInterval(renew, deps.everyMs);
  // A renewal timer alone never keeps the process alive.
  timer.unref?.();
  return {
    async stop() {
      clearInterval(timer);
      await inFlight;
    },
  };
}

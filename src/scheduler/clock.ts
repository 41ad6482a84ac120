/**
 * The desk's clock. Runs iterate at bar closes of this clock's time, so a scaled clock (`--speed x`) replays the
 * calendar x times faster without touching the scheduler or the iteration.
 */
export interface Clock {
  /** Epoch ms UTC. */
  now(): number;
  /**
   * Clock ms per real ms (1 when absent). Real-time durations (leases, claims, retry waits) are never scaled by it:
   * they run on the wall clock, whatever the desk clock's speed.
   */
  readonly speed?: number;
}

export function systemClock(): Clock {
  return { now: () => Date.now(), speed: 1 };
}

export interface ScaledClockOptions {
  /** Clock ms per real ms; finite and > 0. */
  readonly speed: number;
  /** Real time (epoch ms) at which the clock equals real time; defaults to `real()` at creation. */
  readonly start?: number;
  /** The real time source; tests pass a fake. */
  readonly real?: () => number;
}

/** Virtual time = start + (real() - start) * speed. */
export function createScaledClock(opts: ScaledClockOptions): Clock {
  const { speed } = opts;
  // A bad speed is a wiring bug: the environment schema is where users get a friendly message.
  if (!Number.isFinite(speed) || speed <= 0) throw new RangeError(`clock speed must be a finite number > 0, got ${speed}`);
  const real = opts.real ?? Date.now;
  const start = opts.start ?? real();
  return { now: () => start + (real() - start) * speed, speed };
}

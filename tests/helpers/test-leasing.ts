// Lease taking for tests: unique holder ids and a fake wall clock that only `sleep` (or the test) moves, so waiting
// for a busy run is instant and deterministic.
import type { RunLeasing } from '../../src/app/runs/book-guard.js';

export interface TestLeasing extends RunLeasing {
  /** The fake wall clock, epoch ms. */
  now: number;
  /** Every wait a change made for a busy run, in ms. */
  readonly waits: number[];
}

export function testLeasing(start = Date.UTC(2024, 0, 2, 12)): TestLeasing {
  let n = 0;
  const leasing: TestLeasing = {
    now: start,
    waits: [],
    holder: () => `test-change-${++n}`,
    realNow: () => leasing.now,
    sleep: async (ms) => {
      leasing.waits.push(ms);
      leasing.now += ms;
    },
  };
  return leasing;
}

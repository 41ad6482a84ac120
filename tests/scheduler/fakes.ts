// Fakes for the scheduler's ports: a run list with a lease table (shareable between two schedulers, like two desk
// processes on one database), a settable clock, and an iterate() that records calls and can be held open.
import type { RunSummary } from '../../src/app/runs/model.js';
import type { RunStore } from '../../src/app/runs/ports.js';
import type { Timeframe } from '../../src/core/domain/bar.js';
import { DEFAULT_COSTS, DEFAULT_QUANT, DEFAULT_SIZING } from '../../src/core/engine/config.js';
import { DEFAULT_GATE_LIMITS } from '../../src/core/risk/gates.js';
import type { Clock } from '../../src/scheduler/clock.js';

export const at = (iso: string): number => Date.parse(iso);

export function sampleRun(o: { id: string; number: number; symbols: string[]; dataSource: 'sim' | 'csv'; timeframe: Timeframe }): RunSummary {
  return {
    id: o.id,
    workspace: { platform: 'console', externalId: 'local', name: 'local' },
    number: o.number,
    mode: 'paper',
    status: 'running',
    manifest: {
      strategy: { id: 'sma-cross', version: '1' },
      params: {},
      symbols: o.symbols,
      dataSymbols: [],
      timeframe: o.timeframe,
      dataSource: o.dataSource,
      startCash: 100_000,
      sizing: DEFAULT_SIZING,
      costs: DEFAULT_COSTS,
      gates: { mode: 'enforce', limits: DEFAULT_GATE_LIMITS },
      quant: DEFAULT_QUANT,
      rules: [],
      rulesHash: 'none',
      codeVersion: 'test',
    },
    createdBy: 'tester',
    channelId: 'console',
    startedAt: at('2024-01-01T00:00:00Z'),
    endedAt: null,
  };
}

export type FakeStore = Pick<RunStore, 'listActive' | 'acquireLease' | 'releaseLease'> & {
  runs: RunSummary[];
  /** Every acquireLease call, granted or not. */
  readonly leaseCalls: { runId: string; holder: string; barTime: number; ttlMs: number; now: number; granted: boolean }[];
  /** When set, the next calls of that method throw this error. */
  failing: { listActive?: Error; acquireLease?: Error };
  /** Who holds the run's lease now (null when free). */
  holderOf(runId: string): string | null;
};

/** Lease rules of the real store: free, expired, or already ours -> granted; release only by the holder. */
export function createFakeStore(runs: RunSummary[]): FakeStore {
  const leases = new Map<string, { holder: string; expiresAt: number }>();
  const store: FakeStore = {
    runs,
    leaseCalls: [],
    failing: {},
    async listActive() {
      if (store.failing.listActive !== undefined) throw store.failing.listActive;
      return store.runs.filter((r) => r.status === 'running');
    },
    async acquireLease(runId, holder, barTime, ttlMs, now) {
      if (store.failing.acquireLease !== undefined) throw store.failing.acquireLease;
      const held = leases.get(runId);
      const granted = held === undefined || held.holder === holder || held.expiresAt <= now;
      if (granted) leases.set(runId, { holder, expiresAt: now + ttlMs });
      store.leaseCalls.push({ runId, holder, barTime, ttlMs, now, granted });
      return granted;
    },
    async releaseLease(runId, holder) {
      if (leases.get(runId)?.holder === holder) leases.delete(runId);
    },
    holderOf: (runId) => leases.get(runId)?.holder ?? null,
  };
  return store;
}

export interface ManualClock extends Clock {
  set(iso: string | number): void;
}

export function createManualClock(start: string): ManualClock {
  let t = at(start);
  return {
    now: () => t,
    set: (v) => {
      t = typeof v === 'number' ? v : at(v);
    },
  };
}

export interface IterateCall {
  readonly runId: string;
  readonly close: string;
}

export interface FakeIterate {
  readonly calls: IterateCall[];
  iterate(run: RunSummary, barClose: number): Promise<void>;
  /** Later calls stay open until `release()`. */
  hold(): void;
  /** Settles every held call. */
  release(): void;
  /** Later calls throw this error. */
  failWith(error: Error | null): void;
}

export function createFakeIterate(): FakeIterate {
  const calls: IterateCall[] = [];
  let holding = false;
  let error: Error | null = null;
  let waiters: (() => void)[] = [];
  return {
    calls,
    async iterate(run, barClose) {
      calls.push({ runId: run.id, close: new Date(barClose).toISOString() });
      if (holding) await new Promise<void>((resolve) => waiters.push(resolve));
      if (error !== null) throw error;
    },
    hold: () => {
      holding = true;
    },
    release: () => {
      holding = false;
      const ws = waiters;
      waiters = [];
      for (const w of ws) w();
    },
    failWith: (e) => {
      error = e;
    },
  };
}

/** Lets pending promise chains (store calls, lease, iterate) run without waiting on any timer. */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

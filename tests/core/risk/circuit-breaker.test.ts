import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BREAKER_CONFIG,
  breakerConfigSchema,
  canTrade,
  initialBreakerState,
  reduceBreaker,
  type BreakerEvent,
  type BreakerState,
  type BreakerStatus,
} from '../../../src/core/risk/circuit-breaker.js';

const H = 3_600_000;
const T = Date.UTC(2024, 0, 2, 15);

const success: BreakerEvent = { kind: 'success' };
const failure = (at = T, source: 'data' | 'broker' | 'llm' = 'broker'): BreakerEvent => ({
  kind: 'failure',
  source,
  message: 'timeout',
  at,
});
const quality = (score: number, at = T): BreakerEvent => ({ kind: 'data_quality', score, at });
const equity = (value: number, at = T): BreakerEvent => ({ kind: 'equity', equity: value, at });
const resume = (at = T): BreakerEvent => ({ kind: 'resume', by: 'alice', at });

const run = (events: readonly BreakerEvent[], from: BreakerState = initialBreakerState()): BreakerState =>
  events.reduce((s, e) => reduceBreaker(s, e), from);

const openState = run([failure(), failure(), failure()]);
const halfOpenState = reduceBreaker(openState, resume());

describe('breaker config', () => {
  it('has the documented defaults', () => {
    expect(DEFAULT_BREAKER_CONFIG).toEqual({
      maxConsecutiveFailures: 3,
      minDataQuality: 0.8,
      equityDropPct: 10,
      equityWindowMs: 24 * H,
    });
  });

  it('rejects a nonsensical config at the edge', () => {
    expect(breakerConfigSchema.safeParse({ minDataQuality: 1.5 }).success).toBe(false);
    expect(breakerConfigSchema.safeParse({ maxConsecutiveFailures: 0 }).success).toBe(false);
  });
});

describe('reduceBreaker transitions', () => {
  const cases: Array<{
    name: string;
    from: BreakerState;
    events: BreakerEvent[];
    status: BreakerStatus;
    code?: string | null;
    failures?: number;
  }> = [
    // closed
    {
      name: 'closed + success stays closed',
      from: initialBreakerState(),
      events: [success],
      status: 'closed',
      code: null,
    },
    {
      name: 'closed + 2 failures stays closed and counts them',
      from: initialBreakerState(),
      events: [failure(), failure()],
      status: 'closed',
      failures: 2,
    },
    {
      name: 'closed + 3 consecutive failures trips',
      from: initialBreakerState(),
      events: [failure(T, 'data'), failure(T, 'llm'), failure(T, 'broker')],
      status: 'open',
      code: 'breaker.failures',
      failures: 3,
    },
    {
      name: 'a success in between resets the failure count',
      from: initialBreakerState(),
      events: [failure(), failure(), success, failure(), failure()],
      status: 'closed',
      failures: 2,
    },
    {
      name: 'closed + quality at the minimum stays closed',
      from: initialBreakerState(),
      events: [quality(0.8)],
      status: 'closed',
    },
    {
      name: 'closed + quality below the minimum trips',
      from: initialBreakerState(),
      events: [quality(0.79)],
      status: 'open',
      code: 'breaker.data_quality',
    },
    {
      name: 'closed + unreadable quality score trips',
      from: initialBreakerState(),
      events: [quality(Number.NaN)],
      status: 'open',
      code: 'breaker.data_quality',
    },
    {
      name: 'closed + 9.9% equity drop stays closed',
      from: initialBreakerState(),
      events: [equity(100_000, T), equity(90_100, T + H)],
      status: 'closed',
    },
    {
      name: 'closed + 10% equity drop within 24 h trips',
      from: initialBreakerState(),
      events: [equity(100_000, T), equity(105_000, T + H), equity(94_000, T + 23 * H)],
      status: 'open',
      code: 'breaker.equity_drop',
    },
    {
      name: 'a peak older than the window no longer counts',
      from: initialBreakerState(),
      events: [equity(100_000, T), equity(95_000, T + 2 * H), equity(89_000, T + 25 * H)],
      status: 'closed',
    },
    {
      name: 'a peak exactly at the window edge still counts',
      from: initialBreakerState(),
      events: [equity(100_000, T), equity(89_000, T + 24 * H)],
      status: 'open',
      code: 'breaker.equity_drop',
    },
    {
      name: 'closed + unreadable equity trips',
      from: initialBreakerState(),
      events: [equity(Number.NaN)],
      status: 'open',
      code: 'breaker.equity_drop',
    },
    { name: 'closed + resume is a no-op', from: initialBreakerState(), events: [resume()], status: 'closed' },
    // open
    { name: 'open + success stays open', from: openState, events: [success], status: 'open', code: 'breaker.failures' },
    { name: 'open + failure stays open', from: openState, events: [failure()], status: 'open', failures: 3 },
    { name: 'open + good quality stays open', from: openState, events: [quality(1)], status: 'open' },
    { name: 'open + equity stays open', from: openState, events: [equity(1e6)], status: 'open' },
    { name: 'open + resume goes half-open', from: openState, events: [resume()], status: 'half_open' },
    // half_open
    {
      name: 'half-open + success closes and resets counters',
      from: halfOpenState,
      events: [success],
      status: 'closed',
      code: null,
      failures: 0,
    },
    {
      name: 'half-open + one failure re-opens at once',
      from: halfOpenState,
      events: [failure()],
      status: 'open',
      code: 'breaker.failures',
    },
    {
      name: 'half-open + low quality re-opens',
      from: halfOpenState,
      events: [quality(0.5)],
      status: 'open',
      code: 'breaker.data_quality',
    },
    {
      name: 'half-open + good quality stays half-open',
      from: halfOpenState,
      events: [quality(0.95)],
      status: 'half_open',
    },
    {
      name: 'half-open + equity drop re-opens',
      from: halfOpenState,
      events: [equity(100_000, T + H), equity(88_000, T + 2 * H)],
      status: 'open',
      code: 'breaker.equity_drop',
    },
    {
      name: 'half-open + steady equity stays half-open',
      from: halfOpenState,
      events: [equity(100_000)],
      status: 'half_open',
    },
    { name: 'half-open + resume is a no-op', from: halfOpenState, events: [resume()], status: 'half_open' },
  ];

  it.each(cases)('$name', ({ from, events, status, code, failures }) => {
    const s = run(events, from);
    expect(s.status).toBe(status);
    expect(canTrade(s)).toBe(status !== 'open');
    if (code !== undefined) expect(s.reason?.code ?? null).toBe(code);
    if (failures !== undefined) expect(s.consecutiveFailures).toBe(failures);
  });
});

describe('reduceBreaker details', () => {
  it('records when and why it tripped, with the observed value and the limit', () => {
    const s = run([failure(T), failure(T + 1), failure(T + 2, 'data')]);
    expect(s.trippedAt).toBe(T + 2);
    expect(s.reason).toEqual({
      code: 'breaker.failures',
      message: '3 consecutive failures (limit 3); last: data: timeout',
      observed: 3,
      limit: 3,
    });
  });

  it('explains a data-quality trip with the score and the minimum', () => {
    expect(run([quality(0.62, T)]).reason).toEqual({
      code: 'breaker.data_quality',
      message: 'data quality 0.62 is below the minimum 0.80',
      observed: 0.62,
      limit: 0.8,
    });
  });

  it('explains an equity trip with the drop, the peak and the limit', () => {
    const s = run([equity(200_000, T), equity(150_000, T + H), equity(170_000, T + 2 * H)]);
    expect(s.reason?.code).toBe('breaker.equity_drop');
    expect(s.reason?.observed).toBeCloseTo(25, 12);
    expect(s.reason?.limit).toBe(10);
    expect(s.reason?.message).toBe(
      'equity 150000.00 is 25.0% below the 200000.00 peak of the last 24.0 h (limit 10.0%)',
    );
    expect(s.trippedAt).toBe(T + H);
  });

  it('leaves an open breaker untouched (same state) for anything but resume', () => {
    for (const e of [success, failure(), quality(0), equity(1)]) expect(reduceBreaker(openState, e)).toBe(openState);
  });

  it('keeps the trip reason while half-open and clears it on close', () => {
    expect(halfOpenState.reason?.code).toBe('breaker.failures');
    const closed = reduceBreaker(halfOpenState, success);
    expect(closed).toMatchObject({ status: 'closed', consecutiveFailures: 0, trippedAt: null, reason: null });
  });

  it('measures equity afresh after a human resumes (the accepted loss does not re-trip)', () => {
    const tripped = run([equity(100_000, T), equity(85_000, T + H)]);
    expect(tripped.status).toBe('open');
    const resumed = reduceBreaker(tripped, resume(T + 2 * H));
    expect(run([equity(85_000, T + 3 * H), success], resumed).status).toBe('closed');
  });

  it('keeps only the samples that can still be the window peak', () => {
    const s = run([equity(100, T), equity(99, T + H), equity(98, T + 2 * H), equity(99.5, T + 3 * H)]);
    expect(s.equityPeaks).toEqual([
      { at: T, equity: 100 },
      { at: T + 3 * H, equity: 99.5 },
    ]);
  });

  it('uses a custom config', () => {
    const config = { ...DEFAULT_BREAKER_CONFIG, maxConsecutiveFailures: 1, equityDropPct: 2 };
    expect(reduceBreaker(initialBreakerState(), failure(), config).status).toBe('open');
    const dropped = [equity(100, T), equity(97.9, T + H)].reduce(
      (s, e) => reduceBreaker(s, e, config),
      initialBreakerState(),
    );
    expect(dropped.status).toBe('open');
  });
});

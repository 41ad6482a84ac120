import { describe, expect, it } from 'vitest';
import { createScaledClock, systemClock } from '../../src/scheduler/clock.js';

describe('createScaledClock', () => {
  const START = Date.parse('2024-01-02T14:30:00Z');

  it.each([
    { speed: 1, realElapsedMs: 5_000, virtualElapsedMs: 5_000 },
    { speed: 60, realElapsedMs: 1_000, virtualElapsedMs: 60_000 },
    { speed: 3600, realElapsedMs: 2_500, virtualElapsedMs: 9_000_000 },
    { speed: 0.5, realElapsedMs: 4_000, virtualElapsedMs: 2_000 },
  ])('runs $speed times faster than real time', ({ speed, realElapsedMs, virtualElapsedMs }) => {
    let real = START;
    const clock = createScaledClock({ speed, start: START, real: () => real });
    expect(clock.now()).toBe(START);
    real += realElapsedMs;
    expect(clock.now()).toBe(START + virtualElapsedMs);
    expect(clock.speed).toBe(speed);
  });

  it('starts at the real time of its creation when no start is given', () => {
    let real = START + 123;
    const clock = createScaledClock({ speed: 10, real: () => real });
    expect(clock.now()).toBe(START + 123);
    real += 100;
    expect(clock.now()).toBe(START + 123 + 1_000);
  });

  it.each([0, -2, Number.NaN, Number.POSITIVE_INFINITY])('refuses a speed of %s', (speed) => {
    expect(() => createScaledClock({ speed, real: () => START })).toThrow(RangeError);
  });

  it('the system clock runs at speed 1', () => {
    expect(systemClock().speed).toBe(1);
    expect(Number.isFinite(systemClock().now())).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { TIMEFRAME_MS, createBarSeries, type Bar, type BarSeries } from '../../../src/core/domain/bar.js';
import { assessDataQuality, weekdaysBetween } from '../../../src/core/risk/data-quality.js';
import { loadRealSeries } from '../../helpers/real-data.js';

const DAY = TIMEFRAME_MS['1d'];
const M5 = TIMEFRAME_MS['5m'];

/** A mutable deep copy, so corrupting it never touches the cached real series. */
function copy(s: BarSeries): BarSeries {
  return {
    ...s,
    time: s.time.slice(),
    open: s.open.slice(),
    high: s.high.slice(),
    low: s.low.slice(),
    close: s.close.slice(),
    volume: s.volume.slice(),
  };
}

/** Drops bars [from, to) from a series. */
function without(s: BarSeries, from: number, to: number): BarSeries {
  const keep = (a: Float64Array): Float64Array => Float64Array.from([...a.subarray(0, from), ...a.subarray(to)]);
  return {
    ...s,
    length: s.length - (to - from),
    time: keep(s.time),
    open: keep(s.open),
    high: keep(s.high),
    low: keep(s.low),
    close: keep(s.close),
    volume: keep(s.volume),
  };
}

const orcl = loadRealSeries('ORCL');
const orclNow = orcl.time[orcl.length - 1]! + DAY; // the morning after the last bar
const assessOrcl = (s: BarSeries, now = orclNow) => assessDataQuality(s, DAY, now, { calendar: 'exchange' });

/** Builds a corruption from an in-place edit of the copy. */
const mutate =
  (edit: (s: BarSeries) => void) =>
  (s: BarSeries): BarSeries => {
    edit(s);
    return s;
  };

function bar(time: number, close = 100): Bar {
  return { time, open: close, high: close + 1, low: close - 1, close, volume: 1000 };
}

describe('assessDataQuality on real ORCL daily bars', () => {
  it('scores the clean series close to 1, noting only the three long market closures', () => {
    const q = assessOrcl(orcl);
    expect(q.score).toBeGreaterThan(0.99);
    // 9/11 (4 weekdays), President Ford's funeral + New Year (2), Hurricane Sandy (2).
    expect(q.issues).toEqual(['about 8 missing bars in 3 gaps (largest 7.0 days after 2001-09-10)']);
  });

  it('treats weekends as missing bars without the exchange calendar', () => {
    const q = assessDataQuality(orcl, DAY, orclNow, { calendar: 'continuous' });
    expect(q.score).toBeLessThan(0.6);
  });

  const corruptions: Array<{ name: string; corrupt: (s: BarSeries) => BarSeries; max: number; issue: RegExp }> = [
    {
      name: 'a NaN close',
      corrupt: mutate((s) => {
        s.close[100] = Number.NaN;
      }),
      max: 0.76,
      issue: /^1 bar with non-finite or non-positive prices \(first at 1995-05-25\)$/,
    },
    {
      name: 'a zero open',
      corrupt: mutate((s) => {
        s.open[5] = 0;
      }),
      max: 0.76,
      issue: /non-positive prices/,
    },
    {
      name: 'a negative low',
      corrupt: mutate((s) => {
        s.low[7] = -1;
      }),
      max: 0.76,
      issue: /non-positive prices/,
    },
    {
      name: 'a duplicated time',
      corrupt: mutate((s) => {
        s.time[200] = s.time[199]!;
      }),
      max: 0.76,
      issue: /^1 bar with a duplicate, decreasing or invalid time/,
    },
    {
      name: 'swapped times (decreasing)',
      corrupt: mutate((s) => {
        const t = s.time[300]!;
        s.time[300] = s.time[301]!;
        s.time[301] = t;
      }),
      max: 0.76,
      issue: /duplicate, decreasing or invalid time/,
    },
    {
      name: 'high below low on 5% of bars',
      corrupt: mutate((s) => {
        for (let i = 0; i < s.length; i += 20) [s.high[i], s.low[i]] = [s.low[i]!, s.high[i]!];
      }),
      max: 0.55,
      issue: /^252 bars with high < low or open\/close outside \[low, high\]/,
    },
    {
      name: 'a close above the high',
      corrupt: mutate((s) => {
        s.close[50] = s.high[50]! * 1.01;
      }),
      max: 0.999,
      issue: /^1 bar with high < low/,
    },
    {
      name: 'a month of missing bars',
      corrupt: (s) => without(s, 1000, 1021),
      max: 0.99,
      // 21 trading days removed + 3 holidays inside the hole (Christmas, New Year, MLK day) + the 8 real ones.
      issue: /^about 32 missing bars in 4 gaps \(largest 35\.0 days after 1998-12-15\)$/,
    },
    {
      name: 'a year of missing bars',
      corrupt: (s) => without(s, 1000, 1252),
      max: 0.8,
      issue: /missing bars/,
    },
  ];

  it.each(corruptions)('penalises $name', ({ corrupt, max, issue }) => {
    const q = assessOrcl(corrupt(copy(orcl)));
    expect(q.score).toBeLessThan(max);
    expect(q.score).toBeGreaterThanOrEqual(0);
    expect(q.issues.some((s) => issue.test(s))).toBe(true);
  });

  it('stacks penalties and never goes below 0', () => {
    const s = copy(orcl);
    for (let i = 0; i < s.length; i++) {
      s.close[i] = Number.NaN;
      s.time[i] = 0;
    }
    const q = assessOrcl(s, 1e13);
    expect(q.score).toBe(0);
    expect(q.issues.length).toBeGreaterThanOrEqual(2);
  });

  it('does not modify the series it assesses', () => {
    const s = copy(orcl);
    assessOrcl(s);
    expect(s.close).toEqual(orcl.close);
    expect(s.time).toEqual(orcl.time);
  });
});

describe('assessDataQuality staleness', () => {
  const fri = Date.UTC(2024, 0, 5);
  const week = createBarSeries('X', '1d', [0, 1, 2, 3, 4].map((d) => bar(fri - (4 - d) * DAY)));

  interface StaleCase {
    name: string;
    now: number;
    calendar: 'exchange' | 'continuous';
    staleAfterMs?: number;
    stale: boolean;
  }
  const cases: StaleCase[] = [
    { name: 'Friday bar on Saturday', now: fri + DAY + 3_600_000, calendar: 'exchange', stale: false },
    { name: 'Friday bar on a holiday Tuesday', now: fri + 4.6 * DAY, calendar: 'exchange', stale: false },
    { name: 'Friday bar a week later', now: fri + 7 * DAY, calendar: 'exchange', stale: true },
    { name: 'daily crypto bar after 2.5 days', now: fri + 2.5 * DAY, calendar: 'continuous', stale: true },
    { name: 'daily crypto bar after 1.5 days', now: fri + 1.5 * DAY, calendar: 'continuous', stale: false },
    { name: 'a custom limit', now: fri + 1.5 * DAY, calendar: 'exchange', staleAfterMs: DAY, stale: true },
  ];
  it.each(cases)('flags staleness correctly: $name', ({ now, calendar, staleAfterMs, stale }) => {
    const q = assessDataQuality(week, DAY, now, staleAfterMs === undefined ? { calendar } : { calendar, staleAfterMs });
    expect(q.issues.some((s) => s.startsWith('stale:'))).toBe(stale);
    expect(q.score).toBe(stale ? 0.75 : 1);
  });

  it('flags a last bar that lies in the future', () => {
    const q = assessDataQuality(week, DAY, fri - DAY, { calendar: 'exchange' });
    expect(q.score).toBe(0.75);
    expect(q.issues).toEqual(['the last bar (2024-01-05) is 1.0 days in the future']);
  });

  it('says so when there are no bars', () => {
    expect(assessDataQuality(createBarSeries('X', '1d', []), DAY, fri)).toEqual({ score: 0, issues: ['no bars'] });
  });
});

describe('assessDataQuality on intraday bars', () => {
  // Two US sessions 14:30-21:00 UTC on Friday and Monday, 5-minute bars.
  const session = (day: number): number[] =>
    Array.from({ length: 78 }, (_, k) => day + 14.5 * 3_600_000 + k * M5);
  const fri = Date.UTC(2024, 0, 5);
  const mon = fri + 3 * DAY;
  const times = [...session(fri), ...session(mon)];
  const now = times[times.length - 1]! + M5;
  const series = (ts: readonly number[]): BarSeries => createBarSeries('X', '5m', ts.map((t) => bar(t)));

  it('accepts overnight and weekend closures on the exchange calendar', () => {
    const q = assessDataQuality(series(times), M5, now, { calendar: 'exchange' });
    expect(q).toEqual({ score: 1, issues: [] });
  });

  it('counts a mid-session hole as missing bars', () => {
    const holed = times.filter((_, i) => i < 100 || i >= 106); // 30 minutes missing on Monday
    const q = assessDataQuality(series(holed), M5, now, { calendar: 'exchange' });
    expect(q.issues).toEqual(['about 6 missing bars in 1 gap (largest 35 min after 2024-01-08T16:15:00Z)']);
    expect(q.score).toBeCloseTo(1 - (5 * 6) / 156, 12);
  });

  it('flags an intraday feed that stopped an hour ago', () => {
    const q = assessDataQuality(series(times), M5, now + 3_600_000, { calendar: 'continuous' });
    expect(q.issues.some((s) => s.startsWith('stale:'))).toBe(true);
  });
});

describe('weekdaysBetween', () => {
  const d = (s: string): number => Date.parse(`${s}T00:00:00Z`);
  const cases: Array<[string, string, number]> = [
    ['2024-01-05', '2024-01-08', 0], // Fri -> Mon
    ['2024-01-04', '2024-01-08', 1], // Thu -> Mon
    ['2001-09-10', '2001-09-17', 4], // Mon -> Mon
    ['2006-12-29', '2007-01-03', 2], // Fri -> Wed
    ['2024-01-01', '2024-01-01', 0],
    ['2024-01-01', '2024-03-01', 43], // Jan 1 (Mon) .. Mar 1 (Fri), exclusive
    ['1969-12-26', '1970-01-05', 5], // across the epoch: Fri -> Mon, one full week between
  ];
  it.each(cases)('counts the weekdays strictly between %s and %s', (from, to, want) => {
    expect(weekdaysBetween(d(from), d(to))).toBe(want);
  });
});

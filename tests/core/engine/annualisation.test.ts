import { describe, expect, it } from 'vitest';
import { ALWAYS_OPEN_CALENDAR, US_EQUITIES_CALENDAR } from '../../../src/core/calendar/calendar.js';
import { barsPerYear, observationsPerYear, shortSampleNote } from '../../../src/core/engine/annualisation.js';
import type { Timeframe } from '../../../src/core/domain/bar.js';

const MIN = 60_000;
const DAY = 86_400_000;

describe('barsPerYear', () => {
  it.each<[Timeframe, number, number]>([
    ['1m', 525_600, 252 * 390],
    ['5m', 105_120, 252 * 78],
    ['15m', 35_040, 252 * 26],
    ['1h', 8_760, 252 * 7],
    ['1d', 365, 252],
  ])('%s: %d a year on a 24/7 market, %d on US equities', (tf, always, equities) => {
    expect(barsPerYear(ALWAYS_OPEN_CALENDAR, tf)).toBe(always);
    expect(barsPerYear(US_EQUITIES_CALENDAR, tf)).toBe(equities);
  });
});

describe('observationsPerYear', () => {
  it('is barsPerYear for a curve with a point at every bar, nights and weekends included', () => {
    // Two US sessions of 1m bars with a night between them: the night is one long gap, not the median.
    const day1 = Array.from({ length: 390 }, (_, i) => Date.UTC(2024, 0, 2, 14, 31) + i * MIN);
    const day2 = Array.from({ length: 390 }, (_, i) => Date.UTC(2024, 0, 3, 14, 31) + i * MIN);
    expect(observationsPerYear(US_EQUITIES_CALENDAR, '1m', [...day1, ...day2])).toBe(252 * 390);
    const weekdays = [2, 3, 4, 5, 8, 9, 10].map((d) => Date.UTC(2024, 0, d));
    expect(observationsPerYear(US_EQUITIES_CALENDAR, '1d', weekdays)).toBe(252);
  });

  it('divides by the spacing of a thinned curve (a stored backtest keeps every k-th point)', () => {
    const every3 = Array.from({ length: 100 }, (_, i) => i * 3 * MIN);
    expect(observationsPerYear(ALWAYS_OPEN_CALENDAR, '1m', every3)).toBe(525_600 / 3);
    const every2Days = Array.from({ length: 100 }, (_, i) => i * 2 * DAY);
    expect(observationsPerYear(ALWAYS_OPEN_CALENDAR, '1d', every2Days)).toBe(365 / 2);
  });
});

describe('shortSampleNote', () => {
  it.each([
    [4_319, 3 * DAY - MIN, 'n/a: the equity curve spans 3.0 day(s), under the 30 days an annualised figure needs'],
    [29, 200 * DAY, 'n/a: 29 return(s), under the 30 an annualised ratio needs'],
    [30, 30 * DAY, null],
  ])('%d returns over %d ms: %s', (returns, span, want) => {
    expect(shortSampleNote(returns, span)).toBe(want);
  });
});

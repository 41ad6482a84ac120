import { describe, expect, it } from 'vitest';
import { parseDailyDate } from '../../../src/market-data/csv/parse-date.js';

const day = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d);

describe('parseDailyDate', () => {
  it.each([
    ['1995-01-03', day(1995, 1, 3)],
    ['2020-02-29', day(2020, 2, 29)],
    ['2000-02-29', day(2000, 2, 29)],
    ['2020-01-02 00:00', day(2020, 1, 2)],
    ['2020-01-02 16:30:00', day(2020, 1, 2)],
    ['2020-01-02T23:59:59Z', day(2020, 1, 2)],
    ['2020-01-02T09:30:00.123Z', day(2020, 1, 2)],
    [' 2020-01-02 ', day(2020, 1, 2)],
  ])('reads %j as that date at 00:00 UTC', (text, expected) => {
    expect(parseDailyDate(text)).toBe(expected);
  });

  it.each([
    '',
    '2020-1-2',
    '2020/01/02',
    '2020-13-01',
    '2020-00-10',
    '2019-02-29',
    '1900-02-29',
    '2020-04-31',
    '2020-01-02x',
    '2020-01-02 24:00',
    '2020-01-02 12:60',
    '2020-01-02 12:00:61',
    '2020-01-02T12',
    '2020-01-02T12:00+02:00',
    '2020-01-02 12:00:00.',
    '02/01/2020',
    'null',
  ])('rejects %j', (text) => {
    expect(parseDailyDate(text)).toBeNaN();
  });
});

describe('parseDailyDate calendar arithmetic', () => {
  it('agrees with Date.UTC on every day from 1899 to 2101', () => {
    for (let t = Date.UTC(1899, 0, 1); t <= Date.UTC(2101, 11, 31); t += 86_400_000) {
      const iso = new Date(t).toISOString().slice(0, 10);
      if (parseDailyDate(iso) !== t) throw new Error(`${iso}: got ${parseDailyDate(iso)}, want ${t}`);
    }
  });
});

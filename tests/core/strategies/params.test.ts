import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  boolParam,
  intListParam,
  intParam,
  numParam,
  optionalSymbolParam,
  symbolParam,
} from '../../../src/core/strategies/params.js';

/** Parses one value with a helper: `{ ok, value }` or `{ ok: false, message }` (undefined = key absent). */
function parseWith(schema: z.ZodType, raw: unknown): { ok: true; value: unknown } | { ok: false; message: string } {
  const r = z.strictObject({ p: schema }).safeParse(raw === undefined ? {} : { p: raw });
  return r.success ? { ok: true, value: r.data.p } : { ok: false, message: r.error.issues[0]!.message };
}

describe('strategy param helpers', () => {
  it.each([
    [undefined, 20],
    [15, 15],
    ['15', 15],
    [' 15 ', 15],
    ['+15', 15],
    ['1e1', 10],
  ])('intParam(20, 2..100) parses %j to %j', (raw, value) => {
    expect(parseWith(intParam(20, { min: 2, max: 100 }), raw)).toEqual({ ok: true, value });
  });

  it.each([
    ['abc', "expected an integer between 2 and 100, got 'abc'"],
    ['', "expected an integer between 2 and 100, got ''"],
    ['0x10', "expected an integer between 2 and 100, got '0x10'"],
    [2.5, 'expected an integer between 2 and 100, got 2.5'],
    [1, 'expected an integer between 2 and 100, got 1'],
    [101, 'expected an integer between 2 and 100, got 101'],
    [null, 'expected an integer between 2 and 100, got null'],
    [true, 'expected an integer between 2 and 100, got true'],
    [Number.NaN, 'expected an integer between 2 and 100, got NaN'],
  ])('intParam(20, 2..100) rejects %j', (raw, message) => {
    expect(parseWith(intParam(20, { min: 2, max: 100 }), raw)).toEqual({ ok: false, message });
  });

  it('describes one-sided and open ranges', () => {
    expect(parseWith(intParam(5, { min: 1 }), 'x')).toEqual({ ok: false, message: "expected an integer >= 1, got 'x'" });
    expect(parseWith(numParam(5, { max: 9 }), 'x')).toEqual({ ok: false, message: "expected a number <= 9, got 'x'" });
    expect(parseWith(numParam(5), 'x')).toEqual({ ok: false, message: "expected a number, got 'x'" });
  });

  it.each([
    [undefined, 2.5],
    ['2.5', 2.5],
    ['.5', 0.5],
    [-0.25, -0.25],
    ['-1', -1],
  ])('numParam(2.5, -1..50) parses %j to %j', (raw, value) => {
    expect(parseWith(numParam(2.5, { min: -1, max: 50 }), raw)).toEqual({ ok: true, value });
  });

  it.each([
    ['Infinity', "expected a number between -1 and 50, got 'Infinity'"],
    ['2.5%', "expected a number between -1 and 50, got '2.5%'"],
    [51, 'expected a number between -1 and 50, got 51'],
  ])('numParam(2.5, -1..50) rejects %j', (raw, message) => {
    expect(parseWith(numParam(2.5, { min: -1, max: 50 }), raw)).toEqual({ ok: false, message });
  });

  it.each([
    [undefined, false],
    [true, true],
    ['true', true],
    [false, false],
    ['false', false],
  ])('boolParam(false) parses %j to %j', (raw, value) => {
    expect(parseWith(boolParam(false), raw)).toEqual({ ok: true, value });
  });

  it.each(['yes', 'TRUE', 1, 0, ''])('boolParam accepts only true/false, rejecting %j', (raw) => {
    const message = expect.stringMatching(/^expected true or false, got /);
    expect(parseWith(boolParam(false), raw)).toMatchObject({ ok: false, message });
  });

  it.each([
    [undefined, 'SPY'],
    ['qqq', 'QQQ'],
    [' brk.b ', 'BRK.B'],
    ['^gspc', '^GSPC'],
    ['btc-usd', 'BTC-USD'],
  ])('symbolParam("SPY") parses %j to %j', (raw, value) => {
    expect(parseWith(symbolParam('SPY'), raw)).toEqual({ ok: true, value });
  });

  it.each(['', 'S P Y', 42, null])('symbolParam rejects %j', (raw) => {
    const message = expect.stringMatching(/^expected a symbol such as SPY, got /);
    expect(parseWith(symbolParam('SPY'), raw)).toMatchObject({ ok: false, message });
  });

  it.each([
    [undefined, null],
    [null, null],
    ['', null],
    ['None', null],
    ['tlt', 'TLT'],
  ])('optionalSymbolParam parses %j to %j', (raw, value) => {
    expect(parseWith(optionalSymbolParam(), raw)).toEqual({ ok: true, value });
  });

  it.each([
    [undefined, [21, 63, 126]],
    ['21,63,126', [21, 63, 126]],
    [' 5 , 10 ', [5, 10]],
    ['7', [7]],
    [[21, '63'], [21, 63]],
  ])('intListParam([21,63,126]) parses %j to %j', (raw, value) => {
    expect(parseWith(intListParam([21, 63, 126], { min: 1, max: 500 }), raw)).toEqual({ ok: true, value });
  });

  it.each([
    ['21;63', `expected a list of 1 to 20 integers between 1 and 500 such as "21,63,126", got '21;63'`],
    ['21,', `expected a list of 1 to 20 integers between 1 and 500 such as "21,63,126", got '21,'`],
    [[], 'expected a list of 1 to 20 integers between 1 and 500 such as "21,63,126", got []'],
    [[0, 5], 'expected a list of 1 to 20 integers between 1 and 500 such as "21,63,126", got [0,5]'],
    [21, 'expected a list of 1 to 20 integers between 1 and 500 such as "21,63,126", got 21'],
    ['1,'.repeat(20) + '1', `expected a list of 1 to 20 integers between 1 and 500 such as "21,63,126", got '${'1,'.repeat(20)}1'`],
  ])('intListParam rejects %j', (raw, message) => {
    expect(parseWith(intListParam([21, 63, 126], { min: 1, max: 500 }), raw)).toEqual({ ok: false, message });
  });

  it('echoes at most a few hundred characters of a bad value, with control characters escaped', () => {
    const parsed = parseWith(intParam(5), `\u001b[31m${'9'.repeat(100_000)}`);
    expect(parsed.ok).toBe(false);
    const message = parsed.ok ? '' : parsed.message;
    expect(message).toMatch(/^expected an integer, got '\\x1b\[31m9+'… \(\+99,805 characters\)$/);
  });
});

import { describe, expect, it } from 'vitest';
import {
  atr,
  bollinger,
  donchian,
  ema,
  macd,
  momentum,
  rollingStd,
  rsi,
  sma,
} from '../../../src/core/indicators/index.js';

const xs = [1, 2, 3, 4, 5];

const calls: ReadonlyArray<readonly [string, (p: number) => unknown]> = [
  ['sma', (p) => sma(xs, p)],
  ['ema', (p) => ema(xs, p)],
  ['rsi', (p) => rsi(xs, p)],
  ['atr', (p) => atr(xs, xs, xs, p)],
  ['rollingStd', (p) => rollingStd(xs, p)],
  ['bollinger', (p) => bollinger(xs, p)],
  ['donchian', (p) => donchian(xs, xs, p)],
  ['macd fast', (p) => macd(xs, p, 26, 9)],
  ['macd slow', (p) => macd(xs, 12, p, 9)],
  ['macd signal', (p) => macd(xs, 12, 26, p)],
  ['momentum', (p) => momentum(xs, p)],
];

const badPeriods = [0, -1, 2.5, Number.NaN, Number.POSITIVE_INFINITY];

describe('period validation', () => {
  it.each(calls.flatMap(([name, call]) => badPeriods.map((p) => ({ name, call, p }))))(
    '$name throws RangeError for period $p',
    ({ call, p }) => {
      expect(() => call(p)).toThrow(RangeError);
    },
  );

  it.each(calls.map(([name, call]) => ({ name, call })))('$name accepts period 1', ({ call }) => {
    expect(() => call(1)).not.toThrow();
  });

  it('rejects a non-finite Bollinger multiplier', () => {
    expect(() => bollinger(xs, 2, Number.NaN)).toThrow(RangeError);
    expect(() => bollinger(xs, 2, Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('rejects high/low series of different lengths', () => {
    expect(() => donchian([1, 2], [1], 1)).toThrow(RangeError);
  });
});

import { describe, it } from 'vitest';
import type { BarSeries } from '../../../src/core/domain/bar.js';
import {
  atr,
  bollinger,
  createAtrStream,
  createBollingerStream,
  createDonchianStream,
  createEmaStream,
  createMacdStream,
  createRollingStdStream,
  createRsiStream,
  createSmaStream,
  donchian,
  ema,
  macd,
  rollingStd,
  rsi,
  sma,
  type BollingerPoint,
  type DonchianPoint,
  type MacdPoint,
} from '../../../src/core/indicators/index.js';
import { loadRealSeries } from '../../helpers/real-data.js';
import { expectSameSeries } from './oracle.js';
import { centsWalk, highPricedSeries } from './synthetic.js';

type Lines = Record<string, Float64Array>;

/** Feeds every bar of `s` to `step`, which writes bar i's outputs into the named columns. */
function run(s: BarSeries, names: readonly string[], step: (i: number, cols: Lines) => void): Lines {
  const cols: Lines = Object.fromEntries(names.map((n) => [n, new Float64Array(s.length)]));
  for (let i = 0; i < s.length; i++) step(i, cols);
  return cols;
}

interface StreamCase {
  readonly name: string;
  readonly batch: (s: BarSeries) => Lines;
  readonly stream: (s: BarSeries) => Lines;
}

const single = (name: string, batch: (s: BarSeries) => Float64Array, make: () => { next(v: number): number }): StreamCase => ({
  name,
  batch: (s) => ({ value: batch(s) }),
  stream: (s) => {
    const st = make();
    return run(s, ['value'], (i, c) => {
      c.value![i] = st.next(s.close[i]!);
    });
  },
});

const cases: StreamCase[] = [
  ...[1, 3, 50, 200].map((p) => single(`sma(${p})`, (s) => sma(s.close, p), () => createSmaStream(p))),
  ...[1, 12, 200].map((p) => single(`ema(${p})`, (s) => ema(s.close, p), () => createEmaStream(p))),
  ...[2, 14].map((p) => single(`rsi(${p})`, (s) => rsi(s.close, p), () => createRsiStream(p))),
  ...[1, 2, 20, 300].map((p) => single(`rollingStd(${p})`, (s) => rollingStd(s.close, p), () => createRollingStdStream(p))),
  ...[1, 14].map((p) => ({
    name: `atr(${p})`,
    batch: (s: BarSeries) => ({ value: atr(s.high, s.low, s.close, p) }),
    stream: (s: BarSeries) => {
      const st = createAtrStream(p);
      return run(s, ['value'], (i, c) => {
        c.value![i] = st.next(s.high[i]!, s.low[i]!, s.close[i]!);
      });
    },
  })),
  ...[2, 20].map((p) => ({
    name: `bollinger(${p}, 2)`,
    batch: (s: BarSeries) => ({ ...bollinger(s.close, p, 2) }),
    stream: (s: BarSeries) => {
      const st = createBollingerStream(p, 2);
      const out: BollingerPoint = { middle: 0, upper: 0, lower: 0 };
      return run(s, ['middle', 'upper', 'lower'], (i, c) => {
        st.next(s.close[i]!, out);
        c.middle![i] = out.middle;
        c.upper![i] = out.upper;
        c.lower![i] = out.lower;
      });
    },
  })),
  ...[1, 20, 55].map((p) => ({
    name: `donchian(${p})`,
    batch: (s: BarSeries) => ({ ...donchian(s.high, s.low, p) }),
    stream: (s: BarSeries) => {
      const st = createDonchianStream(p);
      const out: DonchianPoint = { upper: 0, lower: 0, middle: 0 };
      return run(s, ['upper', 'lower', 'middle'], (i, c) => {
        st.next(s.high[i]!, s.low[i]!, out);
        c.upper![i] = out.upper;
        c.lower![i] = out.lower;
        c.middle![i] = out.middle;
      });
    },
  })),
  {
    name: 'macd(12, 26, 9)',
    batch: (s) => ({ ...macd(s.close, 12, 26, 9) }),
    stream: (s) => {
      const st = createMacdStream(12, 26, 9);
      return run(s, ['macd', 'signal', 'histogram'], (i, c) => {
        // No `out` here on purpose: the allocating form must give the same numbers.
        const r: MacdPoint = st.next(s.close[i]!);
        c.macd![i] = r.macd;
        c.signal![i] = r.signal;
        c.histogram![i] = r.histogram;
      });
    },
  },
];

const rows = (['ORCL', 'GOOG'] as const).flatMap((symbol) => cases.map((c) => ({ symbol, ...c })));

describe('streaming kernels', () => {
  // These inputs make rollingStd re-sum often (error-triggered), so both code paths must agree there too.
  it.each([
    { data: 'trend + cents noise', make: highPricedSeries },
    { data: 'cent-rounded random walk', make: centsWalk },
  ].flatMap((c) => [2, 20, 200].map((period) => ({ ...c, period }))))(
    'rollingStd($period) stream equals the batch kernel bar for bar on prices ~1e5 ($data)',
    ({ make, period }) => {
      const values = make(20_000);
      const st = createRollingStdStream(period);
      const streamed = values.map((v) => st.next(v));
      expectSameSeries(streamed, rollingStd(values, period));
    },
  );

  it.each(rows)('$name stream equals the batch kernel bit for bit on $symbol', ({ symbol, batch, stream }) => {
    const s = loadRealSeries(symbol);
    const expected = batch(s);
    const actual = stream(s);
    for (const key of Object.keys(expected)) expectSameSeries(actual[key]!, expected[key]!);
  });
});

import { describe, expect, it } from 'vitest';
import { SMA } from 'technicalindicators';
import { relativeStrengthParams } from '../../../src/core/strategies/relative-strength.js';
import {
  bind,
  expectNoLookAhead,
  expectReasonStates,
  expectWellFormed,
  indexOfDate,
  isoDate,
  keysOf,
  paramsError,
  realSeries,
  realUniverse,
  referenceSma,
  runStrategy,
  type RealSymbol,
} from './helpers.js';

const ID = 'relative-strength';

interface Lines {
  closeSma: number[];
  rs: number[];
  rsSma: number[];
}

/** RS = close / the benchmark's latest close at or before the bar, by a plain scan; SMAs by technicalindicators. */
function referenceLines(symbol: RealSymbol, benchmark: RealSymbol, smaPeriod: number, rsPeriod: number): Lines {
  const s = realSeries(symbol);
  const b = realSeries(benchmark);
  const rs = Array.from(s.time, (time, i) => {
    let j = -1;
    for (let m = 0; m < b.length && b.time[m]! <= time; m++) j = m;
    return j < 0 ? Number.NaN : s.close[i]! / b.close[j]!;
  });
  const first = rs.findIndex((x) => !Number.isNaN(x));
  const rsSmaDefined = SMA.calculate({ period: rsPeriod, values: rs.slice(first) });
  const rsSma = [...new Array<number>(rs.length - rsSmaDefined.length).fill(Number.NaN), ...rsSmaDefined];
  return { closeSma: referenceSma(s.close, smaPeriod), rs, rsSma };
}

interface Case {
  symbol: RealSymbol;
  benchmark: RealSymbol;
  smaPeriod: number;
  rsPeriod: number;
}

function naiveSignals(c: Case): string[] {
  const s = realSeries(c.symbol);
  const { closeSma, rs, rsSma } = referenceLines(c.symbol, c.benchmark, c.smaPeriod, c.rsPeriod);
  const out: string[] = [];
  let long = false;
  for (let i = Math.max(c.smaPeriod, c.rsPeriod) - 1; i < s.length; i++) {
    if (Number.isNaN(rsSma[i]!)) continue;
    const strong = s.close[i]! > closeSma[i]! && rs[i]! > rsSma[i]!;
    if (strong !== long) out.push(`${isoDate(s.time[i]!)} ${c.symbol} ${strong ? 'enter_long' : 'exit_long'}`);
    long = strong;
  }
  return out;
}

const cases: Case[] = [
  { symbol: 'ORCL', benchmark: 'GOOG', smaPeriod: 50, rsPeriod: 50 },
  { symbol: 'ORCL', benchmark: 'GOOG', smaPeriod: 20, rsPeriod: 100 },
  { symbol: 'GOOG', benchmark: 'ORCL', smaPeriod: 50, rsPeriod: 50 },
];

describe('relative-strength', () => {
  it.each(cases)(
    'holds $symbol while above SMA$smaPeriod and its RS vs $benchmark is above SMA$rsPeriod of RS',
    (c) => {
      const bound = bind(ID, { benchmark: c.benchmark, smaPeriod: c.smaPeriod, rsPeriod: c.rsPeriod });
      const u = realUniverse([c.symbol, c.benchmark], [c.benchmark]);
      const emitted = runStrategy(bound, u);
      expect(keysOf(emitted)).toEqual(naiveSignals(c));
      expect(emitted.length).toBeGreaterThanOrEqual(20);
      expectWellFormed(bound, u, emitted);
    },
  );

  it('never trades the benchmark, even when it is loaded as tradable', () => {
    const bound = bind(ID, { benchmark: 'GOOG' });
    const emitted = runStrategy(bound, realUniverse(['ORCL', 'GOOG']));
    expect(emitted.every((e) => e.symbol === 'ORCL')).toBe(true);
    expect(keysOf(emitted)).toEqual(naiveSignals(cases[0]!));
  });

  it('asks for the benchmark as a data symbol and stays silent without it instead of throwing', () => {
    const bound = bind(ID);
    expect(bound.dataSymbols).toEqual(['SPY']);
    expect(runStrategy(bound, realUniverse(['ORCL']))).toEqual([]);
  });

  it('states the close, its SMA, the RS line and its SMA in every reason', () => {
    const s = realSeries('ORCL');
    const lines = referenceLines('ORCL', 'GOOG', 50, 50);
    for (const e of runStrategy(bind(ID, { benchmark: 'GOOG' }), realUniverse(['ORCL', 'GOOG'], ['GOOG']))) {
      const i = indexOfDate(s, e.date);
      expect(e.reason).toContain('GOOG');
      expectReasonStates(e.reason, s.close[i]!);
      expectReasonStates(e.reason, lines.closeSma[i]!);
      expectReasonStates(e.reason, lines.rs[i]!);
      expectReasonStates(e.reason, lines.rsSma[i]!);
    }
  });

  it('never needs bars after t (same signals on data cut at several dates)', () => {
    expectNoLookAhead(bind(ID, { benchmark: 'GOOG' }), ['ORCL', 'GOOG'], ['GOOG'], ['2006-01-03', '2010-05-06', '2014-01-02']);
  });

  describe('params', () => {
    it('parses {} to the documented defaults', () => {
      expect(relativeStrengthParams.parse({})).toEqual({ benchmark: 'SPY', smaPeriod: 50, rsPeriod: 50 });
    });

    it('accepts CLI strings and upper-cases the benchmark', () => {
      expect(bind(ID, { benchmark: 'goog', smaPeriod: '20', rsPeriod: '100' }).params).toEqual({
        benchmark: 'GOOG',
        smaPeriod: 20,
        rsPeriod: 100,
      });
      expect(bind(ID, { smaPeriod: 20, rsPeriod: 100 }).minBars).toBe(100);
    });

    it.each([
      [{ benchmark: 42 }, "relative-strength: param 'benchmark' expected a symbol such as SPY, got 42"],
      [{ benchmark: 'S P Y' }, "relative-strength: param 'benchmark' expected a symbol such as SPY, got 'S P Y'"],
      [{ rsPeriod: 'fifty' }, "relative-strength: param 'rsPeriod' expected an integer between 2 and 1000, got 'fifty'"],
      [{ index: 'SPY' }, "relative-strength: unknown param 'index'; valid: benchmark, smaPeriod, rsPeriod"],
    ])('rejects %j with a one-line strategy.params error', (raw, message) => {
      expect(paramsError(ID, raw)).toBe(message);
    });
  });
});

import { describe, expect, it } from 'vitest';
import { validateEquityChartInput, type EquitySeriesInput } from '../../src/charts/equity-chart-input.js';

const series = (equity: number[], time = equity.map((_, i) => 1_600_000_000_000 + i * 86_400_000)): EquitySeriesInput => ({
  name: 'run-1',
  time,
  equity,
});

describe('validateEquityChartInput', () => {
  it('fills the default size, drops an empty subtitle and copies the arrays into Float64Arrays', () => {
    const input = series([1, 2, 3]);
    const chart = validateEquityChartInput({ title: 't', subtitle: '', series: [input] });
    expect(chart).toMatchObject({ widthPx: 1200, heightPx: 600, subtitle: undefined, simulated: false });
    expect(chart.series[0]!.equity).toEqual(new Float64Array([1, 2, 3]));
    expect(chart.series[0]!.time).not.toBe(input.time);
  });

  it.each([
    { what: 'NaN equity', s: series([1, 2, 3, Number.NaN]), message: /series 0 \("run-1"\): equity\[3\] is NaN/ },
    { what: 'Infinity equity', s: series([Number.POSITIVE_INFINITY]), message: /equity\[0\] is Infinity/ },
    { what: '-Infinity equity', s: series([1, Number.NEGATIVE_INFINITY]), message: /equity\[1\] is -Infinity/ },
    { what: 'NaN time', s: series([1, 2], [0, Number.NaN]), message: /time\[1\] is NaN/ },
    { what: 'Infinity time', s: series([1, 2], [Number.POSITIVE_INFINITY, 1]), message: /time\[0\] is Infinity/ },
    { what: 'a time going backwards', s: series([1, 2, 3], [10, 20, 15]), message: /time\[2\] \(15\) is before time\[1\] \(20\)/ },
    { what: 'mismatched lengths', s: series([1, 2, 3], [1, 2]), message: /time has 2 points but equity has 3/ },
  ])('rejects $what with a RangeError that names the series and the index', ({ s, message }) => {
    const call = () => validateEquityChartInput({ title: 't', series: [s] });
    expect(call).toThrow(RangeError);
    expect(call).toThrow(message);
  });

  it('names the second series when that is the bad one', () => {
    const bad = { ...series([1, Number.NaN]), name: 'b' };
    expect(() => validateEquityChartInput({ title: 't', series: [series([1, 2]), bad] })).toThrow(/series 1 \("b"\): equity\[1\]/);
  });

  it.each([
    { width: 199 },
    { width: 4097 },
    { width: 800.5 },
    { height: 0 },
    { height: Number.NaN },
  ])('rejects an image size out of range: %o', (size) => {
    expect(() => validateEquityChartInput({ title: 't', series: [], ...size })).toThrow(RangeError);
  });

  it('accepts equal consecutive times (two marks in one bar)', () => {
    expect(() => validateEquityChartInput({ title: 't', series: [series([1, 2, 3], [5, 5, 6])] })).not.toThrow();
  });
});

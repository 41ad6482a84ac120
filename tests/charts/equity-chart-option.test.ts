import { describe, expect, it } from 'vitest';
import {
  buildEquityChartOption,
  formatEquity,
  NO_DATA_LABEL,
  SERIES_COLORS,
  SIMULATED_LABEL,
} from '../../src/charts/equity-chart-option.js';
import { validateEquityChartInput, type EquityChartInput } from '../../src/charts/equity-chart-input.js';
import { walkCurve } from './curves.js';

const build = (input: Omit<EquityChartInput, 'title'>) => buildEquityChartOption(validateEquityChartInput({ title: 'Run', ...input }));
const a = { name: 'a', ...walkCurve(50, 1) };
const b = { name: 'b', ...walkCurve(50, 2) };

describe('buildEquityChartOption', () => {
  it('draws one line with no legend for a run summary', () => {
    const option = build({ series: [a] });
    expect(option).toMatchObject({ legend: { show: false }, series: [{ type: 'line', name: 'a', color: SERIES_COLORS[0] }] });
  });

  it('draws two lines in distinct colours with a legend for a compare', () => {
    const option = build({ series: [a, b] });
    expect(option).toMatchObject({
      legend: { show: true },
      series: [{ name: 'a', color: SERIES_COLORS[0] }, { name: 'b', color: SERIES_COLORS[1] }],
    });
    expect(new Set(SERIES_COLORS).size).toBe(SERIES_COLORS.length);
  });

  it('uses a UTC time axis and an equity axis with thousands separators', () => {
    expect(build({ series: [a] })).toMatchObject({ useUTC: true, xAxis: { type: 'time' }, yAxis: { axisLabel: { formatter: formatEquity } } });
  });

  it.each([
    [1_234_567, '1,234,567'],
    [1_234_567.891, '1,234,567.89'],
    [-25_000, '-25,000'],
    [950, '950'],
  ])('formats equity %d as %s', (value, text) => {
    expect(formatEquity(value)).toBe(text);
  });

  it('adds the watermark and the corner label only for simulated data', () => {
    expect(JSON.stringify(build({ series: [a], simulated: true }).graphic)).toContain(SIMULATED_LABEL);
    expect(JSON.stringify(build({ series: [a] }).graphic)).not.toContain(SIMULATED_LABEL);
  });

  it.each([
    { what: 'no series', series: [] },
    { what: 'an empty series', series: [{ name: 'x', time: [], equity: [] }] },
    { what: 'a one-point series', series: [{ name: 'x', time: [1], equity: [100] }] },
  ])('shows a "no data" note and no axes for $what', ({ series }) => {
    const option = build({ series });
    expect(JSON.stringify(option.graphic)).toContain(NO_DATA_LABEL);
    expect(option.series).toBeUndefined();
    expect(option.xAxis).toBeUndefined();
  });

  it('keeps a compare readable when one side has no data: the other is drawn, the empty one says so', () => {
    const option = build({ series: [a, { name: 'b', time: [], equity: [] }] });
    expect(option).toMatchObject({ legend: { show: true }, series: [{ name: 'a' }, { name: 'b (no data)', data: [] }] });
    expect(JSON.stringify(option.graphic)).not.toContain(NO_DATA_LABEL);
  });
});

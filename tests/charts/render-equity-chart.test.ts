import { describe, expect, it } from 'vitest';
import { renderEquityChart, type EquityChartInput } from '../../src/charts/index.js';
import { SERIES_COLORS } from '../../src/charts/equity-chart-option.js';
import { countColor, countInk, decodePng, PNG_SIGNATURE } from './png-reader.js';
import { walkCurve } from './curves.js';

const SIMULATED_RED = '#dc2626';
const [BLUE, ORANGE] = [SERIES_COLORS[0]!, SERIES_COLORS[1]!];
const a = { name: 'a: r-1', ...walkCurve(1_500, 1) };
const b = { name: 'b: r-2', ...walkCurve(1_500, 2, 80_000) };

const render = async (input: Partial<EquityChartInput>) => decodePng(await renderEquityChart({ title: 'Run r-1', series: [a], ...input }));

describe('renderEquityChart', () => {
  it.each([
    { width: undefined, height: undefined, w: 1200, h: 600 },
    { width: 640, height: 360, w: 640, h: 360 },
    { width: 200, height: 200, w: 200, h: 200 },
    { width: 1920, height: 1080, w: 1920, h: 1080 },
  ])('writes a PNG whose IHDR says $w x $h', async ({ width, height, w, h }) => {
    const bytes = await renderEquityChart({ title: 'Run', series: [a], width, height });
    expect(Array.from(bytes.subarray(0, 8))).toEqual([...PNG_SIGNATURE]);
    const png = decodePng(bytes);
    expect([png.width, png.height]).toEqual([w, h]);
    expect(png.rgba.length).toBe(w * h * 4);
  });

  it('gives identical bytes for the same input, even with other charts rendered in between', async () => {
    const input: EquityChartInput = { title: 'Compare', subtitle: 'a vs b', series: [a, b], simulated: true };
    const first = await renderEquityChart(input);
    await renderEquityChart({ title: 'other', series: [b] });
    const second = await renderEquityChart(input);
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
  });

  it('draws one series in the first colour and none in the second', async () => {
    const png = await render({ series: [a] });
    expect(countColor(png, BLUE)).toBeGreaterThan(500);
    expect(countColor(png, ORANGE)).toBe(0);
  });

  it('draws both series of a compare, each in its own colour', async () => {
    const png = await render({ series: [a, b] });
    expect(countColor(png, BLUE)).toBeGreaterThan(500);
    expect(countColor(png, ORANGE)).toBeGreaterThan(500);
  });

  it('labels simulated data in red and leaves real data unlabelled', async () => {
    const simulated = await render({ simulated: true });
    expect(countColor(simulated, SIMULATED_RED)).toBeGreaterThan(50);
    expect(countColor(await render({ simulated: false }), SIMULATED_RED)).toBe(0);
  });

  it('renders text with the shipped font (title ink where the title is)', async () => {
    const png = await render({ title: 'Equity' });
    expect(countInk(png, 16, 8, 120, 36)).toBeGreaterThan(100);
  });

  it.each([
    { what: 'no series', series: [] },
    { what: 'an empty series', series: [{ name: 'x', time: [], equity: [] }] },
    { what: 'a one-point series', series: [{ name: 'x', time: [1_600_000_000_000], equity: [100_000] }] },
  ])('still writes a valid PNG with a "no data" note for $what', async ({ series }) => {
    const png = await render({ series, width: 600, height: 300 });
    expect([png.width, png.height]).toEqual([600, 300]);
    expect(countInk(png, 200, 130, 400, 170)).toBeGreaterThan(50); // the centred note
    expect(countColor(png, BLUE)).toBe(0);
  });

  it('renders a 1,000,000-point curve of minute bars (time logged, not asserted)', async () => {
    const big = { name: 'big', ...walkCurve(1_000_000, 3, 100_000, 60_000) };
    const started = performance.now();
    const png = decodePng(await renderEquityChart({ title: '1M points', series: [big] }));
    console.log(`1,000,000-point equity chart rendered in ${(performance.now() - started).toFixed(0)} ms`);
    expect([png.width, png.height]).toEqual([1200, 600]);
    expect(countColor(png, BLUE)).toBeGreaterThan(500);
  });

  it.each([
    { what: 'NaN', value: Number.NaN },
    { what: 'Infinity', value: Number.POSITIVE_INFINITY },
    { what: '-Infinity', value: Number.NEGATIVE_INFINITY },
  ])('rejects $what equity with a RangeError', async ({ value }) => {
    const equity = Float64Array.from(a.equity);
    equity[700] = value;
    await expect(renderEquityChart({ title: 't', series: [{ ...a, equity }] })).rejects.toThrow(RangeError);
    await expect(renderEquityChart({ title: 't', series: [{ ...a, equity }] })).rejects.toThrow(/equity\[700\]/);
  });

  it('rejects a non-finite time with a RangeError', async () => {
    const time = Float64Array.from(a.time);
    time[3] = Number.NaN;
    await expect(renderEquityChart({ title: 't', series: [{ ...a, time }] })).rejects.toThrow(RangeError);
  });
});

describe('the test PNG reader', () => {
  it('notices a corrupted chunk, so the checks above are not vacuous', async () => {
    const bytes = Uint8Array.from(await renderEquityChart({ title: 't', series: [a], width: 300, height: 200 }));
    bytes[40] = bytes[40]! ^ 0xff;
    expect(() => decodePng(bytes)).toThrow(/bad CRC/);
  });
});

/** What callers hand to renderEquityChart, and its validation into the shape the renderer works on. */

export interface EquitySeriesInput {
  readonly name: string;
  /** Epoch ms UTC, non-decreasing (an equity curve's timeline). */
  readonly time: Float64Array | readonly number[];
  readonly equity: Float64Array | readonly number[];
}

export interface EquityChartInput {
  readonly title: string;
  readonly subtitle?: string;
  /** One series for a run summary, two or more for a compare. */
  readonly series: readonly EquitySeriesInput[];
  /** Adds a "SIMULATED DATA" watermark and label, for curves built on sim market data. */
  readonly simulated?: boolean;
  /** PNG size in pixels. */
  readonly width?: number;
  readonly height?: number;
}

export interface EquitySeries {
  readonly name: string;
  readonly time: Float64Array;
  readonly equity: Float64Array;
}

export interface EquityChart {
  readonly title: string;
  readonly subtitle: string | undefined;
  readonly series: readonly EquitySeries[];
  readonly simulated: boolean;
  readonly widthPx: number;
  readonly heightPx: number;
}

export const DEFAULT_WIDTH_PX = 1200;
export const DEFAULT_HEIGHT_PX = 600;
/** Below this the layout (title, legend, axis labels) leaves no room for a plot; above it PNGs get needlessly big. */
export const MIN_SIDE_PX = 200;
export const MAX_SIDE_PX = 4096;

function checkSide(what: 'width' | 'height', value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < MIN_SIDE_PX || value > MAX_SIDE_PX) {
    throw new RangeError(`chart ${what} must be an integer from ${MIN_SIDE_PX} to ${MAX_SIDE_PX} px, got ${value}`);
  }
  return value;
}

function toSeries(s: EquitySeriesInput, index: number): EquitySeries {
  const label = `series ${index} (${JSON.stringify(s.name)})`;
  if (s.time.length !== s.equity.length) {
    throw new RangeError(`${label}: time has ${s.time.length} points but equity has ${s.equity.length}`);
  }
  // Copies: the caller keeps ownership of its arrays, and number[] becomes the Float64Array the rest expects.
  const time = Float64Array.from(s.time);
  const equity = Float64Array.from(s.equity);
  for (let i = 0; i < time.length; i++) {
    const t = time[i]!;
    const e = equity[i]!;
    if (!Number.isFinite(t)) throw new RangeError(`${label}: time[${i}] is ${t}, not a finite epoch ms`);
    if (!Number.isFinite(e)) throw new RangeError(`${label}: equity[${i}] is ${e}, not a finite number`);
    if (i > 0 && t < time[i - 1]!) {
      throw new RangeError(`${label}: time[${i}] (${t}) is before time[${i - 1}] (${time[i - 1]!}); times must not decrease`);
    }
  }
  return { name: s.name, time, equity };
}

/** Throws RangeError on anything that would draw a wrong chart (non-finite values, mismatched or unordered series). */
export function validateEquityChartInput(input: EquityChartInput): EquityChart {
  return {
    title: input.title,
    subtitle: input.subtitle === undefined || input.subtitle === '' ? undefined : input.subtitle,
    series: input.series.map(toSeries),
    simulated: input.simulated === true,
    widthPx: checkSide('width', input.width, DEFAULT_WIDTH_PX),
    heightPx: checkSide('height', input.height, DEFAULT_HEIGHT_PX),
  };
}

import { buildEquityChartOption } from './equity-chart-option.js';
import { validateEquityChartInput, type EquityChart, type EquityChartInput } from './equity-chart-input.js';
import { minMaxDownsample } from './min-max-downsample.js';
import { renderOptionToSvg } from './render-svg.js';
import { svgToPng } from './svg-to-png.js';

/** Per series: a 1,200 px plot cannot show more than ~2 points per pixel column anyway. */
export const MAX_POINTS_PER_SERIES = 2_000;

function downsample(chart: EquityChart): EquityChart {
  return {
    ...chart,
    series: chart.series.map((s) => {
      const d = minMaxDownsample(s.time, s.equity, MAX_POINTS_PER_SERIES);
      return { name: s.name, time: d.time, equity: d.values };
    }),
  };
}

/**
 * Equity curve(s) as PNG bytes: one series for a run summary, several (distinct colours, legend) for a compare.
 * Rejects with a RangeError on non-finite values, mismatched lengths, decreasing times or an out-of-range size;
 * empty or one-point series still give a valid PNG that says there is no data.
 */
export async function renderEquityChart(input: EquityChartInput): Promise<Uint8Array> {
  const chart = downsample(validateEquityChartInput(input));
  const svg = renderOptionToSvg(buildEquityChartOption(chart), chart.widthPx, chart.heightPx);
  return svgToPng(svg);
}

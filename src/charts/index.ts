// Equity-curve PNGs: Apache ECharts renders SVG server-side (pure JS, no DOM or canvas), resvg-js rasterises it
// (prebuilt Rust binary inside its npm package: no cairo, no download). Chosen over Vega-Lite + resvg for ~2x
// faster renders (warm: ECharts ~20 ms + resvg ~35 ms at 2,000 points/series) and 3 packages instead of ~75; the
// cost is install size (~75 MB vs ~29 MB, mostly ECharts' prebuilt bundles). The font (Arimo) ships via npm too.
export { renderEquityChart, MAX_POINTS_PER_SERIES } from './render-equity-chart.js';
export type { EquityChartInput, EquitySeriesInput } from './equity-chart-input.js';
export { minMaxDownsample } from './min-max-downsample.js';

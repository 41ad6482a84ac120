/** Turns a validated, downsampled chart into an ECharts option: layout, colours, axes, watermark, "no data". */
import type { EChartsOption, GraphicComponentOption, LineSeriesOption } from 'echarts';
import { CHART_FONT_FAMILY } from './chart-fonts.js';
import type { EquityChart } from './equity-chart-input.js';

/** Okabe-Ito colours (without the yellow, too faint on white): distinct for colour-blind readers too. */
export const SERIES_COLORS: readonly string[] = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#56B4E9', '#E69F00', '#000000'];

export const SIMULATED_LABEL = 'SIMULATED DATA';
export const NO_DATA_LABEL = 'No data to chart';

const TEXT_COLOR = '#1f2937';
const MUTED_COLOR = '#6b7280';
const SIMULATED_COLOR = '#dc2626';
const PAD_PX = 16;

// en-US fixes the separator to "," whatever locale the host runs in, so the same input draws the same image.
const equityFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
export const formatEquity = (value: number): string => equityFormat.format(value);

const TIME_LABELS = {
  year: '{yyyy}',
  month: '{MMM} {yyyy}',
  day: '{MMM} {d}',
  hour: '{HH}:{mm}',
  minute: '{HH}:{mm}',
  second: '{HH}:{mm}:{ss}',
  millisecond: '{HH}:{mm}:{ss}.{SSS}',
};

/** A series needs two points to draw a line; fewer is "no data" for it. */
const hasLine = (s: EquityChart['series'][number]): boolean => s.time.length >= 2;

function watermark(chart: EquityChart): GraphicComponentOption[] {
  if (!chart.simulated) return [];
  const fontSize = Math.round(Math.min(chart.widthPx, chart.heightPx) / 7);
  return [
    {
      type: 'text',
      left: 'center',
      top: 'middle',
      rotation: Math.PI / 12,
      z: 0,
      silent: true,
      style: { text: SIMULATED_LABEL, fontSize, fontWeight: 'bold', fill: SIMULATED_COLOR, opacity: 0.1 },
    },
    {
      type: 'text',
      right: PAD_PX,
      top: PAD_PX,
      silent: true,
      style: { text: SIMULATED_LABEL, fontSize: 13, fontWeight: 'bold', fill: SIMULATED_COLOR },
    },
  ];
}

function lineSeries(chart: EquityChart): LineSeriesOption[] {
  return chart.series.map((s, i) => {
    const data: [number, number][] = new Array(s.time.length);
    for (let j = 0; j < s.time.length; j++) data[j] = [s.time[j]!, s.equity[j]!];
    return {
      type: 'line',
      name: hasLine(s) ? s.name : `${s.name} (no data)`,
      data: hasLine(s) ? data : [],
      color: SERIES_COLORS[i % SERIES_COLORS.length]!,
      showSymbol: false,
      lineStyle: { width: 1.75 },
      silent: true,
      z: 2,
    };
  });
}

export function buildEquityChartOption(chart: EquityChart): EChartsOption {
  const anyLine = chart.series.some(hasLine);
  const showLegend = anyLine && chart.series.length > 1;
  const titleHeightPx = chart.subtitle === undefined ? 40 : 60;
  const base: EChartsOption = {
    animation: false,
    // Time labels in UTC: bar times are epoch ms UTC, and the host's zone must not change the picture.
    useUTC: true,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: CHART_FONT_FAMILY, color: TEXT_COLOR },
    title: {
      text: chart.title,
      subtext: chart.subtitle ?? '',
      left: PAD_PX,
      top: PAD_PX - 4,
      textStyle: { fontSize: 18, fontWeight: 'bold', color: TEXT_COLOR },
      subtextStyle: { fontSize: 13, color: MUTED_COLOR },
    },
    graphic: watermark(chart),
  };
  if (!anyLine) {
    const note: GraphicComponentOption = {
      type: 'text',
      left: 'center',
      top: 'middle',
      style: { text: NO_DATA_LABEL, fontSize: 16, fill: MUTED_COLOR },
    };
    return { ...base, graphic: [...watermark(chart), note] };
  }
  return {
    ...base,
    legend: {
      show: showLegend,
      type: 'plain',
      left: PAD_PX,
      top: titleHeightPx + 4,
      icon: 'roundRect',
      itemWidth: 18,
      itemHeight: 4,
      textStyle: { fontSize: 13, color: TEXT_COLOR },
    },
    grid: {
      left: PAD_PX,
      right: PAD_PX * 2,
      top: titleHeightPx + (showLegend ? 40 : 16),
      bottom: PAD_PX,
      // Keep the axis labels inside the image (the old `containLabel: true`).
      outerBoundsMode: 'same',
      outerBoundsContain: 'axisLabel',
    },
    xAxis: {
      type: 'time',
      // ECharts labels a new day with its bare number ("2"); spell out the month so intraday axes read as dates.
      axisLabel: { color: MUTED_COLOR, hideOverlap: true, formatter: TIME_LABELS },
      axisLine: { lineStyle: { color: '#9ca3af' } },
      splitLine: { show: false },
    },
    yAxis: {
      type: 'value',
      // Equity rarely comes near zero; a zero-based axis would flatten the curve into a line.
      scale: true,
      axisLabel: { color: MUTED_COLOR, formatter: formatEquity },
      splitLine: { lineStyle: { color: '#e5e7eb' } },
    },
    series: lineSeries(chart),
  };
}

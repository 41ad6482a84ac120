import { z } from 'zod';
import { assertNever, ok } from '../../core/domain/result.js';
import { ADJUSTMENTS } from '../../core/domain/data-source.js';
import type { BarSeries } from '../../core/domain/bar.js';
import { atr, bollinger, donchian, ema, macd, rsi, sma } from '../../core/indicators/index.js';
import { defineTool } from '../define-tool.js';
import { iso } from '../time-input.js';
import { barsInput, loadBars, servedBy } from './bars-window.js';

const MAX_LAST = 500;
const period = (fallback: number) => z.number().int().min(1).max(1000).default(fallback).describe(`Period in bars (default ${fallback})`);

const indicatorSpec = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sma').describe('Simple moving average of closes'), period: period(20) }),
  z.object({ kind: z.literal('ema').describe('Exponential moving average of closes'), period: period(20) }),
  z.object({ kind: z.literal('rsi').describe('Wilder RSI of closes'), period: period(14) }),
  z.object({ kind: z.literal('atr').describe('Average true range'), period: period(14) }),
  z.object({ kind: z.literal('bollinger').describe('Bollinger bands of closes'), period: period(20), std_dev: z.number().gt(0).max(10).default(2).describe('Band width in standard deviations (default 2)') }),
  z.object({ kind: z.literal('donchian').describe('Donchian channel of highs and lows'), period: period(20) }),
  z.object({ kind: z.literal('macd').describe('MACD of closes'), fast: period(12), slow: period(26), signal: period(9) }),
]).describe('An indicator and its parameters');

type IndicatorSpec = z.infer<typeof indicatorSpec>;

function compute(spec: IndicatorSpec, s: BarSeries): Record<string, ArrayLike<number>> {
  switch (spec.kind) {
    case 'sma': return { value: sma(s.close, spec.period) };
    case 'ema': return { value: ema(s.close, spec.period) };
    case 'rsi': return { value: rsi(s.close, spec.period) };
    case 'atr': return { value: atr(s.high, s.low, s.close, spec.period) };
    case 'bollinger': { const b = bollinger(s.close, spec.period, spec.std_dev); return { upper: b.upper, middle: b.middle, lower: b.lower }; }
    case 'donchian': { const d = donchian(s.high, s.low, spec.period); return { upper: d.upper, middle: d.middle, lower: d.lower }; }
    case 'macd': { const m = macd(s.close, spec.fast, spec.slow, spec.signal); return { macd: m.macd, signal: m.signal, histogram: m.histogram }; }
    default: return assertNever(spec);
  }
}

const label = (spec: IndicatorSpec): string => spec.kind === 'macd' ? `macd(${spec.fast},${spec.slow},${spec.signal})`
  : spec.kind === 'bollinger' ? `bollinger(${spec.period},${spec.std_dev})` : `${spec.kind}(${spec.period})`;

export const getIndicatorsTool = defineTool({
  name: 'get_indicators',
  title: 'Get indicators',
  description: 'Indicators (sma, ema, rsi, atr, bollinger, donchian, macd) computed over the same bars get_bars returns (never after as_of); the last N values of each, null during warm-up.',
  input: {
    ...barsInput,
    indicators: z.array(indicatorSpec).min(1).max(10).describe('Indicators to compute (1-10)'),
    last: z.number().int().min(1).max(MAX_LAST).default(20).describe(`Values to return per indicator, newest last, 1-${MAX_LAST} (default 20)`),
  },
  output: {
    symbol: z.string().describe('Symbol'),
    timeframe: z.string().describe('Bar size'),
    source: z.string().describe('Data source label'),
    provider: z.string().nullable().describe('The real provider that served this symbol (alpaca, polygon, yahoo); null for sim and csv'),
    dataSource: z.string().describe('The source asked for, or the default used: sim, csv, or a provider list such as alpaca,yahoo'),
    adjustment: z.enum(ADJUSTMENTS).nullable().describe('Real providers: split (split-adjusted) or raw prices; null for sim and csv'),
    simulated: z.boolean().describe('True when the prices are simulated'),
    asOf: z.string().describe('The cut-off used (ISO)'),
    bars: z.number().int().describe('Bars the indicators were computed over'),
    times: z.array(z.string()).describe('Bar times (ISO) of the values returned'),
    indicators: z.array(z.object({
      name: z.string().describe('Indicator and parameters, e.g. sma(20)'),
      lines: z.record(z.string(), z.array(z.number().nullable())).describe('Each line\'s values aligned with times; null during warm-up'),
    })).describe('One entry per requested indicator'),
  },
  async run(deps, input) {
    const loaded = await loadBars(deps, input);
    if (!loaded.ok) return loaded;
    const { series: full, first, source, asOf } = loaded.value;
    const s = sliceFrom(full, first);
    const from = Math.max(0, s.length - input.last);
    const times = Array.from(s.time.subarray(from), iso);
    const indicators = input.indicators.map((spec) => {
      const lines: Record<string, (number | null)[]> = {};
      for (const [name, values] of Object.entries(compute(spec, s))) {
        lines[name] = Array.from({ length: s.length - from }, (_, k) => { const v = values[from + k]!; return Number.isFinite(v) ? v : null; });
      }
      return { name: label(spec), lines };
    });
    const lastValues = indicators.map((ind) => `${ind.name} ${Object.entries(ind.lines).map(([k, v]) => `${k}=${v.at(-1)?.toFixed(4) ?? 'n/a'}`).join(' ')}`);
    const text = `${s.symbol} [${s.timeframe}] from ${servedBy(source)}${source.simulated ? ' (simulated)' : ''} over ${s.length} bar(s) to ${times.at(-1) ?? '-'}: ${lastValues.join('; ')}.`;
    return ok({ text, data: { symbol: s.symbol, timeframe: s.timeframe, source: source.label, provider: source.provider, dataSource: source.spec, adjustment: source.adjustment, simulated: source.simulated, asOf: iso(asOf), bars: s.length, times, indicators } });
  },
});

function sliceFrom(s: BarSeries, first: number): BarSeries {
  if (first === 0) return s;
  return {
    symbol: s.symbol, timeframe: s.timeframe, length: s.length - first, time: s.time.subarray(first), open: s.open.subarray(first), high: s.high.subarray(first),
    low: s.low.subarray(first), close: s.close.subarray(first), volume: s.volume.subarray(first),
  };
}

import { z } from 'zod';
import { ok } from '../../core/domain/result.js';
import { ADJUSTMENTS } from '../../core/domain/data-source.js';
import { defineTool } from '../define-tool.js';
import { iso } from '../time-input.js';
import { barsInput, loadBars, MAX_BARS, servedBy } from './bars-window.js';

const barOutput = z.object({
  time: z.string().describe('Bar open time (ISO)'),
  open: z.number().describe('Open'),
  high: z.number().describe('High'),
  low: z.number().describe('Low'),
  close: z.number().describe('Close'),
  volume: z.number().describe('Volume'),
}).describe('One bar');

export const getBarsTool = defineTool({
  name: 'get_bars',
  title: 'Get bars',
  description: `OHLCV bars of one symbol from the desk's market data, oldest first, only bars that had closed by as_of; the newest max_bars (at most ${MAX_BARS}) of the range. Says when prices are simulated.`,
  input: barsInput,
  output: {
    symbol: z.string().describe('Symbol'),
    timeframe: z.string().describe('Bar size'),
    source: z.string().describe('Data source label'),
    provider: z.string().nullable().describe('The real provider that served this symbol (alpaca, polygon, yahoo); null for sim and csv'),
    dataSource: z.string().describe('The source asked for, or the default used: sim, csv, or a provider list such as alpaca,yahoo'),
    adjustment: z.enum(ADJUSTMENTS).nullable().describe('Real providers: split (split-adjusted) or raw prices; null for sim and csv'),
    simulated: z.boolean().describe('True when the prices are simulated, not real'),
    asOf: z.string().describe('The cut-off used (ISO)'),
    available: z.number().int().describe('Bars in the range before the max_bars cut'),
    bars: z.array(barOutput).describe('Oldest first'),
  },
  async run(deps, input) {
    const loaded = await loadBars(deps, input);
    if (!loaded.ok) return loaded;
    const { series: s, first, source, asOf, available } = loaded.value;
    const bars: z.infer<typeof barOutput>[] = [];
    for (let i = first; i < s.length; i++) {
      bars.push({ time: iso(s.time[i]!), open: s.open[i]!, high: s.high[i]!, low: s.low[i]!, close: s.close[i]!, volume: s.volume[i]! });
    }
    const span = bars.length === 0 ? 'no bars' : `${bars.length} bar(s) ${bars[0]!.time} .. ${bars.at(-1)!.time}, last close ${bars.at(-1)!.close}`;
    const text = `${s.symbol} [${s.timeframe}] from ${servedBy(source)}${source.simulated ? ' (simulated prices)' : ''}: ${span}${available > bars.length ? ` (newest ${bars.length} of ${available})` : ''}.`;
    return ok({ text, data: { symbol: s.symbol, timeframe: s.timeframe, source: source.label, provider: source.provider, dataSource: source.spec, adjustment: source.adjustment, simulated: source.simulated, asOf: iso(asOf), available, bars } });
  },
});

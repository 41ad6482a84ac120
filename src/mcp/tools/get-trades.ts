import { z } from 'zod';
import { ok } from '../../core/domain/result.js';
import { asOfField, loadHistoryAsOf } from '../as-of.js';
import { defineTool } from '../define-tool.js';
import { runField, toTradeOutput, tradeOutput } from '../schemas.js';
import { iso } from '../time-input.js';
import { matchesTradeFilter, parseTradeFilter, tradeFilterFields } from './trade-filter.js';

export const MAX_TRADES_PAGE = 500;

export const getTradesTool = defineTool({
  name: 'get_trades',
  title: 'Get trades',
  description: `Closed trades of a run, oldest first, filtered by symbol, side, outcome and exit time; paged (limit <= ${MAX_TRADES_PAGE}, offset). Totals cover every matching trade, not just the page. Trades still open at as_of are not included.`,
  input: {
    run: runField,
    ...tradeFilterFields,
    limit: z.number().int().min(1).max(MAX_TRADES_PAGE).default(100).describe(`Trades per page, 1-${MAX_TRADES_PAGE} (default 100)`),
    offset: z.number().int().min(0).default(0).describe('Matching trades to skip (default 0)'),
    as_of: asOfField,
  },
  output: {
    run: z.number().int().describe('Run number'),
    asOf: z.string().describe('The cut-off used (ISO)'),
    total: z.number().int().describe('Trades matching the filters'),
    offset: z.number().int().describe('Offset of the first trade returned'),
    wins: z.number().int().describe('Matching trades with pnl > 0'),
    losses: z.number().int().describe('Matching trades with pnl < 0'),
    totalPnl: z.number().describe('Sum of pnl of every matching trade'),
    trades: z.array(tradeOutput).describe('This page of matching trades, oldest exit first'),
  },
  async run(deps, input) {
    const filter = parseTradeFilter(input);
    if (!filter.ok) return filter;
    const loaded = await loadHistoryAsOf(deps, input.run, input.as_of);
    if (!loaded.ok) return loaded;
    // Each trade keeps its number in the whole run (#index), whatever the filter.
    const matching = loaded.value.history.trades.map((t, i) => ({ t, index: i + 1 })).filter(({ t }) => matchesTradeFilter(t, filter.value));
    let wins = 0;
    let losses = 0;
    let totalPnl = 0;
    for (const { t } of matching) {
      if (t.pnl > 0) wins++;
      else if (t.pnl < 0) losses++;
      totalPnl += t.pnl;
    }
    const page = matching.slice(input.offset, input.offset + input.limit).map(({ t, index }) => toTradeOutput(t, index));
    const shown = page.length === 0 ? 'none on this page' : `#${page[0]!.index}..#${page.at(-1)!.index} shown`;
    const text = `Run #${input.run}: ${matching.length} matching trade(s) as of ${iso(loaded.value.asOf)}, ${wins} won, ${losses} lost, total pnl ${totalPnl.toFixed(2)}; ${shown}.`;
    return ok({ text, data: { run: input.run, asOf: iso(loaded.value.asOf), total: matching.length, offset: input.offset, wins, losses, totalPnl, trades: page } });
  },
});

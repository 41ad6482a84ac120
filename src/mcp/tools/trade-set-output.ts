// The output shape of tradeSetMetrics (src/core/analysis/trade-set-metrics.ts), every field described.
import { z } from 'zod';

export const tradeSetMetricsOutput = z.object({
  trades: z.number().int().describe('Trades in the set'),
  wins: z.number().int().describe('Trades with pnl > 0'),
  losses: z.number().int().describe('Trades with pnl < 0'),
  winRatePct: z.number().describe('wins / trades x 100 (0 without trades)'),
  profitFactor: z.number().nullable().describe('Gross profit / gross loss; null when no trade lost'),
  expectancy: z.number().describe('Mean net pnl per trade (0 without trades)'),
  avgWin: z.number().describe('Mean pnl of winners (0 if none)'),
  avgLoss: z.number().describe('Mean pnl of losers, negative (0 if none)'),
  totalPnl: z.number().describe('Sum of net pnl'),
  startCash: z.number().describe('The run\'s starting cash: first point of the cumulative-pnl curve'),
  endEquity: z.number().describe('startCash + totalPnl'),
  totalReturnPct: z.number().describe('totalPnl / startCash x 100'),
  maxDrawdownPct: z.number().describe('Largest peak-to-trough fall of startCash + cumulative pnl in exit order, percent of the peak'),
  maxDrawdown: z.number().describe('Largest peak-to-trough fall of the same curve, in money'),
  largestWin: z.number().describe('Largest winning pnl (0 without winners)'),
  largestLoss: z.number().describe('Largest losing pnl, negative (0 without losers)'),
}).describe('Metrics of a trade set: no equity curve, so no Sharpe, Sortino, CAGR or exposure');

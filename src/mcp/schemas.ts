// Zod pieces several tools share: the run number input, and the output shapes of a run, its metrics and a trade.
import { z } from 'zod';
import type { RunConfig } from '../app/runs/ports.js';
import type { ClosedTrade, Metrics } from '../core/engine/report.js';
import { iso, isoOrNull } from './time-input.js';

export const runField = z.number().int().min(1).describe('Run number in this workspace, as the desk shows it (Run #3 -> 3)');

const nullableNumber = (what: string) => z.number().nullable().describe(what);

export const metricsOutput = z.object({
  startEquity: z.number().describe('Starting equity'),
  endEquity: z.number().describe('Equity at the last point of the curve'),
  totalReturnPct: z.number().describe('(endEquity / startEquity - 1) x 100'),
  cagrPct: nullableNumber('Compound annual growth rate, percent; null (n/a) when the curve spans under 30 days (cagrNote says why)'),
  cagrNote: z.string().nullable().describe('Why cagrPct is null; null when it is given'),
  sharpe: nullableNumber('Sharpe of the equity curve\'s point-to-point returns (risk-free 0), annualised by periodsPerYear; null (n/a) under 30 returns or 30 days, or with no variation (sharpeNote says why)'),
  sharpeNote: z.string().nullable().describe('Why sharpe is null; null when it is given'),
  sortino: nullableNumber('Sortino of the same returns, annualised by periodsPerYear; null (n/a) like sharpe, or with no losing return'),
  sortinoNote: z.string().nullable().describe('Why sortino is null; null when it is given'),
  periodsPerYear: nullableNumber('Equity observations a year, from the run\'s calendar and timeframe (525,600 for 1m bars of a 24/7 market, 252 for daily US equities): the annualisation basis; null when unknown'),
  maxDrawdownPct: z.number().describe('Largest peak-to-trough fall of equity, positive percent'),
  trades: z.number().int().describe('Closed trades'),
  winRatePct: z.number().describe('Share of closed trades with pnl > 0, percent'),
  profitFactor: nullableNumber('Gross profit / gross loss; null when no trade lost'),
  expectancy: z.number().describe('Mean net pnl per closed trade'),
  avgWin: z.number().describe('Mean pnl of winning trades'),
  avgLoss: z.number().describe('Mean pnl of losing trades (negative)'),
  exposurePct: z.number().describe('Share of bars with a position open at the close, percent'),
  blockedBy: z.record(z.string(), z.number()).describe('Blocked signals counted by gate:<id> / rule:<id>'),
}).describe('Performance metrics');

export const toMetricsOutput = (m: Metrics): z.infer<typeof metricsOutput> => ({ ...m, blockedBy: { ...m.blockedBy } });

export const configOutput = z.object({
  strategy: z.string().describe('Strategy id'),
  strategyVersion: z.string().describe('Strategy version'),
  params: z.record(z.string(), z.unknown()).describe('Strategy parameters'),
  symbols: z.array(z.string()).describe('Symbols traded'),
  timeframe: z.string().describe('Bar size'),
  ruleIds: z.array(z.string()).describe('Ids of the rules frozen into the run'),
  rulesHash: z.string().describe('Hash of the frozen rule set'),
  dataSource: z.string().describe('Where the bars came from'),
  simulated: z.boolean().describe('True when the prices are simulated, not real'),
  dataFrom: z.string().nullable().describe('First bar the run used (ISO), null before the first'),
  dataTo: z.string().nullable().describe('Last bar the run used (ISO)'),
  sizing: z.unknown().describe('Position sizing as stored'),
  costs: z.object({ commissionRate: z.number().describe('Commission per notional'), slippageBps: z.number().describe('Slippage, basis points') })
    .nullable().describe('Trading costs; null when not recorded'),
  startCash: z.number().describe('Starting cash'),
  codeVersion: z.string().nullable().describe('Code version that ran it'),
}).describe('What decided the run');

export const toConfigOutput = (c: RunConfig): z.infer<typeof configOutput> => ({
  strategy: c.strategy.id, strategyVersion: c.strategy.version, params: { ...c.params }, symbols: [...c.symbols], timeframe: c.timeframe,
  ruleIds: [...c.ruleIds], rulesHash: c.rulesHash, dataSource: c.dataSource, simulated: c.simulated, dataFrom: isoOrNull(c.dataFrom),
  dataTo: isoOrNull(c.dataTo), sizing: c.sizing, costs: c.costs, startCash: c.startCash, codeVersion: c.codeVersion,
});

export const tradeOutput = z.object({
  index: z.number().int().describe('Trade number within the run, 1 = first closed'),
  symbol: z.string().describe('Symbol'),
  side: z.enum(['long', 'short']).describe('Direction'),
  qty: z.number().describe('Quantity'),
  entryTime: z.string().describe('Entry fill time (ISO)'),
  entryPrice: z.number().describe('Entry fill price'),
  exitTime: z.string().describe('Exit fill time (ISO)'),
  exitPrice: z.number().describe('Exit fill price'),
  pnl: z.number().describe('Net pnl after commissions'),
  returnPct: z.number().describe('Price move in the trade\'s favour, percent of entry'),
  commission: z.number().describe('Commissions of both legs'),
  exitReason: z.string().describe('signal, stop_loss, take_profit, trailing_stop, time_stop or flatten'),
  barsHeld: z.number().int().describe('Bars the position was held'),
}).describe('A closed round trip');

export function toTradeOutput(t: ClosedTrade, index: number): z.infer<typeof tradeOutput> {
  const move = t.entryPrice > 0 ? ((t.exitPrice - t.entryPrice) / t.entryPrice) * 100 : 0;
  return {
    index, symbol: t.symbol, side: t.side, qty: t.qty, entryTime: iso(t.entryTime), entryPrice: t.entryPrice, exitTime: iso(t.exitTime),
    exitPrice: t.exitPrice, pnl: t.pnl, returnPct: t.side === 'long' ? move : -move, commission: t.commission, exitReason: t.exitReason, barsHeld: t.barsHeld,
  };
}

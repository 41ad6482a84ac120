// Output shapes of a replay (src/app/replay/replay.ts), shared by replay_with_rule and suggest_rules; times as ISO.
import { z } from 'zod';
import type { ReplayReport, ReplayVariant } from '../../app/replay/replay.js';
import type { TradeChange, TradeRef } from '../../app/replay/diff.js';
import { MAX_DIFFERENCES } from '../../app/replay/differences.js';
import { iso } from '../time-input.js';

/** Most trades listed per category (the totals count them all). */
export const MAX_LISTED = 50;

export const replayMetricsOutput = z.object({
  totalReturnPct: z.number().describe('Return to the last replayed close, percent (open positions marked at market)'),
  totalPnl: z.number().describe('Net pnl of the closed trades'),
  maxDrawdownPct: z.number().describe('Largest peak-to-trough fall of close-marked equity, positive percent'),
  winRatePct: z.number().describe('Share of closed trades with pnl > 0, percent'),
  trades: z.number().int().describe('Closed trades'),
  sharpe: z.number().nullable().describe('Annualised Sharpe of the replayed equity curve (as get_run defines it); null when undefined or under the minimum sample'),
  endEquity: z.number().describe('Equity at the last replayed close'),
}).describe('Metrics of one replay pass');

export const deltasOutput = z.object({
  totalReturnPct: z.number().describe('Variant - baseline return, percentage points'),
  totalPnl: z.number().describe('Variant - baseline closed-trade pnl (= the sum of pnlFrom)'),
  maxDrawdownPct: z.number().describe('Variant - baseline max drawdown, percentage points (negative = shallower)'),
  winRatePct: z.number().describe('Variant - baseline win rate, percentage points'),
  trades: z.number().int().describe('Variant - baseline closed trades'),
  sharpe: z.number().nullable().describe('Variant - baseline Sharpe; null when either is undefined'),
  endEquity: z.number().describe('Variant - baseline end equity'),
}).describe('What the change did to the metrics (variant minus baseline)');

export const pnlFromOutput = z.object({
  blocked: z.number().describe('-(pnl of the baseline trades the variant did not take)'),
  exits: z.number().describe('Pnl after - before of the trades exited differently'),
  resized: z.number().describe('Pnl after - before of the same trades at another size (sizing follows equity)'),
  added: z.number().describe('Pnl of the trades only the variant took'),
}).describe('Where the pnl delta came from; the four add up to deltas.totalPnl');

const tradeRefOutput = z.object({
  symbol: z.string().describe('Symbol'),
  side: z.enum(['long', 'short']).describe('Direction'),
  entryTime: z.string().describe('Entry fill time (ISO)'),
  exitTime: z.string().describe('Exit fill time (ISO)'),
  exitReason: z.string().describe('Why it exited'),
  qty: z.number().describe('Quantity'),
  pnl: z.number().describe('Net pnl'),
}).describe('A trade of one replay pass');

const legOutput = z.object({
  exitTime: z.string().describe('Exit fill time (ISO)'),
  exitReason: z.string().describe('Why it exited'),
  exitPrice: z.number().describe('Exit fill price'),
  qty: z.number().describe('Quantity'),
  pnl: z.number().describe('Net pnl'),
}).describe('How the trade ended in one pass');

const tradeChangeOutput = z.object({
  symbol: z.string().describe('Symbol'),
  side: z.enum(['long', 'short']).describe('Direction'),
  entryTime: z.string().describe('Entry fill time (ISO), the same in both passes'),
  before: legOutput.describe('In the baseline'),
  after: legOutput.describe('In the variant'),
}).describe('The same entry, ended differently');

export const variantOutput = z.object({
  metrics: replayMetricsOutput.describe('The variant\'s metrics'),
  deltas: deltasOutput,
  pnlFrom: pnlFromOutput,
  blockedTotal: z.number().int().describe('Baseline trades whose entry the variant did not make'),
  blockedTrades: z.array(tradeRefOutput).describe(`Those trades (first ${MAX_LISTED})`),
  exitedTotal: z.number().int().describe('Trades with the same entry and another exit (time, reason or price)'),
  exitedDifferently: z.array(tradeChangeOutput).describe(`Those trades, before and after (first ${MAX_LISTED})`),
  resizedTotal: z.number().int().describe('Trades with the same entry and exit at another size'),
  newTotal: z.number().int().describe('Trades only the variant made'),
  newTrades: z.array(tradeRefOutput).describe(`Those trades (first ${MAX_LISTED})`),
  unchanged: z.number().int().describe('Trades identical in both passes'),
  blockedBy: z.array(z.object({
    by: z.string().describe('rule:<id> or gate:<id>'),
    baseline: z.number().int().describe('Blocked-signal records in the baseline'),
    variant: z.number().int().describe('Blocked-signal records in the variant'),
  })).describe('Blocked signals by rule and gate, baseline against variant'),
}).describe('The replay with the change');

const differenceOutput = tradeRefOutput.extend({
  only: z.enum(['stored', 'replayed']).describe('stored: the run made this trade and the baseline did not; replayed: the other way round'),
  why: z.string().describe('Why the replay differs here: the replayed bar where it left the run\'s record, or the caveat that explains it'),
}).describe('A trade in only one of the run and its baseline replay');

export const reproductionOutput = z.object({
  storedTrades: z.number().int().describe('Trades the run stored that closed by the end of the replay'),
  baselineTrades: z.number().int().describe('Trades the baseline replay closed'),
  matched: z.number().int().describe('Stored trades the baseline gave again identically'),
  reproduced: z.boolean().describe('True when the baseline gives exactly the stored trades'),
  differencesTotal: z.number().int().describe('Trades in only one of the two'),
  differences: z.array(differenceOutput).describe(`Those trades, with why (first ${MAX_DIFFERENCES})`),
}).describe('Does the baseline (the run\'s own rules, as the run ran) reproduce what the run stored? If not, which trades differ and why');

export function toReproductionOutput(r: ReplayReport['reproduction']): z.infer<typeof reproductionOutput> {
  return {
    storedTrades: r.storedTrades, baselineTrades: r.baselineTrades, matched: r.matched, reproduced: r.reproduced, differencesTotal: r.differences.length,
    differences: r.differences.slice(0, MAX_DIFFERENCES).map((d) => ({ ...d, entryTime: iso(d.entryTime), exitTime: iso(d.exitTime) })),
  };
}

export const windowOutput = z.object({
  firstBar: z.string().describe('First replayed bar (ISO)'),
  lastBar: z.string().describe('Last replayed bar (ISO): the run\'s last, or the last closed by as_of'),
  bars: z.number().int().describe('Timeline bars replayed'),
  cut: z.boolean().describe('True when as_of ended the replay before the run\'s end'),
}).describe('The bars replayed');

const tradeRef = (t: TradeRef): z.infer<typeof tradeRefOutput> => ({ ...t, entryTime: iso(t.entryTime), exitTime: iso(t.exitTime) });
const leg = (l: TradeChange['before']): z.infer<typeof legOutput> => ({ ...l, exitTime: iso(l.exitTime) });

export function toVariantOutput(v: ReplayVariant): z.infer<typeof variantOutput> {
  const t = v.trades;
  return {
    metrics: { ...v.metrics }, deltas: { ...v.deltas }, pnlFrom: { ...v.pnlFrom },
    blockedTotal: t.blocked.length, blockedTrades: t.blocked.slice(0, MAX_LISTED).map(tradeRef),
    exitedTotal: t.exitedDifferently.length,
    exitedDifferently: t.exitedDifferently.slice(0, MAX_LISTED).map((c) => ({ symbol: c.symbol, side: c.side, entryTime: iso(c.entryTime), before: leg(c.before), after: leg(c.after) })),
    resizedTotal: t.resized.length, newTotal: t.added.length, newTrades: t.added.slice(0, MAX_LISTED).map(tradeRef), unchanged: t.unchanged,
    blockedBy: v.blockedBy.map((b) => ({ ...b })),
  };
}

export const toWindowOutput = (r: ReplayReport): z.infer<typeof windowOutput> => ({ firstBar: iso(r.firstBar), lastBar: iso(r.lastBar), bars: r.bars, cut: r.cut });

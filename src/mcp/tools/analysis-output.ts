// Output shapes of analyzeTrades (src/core/analysis/analyze-trades.ts), every field described, and the mapping to
// them (times as ISO text).
import { z } from 'zod';
import type { TradeAnalysis } from '../../core/analysis/analyze-trades.js';
import type { GroupStats } from '../../core/analysis/group-stats.js';
import type { Streak } from '../../core/analysis/streaks.js';
import { isoOrNull } from '../time-input.js';

export const groupStatsOutput = z.object({
  key: z.string().describe('The group: a symbol, side, exit reason, holding bucket, weekday or hour (or "all")'),
  count: z.number().int().describe('Trades in the group'),
  wins: z.number().int().describe('Trades with pnl > 0'),
  losses: z.number().int().describe('Trades with pnl < 0'),
  winRatePct: z.number().describe('wins / count x 100'),
  totalPnl: z.number().describe('Net pnl of the group'),
  avgPnl: z.number().describe('totalPnl / count'),
  lossPnl: z.number().describe('Sum of the losers\' pnl (0 or negative): what the group\'s losers cost'),
}).describe('Wins and losses of one group');

const breakdown = (what: string) => z.array(groupStatsOutput).describe(`Non-empty groups by ${what}`);

const streakOutput = z.object({
  length: z.number().int().describe('Consecutive trades in exit order; 0 when there is none'),
  from: z.string().nullable().describe('Exit time of the streak\'s first trade (ISO), null when length is 0'),
  to: z.string().nullable().describe('Exit time of the streak\'s last trade (ISO), null when length is 0'),
  totalPnl: z.number().describe('Net pnl over the streak'),
}).describe('A streak of consecutive winners or losers');

export const standoutOutput = z.object({
  dimension: z.enum(['symbol', 'side', 'exitReason', 'holding', 'weekday', 'hour']).describe('What the group is cut by'),
  key: z.string().describe('The group within that dimension'),
  count: z.number().int().describe('Trades in the group'),
  wins: z.number().int().describe('Winners in the group'),
  losses: z.number().int().describe('Losers in the group'),
  lossRatePct: z.number().describe('losses / count x 100'),
  overallLossRatePct: z.number().describe('The whole set\'s loss rate, percent'),
  lossPnl: z.number().describe('Sum of the group\'s losing pnl (negative)'),
  expectedLossPnl: z.number().describe('The group\'s fair share of the set\'s total loss (count / trades x total loss)'),
  excessLoss: z.number().describe('expectedLossPnl - lossPnl: lost beyond its share (= rateEffect + sizeEffect)'),
  rateEffect: z.number().describe('Part of the excess from more losers than usual'),
  sizeEffect: z.number().describe('Part of the excess from bigger losers than usual'),
  impact: z.number().describe('max(excessLoss, rateEffect): the ranking key, largest first'),
  totalPnl: z.number().describe('Net pnl of the group'),
}).describe('A group whose losing entries stand out against the whole set');

export const analysisOutput = z.object({
  overall: groupStatsOutput,
  expectancy: z.number().describe('Mean net pnl per trade'),
  winnersVsLosers: z.object({
    avgWin: z.number().describe('Mean pnl of winners (0 if none)'),
    avgLoss: z.number().describe('Mean pnl of losers, negative (0 if none)'),
    payoffRatio: z.number().nullable().describe('avgWin / |avgLoss|; null without a winner or a loser'),
    avgBarsHeldWin: z.number().describe('Mean bars held by winners'),
    avgBarsHeldLoss: z.number().describe('Mean bars held by losers'),
  }).describe('Average winner against average loser'),
  breakdowns: z.object({
    symbol: breakdown('symbol'),
    side: breakdown('side (long, short)'),
    exitReason: breakdown('exit reason'),
    holding: breakdown('bars held (0-1, 2-5, 6-20, 21+)'),
    weekday: breakdown('entry weekday, UTC (Mon..Sun)'),
    hour: breakdown('entry hour, UTC (00:00..23:00)'),
  }).describe('Wins and losses broken down by dimension'),
  streaks: z.object({
    longestWin: streakOutput,
    longestLoss: streakOutput,
  }).describe('Longest win and loss streaks in exit order (a pnl of exactly 0 ends both)'),
  losingEntries: z.array(standoutOutput).describe('What distinguishes losing entries: groups (at least 3 trades, top 3 per dimension) whose losers stand out, by impact'),
}).describe('Wins against losses of the trade set');

const streakOf = (s: Streak): z.infer<typeof streakOutput> =>
  ({ length: s.length, from: isoOrNull(s.fromExitTime), to: isoOrNull(s.toExitTime), totalPnl: s.totalPnl });

const groups = (gs: readonly GroupStats[]): GroupStats[] => gs.map((g) => ({ ...g }));

export function toAnalysisOutput(a: TradeAnalysis): z.infer<typeof analysisOutput> {
  const b = a.breakdowns;
  return {
    overall: { ...a.overall },
    expectancy: a.expectancy,
    winnersVsLosers: { ...a.winnersVsLosers },
    breakdowns: {
      symbol: groups(b.symbol), side: groups(b.side), exitReason: groups(b.exitReason),
      holding: groups(b.holding), weekday: groups(b.weekday), hour: groups(b.hour),
    },
    streaks: { longestWin: streakOf(a.streaks.longestWin), longestLoss: streakOf(a.streaks.longestLoss) },
    losingEntries: a.losingEntries.map((s) => ({ ...s })),
  };
}

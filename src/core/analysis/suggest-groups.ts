import type { ClosedTrade } from '../engine/report.js';
import { inWindow } from '../risk/exchange-time.js';
import {
  examplesOf,
  fmtMoney,
  losesBeyondShare,
  none,
  some,
  subsetStats,
  SUGGEST_LIMITS,
  type Candidate,
  type HeuristicInput,
  type HeuristicOutcome,
  type SubsetStats,
} from './suggest-common.js';
import { compareKeys } from './group-stats.js';
import { HOURS, utcHour } from './trade-dimensions.js';

interface Group {
  readonly key: string;
  readonly trades: readonly ClosedTrade[];
  readonly stats: SubsetStats;
}

/** Groups of at least minGroupTrades trades that lost beyond their share, most pnl at stake first, at most maxPerKind. */
function losingGroups(trades: readonly ClosedTrade[], keyOf: (t: ClosedTrade) => string): Group[] {
  const byKey = new Map<string, ClosedTrade[]>();
  for (const t of trades) {
    const k = keyOf(t);
    const list = byKey.get(k);
    if (list === undefined) byKey.set(k, [t]);
    else list.push(t);
  }
  const all = subsetStats(trades);
  return [...byKey.entries()]
    .map(([key, list]) => ({ key, trades: list, stats: subsetStats(list) }))
    .filter((g) => g.stats.count >= SUGGEST_LIMITS.minGroupTrades && losesBeyondShare(g.stats, all))
    .sort((a, b) => a.stats.netPnl - b.stats.netPnl || compareKeys(a.key, b.key))
    .slice(0, SUGGEST_LIMITS.maxPerKind);
}

/** A symbol's trades lost money and beyond their share: deny it (never the only symbol traded: that is a halt). */
export function suggestDenylist(input: HeuristicInput): HeuristicOutcome {
  const symbols = new Set(input.trades.map((t) => t.symbol));
  if (symbols.size < 2) return none('symbol_denylist: the run traded one symbol; denying it would stop the run');
  const all = subsetStats(input.trades);
  const candidates: Candidate[] = [];
  const covered: string[] = [];
  for (const g of losingGroups(input.trades, (t) => t.symbol)) {
    const denied = input.inForce.some((r) => (r.type === 'symbol_denylist' && r.params.symbols.includes(g.key)) || (r.type === 'symbol_allowlist' && !r.params.symbols.includes(g.key)));
    if (denied) {
      covered.push(g.key);
      continue;
    }
    const share = (g.stats.count / all.count) * 100;
    const lossShare = all.lossPnl < 0 ? (g.stats.lossPnl / all.lossPnl) * 100 : 0;
    candidates.push({
      kind: 'symbol_denylist',
      type: 'symbol_denylist',
      params: { symbols: [g.key] },
      idStem: `deny-${g.key.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')}`,
      name: `Do not trade ${g.key} (suggested)`,
      rationale: `${g.key} made ${share.toFixed(0)}% of the trades but ${lossShare.toFixed(0)}% of the losses: ${g.stats.losers} of ${g.stats.count} trades lost, netting ${fmtMoney(g.stats.netPnl)}.`,
      evidence: {
        tradesConsidered: all.count,
        concerned: g.stats.count,
        losers: g.stats.losers,
        concernedPnl: g.stats.netPnl,
        threshold: g.stats.count,
        thresholdUnit: 'trades in the symbol',
        thresholdWhy: `its ${g.stats.count} trades (at least ${SUGGEST_LIMITS.minGroupTrades} needed) lost money and lost beyond their share of the run's losses`,
        atStake: -g.stats.netPnl,
        atStakeWhy: 'the net loss of the symbol\'s trades, all of which the rule would have blocked',
        examples: examplesOf(g.trades, (t) => `${t.symbol} ${t.side}, exit by ${t.exitReason}`),
      },
    });
  }
  return some(candidates, covered.length > 0
    ? `symbol_denylist: ${covered.join(', ')} lost beyond its share but a rule in force already blocks it`
    : 'symbol_denylist: no symbol lost beyond its share over enough trades');
}

/**
 * An entry hour (UTC) whose trades lost money and beyond their share, on intraday bars only (a blackout never
 * applies to daily bars). The hour is the entry fill's, which is the decision time when bars follow each other.
 */
export function suggestBlackout(input: HeuristicInput): HeuristicOutcome {
  if (input.timeframe === '1d') return none('blackout_window: daily bars are decided once a day; a blackout does not apply to them');
  const hours = new Set(input.trades.map((t) => utcHour(t.entryTime)));
  if (hours.size < 2) return none('blackout_window: every entry was in the same hour');
  const all = subsetStats(input.trades);
  const candidates: Candidate[] = [];
  const covered: string[] = [];
  for (const g of losingGroups(input.trades, (t) => HOURS[utcHour(t.entryTime)]!)) {
    if (input.inForce.some((r) => r.type === 'blackout_window' && g.trades.every((t) => inWindow(t.entryTime, r.params.start, r.params.end, r.params.timezone)))) {
      covered.push(`${g.key} UTC`);
      continue;
    }
    const hour = Number(g.key.slice(0, 2));
    const end = HOURS[(hour + 1) % 24]!;
    const share = (g.stats.count / all.count) * 100;
    candidates.push({
      kind: 'blackout_window',
      type: 'blackout_window',
      params: { start: g.key, end, timezone: 'UTC' },
      idStem: `blackout-${g.key.replace(':', '')}-utc`,
      name: `No entries ${g.key}-${end} UTC (suggested)`,
      rationale: `Entries between ${g.key} and ${end} UTC (${share.toFixed(0)}% of trades) lost ${g.stats.losers} of ${g.stats.count} times, netting ${fmtMoney(g.stats.netPnl)}, beyond their share of the losses.`,
      evidence: {
        tradesConsidered: all.count,
        concerned: g.stats.count,
        losers: g.stats.losers,
        concernedPnl: g.stats.netPnl,
        threshold: hour,
        thresholdUnit: 'entry hour, UTC',
        thresholdWhy: `the one-hour window of the entries (UTC) that lost beyond their share over at least ${SUGGEST_LIMITS.minGroupTrades} trades`,
        atStake: -g.stats.netPnl,
        atStakeWhy: 'the net loss of the trades entered in that hour, all of which the rule would have blocked',
        examples: examplesOf(g.trades, (t) => `${t.symbol} entered at ${HOURS[utcHour(t.entryTime)]!.slice(0, 2)}:${String(Math.floor((t.entryTime % 3_600_000) / 60_000)).padStart(2, '0')} UTC`),
      },
    });
  }
  return some(candidates, covered.length > 0
    ? `blackout_window: entries at ${covered.join(', ')} lost beyond their share but a blackout in force already covers them`
    : 'blackout_window: no entry hour lost beyond its share over enough trades');
}

import { describe, expect, it } from 'vitest';
import { analyzeTrades } from '../../../src/core/analysis/analyze-trades.js';
import type { GroupStats } from '../../../src/core/analysis/group-stats.js';
import type { Dimension } from '../../../src/core/analysis/trade-dimensions.js';
import { EIGHT, EIGHT_SHUFFLED, jan, trade } from './trades-fixture.js';

/** [key, count, wins, losses, totalPnl, lossPnl]: win rate and average follow from these and are checked too. */
type Row = [string, number, number, number, number, number];

const group = ([key, count, wins, losses, totalPnl, lossPnl]: Row): GroupStats => ({
  key,
  count,
  wins,
  losses,
  winRatePct: count > 0 ? (wins / count) * 100 : 0,
  totalPnl,
  avgPnl: count > 0 ? totalPnl / count : 0,
  lossPnl,
});

describe('analyzeTrades: breakdowns of a hand-computed set', () => {
  const a = analyzeTrades(EIGHT);

  const cases: { dimension: Dimension; rows: Row[] }[] = [
    {
      dimension: 'symbol',
      rows: [
        ['AAA', 3, 1, 1, 70, -30],
        ['BBB', 3, 1, 2, -70, -90],
        ['CCC', 2, 1, 1, 50, -10],
      ],
    },
    {
      dimension: 'side',
      rows: [
        ['long', 6, 2, 3, 20, -100],
        ['short', 2, 1, 1, 30, -30],
      ],
    },
    {
      dimension: 'exitReason',
      rows: [
        ['signal', 2, 2, 0, 160, 0],
        ['stop_loss', 4, 0, 4, -130, -130],
        ['take_profit', 1, 1, 0, 20, 0],
        ['time_stop', 1, 0, 0, 0, 0],
      ],
    },
    {
      dimension: 'holding',
      rows: [
        ['0-1', 2, 1, 1, 90, -10],
        ['2-5', 3, 0, 2, -90, -90],
        ['6-20', 2, 1, 1, 30, -30],
        ['21+', 1, 1, 0, 20, 0],
      ],
    },
    {
      dimension: 'weekday',
      rows: [
        ['Mon', 2, 2, 0, 160, 0],
        ['Tue', 2, 0, 2, -80, -80],
        ['Wed', 2, 1, 1, 10, -10],
        ['Thu', 1, 0, 0, 0, 0],
        ['Fri', 1, 0, 1, -40, -40],
      ],
    },
    {
      dimension: 'hour',
      rows: [
        ['09:00', 1, 1, 0, 60, 0],
        ['14:00', 5, 2, 3, 20, -100],
        ['15:00', 1, 0, 1, -30, -30],
        ['16:00', 1, 0, 0, 0, 0],
      ],
    },
  ];

  it.each(cases)('breaks wins and losses down by $dimension, empty groups left out, in display order', ({ dimension, rows }) => {
    expect(a.breakdowns[dimension]).toEqual(rows.map(group));
  });

  it('sums the whole set as one group: a zero-pnl trade is neither a win nor a loss', () => {
    expect(a.overall).toEqual(group(['all', 8, 3, 4, 50, -130]));
    expect(a.overall.winRatePct).toBe(37.5);
    expect(a.overall.avgPnl).toBe(6.25);
  });

  it('compares the average winner with the average loser, in money and bars held', () => {
    expect(a.expectancy).toBe(6.25);
    expect(a.winnersVsLosers).toEqual({
      avgWin: 60,
      avgLoss: -32.5,
      payoffRatio: 60 / 32.5,
      avgBarsHeldWin: 14, // (1 + 21 + 20) / 3
      avgBarsHeldLoss: 3.5, // (3 + 6 + 0 + 5) / 4
    });
  });

  it('finds the longest streaks in exit order, symbol breaking a tie on the same exit and entry bar', () => {
    // BBB (+20) before CCC (-10): losses -50, -30 | +20 | -10. CCC first would make a three-loss streak.
    expect(a.streaks.longestLoss).toEqual({ length: 2, fromExitTime: jan(3, 14), toExitTime: jan(4, 14), totalPnl: -80 });
    // Five one-trade win streaks: the earliest is reported.
    expect(a.streaks.longestWin).toEqual({ length: 1, fromExitTime: jan(2, 15), toExitTime: jan(2, 15), totalPnl: 100 });
  });

  it('gives the same answer whatever order the trades arrive in', () => {
    expect(analyzeTrades(EIGHT_SHUFFLED)).toEqual(a);
    expect(analyzeTrades([...EIGHT].reverse())).toEqual(a);
  });
});

describe('analyzeTrades: what distinguishes losing entries', () => {
  // Overall: 8 trades, 4 losers (rate 1/2), losers cost 130 (average 32.5). A group of c trades "should" lose
  // c / 8 x 130; excess = that - what it lost; rateEffect = (losses - c / 2) x 32.5; sizeEffect = the rest.
  const standout = (dimension: Dimension, key: string, count: number, wins: number, losses: number, lossPnl: number, totalPnl: number) => {
    const expectedLossPnl = (count / 8) * -130;
    const excessLoss = expectedLossPnl - lossPnl;
    const rateEffect = (losses - count / 2) * 32.5;
    return {
      dimension,
      key,
      count,
      wins,
      losses,
      lossRatePct: (losses / count) * 100,
      overallLossRatePct: 50,
      lossPnl,
      expectedLossPnl,
      excessLoss,
      rateEffect,
      sizeEffect: excessLoss - rateEffect,
      impact: Math.max(excessLoss, rateEffect),
      totalPnl,
    };
  };

  it('ranks groups by impact; an exact tie goes to the earlier dimension (symbol before holding)', () => {
    const got = analyzeTrades(EIGHT, { minGroupTrades: 2 }).losingEntries;
    expect(got).toEqual([
      standout('exitReason', 'stop_loss', 4, 0, 4, -130, -130), // excess 65 = rate 65 + size 0
      standout('weekday', 'Tue', 2, 0, 2, -80, -80), // excess 47.5 = rate 32.5 + size 15
      standout('symbol', 'BBB', 3, 1, 2, -90, -70), // excess 41.25 = rate 16.25 + size 25
      standout('holding', '2-5', 3, 0, 2, -90, -90), // the same 41.25
      standout('hour', '14:00', 5, 2, 3, -100, 20), // excess 18.75 = rate 16.25 + size 2.5
      standout('side', 'long', 6, 2, 3, -100, 20), // excess 2.5 = rate 0 + size 2.5
    ]);
    expect(got.map((s) => s.impact)).toEqual([65, 47.5, 41.25, 41.25, 18.75, 2.5]);
  });

  it('leaves out groups smaller than minGroupTrades (3 by default)', () => {
    const keys = analyzeTrades(EIGHT).losingEntries.map((s) => `${s.dimension}:${s.key}`);
    expect(keys).toEqual(['exitReason:stop_loss', 'symbol:BBB', 'holding:2-5', 'hour:14:00', 'side:long']);
  });

  it('keeps at most maxPerDimension groups of each dimension, the most impactful', () => {
    const trades = [
      trade('A', 'long', jan(1, 10), jan(1, 11), -10, 'signal', 1),
      trade('A', 'long', jan(1, 10), jan(1, 12), -10, 'signal', 1),
      trade('B', 'long', jan(1, 10), jan(1, 13), -30, 'signal', 1),
      trade('B', 'long', jan(1, 10), jan(1, 14), -30, 'signal', 1),
      trade('C', 'long', jan(1, 10), jan(1, 15), 50, 'signal', 1),
      trade('C', 'long', jan(1, 10), jan(1, 16), 50, 'signal', 1),
    ];
    const got = analyzeTrades(trades, { minGroupTrades: 1, maxPerDimension: 1 }).losingEntries;
    expect(got.map((s) => `${s.dimension}:${s.key}`)).toEqual(['symbol:B']);
    expect(analyzeTrades(trades, { minGroupTrades: 1 }).losingEntries.map((s) => s.key)).toEqual(['B', 'A']);
  });

  it('reports nothing when no trade lost, or when a dimension has a single group (it is the whole set)', () => {
    expect(analyzeTrades([trade('A', 'long', jan(1, 10), jan(2, 10), 5, 'signal', 1)]).losingEntries).toEqual([]);
    const oneOfEach = [
      trade('A', 'long', jan(1, 10), jan(2, 10), -5, 'signal', 1),
      trade('A', 'long', jan(1, 10), jan(2, 11), 7, 'signal', 1),
      trade('A', 'long', jan(1, 10), jan(2, 12), -1, 'signal', 1),
    ];
    expect(analyzeTrades(oneOfEach, { minGroupTrades: 1 }).losingEntries).toEqual([]);
  });
});

describe('analyzeTrades: edge cases', () => {
  it('returns zeros and empty lists for no trades', () => {
    const a = analyzeTrades([]);
    expect(a.overall).toEqual(group(['all', 0, 0, 0, 0, 0]));
    expect(a.expectancy).toBe(0);
    expect(a.winnersVsLosers).toEqual({ avgWin: 0, avgLoss: 0, payoffRatio: null, avgBarsHeldWin: 0, avgBarsHeldLoss: 0 });
    for (const rows of Object.values(a.breakdowns)) expect(rows).toEqual([]);
    expect(a.streaks.longestWin).toEqual({ length: 0, fromExitTime: null, toExitTime: null, totalPnl: 0 });
    expect(a.streaks.longestLoss).toEqual({ length: 0, fromExitTime: null, toExitTime: null, totalPnl: 0 });
    expect(a.losingEntries).toEqual([]);
  });

  it('describes a single losing trade in every dimension', () => {
    const t = trade('ZZZ', 'short', Date.UTC(2024, 5, 14, 20, 30), Date.UTC(2024, 5, 17, 13), -12.5, 'trailing_stop', 7);
    const a = analyzeTrades([t]);
    const one = group(['', 1, 0, 1, -12.5, -12.5]);
    expect(a.breakdowns).toEqual({
      symbol: [{ ...one, key: 'ZZZ' }],
      side: [{ ...one, key: 'short' }],
      exitReason: [{ ...one, key: 'trailing_stop' }],
      holding: [{ ...one, key: '6-20' }],
      weekday: [{ ...one, key: 'Fri' }], // 2024-06-14
      hour: [{ ...one, key: '20:00' }],
    });
    expect(a.winnersVsLosers).toEqual({ avgWin: 0, avgLoss: -12.5, payoffRatio: null, avgBarsHeldWin: 0, avgBarsHeldLoss: 7 });
    expect(a.streaks.longestLoss).toEqual({ length: 1, fromExitTime: t.exitTime, toExitTime: t.exitTime, totalPnl: -12.5 });
    expect(a.streaks.longestWin.length).toBe(0);
  });

  it('orders symbols by code unit, not locale (upper case before lower case)', () => {
    const trades = ['b', 'B', 'a', 'A', 'Ä'].map((s, i) => trade(s, 'long', jan(1, 10), jan(2, i), 1, 'signal', 1));
    expect(analyzeTrades(trades).breakdowns.symbol.map((g) => g.key)).toEqual(['A', 'B', 'a', 'b', 'Ä']);
  });

  it('keeps a symbol named like an Object.prototype member as an ordinary group', () => {
    const trades = ['constructor', '__proto__'].map((s, i) => trade(s, 'long', jan(1, 10), jan(2, i), -1, 'signal', 1));
    expect(analyzeTrades(trades).breakdowns.symbol.map((g) => [g.key, g.count])).toEqual([
      ['__proto__', 1],
      ['constructor', 1],
    ]);
  });
});

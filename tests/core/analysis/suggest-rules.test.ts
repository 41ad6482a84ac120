import { describe, expect, it } from 'vitest';
import { niceCeil } from '../../../src/core/analysis/suggest-common.js';
import { openAtEntry } from '../../../src/core/analysis/suggest-clusters.js';
import { suggestRules, type RuleProposal } from '../../../src/core/analysis/suggest-rules.js';
import type { Timeframe } from '../../../src/core/domain/bar.js';
import type { ClosedTrade } from '../../../src/core/engine/report.js';
import { ruleSchema, type Rule } from '../../../src/core/risk/rules.js';

const H = 3_600_000;
const D = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);

interface Spec {
  readonly symbol?: string;
  /** Entry and exit times; default: day `i`, held one day. */
  readonly entry?: number;
  readonly exit?: number;
  /** Price move in the trade's favour, % of entry 100 (qty 10 by default, so pnl = 10 x move). */
  readonly move: number;
  readonly qty?: number;
  readonly bars?: number;
}

function trade(s: Spec, i: number): ClosedTrade {
  const entryTime = s.entry ?? T0 + i * 2 * D;
  const exitPrice = 100 * (1 + s.move / 100);
  const qty = s.qty ?? 10;
  return {
    symbol: s.symbol ?? 'AAA', side: 'long', qty, entryTime, entryPrice: 100, exitTime: s.exit ?? entryTime + D, exitPrice,
    pnl: qty * (exitPrice - 100), commission: 0, exitReason: 'signal', barsHeld: s.bars ?? 1,
  };
}

const trades = (specs: readonly Spec[]): ClosedTrade[] => specs.map(trade);
const times = <T>(n: number, x: T): T[] => Array.from({ length: n }, () => x);
const rule = (r: Record<string, unknown>): Rule => ruleSchema.parse({ active: true, shadow: false, ...r });

/** 10 losers of 1%, 2 of 8% and 10 winners of 3%: a fat tail, threshold 2 x 1% = 2%. */
const FAT_TAIL = trades([...times(10, { move: -1 }), ...times(2, { move: -8 }), ...times(10, { move: 3 })]);
/** 20 short holds that win, 6 held 30 bars that lose the same amount each. */
const LONG_HOLDS = trades([...times(20, { move: 1, bars: 3 }), ...times(6, { move: -2, bars: 30 })]);
/** AAA wins 10 times, BBB loses 5 of 6. */
const BAD_SYMBOL = trades([...times(10, { symbol: 'AAA', move: 2 }), ...times(5, { symbol: 'BBB', move: -2 }), { symbol: 'BBB', move: 1 }]);
/** Hourly bars: entries at 14:00 UTC lose, entries at other hours win. */
const BAD_HOUR = trades([
  ...Array.from({ length: 10 }, (_, i) => ({ entry: T0 + i * D + 9 * H, exit: T0 + i * D + 11 * H, move: 2 })),
  ...Array.from({ length: 6 }, (_, i) => ({ entry: T0 + i * D + 14 * H, exit: T0 + i * D + 16 * H, move: -2 })),
]);
/** Solo trades win; the 6 entered while another position was open lose. */
const CROWDED = trades([
  ...Array.from({ length: 10 }, (_, i) => ({ symbol: 'AAA', entry: T0 + i * D, exit: T0 + i * D + 10 * H, move: 1 })),
  ...Array.from({ length: 6 }, (_, i) => ({ symbol: 'BBB', entry: T0 + i * D + H, exit: T0 + i * D + 5 * H, move: -3 })),
]);
/** 5m bars: on 3 days a loss of 1,500 (1.5% of 100k) closes at 10:00 and a trade entered at 10:30 loses too; winners later. */
const DAY_LOSSES = trades([
  ...[0, 1, 2].flatMap((d) => [
    { symbol: 'AAA', entry: T0 + d * D + 9 * H, exit: T0 + d * D + 10 * H, move: -1.5, qty: 1000 },
    { symbol: 'AAA', entry: T0 + d * D + 10.5 * H, exit: T0 + d * D + 11 * H, move: -2, qty: 100 },
  ]),
  ...Array.from({ length: 8 }, (_, i) => ({ symbol: 'AAA', entry: T0 + (10 + i) * D + 9 * H, exit: T0 + (10 + i) * D + 12 * H, move: 5, qty: 100 })),
]);

interface Row {
  readonly name: string;
  readonly trades: readonly ClosedTrade[];
  readonly timeframe?: Timeframe;
  readonly rules?: readonly Rule[];
  readonly kind: RuleProposal['kind'];
  /** The proposed rule's id and params, or null when nothing of that kind may be proposed. */
  readonly expected: { id: string; params: Record<string, unknown>; concerned: number } | null;
}

const ROWS: readonly Row[] = [
  { name: 'a stop at 2x the median loser when losers have a fat tail', trades: FAT_TAIL, kind: 'stop_loss_pct', expected: { id: 'sugg-stop-loss-2', params: { pct: 2 }, concerned: 2 } },
  { name: 'no stop when a tighter stop is in force', trades: FAT_TAIL, rules: [rule({ id: 's', category: 'stop_loss', type: 'stop_loss_pct', params: { pct: 1.5 } })], kind: 'stop_loss_pct', expected: null },
  { name: 'a stop when the stop in force is looser', trades: FAT_TAIL, rules: [rule({ id: 's', category: 'stop_loss', type: 'stop_loss_pct', params: { pct: 10 } })], kind: 'stop_loss_pct', expected: { id: 'sugg-stop-loss-2', params: { pct: 2 }, concerned: 2 } },
  { name: 'a stop even when the tighter stop is only a shadow', trades: FAT_TAIL, rules: [rule({ id: 's', category: 'stop_loss', type: 'stop_loss_pct', params: { pct: 1 }, shadow: true })], kind: 'stop_loss_pct', expected: { id: 'sugg-stop-loss-2', params: { pct: 2 }, concerned: 2 } },
  { name: 'no stop when losers lose alike', trades: trades([...times(10, { move: -1 }), ...times(10, { move: 3 })]), kind: 'stop_loss_pct', expected: null },
  { name: 'a holding limit when long holds lose beyond their share', trades: LONG_HOLDS, kind: 'max_holding_bars', expected: { id: 'sugg-max-holding-20', params: { bars: 20 }, concerned: 6 } },
  { name: 'no holding limit when an as-tight one is in force', trades: LONG_HOLDS, rules: [rule({ id: 'h', category: 'entry_exit', type: 'max_holding_bars', params: { bars: 10 } })], kind: 'max_holding_bars', expected: null },
  { name: 'no holding limit when long holds win', trades: trades([...times(20, { move: -1, bars: 3 }), ...times(6, { move: 2, bars: 30 })]), kind: 'max_holding_bars', expected: null },
  { name: 'a denylist for the symbol that lost beyond its share', trades: BAD_SYMBOL, kind: 'symbol_denylist', expected: { id: 'sugg-deny-bbb', params: { symbols: ['BBB'] }, concerned: 6 } },
  { name: 'no denylist for a symbol already denied', trades: BAD_SYMBOL, rules: [rule({ id: 'd', category: 'screening', type: 'symbol_denylist', params: { symbols: ['BBB', 'CCC'] } })], kind: 'symbol_denylist', expected: null },
  { name: 'no denylist for the only symbol traded', trades: trades([...times(10, { move: -1 }), ...times(2, { move: 1 })]), kind: 'symbol_denylist', expected: null },
  { name: 'a blackout hour (UTC) on intraday bars', trades: BAD_HOUR, timeframe: '1h', kind: 'blackout_window', expected: { id: 'sugg-blackout-1400-utc', params: { start: '14:00', end: '15:00', timezone: 'UTC' }, concerned: 6 } },
  { name: 'no blackout on daily bars', trades: BAD_HOUR, timeframe: '1d', kind: 'blackout_window', expected: null },
  { name: 'no blackout when a window in force covers the hour', trades: BAD_HOUR, timeframe: '1h', rules: [rule({ id: 'b', category: 'timing', type: 'blackout_window', params: { start: '13:30', end: '15:00', timezone: 'UTC' } })], kind: 'blackout_window', expected: null },
  { name: 'a position cap when crowded entries lose', trades: CROWDED, kind: 'max_open_positions', expected: { id: 'sugg-max-open-1', params: { max: 1 }, concerned: 6 } },
  { name: 'no position cap when one as tight is in force', trades: CROWDED, rules: [rule({ id: 'o', category: 'risk', type: 'max_open_positions', params: { max: 1 } })], kind: 'max_open_positions', expected: null },
  { name: 'a day-loss limit when same-day follow-on entries lose', trades: DAY_LOSSES, timeframe: '5m', kind: 'max_daily_loss_pct', expected: { id: 'sugg-daily-loss-1-5', params: { pct: 1.5 }, concerned: 3 } },
  { name: 'no day-loss limit on daily bars', trades: DAY_LOSSES, timeframe: '1d', kind: 'max_daily_loss_pct', expected: null },
];

describe('suggestRules heuristics', () => {
  it.each(ROWS)('$name', (row) => {
    const out = suggestRules({ trades: row.trades, timeframe: row.timeframe ?? '1d', startCash: 100_000, rules: row.rules ?? [] });
    const found = out.proposals.filter((p) => p.kind === row.kind);
    if (row.expected === null) {
      expect(found).toEqual([]);
      expect(out.skipped.some((s) => s.startsWith(`${row.kind}:`))).toBe(true);
      return;
    }
    expect(found).toHaveLength(1);
    const p = found[0]!;
    expect(p.rule).toMatchObject({ id: row.expected.id, type: row.kind, params: row.expected.params, active: true, shadow: false, priority: 5 });
    expect(ruleSchema.safeParse(p.rule).success).toBe(true);
    expect(p.evidence.concerned).toBe(row.expected.concerned);
    expect(p.evidence.tradesConsidered).toBe(row.trades.length);
    expect(p.evidence.atStake).toBeGreaterThan(0);
    expect(p.evidence.examples.length).toBe(Math.min(5, row.expected.concerned));
    expect(p.rationale).toMatch(/\.$/);
  });
});

describe('suggestRules', () => {
  it('says nothing below 10 closed trades', () => {
    const out = suggestRules({ trades: FAT_TAIL.slice(0, 9), timeframe: '1d', startCash: 100_000, rules: [] });
    expect(out).toEqual({ proposals: [], skipped: ['9 closed trade(s): at least 10 are needed before any pattern means something'] });
  });

  it('prices the stop from the tail: what the tail lost beyond the stop level', () => {
    const p = suggestRules({ trades: FAT_TAIL, timeframe: '1d', startCash: 100_000, rules: [] }).proposals.find((x) => x.kind === 'stop_loss_pct')!;
    // Each 8% loser lost 80; beyond the 2% stop that is 80 x (1 - 2/8) = 60.
    expect(p.evidence.atStake).toBeCloseTo(120, 9);
    expect(p.evidence.concernedPnl).toBeCloseTo(-160, 9);
    expect(p.evidence.examples.map((e) => e.detail)).toEqual(['lost 8% of entry', 'lost 8% of entry']);
  });

  it('ranks proposals by the pnl at stake', () => {
    const mixed = [...BAD_SYMBOL, ...trades(times(2, { symbol: 'AAA', move: -30 }))];
    const { proposals } = suggestRules({ trades: mixed, timeframe: '1d', startCash: 100_000, rules: [] });
    expect(proposals.length).toBeGreaterThan(1);
    const stakes = proposals.map((p) => p.evidence.atStake);
    expect(stakes).toEqual([...stakes].sort((a, b) => b - a));
  });

  it('never proposes a rule identical to an active one, and never reuses a rule id', () => {
    const same = rule({ id: 'mine', category: 'screening', type: 'symbol_denylist', params: { symbols: ['BBB'] }, symbols: undefined });
    expect(suggestRules({ trades: BAD_SYMBOL, timeframe: '1d', startCash: 100_000, rules: [same] }).proposals.filter((p) => p.kind === 'symbol_denylist')).toEqual([]);
    const clash = rule({ id: 'sugg-deny-bbb', category: 'risk', type: 'max_drawdown_pct', params: { pct: 20 } });
    const out = suggestRules({ trades: BAD_SYMBOL, timeframe: '1d', startCash: 100_000, rules: [clash] });
    expect(out.proposals.find((p) => p.kind === 'symbol_denylist')!.rule.id).toBe('sugg-deny-bbb-2');
  });

  it('gives the same proposals whatever the order of the trades', () => {
    const input = [...CROWDED, ...FAT_TAIL];
    const a = suggestRules({ trades: input, timeframe: '1h', startCash: 100_000, rules: [] });
    const b = suggestRules({ trades: [...input].reverse(), timeframe: '1h', startCash: 100_000, rules: [] });
    expect(b).toEqual(a);
  });
});

describe('openAtEntry', () => {
  it('counts positions open at each entry, an exit at the same time still open, same-time entries by symbol', () => {
    const t = trades([
      { symbol: 'A', entry: 0, exit: 10, move: 1 },
      { symbol: 'B', entry: 5, exit: 10, move: 1 },
      { symbol: 'D', entry: 10, exit: 20, move: 1 },
      { symbol: 'C', entry: 10, exit: 20, move: 1 },
      { symbol: 'E', entry: 21, exit: 22, move: 1 },
    ]);
    expect([...openAtEntry(t)]).toEqual([0, 1, 3, 2, 0]);
  });
});

describe('niceCeil', () => {
  it.each([[0.03, 0.1], [0.31, 0.4], [0.3, 0.3], [1.96, 2], [2, 2], [2.1, 2.5], [9.6, 10], [12.2, 13]])('rounds %d up to %d', (x, want) => {
    expect(niceCeil(x)).toBe(want);
  });
});

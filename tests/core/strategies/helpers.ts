// Shared fixtures for the strategy tests: real-data universes, a holdings simulator that applies signals the
// way the engine does, and the checks every strategy must pass (warm-up, confidence, no look-ahead).
import { expect } from 'vitest';
import { SMA } from 'technicalindicators';
import { sliceSeries, type BarSeries } from '../../../src/core/domain/bar.js';
import { assertNever } from '../../../src/core/domain/result.js';
import type { SignalAction } from '../../../src/core/domain/signal.js';
import { buildUniverse, hasBarAt } from '../../../src/core/engine/universe.js';
import { bindStrategy, type BoundStrategy } from '../../../src/core/strategies/registry.js';
import type { Universe } from '../../../src/core/strategies/strategy.js';
import { loadRealSeries } from '../../helpers/real-data.js';

export type RealSymbol = 'ORCL' | 'GOOG';

export interface Emitted {
  readonly t: number;
  /** YYYY-MM-DD of the timeline step. */
  readonly date: string;
  readonly symbol: string;
  readonly action: SignalAction;
  readonly confidence: number;
  readonly reason: string;
}

export const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
export const timeOf = (date: string): number => Date.parse(`${date}T00:00:00Z`);

/** Binds or fails the test with the registry's message. */
export function bind(id: string, params: Record<string, unknown> = {}): BoundStrategy {
  const r = bindStrategy(id, params);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

/** Real series, optionally keeping only bars strictly before `cutDate`. */
export function realSeries(symbol: RealSymbol, cutDate?: string): BarSeries {
  const s = loadRealSeries(symbol);
  if (cutDate === undefined) return s;
  const cut = timeOf(cutDate);
  let n = 0;
  while (n < s.length && s.time[n]! < cut) n++;
  return sliceSeries(s, 0, n);
}

/** A universe of real series; symbols listed in `dataOnly` are loaded but not tradable. */
export function realUniverse(symbols: readonly RealSymbol[], dataOnly: readonly RealSymbol[] = [], cutDate?: string): Universe {
  const series = symbols.map((s) => realSeries(s, cutDate));
  return buildUniverse(series, symbols.map((s) => !dataOnly.includes(s)));
}

/** Applies a signal to a holdings map as the engine would (one unit; exits flatten). */
export function applySignal(holdings: Map<string, number>, symbol: string, action: SignalAction): void {
  switch (action) {
    case 'enter_long':
      holdings.set(symbol, 1);
      break;
    case 'enter_short':
      holdings.set(symbol, -1);
      break;
    case 'exit_long':
    case 'exit_short':
      holdings.delete(symbol);
      break;
    default:
      assertNever(action);
  }
}

/** Runs the bound decider over every timeline step with simulated holdings. */
export function runStrategy(bound: BoundStrategy, universe: Universe): Emitted[] {
  const decide = bound.prepare(universe);
  const holdings = new Map<string, number>();
  const out: Emitted[] = [];
  for (let t = 0; t < universe.times.length; t++) {
    for (const s of decide(t, holdings)) {
      out.push({ t, date: isoDate(universe.times[t]!), ...s });
      applySignal(holdings, s.symbol, s.action);
    }
  }
  return out;
}

/** `date symbol action` lines: the form the naive recomputations produce. */
export const keysOf = (emitted: readonly Emitted[]): string[] => emitted.map((e) => `${e.date} ${e.symbol} ${e.action}`);

/**
 * Checks every strategy must pass: only tradable symbols that printed a bar at t, no signal before minBars,
 * confidence in [0, 1], no redundant signal (entries only when flat, exits only when holding that side).
 */
export function expectWellFormed(bound: BoundStrategy, universe: Universe, emitted: readonly Emitted[]): void {
  const holdings = new Map<string, number>();
  for (const e of emitted) {
    const k = universe.symbols.indexOf(e.symbol);
    expect(k, `${e.date} ${e.symbol}`).toBeGreaterThanOrEqual(0);
    expect(universe.tradable[k], `${e.date} ${e.symbol} is tradable`).toBe(true);
    expect(hasBarAt(universe, k, e.t), `${e.date} ${e.symbol} has a bar`).toBe(true);
    expect(universe.index[k]![e.t]! + 1, `${e.date} ${e.symbol} bars`).toBeGreaterThanOrEqual(bound.minBars);
    expect(e.confidence).toBeGreaterThanOrEqual(0);
    expect(e.confidence).toBeLessThanOrEqual(1);
    expect(e.reason.length).toBeGreaterThan(0);
    const qty = holdings.get(e.symbol) ?? 0;
    if (e.action === 'enter_long' || e.action === 'enter_short') expect(qty, `${e.date} ${e.action}`).toBe(0);
    if (e.action === 'exit_long') expect(qty, `${e.date} exit_long`).toBeGreaterThan(0);
    if (e.action === 'exit_short') expect(qty, `${e.date} exit_short`).toBeLessThan(0);
    applySignal(holdings, e.symbol, e.action);
  }
}

/**
 * No look-ahead: deciding on series truncated before each cut date gives exactly the signals (confidence and
 * reason included) that the full data gave before that date.
 */
export function expectNoLookAhead(
  bound: BoundStrategy,
  symbols: readonly RealSymbol[],
  dataOnly: readonly RealSymbol[],
  cutDates: readonly string[],
): void {
  const full = runStrategy(bound, realUniverse(symbols, dataOnly));
  for (const cutDate of cutDates) {
    const truncated = runStrategy(bound, realUniverse(symbols, dataOnly, cutDate));
    const before = full.filter((e) => e.date < cutDate);
    expect(before.length, `signals before ${cutDate}`).toBeGreaterThan(0);
    expect(truncated).toEqual(before);
  }
}

/** Every number written in a reason (percentages as written, without the % sign). */
export function numbersIn(reason: string): number[] {
  return (reason.match(/-?\d+(\.\d+)?/g) ?? []).map(Number);
}

/** The reason states `value` to the precision prices print (2 decimals, 4 below 1). */
export function expectReasonStates(reason: string, value: number): void {
  expectReasonStatesWithin(reason, value, Math.abs(value) >= 1 ? 0.0051 : 0.000051);
}

/** The reason states `fraction` as a percentage with 2 decimals (0.1234 -> 12.34%). */
export function expectReasonStatesPct(reason: string, fraction: number): void {
  expect(reason).toContain('%');
  expectReasonStatesWithin(reason, fraction * 100, 0.0051);
}

function expectReasonStatesWithin(reason: string, value: number, tolerance: number): void {
  const found = numbersIn(reason).some((x) => Math.abs(x - value) <= tolerance);
  expect(found, `"${reason}" states ${value}`).toBe(true);
}

/** technicalindicators SMA, full length with NaN warm-up (our reference; it is not our kernel). */
export function referenceSma(values: ArrayLike<number>, period: number): number[] {
  const out = SMA.calculate({ period, values: Array.from(values) });
  return [...new Array<number>(values.length - out.length).fill(Number.NaN), ...out];
}

/** Index of the bar dated `date` in a series (throws if absent: a typo in a test table). */
export function indexOfDate(series: BarSeries, date: string): number {
  const time = timeOf(date);
  for (let i = 0; i < series.length; i++) if (series.time[i] === time) return i;
  throw new Error(`no bar on ${date} in ${series.symbol}`);
}

/** The one-line `strategy.params` message for bad params (fails the test if binding succeeds). */
export function paramsError(id: string, raw: Record<string, unknown>): string {
  const r = bindStrategy(id, raw);
  if (r.ok) throw new Error(`${id} accepted ${JSON.stringify(raw)}`);
  expect(r.error.code).toBe('strategy.params');
  expect(r.error.message).not.toContain('\n');
  return r.error.message;
}

export interface Ranked {
  readonly symbol: RealSymbol;
  readonly score: number;
}

/** What a naive rotation sees on a rebalance date: whether/where a symbol printed a bar that day. */
export interface RebalanceDay {
  readonly date: string;
  /** Index of the symbol's bar on `date`, or -1 when it did not trade that day. */
  barIndex(symbol: RealSymbol): number;
}

/**
 * A rotation recomputed the slow way, independent of buildUniverse: the timeline is the sorted union of the
 * CSV dates, a rebalance is every `every`-th date, eligible symbols printed a bar that day, have `minBars` bars
 * and a finite score; ranking is by score descending, ties in `symbols` order. `choose` returns the target
 * symbols (null: leave the book alone); held non-targets that traded that day are exited first, then missing
 * targets entered.
 */
export function naiveRotation(
  symbols: readonly RealSymbol[],
  every: number,
  minBars: number,
  score: (close: Float64Array, i: number) => number,
  choose: (ranked: readonly Ranked[], day: RebalanceDay) => readonly RealSymbol[] | null,
): string[] {
  const byDate = new Map<RealSymbol, Map<string, number>>();
  const dates = new Set<string>();
  for (const symbol of symbols) {
    const s = realSeries(symbol);
    const m = new Map<string, number>();
    for (let i = 0; i < s.length; i++) {
      const d = isoDate(s.time[i]!);
      m.set(d, i);
      dates.add(d);
    }
    byDate.set(symbol, m);
  }
  const timeline = [...dates].sort();
  const held = new Set<RealSymbol>();
  const out: string[] = [];
  for (let t = 0; t < timeline.length; t += every) {
    const date = timeline[t]!;
    const day: RebalanceDay = { date, barIndex: (symbol) => byDate.get(symbol)!.get(date) ?? -1 };
    const ranked: Ranked[] = [];
    for (const symbol of symbols) {
      const i = day.barIndex(symbol);
      if (i < 0 || i + 1 < minBars) continue;
      const v = score(realSeries(symbol).close, i);
      if (Number.isFinite(v)) ranked.push({ symbol, score: v });
    }
    ranked.sort((a, b) => b.score - a.score || symbols.indexOf(a.symbol) - symbols.indexOf(b.symbol));
    const targets = choose(ranked, day);
    if (targets === null) continue;
    for (const symbol of symbols) {
      if (held.has(symbol) && !targets.includes(symbol) && day.barIndex(symbol) >= 0) {
        out.push(`${date} ${symbol} exit_long`);
        held.delete(symbol);
      }
    }
    for (const symbol of targets) {
      if (!held.has(symbol)) {
        out.push(`${date} ${symbol} enter_long`);
        held.add(symbol);
      }
    }
  }
  return out;
}

/** close[i] / close[i - lookback] - 1, or NaN without enough history. */
export const plainMomentum = (close: Float64Array, i: number, lookback: number): number =>
  i >= lookback ? close[i]! / close[i - lookback]! - 1 : Number.NaN;

/**
 * The shared check of the rotation strategies: the strategy's signals on real data equal the naive oracle's, there
 * are at least `minSignals`, every signal is well formed, and every one falls on a rebalance step.
 */
export function expectRotationMatches<C extends { readonly symbols: readonly RealSymbol[]; readonly rebalanceEvery: number }>(
  id: string,
  c: C,
  naive: readonly string[],
  minSignals: number,
): void {
  const { symbols, ...params } = c;
  const bound = bind(id, params);
  const u = realUniverse(symbols);
  const emitted = runStrategy(bound, u);
  expect(keysOf(emitted)).toEqual(naive);
  expect(emitted.length).toBeGreaterThanOrEqual(minSignals);
  expectWellFormed(bound, u, emitted);
  for (const e of emitted) expect(e.t % c.rebalanceEvery).toBe(0);
}

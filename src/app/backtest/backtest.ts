import { TIMEFRAME_MS, type BarSeries, type Timeframe } from '../../core/domain/bar.js';
import { quoteInput } from '../../core/domain/quote-input.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import { calendarForSymbol } from '../../core/calendar/calendar.js';
import type { Adjustment } from '../../core/domain/data-source.js';
import { observationsPerYear } from '../../core/engine/annualisation.js';
import { LIMITS, showLimit } from '../../core/limits.js';
import { runBacktest, type BacktestResult } from '../../core/engine/backtest.js';
import type { CostConfig, QuantConfig, SizingConfig } from '../../core/engine/config.js';
import { buildUniverse } from '../../core/engine/universe.js';
import type { GateLimits, GatesMode } from '../../core/risk/gates.js';
import { activeRulesInOrder, type Rule } from '../../core/risk/rules.js';
import { bindStrategy, type BoundStrategy } from '../../core/strategies/registry.js';
import { canonicalJson, sha256Hex } from '../runs/canonical-json.js';
import type { MarketData } from '../market-data/ports.js';
import type { BacktestManifest } from './manifest.js';

export interface BacktestRequest {
  readonly strategyId: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly symbols: readonly string[];
  readonly timeframe: Timeframe;
  readonly from?: number;
  readonly to: number;
  readonly startCash: number;
  readonly sizing: SizingConfig;
  readonly costs: CostConfig;
  readonly rules: readonly Rule[];
  readonly quant: QuantConfig;
  readonly gates: GateLimits;
  readonly gatesMode: GatesMode;
}

export interface BacktestOutcome {
  readonly request: BacktestRequest;
  readonly strategy: BoundStrategy;
  readonly result: BacktestResult;
  readonly dataLabel: string;
  readonly simulated: boolean;
  /** The source that served each loaded symbol (a provider name, `sim` or `csv`): a series never mixes sources. */
  readonly sources: Readonly<Record<string, string>>;
  /** Real providers: split-adjusted (the default) or raw prices; null for the simulated market and CSV files. */
  readonly adjustment: Adjustment | null;
  /** First and last timeline bar (epoch ms). */
  readonly firstBar: number;
  readonly lastBar: number;
  readonly rulesHash: string;
  /** Everything needed to reproduce the run; saved with it. */
  readonly manifest: BacktestManifest;
  /** Things the user should know that are not errors (e.g. too few bars for the strategy to ever signal). */
  readonly warnings: readonly string[];
}

export interface BacktestDeps {
  readonly marketData: MarketData;
  readonly codeVersion: string;
}

const SYMBOL = /^[A-Z0-9.^/-]{1,12}$/;

/** Symbols loaded at once: enough to overlap disk and network waits, few enough to bound memory past the bar limit. */
const LOAD_CONCURRENCY = 8;

/** Loads the bars, binds the strategy, runs the deterministic backtest and builds the manifest. */
export async function backtest(deps: BacktestDeps, req: BacktestRequest): Promise<Result<BacktestOutcome>> {
  const strategy = bindStrategy(req.strategyId, { ...req.params });
  if (!strategy.ok) return strategy;
  const checked = checkSymbols(req, strategy.value);
  if (!checked.ok) return checked;
  const { symbols, dataOnly } = checked.value;
  const loaded = [...symbols, ...dataOnly];
  // The simulated market prints a bar for every step of the window, so its size is known before generating any.
  if (deps.marketData.simulated && req.from !== undefined) {
    const perSymbol = Math.floor((req.to - req.from) / TIMEFRAME_MS[req.timeframe]) + 1;
    if (perSymbol * loaded.length > LIMITS.barsPerBacktest) return tooLarge(`${loaded.length} symbol(s) x ${showLimit(perSymbol)} ${req.timeframe} bars`);
  }
  const series = await loadSeries(deps.marketData, req, loaded, dataOnly);
  if (!series.ok) return series;
  const universe = buildUniverse(series.value, series.value.map((_, k) => k < symbols.length));
  const rulesHash = sha256Hex(canonicalJson(req.rules));
  const runKey = `bt:${sha256Hex(canonicalJson([req.strategyId, strategy.value.params, symbols, req.timeframe, rulesHash])).slice(0, 12)}`;
  const result = runBacktest(universe, {
    runKey,
    strategy: strategy.value,
    timeframe: req.timeframe,
    rules: activeRulesInOrder(req.rules),
    gates: req.gates,
    gatesMode: req.gatesMode,
    sizing: req.sizing,
    costs: req.costs,
    quant: req.quant,
  }, req.startCash, observationsPerYear(calendarForSymbol(symbols[0]!, { simulated: deps.marketData.simulated }), req.timeframe, universe.times));

  const served = deps.marketData.sources?.() ?? {};
  const sources = Object.fromEntries(loaded.map((s) => [s, served[s] ?? deps.marketData.kind]));
  const firstBar = universe.times[0]!;
  const lastBar = universe.times[universe.times.length - 1]!;
  const data: BacktestManifest['data'] = {
    source: deps.marketData.label, simulated: deps.marketData.simulated, sources, from: iso(firstBar), to: iso(lastBar), bars: universe.times.length,
    // `adjustment` only when raw: a split-adjusted backtest's manifest is as it always was.
    ...(deps.marketData.adjustment === 'raw' ? { adjustment: 'raw' as const } : {}),
  };
  return ok({
    request: { ...req, symbols },
    strategy: strategy.value,
    result,
    dataLabel: deps.marketData.label,
    simulated: deps.marketData.simulated,
    sources,
    adjustment: deps.marketData.adjustment ?? null,
    firstBar,
    lastBar,
    rulesHash,
    manifest: {
      strategy: { id: strategy.value.id, version: strategy.value.version },
      params: strategy.value.params,
      symbols,
      dataSymbols: dataOnly,
      timeframe: req.timeframe,
      data,
      startCash: req.startCash,
      sizing: req.sizing,
      costs: req.costs,
      gates: { mode: req.gatesMode, limits: req.gates },
      quant: req.quant,
      rules: [...req.rules],
      rulesHash,
      codeVersion: deps.codeVersion,
    },
    warnings: warningsOf(req.strategyId, strategy.value, series.value.slice(0, symbols.length), result.events),
  });
}

/** The traded symbols, upper-cased and checked, and the data-only ones the strategy reads (a benchmark). */
function checkSymbols(req: BacktestRequest, strategy: BoundStrategy): Result<{ symbols: string[]; dataOnly: string[] }> {
  const symbols = req.symbols.map((s) => s.trim().toUpperCase());
  if (symbols.length === 0) return fail('backtest.symbols', 'no symbols given: pass --symbols A,B');
  if (symbols.length > LIMITS.symbolsPerRun) {
    return fail('backtest.symbols', `${showLimit(symbols.length)} symbols given, over the limit of ${LIMITS.symbolsPerRun} per backtest`);
  }
  const bad = symbols.find((s) => !SYMBOL.test(s));
  if (bad !== undefined) return fail('backtest.symbols', `${quoteInput(bad)} is not a valid symbol (1-12 of A-Z 0-9 . - ^ /)`);
  const dup = symbols.find((s, i) => symbols.indexOf(s) !== i);
  if (dup !== undefined) return fail('backtest.symbols', `symbol ${dup} is listed twice`);
  if (req.from !== undefined && req.from > req.to) return fail('backtest.range', 'the start date is after the end date');
  const safe = strategy.params['safeSymbol'];
  if (typeof safe === 'string' && !symbols.includes(safe)) {
    return fail('backtest.symbols', `${req.strategyId}: safeSymbol ${safe} must be one of the traded symbols (${symbols.join(', ')})`);
  }
  return ok({ symbols, dataOnly: strategy.dataSymbols.filter((s) => !symbols.includes(s)) });
}

/**
 * Symbols load a few at a time (CSV files read from disk, providers answer over the network), in order: a worker
 * takes the next symbol only while nothing failed and the bars loaded stay within the limit, and the answer is
 * read back in symbol order, so the error or the limit reported is the one a one-by-one load would report.
 */
async function loadSeries(market: MarketData, req: BacktestRequest, loaded: readonly string[], dataOnly: readonly string[]): Promise<Result<BarSeries[]>> {
  const results: Result<BarSeries>[] = [];
  let next = 0;
  let barsLoaded = 0;
  let stop = false;
  const worker = async (): Promise<void> => {
    while (!stop && next < loaded.length) {
      const k = next++;
      const bars = await market.getBars({ symbol: loaded[k]!, timeframe: req.timeframe, from: req.from, to: req.to });
      results[k] = bars;
      if (!bars.ok) stop = true;
      else if ((barsLoaded += bars.value.length) > LIMITS.barsPerBacktest) stop = true;
    }
  };
  await Promise.all(Array.from({ length: Math.min(LOAD_CONCURRENCY, loaded.length) }, worker));
  const series: BarSeries[] = [];
  let held = 0;
  for (const [k, symbol] of loaded.entries()) {
    const bars = results[k];
    // Never reached: loads stop only after a failure or the limit, and both come earlier in symbol order.
    if (bars === undefined) return fail('backtest.load', `${symbol} was not loaded`);
    if (!bars.ok) {
      if (dataOnly.includes(symbol)) {
        return fail(bars.error.code, `${bars.error.message} (${req.strategyId} needs ${symbol} as its benchmark; set another with --param benchmark=<SYMBOL>)`);
      }
      return bars;
    }
    held += bars.value.length;
    if (held > LIMITS.barsPerBacktest) return tooLarge(`${series.length + 1} of ${loaded.length} symbol(s) already hold ${showLimit(held)} bars`);
    series.push(bars.value);
  }
  return ok(series);
}

function warningsOf(strategyId: string, strategy: BoundStrategy, traded: readonly BarSeries[], events: readonly { kind: string; message: string }[]): string[] {
  const warnings: string[] = [];
  for (const s of traded) {
    if (s.length < strategy.minBars) warnings.push(`${s.symbol} has ${s.length} bars but ${strategyId} needs ${strategy.minBars} before it can signal`);
  }
  for (const e of events) if (e.kind === 'strategy_failed') warnings.push(e.message);
  return warnings;
}

export const iso = (ms: number): string => new Date(ms).toISOString();

function tooLarge(what: string): Result<never> {
  return fail('backtest.too_large', `${what}: over the limit of ${showLimit(LIMITS.barsPerBacktest)} bars per backtest; narrow the dates, use a larger timeframe or fewer symbols`);
}

// A stored run's frozen manifest, read back for a replay: everything that decided the run, for a backtest (as
// backtest() saved it) or a paper run (as startRun froze it). Parsed strictly: a run saved without a field the
// replay needs (older backtests lack costs) cannot be replayed faithfully, and says so instead of guessing.
import { z } from 'zod';
import type { Timeframe } from '../../core/domain/bar.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import { firstIssueLine } from '../../core/domain/zod-errors.js';
import type { CostConfig, QuantConfig, SizingConfig } from '../../core/engine/config.js';
import type { GateLimits, GatesMode } from '../../core/risk/gates.js';
import { ruleSchema, type Rule } from '../../core/risk/rules.js';
import { backtestManifestSchema } from '../backtest/manifest.js';
import { runManifestSchema } from '../runs/manifest-schema.js';
import type { RunRef } from '../runs/ports.js';

/** What a replay re-runs: the run's own settings and the window of bars it used. */
export interface ReplaySetup {
  readonly strategyId: string;
  readonly strategyVersion: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly symbols: readonly string[];
  readonly timeframe: Timeframe;
  /**
   * Backtests: the label of the market data the bars came from (must match to reload them). Paper: the source, the
   * provider of each symbol and, for a run on raw prices, `adjustment: 'raw'`.
   */
  readonly data:
    | { readonly kind: 'label'; readonly label: string }
    | { readonly kind: 'source'; readonly source: string; readonly sources?: Readonly<Record<string, string>>; readonly adjustment?: 'raw' };
  readonly startCash: number;
  readonly sizing: SizingConfig;
  readonly costs: CostConfig;
  readonly gates: GateLimits;
  readonly gatesMode: GatesMode;
  readonly quant: QuantConfig;
  /** The run's rules as frozen (paper runs: as they stand after any mid-run change). */
  readonly rules: readonly Rule[];
  /** First and last bar the run decided on (epoch ms). */
  readonly from: number;
  readonly to: number;
}

// Only what a replay needs, picked from each mode's one manifest schema.
const REPLAYED = { strategy: true, params: true, symbols: true, timeframe: true, startCash: true, sizing: true, costs: true, quant: true, rules: true, gates: true } as const;
const backtestReplaySchema = backtestManifestSchema.pick({ ...REPLAYED, data: true }).extend({ data: backtestManifestSchema.shape.data.pick({ source: true, simulated: true }) });

const unavailable = (run: RunRef, why: string) => fail('replay.unavailable', `Run #${run.number} cannot be replayed: ${why}`, { number: run.number });

export function replaySetupOf(run: RunRef, manifest: unknown): Result<ReplaySetup> {
  const { dataFrom: from, dataTo: to } = run.config;
  if (from === null || to === null) return unavailable(run, 'it has not decided on any bar yet');
  if (run.mode === 'backtest') {
    const m = backtestReplaySchema.safeParse(manifest);
    if (!m.success) return unavailable(run, `its saved manifest lacks what a replay needs (${firstIssueLine(m.error, 'manifest')})`);
    const d = m.data;
    return ok({
      strategyId: d.strategy.id, strategyVersion: d.strategy.version, params: d.params, symbols: d.symbols, timeframe: d.timeframe,
      data: { kind: 'label', label: d.data.source }, startCash: d.startCash, sizing: d.sizing, costs: d.costs, gates: d.gates.limits,
      gatesMode: d.gates.mode, quant: d.quant, rules: d.rules, from, to,
    });
  }
  const m = runManifestSchema.safeParse(manifest);
  if (!m.success) return unavailable(run, `its manifest cannot be read (${firstIssueLine(m.error, 'manifest')})`);
  const d = m.data;
  return ok({
    strategyId: d.strategy.id, strategyVersion: d.strategy.version, params: d.params, symbols: d.symbols, timeframe: d.timeframe,
    data: { kind: 'source', source: d.dataSource, ...(d.sources === undefined ? {} : { sources: d.sources }), ...(d.adjustment === undefined ? {} : { adjustment: d.adjustment }) }, startCash: d.startCash, sizing: d.sizing, costs: d.costs, gates: d.gates.limits,
    gatesMode: d.gates.mode, quant: d.quant, rules: d.rules, from, to,
  });
}

const rulesOnlySchema = z.object({ rules: z.array(ruleSchema) });

/** The rules frozen into a run (any mode), even before it decided on a bar. */
export function rulesOfManifest(run: RunRef, manifest: unknown): Result<readonly Rule[]> {
  const m = rulesOnlySchema.safeParse(manifest);
  return m.success ? ok(m.data.rules) : fail('db.corrupt_row', `Run #${run.number}'s frozen rules cannot be read (${firstIssueLine(m.error, 'manifest')})`, { number: run.number });
}

import type { Metrics } from '../engine/report.js';
import { compareKeys } from './group-stats.js';
import { diffConfigs, type ComparableConfig, type ConfigDifference } from './config-diff.js';

export interface ComparableRun {
  /** How the run is named in the answer, e.g. `#3`. */
  readonly label: string;
  readonly config: ComparableConfig;
  readonly metrics: Metrics;
}

/** One metric of every run (baseline first) and each run's delta against the baseline. */
export interface MetricDifference {
  readonly metric: string;
  readonly values: readonly (number | null)[];
  /** deltas[i] = values[i] - values[0] (so deltas[0] is 0); null where either side is undefined. */
  readonly deltas: readonly (number | null)[];
  readonly differs: boolean;
}

export interface RunComparison {
  /** Labels, baseline first. */
  readonly runs: readonly string[];
  readonly sameConfig: boolean;
  /** Only the settings that differ. */
  readonly config: readonly ConfigDifference[];
  /** Every numeric metric, in Metrics' order. */
  readonly metrics: readonly MetricDifference[];
  /** Blocked-signal counts per `gate:<id>` / `rule:<id>` key any run has (0 where a run has none), sorted by key. */
  readonly blockedBy: readonly MetricDifference[];
}

// The notes say why a metric is n/a and periodsPerYear is its annualisation basis: neither is a metric to compare.
type NumericMetric = Exclude<keyof Metrics, 'blockedBy' | 'cagrNote' | 'sharpeNote' | 'sortinoNote' | 'periodsPerYear'>;

// A Record over the union makes the compiler insist on every metric; its insertion order is the report order.
const METRIC_ORDER: Readonly<Record<NumericMetric, true>> = {
  startEquity: true,
  endEquity: true,
  totalReturnPct: true,
  cagrPct: true,
  sharpe: true,
  sortino: true,
  maxDrawdownPct: true,
  trades: true,
  winRatePct: true,
  profitFactor: true,
  expectancy: true,
  avgWin: true,
  avgLoss: true,
  exposurePct: true,
};
const METRICS = Object.keys(METRIC_ORDER) as NumericMetric[];

/** Config diff and metrics diff of two or more runs; the first is the baseline. */
export function compareRuns(a: ComparableRun, b: ComparableRun, ...more: ComparableRun[]): RunComparison {
  const runs = [a, b, ...more];
  const config = diffConfigs(runs.map((r) => r.config));
  const blockedKeys = new Set<string>();
  for (const r of runs) for (const k of Object.keys(r.metrics.blockedBy)) blockedKeys.add(k);
  return {
    runs: runs.map((r) => r.label),
    sameConfig: config.length === 0,
    config,
    metrics: METRICS.map((m) => side(m, runs.map((r) => r.metrics[m]))),
    blockedBy: [...blockedKeys].sort(compareKeys).map((k) => side(k, runs.map((r) => blockedCount(r.metrics, k)))),
  };
}

function side(metric: string, values: readonly (number | null)[]): MetricDifference {
  const base = values[0] ?? null;
  const deltas = values.map((v) => (v === null || base === null ? null : v - base));
  return { metric, values, deltas, differs: values.some((v) => !Object.is(v, base) && !(v === 0 && base === 0)) };
}

function blockedCount(m: Metrics, key: string): number {
  // Own properties only: a key like `constructor` must not find Object.prototype.
  return Object.prototype.hasOwnProperty.call(m.blockedBy, key) ? m.blockedBy[key]! : 0;
}

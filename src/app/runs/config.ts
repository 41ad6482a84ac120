import type { RunManifest } from './model.js';
import type { RunConfig } from './ports.js';

/** A paper/live run's frozen manifest as a RunConfig; the window is the first and last bar it marked. */
export function configOfManifest(m: RunManifest, window: { from: number | null; to: number | null }): RunConfig {
  return {
    strategy: m.strategy,
    params: m.params,
    symbols: m.symbols,
    timeframe: m.timeframe,
    rulesHash: m.rulesHash,
    ruleIds: m.rules.map((r) => r.id),
    // A run on raw prices says so wherever its source is shown (its card, /compare).
    dataSource: m.adjustment === 'raw' ? `${m.dataSource} (raw prices)` : m.dataSource,
    simulated: m.dataSource === 'sim',
    dataFrom: window.from,
    dataTo: window.to,
    sizing: m.sizing,
    costs: m.costs,
    startCash: m.startCash,
    codeVersion: m.codeVersion,
  };
}

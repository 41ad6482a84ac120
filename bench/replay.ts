import { performance } from 'node:perf_hooks';
import type { ReplaySetup } from '../src/app/replay/manifest.js';
import { runPaperPasses } from '../src/app/replay/paper.js';
import { runTimeline } from '../src/app/replay/timeline.js';
import type { JournalDecision, RunJournal } from '../src/app/runs/journal.js';
import { TIMEFRAME_MS, type Timeframe } from '../src/core/domain/bar.js';
import { DEFAULT_QUANT } from '../src/core/engine/config.js';
import { DEFAULT_GATE_LIMITS } from '../src/core/risk/gates.js';
import type { Rule } from '../src/core/risk/rules.js';
import { createSimMarketData } from '../src/market-data/sim/sim-market-data.js';
import type { BenchFigure } from './figure.js';

const T0 = Date.UTC(2024, 0, 1);

/** A paper run that decided every bar (the replay's worst case: one window per decision). */
function journalOf(timeframe: Timeframe, bars: number): RunJournal {
  const tf = TIMEFRAME_MS[timeframe];
  const decisions: JournalDecision[] = Array.from({ length: bars }, (_, i) => ({
    kind: 'decided', barTime: T0 + i * tf, at: T0 + (i + 1) * tf + 1000, barClose: T0 + (i + 1) * tf, mode: 'trade', killSwitch: false, orders: [], bars: new Map(),
  }));
  return { decisions, transitions: [], ruleChanges: [], orderStatus: new Map() };
}

function setupOf(timeframe: Timeframe, bars: number): ReplaySetup {
  return {
    strategyId: 'mean-reversion', strategyVersion: 'bench', params: {}, symbols: ['SIM-A', 'SIM-B'], timeframe, data: { kind: 'source', source: 'sim' },
    startCash: 100_000, sizing: { kind: 'risk', riskPct: 2, atrMultiple: 1.5, atrPeriod: 14 }, costs: { commissionRate: 0.001, slippageBps: 5 },
    gates: DEFAULT_GATE_LIMITS, gatesMode: 'enforce', quant: DEFAULT_QUANT, rules: [], from: T0, to: T0 + (bars - 1) * TIMEFRAME_MS[timeframe],
  };
}

/** Passes of one replay: suggest_rules replays the baseline and its top 3 proposals together. */
const PASSES = 4;

/** A paper replay of the baseline and three variants (what suggest_rules with replay: true asks for). */
export async function benchReplay(): Promise<BenchFigure[]> {
  const market = createSimMarketData({ seed: 42 });
  const out: BenchFigure[] = [];
  for (const [name, timeframe, bars] of [['paper_1d_2y', '1d', 730], ['paper_1h_90d', '1h', 2_160], ['paper_1m_3d', '1m', 4_320]] as const) {
    const journal = journalOf(timeframe, bars);
    const setup = setupOf(timeframe, bars);
    const pass = () => runPaperPasses({ market, setup, timeline: runTimeline(journal, [], Number.MAX_SAFE_INTEGER), orderStatus: journal.orderStatus, runKey: 'run:bench', passes: Array.from({ length: PASSES }, () => (r: readonly Rule[]) => r) });
    await pass(); // warm-up (and the simulated market's bars)
    const started = performance.now();
    const r = await pass();
    const ms = performance.now() - started;
    if (!r.ok) throw new Error(r.error.message);
    out.push({ name: `replay.${name}.ms`, value: Math.round(ms), unit: 'ms', decisions: bars, passes: PASSES, trades: r.value[0]!.trades.length });
  }
  return out;
}

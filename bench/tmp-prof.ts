import { randomWalkSeries } from './engine.js';
import { runBacktest } from '../src/core/engine/backtest.js';
import { DEFAULT_QUANT, DEFAULT_SIZING } from '../src/core/engine/config.js';
import { buildUniverse } from '../src/core/engine/universe.js';
import { DEFAULT_GATE_LIMITS } from '../src/core/risk/gates.js';
import { bindStrategy } from '../src/core/strategies/registry.js';
const id = process.argv[2] ?? 'trend-following';
const s = randomWalkSeries('SIM', 1_000_000, 7);
const u = id === 'relative-strength' ? buildUniverse([s, randomWalkSeries('BENCH', 1_000_000, 8)], [true, false]) : buildUniverse([s], [true]);
const b = bindStrategy(id, id === 'relative-strength' ? { benchmark: 'BENCH' } : {});
if (!b.ok) throw new Error();
const cfg = { runKey: 'bench', strategy: b.value, timeframe: '1m' as const, rules: [], gates: DEFAULT_GATE_LIMITS, gatesMode: 'enforce' as const, sizing: DEFAULT_SIZING, costs: { commissionRate: 0.0005, slippageBps: 1 }, quant: DEFAULT_QUANT };
const times: string[] = [];
for (let i = 0; i < Number(process.argv[3] ?? 8); i++) { const t0 = performance.now(); const r = runBacktest(u, cfg, 100000); times.push((performance.now() - t0).toFixed(0) + '/' + r.blocked.length); }
console.log(times.join(' '));

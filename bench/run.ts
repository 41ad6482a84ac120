// `npm run bench`: prints one JSON line per figure. Speed targets live here, never in timed tests.
import { benchAnalyst } from './analyst.js';
import { benchCli } from './cli.js';
import { benchDesk } from './desk.js';
import { benchEngine } from './engine.js';
import type { BenchFigure } from './figure.js';
import { benchIndicators } from './indicators.js';
import { benchMcpMemory } from './mcp-memory.js';
import { benchMetrics } from './metrics.js';
import { benchReplay } from './replay.js';

const suites: Record<string, () => Promise<BenchFigure[]>> = {
  engine: benchEngine,
  cli: benchCli,
  metrics: benchMetrics,
  indicators: benchIndicators,
  desk: benchDesk,
  analyst: benchAnalyst,
  replay: benchReplay,
  'mcp-memory': benchMcpMemory,
};

const only = process.argv.slice(2);
for (const [name, suite] of Object.entries(suites)) {
  if (only.length > 0 && !only.includes(name)) continue;
  for (const figure of await suite()) process.stdout.write(`${JSON.stringify(figure)}\n`);
}

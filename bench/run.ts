// `npm run bench`: prints one JSON line per figure. Speed targets live here, never in timed tests.
// Soak suites (minutes of real processes) run only when named: `npm run bench -- restart two-desks`.
import { benchAnalyst } from './analyst.js';
import { benchBroker } from './broker.js';
import { benchCache } from './cache.js';
import { benchCli } from './cli.js';
import { benchDesk } from './desk.js';
import { benchEngine } from './engine.js';
import type { BenchFigure } from './figure.js';
import { benchIndicators } from './indicators.js';
import { benchMcpMemory } from './mcp-memory.js';
import { benchMetrics } from './metrics.js';
import { benchProviders } from './providers.js';
import { benchReconcile } from './reconcile.js';
import { benchReplay } from './replay.js';
import { benchPostgresDesks } from './postgres-desks.js';
import { benchRestart } from './restart.js';
import { benchTwoDesks } from './two-desks.js';

interface Suite {
  readonly run: () => Promise<BenchFigure[]>;
  /** Long: left out of a plain `npm run bench`. */
  readonly soak?: boolean;
}

const suites: Record<string, Suite> = {
  engine: { run: benchEngine },
  cli: { run: benchCli },
  metrics: { run: benchMetrics },
  indicators: { run: benchIndicators },
  desk: { run: benchDesk },
  analyst: { run: benchAnalyst },
  replay: { run: benchReplay },
  reconcile: { run: benchReconcile },
  broker: { run: benchBroker },
  'mcp-memory': { run: benchMcpMemory },
  cache: { run: benchCache },
  providers: { run: benchProviders },
  restart: { run: benchRestart, soak: true },
  'two-desks': { run: benchTwoDesks, soak: true },
  'postgres-desks': { run: benchPostgresDesks, soak: true },
};

const only = process.argv.slice(2);
const unknown = only.filter((name) => !(name in suites));
if (unknown.length > 0) {
  process.stderr.write(`bench: unknown suite(s) ${unknown.join(', ')} (suites: ${Object.keys(suites).join(', ')})\n`);
  process.exit(2);
}
for (const [name, suite] of Object.entries(suites)) {
  if (only.length > 0 ? !only.includes(name) : suite.soak === true) continue;
  for (const figure of await suite.run()) process.stdout.write(`${JSON.stringify(figure)}\n`);
}

import { beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceRef } from '../../../src/app/chat/command.js';
import type { RunManifest } from '../../../src/app/runs/model.js';
import type { RunStore } from '../../../src/app/runs/ports.js';
import type { RunQueries } from '../../../src/app/runs/ports.js';
import { DEFAULT_QUANT } from '../../../src/core/engine/config.js';
import { DEFAULT_GATE_LIMITS } from '../../../src/core/risk/gates.js';
import { createPrismaRunQueries } from '../../../src/store/runs/queries.js';
import { createPrismaRunStore } from '../../../src/store/runs/store.js';
import { blockedOf, commitOf, commitSeed } from '../../helpers/run-commits.js';
import { useMigratedStore } from '../helpers/repo.js';

const fixture = useMigratedStore('run-queries-decisions');
let runs: RunStore;
let queries: RunQueries;

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 5, 14, 30);
/** 120 one-minute bars: far more than the 50 the old read could reach. */
const BARS = Array.from({ length: 120 }, (_, i) => T0 + i * MIN);
const ws: WorkspaceRef = { platform: 'slack', externalId: 'decisions-range', name: 'Team' };

const MANIFEST: RunManifest = {
  strategy: { id: 'mean-reversion', version: '1.0.0' }, params: { period: 5 }, symbols: ['SIM-A', 'SIM-B'], dataSymbols: [], timeframe: '1m',
  dataSource: 'sim', startCash: 100_000, sizing: { kind: 'percent', pct: 10 }, costs: { commissionRate: 0, slippageBps: 0 },
  gates: { mode: 'enforce', limits: DEFAULT_GATE_LIMITS }, quant: DEFAULT_QUANT, rules: [], rulesHash: 'h', codeVersion: 'v',
};

function value<T>(res: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!res.ok) throw new Error(res.error.message);
  return res.value;
}

let runId = '';

beforeAll(async () => {
  runs = createPrismaRunStore(fixture.store.prisma);
  queries = createPrismaRunQueries(fixture.store.prisma);
  runId = value(await runs.createRun({ workspace: ws, manifest: MANIFEST, createdBy: 'ann', channelId: 'c1', now: T0 })).id;
  for (const [i, t] of BARS.entries()) {
    value(await commitSeed(runs, commitOf(runId, t, {
      decision: {
        inputs: {}, signals: i % 10 === 0 ? [{ symbol: 'SIM-A', action: 'enter_long', confidence: 0.7, reason: `bar ${i}` }] : [], orders: [],
        verdicts: i % 10 === 0 ? [blockedOf('SIM-A', 'gate:max-drawdown', t)] : [], notes: [{ kind: 'analysis', content: `note ${i}` }],
      },
    })));
  }
});

describe('decisionsBetween', () => {
  it('reads the newest records first, capped by limit, and counts the whole range', async () => {
    const page = value(await queries.decisionsBetween(runId, { limit: 5, order: 'newest_first' }));
    expect(page.total).toBe(120);
    expect(page.decisions.map((d) => d.barTime)).toEqual(BARS.slice(-5).reverse());
  });

  it('reaches records older than the newest 50 by bar-time range, in either order', async () => {
    const range = { from: BARS[3], to: BARS[12] };
    const newest = value(await queries.decisionsBetween(runId, { ...range, limit: 4, order: 'newest_first' }));
    expect(newest.total).toBe(10);
    expect(newest.decisions.map((d) => d.barTime)).toEqual([BARS[12], BARS[11], BARS[10], BARS[9]]);
    expect(newest.decisions[2]).toMatchObject({ signals: [{ symbol: 'SIM-A', reason: 'bar 10' }], blocked: [{ by: 'gate:max-drawdown' }], notes: [{ content: 'note 10' }] });
    const oldest = value(await queries.decisionsBetween(runId, { ...range, limit: 50, order: 'oldest_first' }));
    expect(oldest.decisions.map((d) => d.barTime)).toEqual(BARS.slice(3, 13));
  });

  it('leaves out decisions made after decidedBy (each is decided a minute after its bar)', async () => {
    const page = value(await queries.decisionsBetween(runId, { decidedBy: BARS[9]! + MIN, limit: 3, order: 'newest_first' }));
    expect(page.total).toBe(10);
    expect(page.decisions.map((d) => d.barTime)).toEqual([BARS[9], BARS[8], BARS[7]]);
  });

  it('takes a limit above the cap as the cap, and answers an unknown run with nothing', async () => {
    expect(value(await queries.decisionsBetween(runId, { limit: 10_000, order: 'oldest_first' })).decisions).toHaveLength(120);
    expect(value(await queries.decisionsBetween('nope', { limit: 5, order: 'newest_first' }))).toEqual({ total: 0, decisions: [] });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../../src/app/canonical-json.js';
import type { Actor, WorkspaceRef } from '../../src/app/command.js';
import type { RunManifest } from '../../src/app/runs/model.js';
import { DEFAULT_QUANT } from '../../src/core/engine/config.js';
import { DEFAULT_GATE_LIMITS } from '../../src/core/risk/gates.js';
import { createStore, type Store } from '../../src/store/client.js';
import { deliveryTarget, setRunThread } from '../../src/store/delivery.js';
import { migrateDatabase } from '../../src/store/migrate.js';
import { createPrismaRunStore } from '../../src/store/run-store.js';
import { createPrismaWorkspaceSettings } from '../../src/store/workspace-settings.js';
import { ensureWorkspace } from '../../src/store/workspaces.js';
import { createTempDir } from './helpers/repo.js';

const tmp = createTempDir('delivery');
const url = tmp.url('delivery.db');
let store: Store;

beforeAll(async () => {
  const migrated = await migrateDatabase(url);
  if (!migrated.ok) throw new Error(migrated.error.message);
  store = createStore({ databaseUrl: url });
});
afterAll(async () => {
  await store.close();
  tmp.remove();
});

const T0 = Date.UTC(2026, 0, 5, 14, 30);
const ANN: Actor = { id: 'u-ann', name: 'ann', role: 'admin' };
const ws = (externalId: string): WorkspaceRef => ({ platform: 'slack', externalId, name: `Team ${externalId}` });

const manifest: RunManifest = {
  strategy: { id: 'trend-following', version: '1.0.0' }, params: {}, symbols: ['AAPL', 'MSFT'], dataSymbols: [], timeframe: '1d', dataSource: 'sim',
  startCash: 100_000, sizing: { kind: 'percent', pct: 10 }, costs: { commissionRate: 0, slippageBps: 0 }, gates: { mode: 'enforce', limits: DEFAULT_GATE_LIMITS },
  quant: DEFAULT_QUANT, rules: [], rulesHash: sha256Hex(canonicalJson([])), codeVersion: 'test',
};

function value<T>(res: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!res.ok) throw new Error(res.error.message);
  return res.value;
}

async function startRun(workspace: WorkspaceRef) {
  return value(await createPrismaRunStore(store.prisma).createRun({ workspace, manifest, createdBy: 'u-ann', channelId: 'C-start', now: T0 }));
}

const workspaceId = async (w: WorkspaceRef) => (await ensureWorkspace(store.prisma, w)).id;

describe('deliveryTarget', () => {
  it('resolves a workspace notice to the workspace and its desk channel, with no run', async () => {
    const w = ws('T-notice');
    const id = await workspaceId(w);
    expect(value(await deliveryTarget(store.prisma, { workspaceId: id, runId: null, eventType: 'run_halted', silent: true }))).toEqual({
      workspace: w, deskChannelId: null, run: null, eventType: 'run_halted', silent: true,
    });
    value(await createPrismaWorkspaceSettings(store.prisma).bindDeskChannel(w, 'C-desk', { actor: ANN, channelId: 'C-desk', now: T0 }));
    expect(value(await deliveryTarget(store.prisma, { workspaceId: id, runId: null, eventType: 'run_halted', silent: false })).deskChannelId).toBe('C-desk');
  });

  it('resolves a run notification to the run\'s number, strategy, symbols, channel and thread', async () => {
    const w = ws('T-run');
    const run = await startRun(w);
    const id = await workspaceId(w);
    const target = value(await deliveryTarget(store.prisma, { workspaceId: id, runId: run.id, eventType: 'order_filled', silent: false }));
    expect(target.run).toEqual({ id: run.id, number: 1, strategyId: 'trend-following', symbols: ['AAPL', 'MSFT'], channelRef: 'C-start', threadRef: null });
    value(await setRunThread(store.prisma, run.id, 'C-start:1700000000.000100'));
    const after = value(await deliveryTarget(store.prisma, { workspaceId: id, runId: run.id, eventType: 'order_filled', silent: false }));
    expect(after.run?.threadRef).toBe('C-start:1700000000.000100');
  });

  it('never resolves another workspace\'s run', async () => {
    const run = await startRun(ws('T-owner'));
    const res = await deliveryTarget(store.prisma, { workspaceId: await workspaceId(ws('T-other')), runId: run.id, eventType: 'order_filled', silent: false });
    expect(!res.ok && res.error.code).toBe('run.not_found');
  });

  it('fails with workspace.not_found or run.not_found for ids that do not exist', async () => {
    const noWorkspace = await deliveryTarget(store.prisma, { workspaceId: 'nope', runId: null, eventType: 'run_halted', silent: false });
    expect(!noWorkspace.ok && noWorkspace.error.code).toBe('workspace.not_found');
    const noRun = await deliveryTarget(store.prisma, { workspaceId: await workspaceId(ws('T-norun')), runId: 'nope', eventType: 'run_halted', silent: false });
    expect(!noRun.ok && noRun.error.code).toBe('run.not_found');
    const noThread = await setRunThread(store.prisma, 'nope', 'x');
    expect(!noThread.ok && noThread.error.code).toBe('run.not_found');
  });
});

import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../../../src/app/runs/canonical-json.js';
import type { Actor, WorkspaceRef } from '../../../src/app/chat/command.js';
import type { RunManifest } from '../../../src/app/runs/model.js';
import { DEFAULT_QUANT } from '../../../src/core/engine/config.js';
import { DEFAULT_GATE_LIMITS } from '../../../src/core/risk/gates.js';
import { deliveryTarget, setRunThread } from '../../../src/store/outbox/delivery.js';
import { createPrismaRunStore } from '../../../src/store/runs/store.js';
import { createPrismaWorkspaceSettings } from '../../../src/store/workspace/workspace-settings.js';
import { ensureWorkspace } from '../../../src/store/workspace/workspaces.js';
import { useMigratedStore } from '../helpers/repo.js';

const fixture = useMigratedStore('delivery');

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
  return value(await createPrismaRunStore(fixture.store.prisma).createRun({ workspace, manifest, createdBy: 'u-ann', channelId: 'C-start', now: T0 }));
}

const workspaceId = async (w: WorkspaceRef) => (await ensureWorkspace(fixture.store.prisma, w)).id;

describe('deliveryTarget', () => {
  it('resolves a workspace notice to the workspace and its desk channel, with no run', async () => {
    const w = ws('T-notice');
    const id = await workspaceId(w);
    expect(value(await deliveryTarget(fixture.store.prisma, { workspaceId: id, runId: null, eventType: 'run_halted', silent: true }))).toEqual({
      workspace: w, deskChannelId: null, run: null, eventType: 'run_halted', silent: true,
    });
    value(await createPrismaWorkspaceSettings(fixture.store.prisma).bindDeskChannel(w, 'C-desk', { actor: ANN, channelId: 'C-desk', now: T0 }));
    expect(value(await deliveryTarget(fixture.store.prisma, { workspaceId: id, runId: null, eventType: 'run_halted', silent: false })).deskChannelId).toBe('C-desk');
  });

  it('resolves a run notification to the run\'s number, strategy, symbols, channel and thread', async () => {
    const w = ws('T-run');
    const run = await startRun(w);
    const id = await workspaceId(w);
    const target = value(await deliveryTarget(fixture.store.prisma, { workspaceId: id, runId: run.id, eventType: 'order_filled', silent: false }));
    expect(target.run).toEqual({ id: run.id, number: 1, strategyId: 'trend-following', symbols: ['AAPL', 'MSFT'], channelRef: 'C-start', threadRef: null });
    value(await setRunThread(fixture.store.prisma, run.id, 'C-start:1700000000.000100'));
    const after = value(await deliveryTarget(fixture.store.prisma, { workspaceId: id, runId: run.id, eventType: 'order_filled', silent: false }));
    expect(after.run?.threadRef).toBe('C-start:1700000000.000100');
  });

  it('never resolves another workspace\'s run', async () => {
    const run = await startRun(ws('T-owner'));
    const res = await deliveryTarget(fixture.store.prisma, { workspaceId: await workspaceId(ws('T-other')), runId: run.id, eventType: 'order_filled', silent: false });
    expect(!res.ok && res.error.code).toBe('run.not_found');
  });

  it('fails with workspace.not_found or run.not_found for ids that do not exist', async () => {
    const noWorkspace = await deliveryTarget(fixture.store.prisma, { workspaceId: 'nope', runId: null, eventType: 'run_halted', silent: false });
    expect(!noWorkspace.ok && noWorkspace.error.code).toBe('workspace.not_found');
    const noRun = await deliveryTarget(fixture.store.prisma, { workspaceId: await workspaceId(ws('T-norun')), runId: 'nope', eventType: 'run_halted', silent: false });
    expect(!noRun.ok && noRun.error.code).toBe('run.not_found');
    const noThread = await setRunThread(fixture.store.prisma, 'nope', 'x');
    expect(!noThread.ok && noThread.error.code).toBe('run.not_found');
  });
});

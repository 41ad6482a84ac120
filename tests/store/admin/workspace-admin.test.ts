import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../../../src/app/runs/canonical-json.js';
import type { Actor, WorkspaceRef } from '../../../src/app/chat/command.js';
import { haltDesk, resumeDesk } from '../../../src/app/runs/kill-switch.js';
import type { RunManifest } from '../../../src/app/runs/model.js';
import type { RunStore } from '../../../src/app/runs/ports.js';
import type { WorkspaceAdmin } from '../../../src/app/workspace/ports.js';
import { DEFAULT_QUANT } from '../../../src/core/engine/config.js';
import type { Rule } from '../../../src/core/risk/rules.js';
import { DEFAULT_GATE_LIMITS } from '../../../src/core/risk/gates.js';
import type { Store } from '../../../src/store/db/client.js';
import { createPrismaRunStore } from '../../../src/store/runs/store.js';
import { testLeasing } from '../../helpers/test-leasing.js';
import { createPrismaWorkspaceAdmin } from '../../../src/store/admin/workspace-admin.js';
import { ensureWorkspace } from '../../../src/store/workspace/workspaces.js';
import { useMigratedStore } from '../helpers/repo.js';

const db = useMigratedStore('workspace-admin');
let store: Store;
let admin: WorkspaceAdmin;
let runs: RunStore;

beforeAll(() => {
  store = db.store;
  admin = createPrismaWorkspaceAdmin(store.prisma);
  runs = createPrismaRunStore(store.prisma);
});

const T0 = Date.UTC(2026, 0, 5, 14, 30);
const ANN: Actor = { id: 'u-ann', name: 'ann', role: 'admin' };
const ws = (externalId: string): WorkspaceRef => ({ platform: 'discord', externalId, name: `Guild ${externalId}` });
const STOP_8: Rule = { id: 'sl-8', category: 'stop_loss', type: 'stop_loss_pct', params: { pct: 8 }, priority: 5, active: true, shadow: false };

function manifest(rules: readonly Rule[]): RunManifest {
  return {
    strategy: { id: 'sma-cross', version: '1.0.0' }, params: { fast: 10, slow: 30 }, symbols: ['ORCL'], dataSymbols: [], timeframe: '1d', dataSource: 'sim',
    startCash: 100_000, sizing: { kind: 'percent', pct: 10 }, costs: { commissionRate: 0, slippageBps: 0 }, gates: { mode: 'enforce', limits: DEFAULT_GATE_LIMITS },
    quant: DEFAULT_QUANT, rules, rulesHash: sha256Hex(canonicalJson(rules)), codeVersion: 'test',
  };
}

async function startRun(workspace: WorkspaceRef, rules: readonly Rule[] = [STOP_8]) {
  const res = await runs.createRun({ workspace, manifest: manifest(rules), createdBy: 'ann', channelId: 'c', now: T0 });
  if (!res.ok) throw new Error(res.error.message);
  return res.value;
}

function value<T>(res: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!res.ok) throw new Error(res.error.message);
  return res.value;
}

const audit = async (workspace: WorkspaceRef, action: string) => {
  const id = (await ensureWorkspace(store.prisma, workspace)).id;
  return store.prisma.auditEntry.findMany({ where: { workspaceId: id, action }, orderBy: { at: 'asc' }, select: { actor: true, target: true, details: true } });
};

describe('rules through the WorkspaceAdmin', () => {
  it('adds, lists, toggles and removes rules of one workspace, audited under the member id', async () => {
    const w = ws('rules');
    expect(value(await admin.addRule(w, { category: 'risk', type: 'max_position_pct', params: { pct: 20 } }, ANN)).id).toBe('r1');
    const bad = await admin.addRule(w, { category: 'stop_loss', type: 'stop_loss_pct', params: { pct: 500 } }, ANN);
    expect(!bad.ok && [bad.error.code, bad.error.message]).toEqual(['rule.invalid', 'params.pct: Too big: expected number to be <=100']);
    expect(value(await admin.toggleRule(w, 'r1', ANN)).active).toBe(false);
    expect(value(await admin.listRules(w)).map((r) => [r.id, r.active])).toEqual([['r1', false]]);
    expect(value(await admin.listRules(ws('rules-other')))).toEqual([]);
    const missing = await admin.toggleRule(ws('rules-other'), 'r1', ANN);
    expect(!missing.ok && missing.error.code).toBe('rule.not_found');
    expect(value(await admin.removeRule(w, 'r1', ANN))).toMatchObject({ id: 'r1', rule: { type: 'max_position_pct' } });
    expect((await audit(w, 'rule.remove')).map((a) => a.actor)).toEqual(['u-ann']);
  });
});

describe('applyRuleChange', () => {
  it('rewrites the manifest, rule snapshot and hash of running, paused and halted runs, not stopped ones, with history', async () => {
    const w = ws('apply');
    const running = await startRun(w);
    const paused = await startRun(w);
    const halted = await startRun(w);
    const stopped = await startRun(w);
    const elsewhere = await startRun(ws('apply-other'));
    value(await runs.transition(paused.id, 'paused', 'ann', 'lunch', T0));
    value(await runs.transition(halted.id, 'halted', 'desk', 'drawdown', T0));
    value(await runs.transition(stopped.id, 'stopped', 'ann', 'done', T0));
    const cap: Rule = { id: 'cap', category: 'risk', type: 'max_position_pct', params: { pct: 20 }, priority: 1, active: true, shadow: false };
    const versionOf = async (id: string) => value(await runs.loadSnapshot(id)).version;
    const versions = await Promise.all([running, paused, halted, stopped].map((r) => versionOf(r.id)));

    const changed = value(await admin.applyRuleChange(w, { kind: 'upsert', rule: cap }, { actor: ANN, note: 'added cap', now: T0 + 1_000 }));
    // Each rewritten run's book version moves, so an iteration that read the old rules is refused and decides again.
    expect(await Promise.all([running, paused, halted, stopped].map((r) => versionOf(r.id)))).toEqual([versions[0]! + 1, versions[1]! + 1, versions[2]! + 1, versions[3]]);
    const expected = [cap, STOP_8];
    const hash = sha256Hex(canonicalJson(expected));
    expect(changed).toEqual([
      { number: running.number, previousHash: running.manifest.rulesHash, rulesHash: hash },
      { number: paused.number, previousHash: paused.manifest.rulesHash, rulesHash: hash },
      { number: halted.number, previousHash: halted.manifest.rulesHash, rulesHash: hash },
    ]);
    for (const run of [running, paused, halted]) {
      const snap = value(await runs.loadSnapshot(run.id));
      expect([snap.run.manifest.rules, snap.run.manifest.rulesHash]).toEqual([expected, hash]);
      const row = await store.prisma.run.findUniqueOrThrow({ where: { id: run.id }, select: { ruleSnapshot: true, ruleSnapshotHash: true } });
      expect(row).toEqual({ ruleSnapshot: expected, ruleSnapshotHash: hash });
      const reasoning = await store.prisma.reasoningEntry.findMany({ where: { runId: run.id }, select: { kind: true, content: true, at: true } });
      expect(reasoning).toEqual([{ kind: 'decision', content: 'rules changed by ann: added cap', at: new Date(T0 + 1_000) }]);
    }
    expect(value(await runs.getRun(w, stopped.number)).manifest).toEqual(stopped.manifest);
    expect(value(await runs.getRun(ws('apply-other'), elsewhere.number)).manifest).toEqual(elsewhere.manifest);
    expect((await audit(w, 'run.rules')).map((a) => [a.actor, a.target])).toEqual([['u-ann', running.id], ['u-ann', paused.id], ['u-ann', halted.id]]);

    // Switching cap off drops it again: the runs are back on their original rules and hash.
    const dropped = value(await admin.applyRuleChange(w, { kind: 'drop', id: 'cap' }, { actor: ANN, note: 'switched cap off', now: T0 + 2_000 }));
    expect(dropped.map((c) => c.rulesHash)).toEqual([running.manifest.rulesHash, running.manifest.rulesHash, running.manifest.rulesHash]);
    expect(value(await runs.getRun(w, running.number)).manifest).toEqual(running.manifest);
  });

  it('leaves runs the change does not touch alone, writing nothing', async () => {
    const w = ws('apply-noop');
    const run = await startRun(w);
    expect(value(await admin.applyRuleChange(w, { kind: 'drop', id: 'nope' }, { actor: ANN, note: 'removed nope', now: T0 }))).toEqual([]);
    const inactive = { ...STOP_8, id: 'off', active: false };
    expect(value(await admin.applyRuleChange(w, { kind: 'upsert', rule: inactive }, { actor: ANN, note: 'added off', now: T0 }))).toEqual([]);
    expect(await store.prisma.reasoningEntry.count({ where: { runId: run.id } })).toBe(0);
  });
});

describe('the kill switch', () => {
  it('is set once, shows in every run snapshot of its workspace only, and is lifted with an audit trail', async () => {
    const w = ws('kill');
    const run = await startRun(w);
    const other = await startRun(ws('kill-other'));
    expect(value(await admin.engageKillSwitch(w, 'fat finger', ANN, T0))).toEqual({ killSwitch: { haltedAt: T0, reason: 'fat finger' }, already: false });
    expect(value(await admin.engageKillSwitch(w, 'again', ANN, T0 + 5))).toEqual({ killSwitch: { haltedAt: T0, reason: 'fat finger' }, already: true });
    expect(value(await runs.loadSnapshot(run.id)).killSwitch).toBe('fat finger');
    expect(value(await runs.loadSnapshot(other.id)).killSwitch).toBeNull();
    expect(value(await admin.releaseKillSwitch(w, ANN, T0 + 10))).toEqual({ haltedAt: T0, reason: 'fat finger' });
    expect(value(await admin.releaseKillSwitch(w, ANN, T0 + 11))).toBeNull();
    expect(value(await runs.loadSnapshot(run.id)).killSwitch).toBeNull();
    expect((await audit(w, 'workspace.halt')).map((a) => a.details)).toEqual([{ reason: 'fat finger' }]);
    expect((await audit(w, 'workspace.resume')).length).toBe(1);
  });

  it('lists halted runs with the transition that halted them', async () => {
    const w = ws('halted');
    const a = await startRun(w);
    await startRun(w);
    const c = await startRun(w);
    value(await runs.transition(a.id, 'halted', 'desk', 'drawdown 26% > 25%', T0));
    value(await runs.transition(c.id, 'paused', 'ann', 'check', T0));
    value(await runs.transition(c.id, 'running', 'ann', 'ok', T0 + 1));
    value(await runs.transition(c.id, 'halted', 'ann', 'desk halt by ann', T0 + 2));
    expect(value(await admin.haltedRuns(w))).toEqual([
      { id: a.id, number: a.number, actor: 'desk', reason: 'drawdown 26% > 25%', at: T0 },
      { id: c.id, number: c.number, actor: 'ann', reason: 'desk halt by ann', at: T0 + 2 },
    ]);
  });

  it('/halt then /resume-all over the Prisma stores resumes only the runs the desk halted', async () => {
    const w = ws('halt-flow');
    const deps = { admin, store: runs, leasing: testLeasing() };
    const healthy = await startRun(w);
    const gated = await startRun(w);
    value(await runs.transition(gated.id, 'halted', 'desk', 'drawdown 26% > 25%', T0));
    const halted = value(await haltDesk(deps, { workspace: w, actor: ANN, reason: 'fat finger', now: T0 + 1 }));
    expect(halted.runs).toEqual([{ number: healthy.number, refused: null }]);
    expect(value(await runs.getRun(w, healthy.number)).status).toBe('halted');
    const resumed = value(await resumeDesk(deps, { workspace: w, actor: ANN, now: T0 + 2 }));
    expect(resumed.runs).toEqual([{ number: healthy.number, refused: null }]);
    expect(resumed.stillHalted.map((r) => r.number)).toEqual([gated.number]);
    expect([value(await runs.getRun(w, healthy.number)).status, value(await runs.getRun(w, gated.number)).status]).toEqual(['running', 'halted']);
    expect(value(await runs.loadSnapshot(healthy.id)).killSwitch).toBeNull();
  });
});

describe('notification levels', () => {
  it('reads defaults, sets one event type per workspace', async () => {
    expect(value(await admin.getNotificationLevels(ws('levels'))).order_filled).toBe('on');
    expect(value(await admin.setNotificationLevel(ws('levels'), 'order_filled', 'silent', ANN)).order_filled).toBe('silent');
    expect(value(await admin.getNotificationLevels(ws('levels'))).order_filled).toBe('silent');
    expect(value(await admin.getNotificationLevels(ws('levels-other'))).order_filled).toBe('on');
    expect((await audit(ws('levels'), 'notification.level')).map((a) => [a.actor, a.target])).toEqual([['u-ann', 'order_filled']]);
  });
});

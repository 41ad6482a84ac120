// An in-memory WorkspaceAdmin for command tests (STYLE: fakes of the ports, not vi.mock), with the same rule
// validation, messages and scoping as the Prisma one. It owns a RunStore wrapping a memory run store, so a rule
// change applied to runs shows in their manifests and the kill switch shows in their snapshots, per workspace.
import { canonicalJson, sha256Hex } from '../../src/app/runs/canonical-json.js';
import type { Actor, WorkspaceRef } from '../../src/app/chat/command.js';
import type { NotificationEvent, RunManifest, RunSummary } from '../../src/app/runs/model.js';
import type { RunStore } from '../../src/app/runs/ports.js';
import {
  NOTIFICATION_EVENTS,
  type HaltedRun,
  type KillSwitch,
  type NotificationLevel,
  type NotificationLevels,
  type RuleChange,
  type RunRulesChanged,
  type WorkspaceAdmin,
} from '../../src/app/workspace/ports.js';
import { fail, ok, type Result } from '../../src/core/domain/result.js';
import type { Rule } from '../../src/core/risk/rules.js';
import { parseRuleInput } from '../../src/store/rules/rows.js';
import { createMemoryRunStore, type MemoryRunStore } from './memory-run-store.js';

export interface AuditLine {
  readonly workspace: string;
  readonly actor: string;
  readonly action: string;
  readonly target: string | null;
}

export interface MemoryWorkspaceAdmin extends WorkspaceAdmin {
  readonly audit: AuditLine[];
  /** Reasoning entries written into runs' histories. */
  readonly reasoning: { readonly runId: string; readonly content: string }[];
}

const byOrder = (a: Rule, b: Rule): number => a.priority - b.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const IN_PROGRESS = new Set(['running', 'paused', 'halted']);

export function createMemoryWorkspaceAdmin(inner: MemoryRunStore = createMemoryRunStore()): { admin: MemoryWorkspaceAdmin; runStore: RunStore } {
  const wkey = (w: WorkspaceRef): string => `${w.platform}/${w.externalId}`;
  const rules = new Map<string, Rule[]>();
  const autoKeys = new Map<string, number>();
  const kills = new Map<string, KillSwitch>();
  const levels = new Map<string, Partial<Record<NotificationEvent, NotificationLevel>>>();
  const manifests = new Map<string, RunManifest>();
  const rulesOf = (w: WorkspaceRef): Rule[] => rules.get(wkey(w)) ?? (rules.set(wkey(w), []), rules.get(wkey(w))!);
  const note = (w: WorkspaceRef, actor: Actor, action: string, target: string | null = null): void => {
    admin.audit.push({ workspace: wkey(w), actor: actor.id, action, target });
  };
  const notFound = (w: WorkspaceRef, key: string): Result<never> => {
    const keys = rulesOf(w).map((r) => r.id).sort();
    return fail('rule.not_found', `no rule '${key}' in this workspace; rules: ${keys.length === 0 ? 'none' : keys.join(', ')}`, { key, keys });
  };
  const levelsOf = (w: WorkspaceRef): NotificationLevels =>
    Object.fromEntries(NOTIFICATION_EVENTS.map((e) => [e, levels.get(wkey(w))?.[e] ?? 'on'])) as Record<NotificationEvent, NotificationLevel>;

  const patch = (s: RunSummary): RunSummary => {
    const m = manifests.get(s.id);
    return m === undefined ? s : { ...s, manifest: m };
  };
  const patched = (r: Result<RunSummary>): Result<RunSummary> => (r.ok ? ok(patch(r.value)) : r);
  const runStore: RunStore = {
    ...inner,
    getRun: async (w, n) => patched(await inner.getRun(w, n)),
    listRuns: async (w, filter) => (await inner.listRuns(w, filter)).map(patch),
    listActive: async () => (await inner.listActive()).map(patch),
    transition: async (...args) => patched(await inner.transition(...args)),
    loadSnapshot: async (runId) => {
      const snap = await inner.loadSnapshot(runId);
      if (!snap.ok) return snap;
      return ok({ ...snap.value, run: patch(snap.value.run), killSwitch: kills.get(wkey(snap.value.run.workspace))?.reason ?? null });
    },
  };

  const admin: MemoryWorkspaceAdmin = {
    audit: [],
    reasoning: [],
    async listRules(w) {
      return ok([...rulesOf(w)].sort(byOrder));
    },
    async addRule(w, input, actor) {
      const parsed = parseRuleInput(input);
      if (!parsed.ok) return parsed;
      let key = parsed.value.rule.id;
      if (!parsed.value.hasKey) {
        const n = (autoKeys.get(wkey(w)) ?? 0) + 1;
        autoKeys.set(wkey(w), n);
        key = `r${n}`;
      }
      if (rulesOf(w).some((r) => r.id === key)) return fail('rule.duplicate', `rule '${key}' already exists in this workspace; pick another id`, { key });
      const rule: Rule = { ...parsed.value.rule, id: key };
      rulesOf(w).push(rule);
      note(w, actor, 'rule.add', key);
      return ok(rule);
    },
    async toggleRule(w, key, actor) {
      const list = rulesOf(w);
      const i = list.findIndex((r) => r.id === key);
      if (i < 0) return notFound(w, key);
      const rule: Rule = { ...list[i]!, active: !list[i]!.active };
      list[i] = rule;
      note(w, actor, 'rule.toggle', key);
      return ok(rule);
    },
    async removeRule(w, key, actor) {
      const list = rulesOf(w);
      const i = list.findIndex((r) => r.id === key);
      if (i < 0) return notFound(w, key);
      const [rule] = list.splice(i, 1);
      note(w, actor, 'rule.remove', key);
      return ok({ id: key, rule: rule ?? null });
    },
    async applyRuleChange(w, change, by) {
      const changed: RunRulesChanged[] = [];
      const runs = (await runStore.listRuns(w, { status: 'all' })).filter((r) => IN_PROGRESS.has(r.status)).sort((a, b) => a.number - b.number);
      for (const run of runs) {
        const next = withChange(run.manifest.rules, change);
        const rulesHash = sha256Hex(canonicalJson(next));
        if (rulesHash === sha256Hex(canonicalJson(run.manifest.rules))) continue;
        manifests.set(run.id, { ...run.manifest, rules: next, rulesHash });
        // As the store does: the run's book version moves, so an iteration that read the old rules decides again.
        inner.touch(run.id);
        note(w, by.actor, 'run.rules', run.id);
        admin.reasoning.push({ runId: run.id, content: `rules changed by ${by.actor.name}: ${by.note}` });
        changed.push({ number: run.number, previousHash: run.manifest.rulesHash, rulesHash });
      }
      return ok(changed);
    },
    async killSwitch(w) {
      return ok(kills.get(wkey(w)) ?? null);
    },
    async engageKillSwitch(w, reason, actor, now) {
      const current = kills.get(wkey(w));
      if (current !== undefined) return ok({ killSwitch: current, already: true });
      const killSwitch = { haltedAt: now, reason };
      kills.set(wkey(w), killSwitch);
      note(w, actor, 'workspace.halt');
      return ok({ killSwitch, already: false });
    },
    async releaseKillSwitch(w, actor) {
      const current = kills.get(wkey(w)) ?? null;
      if (current !== null) {
        kills.delete(wkey(w));
        note(w, actor, 'workspace.resume');
      }
      return ok(current);
    },
    async haltedRuns(w) {
      const halted = [...(await inner.listRuns(w, { status: 'halted' }))].sort((a, b) => a.number - b.number);
      return ok(halted.map((run): HaltedRun => {
        const last = inner.transitions.filter((t) => t.runId === run.id).at(-1);
        return { id: run.id, number: run.number, actor: last?.actor ?? '', reason: last?.to === 'halted' ? last.reason : 'unknown', at: 0 };
      }));
    },
    async getNotificationLevels(w) {
      return ok(levelsOf(w));
    },
    async setNotificationLevel(w, event, level, actor) {
      levels.set(wkey(w), { ...levels.get(wkey(w)), [event]: level });
      note(w, actor, 'notification.level', event);
      return ok(levelsOf(w));
    },
  };
  return { admin, runStore };
}

function withChange(rules: readonly Rule[], change: RuleChange): Rule[] {
  const id = change.kind === 'upsert' ? change.rule.id : change.id;
  const kept = rules.filter((r) => r.id !== id);
  if (change.kind === 'upsert' && change.rule.active) kept.push(change.rule);
  return kept.sort(byOrder);
}

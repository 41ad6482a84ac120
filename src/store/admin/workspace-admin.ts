// The Prisma WorkspaceAdmin: the rules store, the kill switch, notification levels and rule changes to runs in
// progress, each resolved to the workspace of the chat that asked. Audit entries name the member's user id.
import type { WorkspaceRef } from '../../app/chat/command.js';
import type { WorkspaceAdmin } from '../../app/workspace/ports.js';
import { ok, type Result } from '../../core/domain/result.js';
import type { PrismaClient } from '../db/client.js';
import { engageKillSwitch, listHaltedRuns, readKillSwitch, releaseKillSwitch } from './kill-switch.js';
import { getNotificationLevels, setNotificationLevel } from '../outbox/notification-levels.js';
import { addRule, listRules, removeRule, toggleRule } from '../rules/rules.js';
import { applyRuleChangeToRuns } from '../runs/rule-changes.js';
import { inWorkspace as inWs } from '../workspace/workspaces.js';

export function createPrismaWorkspaceAdmin(prisma: PrismaClient): WorkspaceAdmin {
  const inWorkspace = <T>(workspace: WorkspaceRef, fn: (workspaceId: string) => Promise<Result<T>>): Promise<Result<T>> => inWs(prisma, workspace, fn);
  return {
    listRules: (w) => inWorkspace(w, (id) => listRules(prisma, id)),
    addRule: (w, input, actor) => inWorkspace(w, async (id) => {
      const added = await addRule(prisma, id, input, actor.id);
      return added.ok ? ok(added.value.rule) : added;
    }),
    toggleRule: (w, key, actor) => inWorkspace(w, async (id) => {
      const toggled = await toggleRule(prisma, id, key, actor.id);
      return toggled.ok ? ok(toggled.value.rule) : toggled;
    }),
    removeRule: (w, key, actor) => inWorkspace(w, async (id) => {
      const removed = await removeRule(prisma, id, key, actor.id);
      return removed.ok ? ok({ id: removed.value.key, rule: removed.value.rule }) : removed;
    }),
    applyRuleChange: (w, change, by) =>
      inWorkspace(w, (id) => applyRuleChangeToRuns(prisma, id, change, { actorId: by.actor.id, actorName: by.actor.name, note: by.note, now: by.now })),
    killSwitch: (w) => inWorkspace(w, (id) => readKillSwitch(prisma, id)),
    engageKillSwitch: (w, reason, actor, now) => inWorkspace(w, (id) => engageKillSwitch(prisma, id, reason, actor.id, now)),
    releaseKillSwitch: (w, actor, now) => inWorkspace(w, (id) => releaseKillSwitch(prisma, id, actor.id, now)),
    haltedRuns: (w) => inWorkspace(w, (id) => listHaltedRuns(prisma, id)),
    getNotificationLevels: (w) => inWorkspace(w, (id) => getNotificationLevels(prisma, id)),
    setNotificationLevel: (w, event, level, actor) => inWorkspace(w, (id) => setNotificationLevel(prisma, id, event, level, actor.id)),
  };
}

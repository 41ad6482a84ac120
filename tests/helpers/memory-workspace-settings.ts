// An in-memory WorkspaceSettings for command tests (STYLE: fakes of the ports, not vi.mock), with the same
// ordering, messages and per-workspace scoping as the Prisma one.
import type { Role, WorkspaceRef } from '../../src/app/chat/command.js';
import type { AuditView, RoleBinding, WorkspaceSettings } from '../../src/app/workspace/ports.js';
import { fail, ok } from '../../src/core/domain/result.js';

export interface MemoryWorkspaceSettings extends WorkspaceSettings {
  /** Every entry written, oldest first, with its workspace key (`platform/externalId`). */
  readonly audit: (AuditView & { readonly workspace: string })[];
  /** Gives a person a role in the member table (as the console does for its local user). */
  setMember(workspace: WorkspaceRef, userId: string, role: Role): void;
}

/** `wallNow`: the wall clock command entries are stamped with, as the store stamps them at the write. */
export function createMemoryWorkspaceSettings(options: { readonly wallNow?: () => number } = {}): MemoryWorkspaceSettings {
  const wallNow = options.wallNow ?? (() => Date.now());
  const wkey = (w: WorkspaceRef): string => `${w.platform}/${w.externalId}`;
  const bindings = new Map<string, Map<string, Role>>();
  const desks = new Map<string, string>();
  const members = new Map<string, Role>();
  const sources = new Map<string, string>();
  const bindingsOf = (w: WorkspaceRef): Map<string, Role> => bindings.get(wkey(w)) ?? (bindings.set(wkey(w), new Map()), bindings.get(wkey(w))!);
  const sorted = (w: WorkspaceRef): RoleBinding[] =>
    [...bindingsOf(w)].map(([key, role]) => ({ key, role })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

  const settings: MemoryWorkspaceSettings = {
    audit: [],
    setMember: (w, userId, role) => void members.set(`${wkey(w)}\u0000${userId}`, role),
    async listRoleBindings(w) {
      return ok(sorted(w));
    },
    async setRoleBinding(w, key, role, by) {
      const map = bindingsOf(w);
      const before = map.get(key) ?? null;
      if (role === null) {
        if (before === null) {
          const keys = sorted(w).map((b) => b.key);
          return fail('settings.binding_not_found', `no role binding for '${key}'; bindings: ${keys.length === 0 ? 'none' : keys.join(', ')}`, { key, keys });
        }
        map.delete(key);
      } else map.set(key, role);
      settings.audit.push({
        workspace: wkey(w), at: by.now, actor: by.actor.id, actorName: by.actor.name, channel: by.channelId, action: 'settings.role', target: key,
        details: { actorName: by.actor.name, from: before, to: role },
      });
      return ok(sorted(w));
    },
    async bindDeskChannel(w, channelId, by) {
      const previous = desks.get(wkey(w)) ?? null;
      desks.set(wkey(w), channelId);
      if (previous !== channelId) {
        settings.audit.push({
          workspace: wkey(w), at: by.now, actor: by.actor.id, actorName: by.actor.name, channel: by.channelId, action: 'settings.channel', target: channelId,
          details: { actorName: by.actor.name, from: previous },
        });
      }
      return ok(previous);
    },
    async deskChannel(w) {
      return ok(desks.get(wkey(w)) ?? null);
    },
    async listAudit(w, limit) {
      const mine = settings.audit.filter((a) => a.workspace === wkey(w));
      // Newest first; entries at the same time in reverse order of writing, as the store's id tie-break gives.
      const newest = mine.map((a, i) => ({ a, i })).sort((x, y) => y.a.at - x.a.at || y.i - x.i).map(({ a: { workspace: _w, ...view } }) => view);
      return ok(newest.slice(0, Math.max(0, Math.floor(limit))));
    },
    async recordCommand(w, e) {
      // Through a JSON round trip, as the store keeps it.
      const options = JSON.parse(JSON.stringify(e.options)) as Record<string, unknown>;
      settings.audit.push({
        workspace: wkey(w), at: wallNow(), actor: e.actor.id, actorName: e.actor.name, channel: e.channelId, action: 'command', target: e.command,
        details: { actorName: e.actor.name, actorRole: e.actor.role, options, outcome: e.outcome, ...(e.message === undefined ? {} : { message: e.message }),
          ...(e.result === undefined ? {} : { result: e.result }) },
      });
      return ok(null);
    },
    async memberRole(w, userId) {
      return ok(members.get(`${wkey(w)}\u0000${userId}`) ?? null);
    },
    async dataSource(w) {
      return ok(sources.get(wkey(w)) ?? null);
    },
    async setDataSource(w, source, by) {
      const previous = sources.get(wkey(w)) ?? null;
      if (source === null) sources.delete(wkey(w));
      else sources.set(wkey(w), source);
      settings.audit.push({
        workspace: wkey(w), at: by.now, actor: by.actor.id, actorName: by.actor.name, channel: by.channelId, action: 'settings.data_source',
        target: 'dataSource', details: { actorName: by.actor.name, from: previous, to: source },
      });
      return ok(previous);
    },
  };
  return settings;
}

import { fail, ok, type Result } from '../../core/domain/result.js';
import type { ResolveRole } from '../chat/ports.js';
import { ROLES, type Role } from '../chat/command.js';
import type { WorkspaceSettings } from './ports.js';

const rank = (role: Role): number => ROLES.indexOf(role);
const higher = (a: Role, b: Role): Role => (rank(b) > rank(a) ? b : a);

/**
 * Resolves a person's desk role: platform admins are admins; otherwise the highest role among the bindings of
 * their user id or of anything they belong to (ids exactly, role names case-insensitively) and their member role.
 * Deny by default: no match, or a store that cannot answer, makes a viewer.
 */
export function createRoleResolver(settings: Pick<WorkspaceSettings, 'listRoleBindings' | 'memberRole'>): ResolveRole {
  return async (q) => {
    if (q.platformAdmin) return 'admin';
    try {
      const [bindings, member] = await Promise.all([settings.listRoleBindings(q.workspace), settings.memberRole(q.workspace, q.userId)]);
      if (!bindings.ok || !member.ok) return 'viewer';
      // Binding keys of names are stored lower-case, so a name matches in any case; an id matches only itself.
      const held = new Set([q.userId, ...q.memberOf, ...q.memberOf.map((m) => m.toLowerCase())]);
      let role: Role = member.value ?? 'viewer';
      for (const b of bindings.value) if (held.has(b.key)) role = higher(role, b.role);
      return role;
    } catch {
      // A port that throws is a bug elsewhere; it must still never grant anything.
      return 'viewer';
    }
  };
}

/** What a `/settings role target:` named, reduced to the key a binding stores. */
export interface BindingTarget {
  readonly kind: 'discord-role' | 'user' | 'slack-group' | 'id' | 'role-name';
  readonly key: string;
}

const MENTIONS: readonly { readonly re: RegExp; readonly kind: BindingTarget['kind'] }[] = [
  { re: /^<@&(\d+)>$/, kind: 'discord-role' },
  { re: /^<@!?(\d+)>$/, kind: 'user' },
  { re: /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/, kind: 'user' },
  { re: /^<!subteam\^(S[A-Z0-9]+)(?:\|[^>]*)?>$/, kind: 'slack-group' },
];

/** Discord snowflakes are digits; Slack user, enterprise-user and user-group ids are U/W/S + upper-case and digits. */
const BARE_ID = /^(\d{1,20}|[UWS](?=[A-Z0-9]*\d)[A-Z0-9]{2,})$/;

/**
 * Normalises a binding target: a Discord role or user mention, a Slack user or user-group mention, a bare id, or
 * a Discord role name (an optional leading `@`; stored lower-case so it matches in any case).
 */
export function normaliseBindingTarget(raw: string): Result<BindingTarget> {
  const text = raw.trim();
  for (const { re, kind } of MENTIONS) {
    const m = re.exec(text);
    if (m !== null) return ok({ kind, key: m[1]! });
  }
  if (text.startsWith('<')) {
    return fail('settings.bad_target', `'${text}' is not a mention this desk reads; use a role or user mention, a Slack user group, an id or a role name`);
  }
  if (BARE_ID.test(text)) return ok({ kind: 'id', key: text });
  const name = text.replace(/^@/, '').trim().toLowerCase();
  if (name === '') return fail('settings.bad_target', 'say who to bind: a role or user mention, a Slack user group, an id or a role name');
  if (name.length > 100) return fail('settings.bad_target', 'a role name has at most 100 characters');
  return ok({ kind: 'role-name', key: name });
}

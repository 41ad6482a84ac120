import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import { createLru, type Lru } from '../../core/domain/lru.js';
import { LIMITS } from '../../core/limits.js';
import { slackErrorCode } from './post.js';

/** What Slack says about one person, as role resolution needs it. */
export interface SlackPerson {
  /** The user-group ids the person is in (bindings may name them). */
  readonly memberOf: readonly string[];
  /** A workspace owner or admin. */
  readonly platformAdmin: boolean;
  /** Display name, real name or handle, when users.info answered. */
  readonly name?: string;
}

export interface SlackDirectoryOptions {
  readonly client: webApi.WebClient;
  readonly now: () => number;
  readonly log: (line: string) => void;
  readonly groupsTtlMs?: number;
  readonly userTtlMs?: number;
  /** People remembered at once (default SLACK_DIRECTORY_MAX_USERS); least recently asked about out first. */
  readonly maxUsers?: number;
}

// Group membership changes rarely and admin status even more so; both lookups run on every command otherwise.
export const GROUPS_TTL_MS = 60_000;
export const USER_TTL_MS = 5 * 60_000;
/** Bounds the caches: one entry per person (and per team for the groups), however many write to the desk. */
export const SLACK_DIRECTORY_MAX_USERS = LIMITS.peopleCached;
const MAX_TEAMS = 1000;

const usergroupsList = z.object({ usergroups: z.array(z.object({ id: z.string(), users: z.array(z.string()).optional() })).optional() });
const usersInfo = z.object({
  user: z.object({
    name: z.string().optional(),
    real_name: z.string().optional(),
    is_admin: z.boolean().optional(),
    is_owner: z.boolean().optional(),
    is_primary_owner: z.boolean().optional(),
    profile: z.object({ display_name: z.string().optional() }).optional(),
  }),
});

interface Cached<T> {
  readonly at: number;
  readonly value: Promise<T>;
}
interface UserFacts {
  readonly platformAdmin: boolean;
  readonly name?: string;
}

/**
 * Slack user groups and admin flags, cached. A lookup that fails (missing_scope, a network error) counts as "no
 * groups" / "not an admin" and is logged: the person is then a viewer or whatever their user id is bound to, never
 * more, and the desk keeps working.
 */
export function createSlackDirectory(o: SlackDirectoryOptions) {
  const groupsTtl = o.groupsTtlMs ?? GROUPS_TTL_MS;
  const userTtl = o.userTtlMs ?? USER_TTL_MS;
  const groups = createLru<string, Cached<ReadonlyMap<string, readonly string[]>>>({ maxEntries: MAX_TEAMS });
  const users = createLru<string, Cached<UserFacts>>({ maxEntries: o.maxUsers ?? SLACK_DIRECTORY_MAX_USERS });

  // The promise is cached, so concurrent commands share one request.
  const cached = <T>(cache: Lru<string, Cached<T>>, key: string, ttl: number, load: () => Promise<T>): Promise<T> => {
    const now = o.now();
    const hit = cache.get(key);
    if (hit !== undefined && now - hit.at < ttl) return hit.value;
    const value = load();
    cache.set(key, { at: now, value });
    return value;
  };

  const loadGroups = async (teamId: string): Promise<ReadonlyMap<string, readonly string[]>> => {
    try {
      const res = usergroupsList.parse(await o.client.usergroups.list({ team_id: teamId, include_users: true }));
      const byUser = new Map<string, string[]>();
      for (const g of res.usergroups ?? []) for (const u of g.users ?? []) byUser.set(u, [...(byUser.get(u) ?? []), g.id]);
      return byUser;
    } catch (err) {
      o.log(`slack: usergroups.list for team ${teamId} failed (${describe(err)}); user-group role bindings are ignored`);
      return new Map();
    }
  };

  const loadUser = async (userId: string): Promise<UserFacts> => {
    try {
      const { user } = usersInfo.parse(await o.client.users.info({ user: userId }));
      const name = [user.profile?.display_name, user.real_name, user.name].find((n) => n !== undefined && n !== '');
      const platformAdmin = user.is_admin === true || user.is_owner === true || user.is_primary_owner === true;
      return name === undefined ? { platformAdmin } : { platformAdmin, name };
    } catch (err) {
      o.log(`slack: users.info for ${userId} failed (${describe(err)}); treated as not a workspace admin`);
      return { platformAdmin: false };
    }
  };

  return {
    async person(teamId: string, userId: string): Promise<SlackPerson> {
      const [byUser, facts] = await Promise.all([
        cached(groups, teamId, groupsTtl, () => loadGroups(teamId)),
        cached(users, `${teamId}:${userId}`, userTtl, () => loadUser(userId)),
      ]);
      return { memberOf: byUser.get(userId) ?? [], ...facts };
    },
  };
}

export type SlackDirectory = ReturnType<typeof createSlackDirectory>;

const describe = (err: unknown): string => slackErrorCode(err) ?? (err instanceof Error ? err.message : String(err));

import { DiscordAPIError, RESTJSONErrorCodes, type Guild, type GuildMember } from 'discord.js';
import { LIMITS } from '../../core/limits.js';

/**
 * Which of the bot's servers a DM's author belongs to. A DM has no guild, so this decides the workspace: only a
 * member of exactly one served guild is answered, in that guild; `unknown` means a lookup failed and the answer
 * could be wrong either way, so nothing is assumed.
 */
export type DmMembership =
  | { readonly kind: 'one'; readonly member: GuildMember }
  | { readonly kind: 'none' }
  | { readonly kind: 'several'; readonly guildNames: readonly string[] }
  | { readonly kind: 'unknown' };

export type LookupDmMembership = (userId: string) => Promise<DmMembership>;

export interface DmMembershipOptions {
  /** The guilds the bot serves (the client's guild cache, kept by the Guilds intent). */
  readonly guilds: () => Iterable<Guild>;
  readonly now: () => number;
  readonly log: (line: string) => void;
  readonly ttlMs?: number;
  /** Users remembered at once (default DM_MEMBERSHIP_MAX_USERS); the oldest answer is dropped first. */
  readonly maxUsers?: number;
}

/** Long enough that a conversation does not refetch per message, short enough that leaving a server soon counts. */
export const DM_MEMBERSHIP_TTL_MS = 5 * 60_000;
/** A burst of DMs from many users (each answer holds a GuildMember) cannot grow the cache past this. */
export const DM_MEMBERSHIP_MAX_USERS = LIMITS.peopleCached;

/**
 * Looks the user up in every served guild at once with single-member fetches (no privileged GuildMembers intent
 * needed) and remembers the answer per user for `ttlMs`, role ids included. An answer with a failed lookup is not
 * remembered, so the next DM tries again. Concurrent DMs from one user share one round of lookups.
 */
export function createDmMembership(o: DmMembershipOptions): LookupDmMembership {
  const ttlMs = o.ttlMs ?? DM_MEMBERSHIP_TTL_MS;
  const maxUsers = o.maxUsers ?? DM_MEMBERSHIP_MAX_USERS;
  const remembered = new Map<string, { readonly expiresAtMs: number; readonly answer: Promise<DmMembership> }>();
  return (userId) => {
    const now = o.now();
    for (const [id, entry] of remembered) if (entry.expiresAtMs <= now) remembered.delete(id);
    const hit = remembered.get(userId);
    if (hit !== undefined) return hit.answer;
    const entry = { expiresAtMs: now + ttlMs, answer: lookUp([...o.guilds()], userId, o.log) };
    remembered.set(userId, entry);
    // Insertion order is expiry order, so the first key is the oldest answer.
    if (remembered.size > maxUsers) remembered.delete(remembered.keys().next().value!);
    void entry.answer.then((answer) => {
      if (answer.kind === 'unknown' && remembered.get(userId) === entry) remembered.delete(userId);
    });
    return entry.answer;
  };
}

async function lookUp(guilds: readonly Guild[], userId: string, log: (line: string) => void): Promise<DmMembership> {
  const found = await Promise.all(guilds.map((g) => memberIn(g, userId, log)));
  const members = found.filter((m): m is GuildMember => m !== null && m !== 'failed');
  // Several is ambiguous whatever the failed lookups would have said; fewer is only certain when none failed.
  if (members.length > 1) return { kind: 'several', guildNames: members.map((m) => m.guild.name) };
  if (found.includes('failed')) return { kind: 'unknown' };
  const [only] = members;
  return only === undefined ? { kind: 'none' } : { kind: 'one', member: only };
}

/** The member, null when Discord says Unknown Member (not in that guild), 'failed' for any other error. */
async function memberIn(guild: Guild, userId: string, log: (line: string) => void): Promise<GuildMember | null | 'failed'> {
  try {
    return await guild.members.fetch({ user: userId, force: true });
  } catch (err) {
    if (err instanceof DiscordAPIError && err.code === RESTJSONErrorCodes.UnknownMember) return null;
    log(`member lookup of ${userId} in guild ${guild.id} failed: ${err instanceof Error ? err.message : String(err)}`);
    return 'failed';
  }
}

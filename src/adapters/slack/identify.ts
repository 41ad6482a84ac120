import { randomUUID } from 'node:crypto';
import type { ResolveRole } from '../../app/chat/ports.js';
import type { LogContext } from '../../app/log/log-context.js';
import type { Actor, WorkspaceRef } from '../../app/chat/command.js';
import type { SlackDirectory } from './slack-directory.js';
import type { TeamNames } from './team-names.js';

/**
 * The log context of one Slack request: Slack's id for it (a slash command's or button's trigger id, an event's id)
 * or, when it has none, one made here; and its team's workspace.
 */
export function requestLogContext(slackId: string | undefined, teamId: string | undefined, teamDomain?: string): LogContext {
  return {
    ...(teamId === undefined ? {} : { workspaceId: `slack:${teamId}`, ...(teamDomain === undefined ? {} : { workspace: teamDomain }) }),
    requestId: `slack:${slackId ?? randomUUID()}`,
  };
}

/** Who acts, as a Slack request tells it: slash commands and buttons carry the names, events only the ids. */
export interface Asker {
  readonly teamId: string;
  readonly teamDomain?: string;
  readonly userId: string;
  readonly userName?: string;
}

export interface Identified {
  readonly workspace: WorkspaceRef;
  readonly actor: Actor;
}

export type Identify = (who: Asker) => Promise<Identified>;

/**
 * The workspace (the Slack team) and the actor with their desk role: the role comes from the workspace's bindings
 * via `resolveRole`, given the person's user groups and whether they own or administer the Slack workspace.
 */
export function createIdentify(directory: SlackDirectory, teamNames: TeamNames, resolveRole: ResolveRole): Identify {
  return async (who) => {
    if (who.teamDomain !== undefined) teamNames.remember(who.teamId, who.teamDomain);
    const workspace: WorkspaceRef = { platform: 'slack', externalId: who.teamId, name: who.teamDomain ?? (await teamNames.name(who.teamId)) };
    const person = await directory.person(who.teamId, who.userId);
    const name = who.userName ?? person.name ?? who.userId;
    const role = await resolveRole({ workspace, userId: who.userId, displayName: name, memberOf: person.memberOf, platformAdmin: person.platformAdmin });
    return { workspace, actor: { id: who.userId, name, role } };
  };
}

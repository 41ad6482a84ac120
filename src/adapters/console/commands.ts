import type { Actor, AnyCommand, CommandContext, WorkspaceRef } from '../../app/chat/command.js';
import { dispatch } from '../../app/chat/dispatch.js';
import type { Reply } from '../../app/chat/reply.js';

/** The console is one channel: everything typed and printed here. */
export const CONSOLE_CHANNEL = 'console';

/** What running a typed line needs from the desk. */
export interface ConsoleWiring<Deps> {
  readonly registry: readonly AnyCommand<Deps>[];
  readonly deps: Deps;
  /** Who types here: the console has no sign-in, so one workspace and one actor (with their role) for every line. */
  readonly workspace: WorkspaceRef;
  readonly actor: Actor;
  /** The desk's clock (epoch ms), the same option on every chat adapter: command contexts, the analyst, caches. */
  readonly now: () => number;
}

/**
 * A typed command line (starting with /, the same name:value syntax as Discord and Slack) run as the person at the
 * console. The console has only the line, so the line is what is dispatched (parse -> find -> run).
 */
export function runLine<Deps>(w: ConsoleWiring<Deps>, line: string): Promise<Reply> {
  const ctx: CommandContext<Deps> = { workspace: w.workspace, actor: w.actor, channelId: CONSOLE_CHANNEL, now: w.now, deps: w.deps };
  return dispatch(w.registry, line, ctx);
}

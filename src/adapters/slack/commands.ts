import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { AnyCommand, CommandContext } from '../../app/chat/command.js';
import { commandOfLine, dispatch, runCommand } from '../../app/chat/dispatch.js';
import type { Reply } from '../../app/chat/reply.js';
import { requestLogContext, type Asker, type Identify } from './identify.js';
import { withLogContext } from '../../app/log/log-context.js';
import { SLASH_COMMAND } from './manifest.js';
import { postReply, type ReplyTarget } from './post.js';
import { BUTTON_ACTION_PREFIX } from './render.js';

/** What running commands needs from the desk. */
export interface CommandWiring<Deps> {
  readonly deps: Deps;
  readonly registry: readonly AnyCommand<Deps>[];
  readonly identify: Identify;
  readonly now: () => number;
  /** A reply that could not be posted (the person is told too). */
  readonly logError: (line: string, err: unknown) => void;
}

// Outside input, parsed at the edge (Bolt's types describe what Slack should send, not what arrived).
const slashCommand = z.object({
  text: z.string(),
  team_id: z.string(),
  team_domain: z.string(),
  user_id: z.string(),
  user_name: z.string(),
  channel_id: z.string(),
  trigger_id: z.string().optional(),
});
const buttonPress = z.object({
  user: z.object({ id: z.string(), username: z.string().optional(), name: z.string().optional() }),
  team: z.object({ id: z.string(), domain: z.string() }).nullable(),
  channel: z.object({ id: z.string() }).optional(),
  container: z.object({ channel_id: z.string().optional() }).optional(),
  trigger_id: z.string().optional(),
});
const buttonValue = z.object({ value: z.string().startsWith('/') });

/**
 * The one slash command `/desk <command> [name:value ...]` and the buttons of the desk's replies. The typed text is
 * parsed once, here at the edge, into the command and its options, which run as Discord's do (runCommand); a line
 * that cannot run is refused in the ack itself. A button carries a command line, as on Discord, and runs it through
 * dispatch. Every ack happens before any command runs (Slack gives up after 3 s).
 */
export function listenForCommands<Deps>(app: App, w: CommandWiring<Deps>): void {
  const context = async (who: Asker, channelId: string): Promise<CommandContext<Deps>> => {
    const { workspace, actor } = await w.identify(who);
    return { workspace, actor, channelId, now: w.now, deps: w.deps };
  };

  const runAndPost = async (line: string, target: ReplyTarget, run: () => Promise<Reply>): Promise<void> => {
    try {
      await postReply(target, await run());
    } catch (err) {
      w.logError(`slack desk: ${line} failed to reply`, err);
      await target.respond({ response_type: 'ephemeral', replace_original: false, text: `:warning: ${line} ran, but its reply could not be posted.` }).catch(() => undefined);
    }
  };

  app.command(SLASH_COMMAND, async ({ command, ack, respond, client }) => {
    const c = slashCommand.safeParse(command);
    if (!c.success) {
      await ack({ response_type: 'ephemeral', text: 'This request is missing the team, user or channel.' });
      return;
    }
    await withLogContext(requestLogContext(c.data.trigger_id, c.data.team_id, c.data.team_domain), async () => {
      // `/desk /runs` works too: people type the slash out of habit.
      const words = unescapeSlack(c.data.text).trim().replace(/^\//, '');
      const line = `/${words === '' ? 'help' : words}`;
      const found = commandOfLine(w.registry, line);
      if (!found.ok) {
        await ack({ response_type: 'ephemeral', text: refusal(line, found.error.code, found.error.message) });
        return;
      }
      await ack({ response_type: 'ephemeral', text: `working on \`${line}\`…` });
      const who = { teamId: c.data.team_id, teamDomain: c.data.team_domain, userId: c.data.user_id, userName: c.data.user_name };
      const channelId = c.data.channel_id;
      const { value } = found;
      await runAndPost(line, { client, respond, channelId }, async () => runCommand(value.command, value.options, await context(who, channelId)));
    });
  });

  // Buttons carry a full command line; it runs with the role of whoever PRESSES, not of whoever asked first.
  app.action(new RegExp(`^${BUTTON_ACTION_PREFIX}`), async ({ ack, body, action, respond, client }) => {
    await ack();
    const press = buttonPress.safeParse(body);
    const value = buttonValue.safeParse(action);
    const channelId = press.success ? press.data.channel?.id ?? press.data.container?.channel_id : undefined;
    if (!press.success || !value.success || press.data.team === null || channelId === undefined) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: ':warning: This button press is missing its team, channel or command.' });
      return;
    }
    const u = press.data.user;
    const who = { teamId: press.data.team.id, teamDomain: press.data.team.domain, userId: u.id, userName: u.username ?? u.name ?? u.id };
    const line = value.data.value;
    await withLogContext(requestLogContext(press.data.trigger_id, who.teamId, who.teamDomain),
      () => runAndPost(line, { client, respond, channelId }, async () => dispatch(w.registry, line, await context(who, channelId))));
  });
}

/** The ack for a line that cannot run; an unknown command points at this desk's own help. */
function refusal(line: string, code: string, message: string): string {
  if (code === 'command.unknown') return `:warning: unknown command '${line.split(' ')[0]}'; try \`${SLASH_COMMAND} help\``;
  return `:warning: ${message}`;
}

/**
 * Slack escapes the &, < and > a person typed as HTML entities (its own mentions keep real angle brackets): the
 * command line gets back what was typed. `&amp;` goes last so `&amp;lt;` stays the text `&lt;`.
 */
export function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

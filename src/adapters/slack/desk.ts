import type { Server } from 'node:http';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { z } from 'zod';
import type { AskAnalyst, PostNotification, ResolveRole } from '../../app/chat/ports.js';
import type { AnyCommand } from '../../app/chat/command.js';
import { dispatch, findCommand } from '../../app/chat/dispatch.js';
import { parseCommandLine } from '../../app/chat/command-line.js';
import { createIdentify, type Asker } from './identify.js';
import { SLASH_COMMAND } from './manifest.js';
import { postReply, type ReplyTarget } from './post.js';
import { BUTTON_ACTION_PREFIX } from './render.js';
import { listenForAnalyst } from './analyst.js';
import { createSlackDirectory } from './slack-directory.js';
import { createSlackNotifier } from './notifier.js';
import { createTeamNames } from './team-names.js';

export interface SlackDeskOptions<Deps> {
  readonly botToken: string;
  /** An `xapp-` token switches to Socket Mode (no public URL needed). */
  readonly appToken?: string;
  /** Required without Socket Mode: every HTTP request is checked against it. */
  readonly signingSecret?: string;
  /** Web API base, e.g. a local fake in tests (default https://slack.com/api/). */
  readonly slackApiUrl?: string;
  /** HTTP mode only (default 3000); 0 lets the OS pick. */
  readonly port?: number;
  readonly host?: string;
  readonly deps: Deps;
  readonly registry: readonly AnyCommand<Deps>[];
  /** The workspace's role bindings; asked with the person's user groups and Slack admin status. Deny by default. */
  readonly resolveRole: ResolveRole;
  /** The system analyst for mentions and DMs; without it they get a pointer to `/desk help`. */
  readonly ask?: AskAnalyst;
  readonly clock: () => number;
  /** Web API retries on 5xx/network errors. Bolt's default retries for ~30 min, too long for a chat reply. */
  readonly retries?: number;
  readonly logLevel?: LogLevel;
  /** Operational notes (a lookup that failed, an answer that could not be posted); default Bolt's logger at warn. */
  readonly log?: (line: string) => void;
}

export interface SlackDesk {
  /** Resolves once listening (HTTP: with the bound port) or connected (Socket Mode). */
  start(): Promise<{ port?: number }>;
  stop(): Promise<void>;
  /** Posts outbox notifications with this app's bot token (run threads, summaries, workspace notices). */
  readonly postNotification: PostNotification;
}

// Outside input, parsed at the edge (Bolt's types describe what Slack should send, not what arrived).
const slashCommand = z.object({
  text: z.string(),
  team_id: z.string(),
  team_domain: z.string(),
  user_id: z.string(),
  user_name: z.string(),
  channel_id: z.string(),
});
const buttonPress = z.object({
  user: z.object({ id: z.string(), username: z.string().optional(), name: z.string().optional() }),
  team: z.object({ id: z.string(), domain: z.string() }).nullable(),
  channel: z.object({ id: z.string() }).optional(),
  container: z.object({ channel_id: z.string().optional() }).optional(),
});
const buttonValue = z.object({ value: z.string().startsWith('/') });

/**
 * The Slack desk: one slash command `/desk <command> [name:value ...]` and the buttons of its replies. Handlers
 * are parse -> dispatch -> render; every ack happens before any command runs (Slack gives up after 3 s).
 */
export function createSlackDesk<Deps>(o: SlackDeskOptions<Deps>): SlackDesk {
  const socketMode = o.appToken !== undefined;
  if (!socketMode && o.signingSecret === undefined) throw new Error('createSlackDesk: signingSecret is required without appToken');
  const clientOptions = {
    ...(o.slackApiUrl === undefined ? {} : { slackApiUrl: o.slackApiUrl }),
    retryConfig: { retries: o.retries ?? 2 },
  };
  const logLevel = o.logLevel ?? LogLevel.WARN;
  const app = socketMode
    ? new App({ token: o.botToken, appToken: o.appToken, socketMode: true, clientOptions, logLevel, deferInitialization: true })
    : new App({ token: o.botToken, receiver: new HTTPReceiver({ signingSecret: o.signingSecret ?? '', logLevel }), clientOptions, logLevel, deferInitialization: true });

  const log = o.log ?? ((line: string): void => app.logger.warn(line));
  const directory = createSlackDirectory({ client: app.client, now: o.clock, log });
  const identify = createIdentify(directory, createTeamNames(app.client), o.resolveRole);

  const run = async (line: string, who: Asker, channelId: string) => {
    const { workspace, actor } = await identify(who);
    return dispatch(o.registry, line, { workspace, actor, channelId, now: o.clock, deps: o.deps });
  };

  const runAndPost = async (line: string, who: Asker, target: ReplyTarget): Promise<void> => {
    try {
      await postReply(target, await run(line, who, target.channelId));
    } catch (err) {
      app.logger.error(`slack desk: ${line} failed to reply`, err);
      await target.respond({ response_type: 'ephemeral', replace_original: false, text: `:warning: ${line} ran, but its reply could not be posted.` }).catch(() => undefined);
    }
  };

  app.command(SLASH_COMMAND, async ({ command, ack, respond, client }) => {
    const c = slashCommand.safeParse(command);
    if (!c.success) {
      await ack({ response_type: 'ephemeral', text: 'This request is missing the team, user or channel.' });
      return;
    }
    // `/desk /runs` works too: people type the slash out of habit.
    const words = unescapeSlack(c.data.text).trim().replace(/^\//, '');
    const line = `/${words === '' ? 'help' : words}`;
    const early = syntaxError(o.registry, line);
    await ack({ response_type: 'ephemeral', text: early ?? `working on \`${line}\`…` });
    if (early !== null) return;
    const who = { teamId: c.data.team_id, teamDomain: c.data.team_domain, userId: c.data.user_id, userName: c.data.user_name };
    await runAndPost(line, who, { client, respond, channelId: c.data.channel_id });
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
    await runAndPost(value.data.value, who, { client, respond, channelId });
  });

  listenForAnalyst(app, { ...(o.ask === undefined ? {} : { ask: o.ask }), now: o.clock, identify, log });

  return {
    postNotification: createSlackNotifier(app.client),
    async start() {
      // Deferred: Bolt otherwise checks the token (auth.test) in its constructor, where a failure (bad token, no
      // network) is an unhandled rejection that kills the process instead of a start error.
      await app.init();
      if (socketMode) {
        await app.start();
        return {};
      }
      const server: Server = await app.start({ port: o.port ?? 3000, ...(o.host === undefined ? {} : { host: o.host }) });
      const address = server.address();
      return typeof address === 'object' && address !== null ? { port: address.port } : {};
    },
    async stop() {
      await app.stop();
    },
  };
}

/** A line that cannot run at all is refused in the ack itself, before anything else happens. */
function syntaxError<Deps>(registry: readonly AnyCommand<Deps>[], line: string): string | null {
  const parsed = parseCommandLine(line);
  if (!parsed.ok) return `:warning: ${parsed.error.message}`;
  if (findCommand(registry, parsed.value.words) === null) {
    return `:warning: unknown command '${line.split(' ')[0]}'; try \`${SLASH_COMMAND} help\``;
  }
  return null;
}

/**
 * Slack escapes the &, < and > a person typed as HTML entities (its own mentions keep real angle brackets): the
 * command line gets back what was typed. `&amp;` goes last so `&amp;lt;` stays the text `&lt;`.
 */
export function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

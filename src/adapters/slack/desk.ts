import type { Server } from 'node:http';
import { App, HTTPReceiver, LogLevel, SocketModeReceiver } from '@slack/bolt';
import type { AskAnalyst, PostNotification, ResolveRole } from '../../app/chat/ports.js';
import type { AnyCommand } from '../../app/chat/command.js';
import { listenForAnalyst } from './analyst.js';
import { boltLogger } from './bolt-logger.js';
import { listenForCommands } from './commands.js';
import { createIdentify } from './identify.js';
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
  /** The desk's clock (epoch ms), the same option on every chat adapter: command contexts, the analyst, caches. */
  readonly now: () => number;
  /** Web API retries on 5xx/network errors. Bolt's default retries for ~30 min, too long for a chat reply. */
  readonly retries?: number;
  readonly logLevel?: LogLevel;
  /** Operational notes (a lookup that failed, an answer that could not be posted) and Bolt's own; default Bolt's logger at warn. */
  readonly log?: (line: string) => void;
}

export interface SlackDesk {
  /** Resolves once listening (HTTP: with the bound port) or connected (Socket Mode). */
  start(): Promise<{ port?: number }>;
  stop(): Promise<void>;
  /** Socket Mode: whether its WebSocket is open now (Bolt reconnects by itself); HTTP: whether it listens. */
  connection(): { readonly connected: boolean; readonly detail: string };
  /** Posts outbox notifications with this app's bot token (run threads, summaries, workspace notices). */
  readonly postNotification: PostNotification;
}

/**
 * The Slack desk: the Bolt app (HTTP or Socket Mode) with the slash command and buttons (commands.ts), mentions and
 * DMs to the analyst (analyst.ts), and notifications out through `postNotification` (notifier.ts).
 */
export function createSlackDesk<Deps>(o: SlackDeskOptions<Deps>): SlackDesk {
  const socketMode = o.appToken !== undefined;
  if (!socketMode && o.signingSecret === undefined) throw new Error('createSlackDesk: signingSecret is required without appToken');
  const clientOptions = {
    ...(o.slackApiUrl === undefined ? {} : { slackApiUrl: o.slackApiUrl }),
    retryConfig: { retries: o.retries ?? 2 },
  };
  const logLevel = o.logLevel ?? LogLevel.WARN;
  // Given the desk's log, Bolt logs into it too; otherwise Bolt's console logger.
  const logger = o.log === undefined ? {} : { logger: boltLogger(o.log, logLevel) };
  // Socket Mode's receiver is built here (as Bolt builds it for socketMode: true) so its connection can be asked.
  const socket = o.appToken === undefined ? null : new SocketModeReceiver({ appToken: o.appToken, logLevel, ...logger, installerOptions: { clientOptions } });
  const app = socket !== null
    ? new App({ token: o.botToken, receiver: socket, socketMode: true, clientOptions, logLevel, ...logger, deferInitialization: true })
    : new App({ token: o.botToken, receiver: new HTTPReceiver({ signingSecret: o.signingSecret ?? '', logLevel, ...logger }), clientOptions, logLevel, ...logger, deferInitialization: true });
  let server: Server | null = null;

  const log = o.log ?? ((line: string): void => app.logger.warn(line));
  const directory = createSlackDirectory({ client: app.client, now: o.now, log });
  const identify = createIdentify(directory, createTeamNames(app.client), o.resolveRole);

  listenForCommands(app, { deps: o.deps, registry: o.registry, identify, now: o.now, logError: (line, err) => app.logger.error(line, err) });
  listenForAnalyst(app, { ...(o.ask === undefined ? {} : { ask: o.ask }), now: o.now, identify, log });

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
      server = await app.start({ port: o.port ?? 3000, ...(o.host === undefined ? {} : { host: o.host }) }) as Server;
      const address = server.address();
      return typeof address === 'object' && address !== null ? { port: address.port } : {};
    },
    async stop() {
      await app.stop();
    },
    connection() {
      if (socket !== null) {
        return socket.client.websocket?.isActive() === true ? { connected: true, detail: 'connected (Socket Mode)' } : { connected: false, detail: 'not connected: the Socket Mode connection is down (reconnecting)' };
      }
      return server?.listening === true ? { connected: true, detail: 'listening for Slack\'s requests' } : { connected: false, detail: 'not listening for Slack\'s requests' };
    },
  };
}

import type { AnyCommand } from '../../app/chat/command.js';

/** The one slash command: every desk command is a word after it (`/desk run start strategy:...`). */
export const SLASH_COMMAND = '/desk';

/**
 * Bot scopes: commands (the slash command), chat:write (post results, notifications, answers), files:write
 * (charts), app_mentions:read and im:history (mentions and DMs for the analyst), im:write (DMs), users:read
 * (workspace admins and owners are desk admins) and usergroups:read (roles bound to user groups). No
 * channels:history: the desk reads no channel messages besides mentions.
 */
export const BOT_SCOPES = [
  'app_mentions:read', 'chat:write', 'commands', 'files:write', 'im:history', 'im:write', 'usergroups:read', 'users:read',
] as const;
export const BOT_EVENTS = ['app_mention', 'message.im'] as const;

// Slack's manifest limit for a slash command's usage hint.
const USAGE_HINT_MAX = 1000;

export interface SlackManifestOptions {
  /** Socket Mode needs no public URL; otherwise every request goes to `requestUrl` (Bolt's /slack/events). */
  readonly socketMode: boolean;
  readonly requestUrl?: string;
  readonly name?: string;
}

/** The app manifest (paste it at api.slack.com/apps -> Create from manifest), generated from the registry. */
export function slackManifest<Deps>(registry: readonly AnyCommand<Deps>[], o: SlackManifestOptions) {
  if (!o.socketMode && o.requestUrl === undefined) throw new Error('slackManifest: requestUrl is required without Socket Mode');
  const name = o.name ?? 'tradedesk';
  const url = o.socketMode ? {} : { url: o.requestUrl };
  const requestUrl = o.socketMode ? {} : { request_url: o.requestUrl };
  return {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: {
      name,
      description: 'A chat-first trading desk: strategies, hard risk gates, backtests and runs.',
      background_color: '#1d2b3a',
    },
    features: {
      bot_user: { display_name: name, always_online: true },
      // Without the Messages tab people cannot DM the bot ("Sending messages to this app has been turned off").
      app_home: { home_tab_enabled: false, messages_tab_enabled: true, messages_tab_read_only_enabled: false },
      slash_commands: [{
        command: SLASH_COMMAND,
        ...url,
        description: 'Run a tradedesk command (/desk help lists them)',
        usage_hint: usageHint(registry),
        // Escaped: `@ann` and `@quant-team` arrive as <@U…|ann> and <!subteam^S…|@quant-team>, ids /settings role can bind.
        should_escape: true,
      }],
    },
    oauth_config: { scopes: { bot: [...BOT_SCOPES] } },
    settings: {
      event_subscriptions: { ...requestUrl, bot_events: [...BOT_EVENTS] },
      interactivity: { is_enabled: true, ...requestUrl },
      org_deploy_enabled: false,
      socket_mode_enabled: o.socketMode,
      token_rotation_enabled: false,
    },
  };
}

/** `<command> [name:value ...]` then the command names, cut at the limit on a whole name. */
export function usageHint<Deps>(registry: readonly AnyCommand<Deps>[]): string {
  let hint = '<command> [name:value ...] — commands:';
  for (const [i, c] of registry.entries()) {
    const next = `${hint}${i === 0 ? ' ' : ', '}${c.name}`;
    if (next.length > USAGE_HINT_MAX - 2) return `${hint}, …`;
    hint = next;
  }
  return hint;
}

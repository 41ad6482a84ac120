import { describe, expect, it } from 'vitest';
import { slackManifest, usageHint } from '../../../src/adapters/slack/manifest.js';
import { COMMANDS } from '../../../commands/index.js';

describe('slackManifest', () => {
  it('declares one /desk slash command whose usage hint lists every command', () => {
    const m = slackManifest(COMMANDS, { socketMode: true });
    expect(m.features.slash_commands).toHaveLength(1);
    const [desk] = m.features.slash_commands;
    expect(desk!.command).toBe('/desk');
    for (const c of COMMANDS) expect(desk!.usage_hint).toContain(c.name);
    expect(desk!.usage_hint.length).toBeLessThanOrEqual(1000);
  });

  it('asks for the scopes and events the desk uses, with interactivity and Socket Mode', () => {
    const m = slackManifest(COMMANDS, { socketMode: true });
    expect(m.oauth_config.scopes.bot).toEqual(['app_mentions:read', 'chat:write', 'commands', 'files:write', 'im:history', 'im:write', 'usergroups:read', 'users:read']);
    // DMs to the bot need the Messages tab.
    expect(m.features.app_home).toEqual({ home_tab_enabled: false, messages_tab_enabled: true, messages_tab_read_only_enabled: false });
    expect(m.settings.event_subscriptions.bot_events).toEqual(['app_mention', 'message.im']);
    expect(m.settings.interactivity.is_enabled).toBe(true);
    expect(m.settings.socket_mode_enabled).toBe(true);
    expect(JSON.stringify(m)).not.toContain('url');
  });

  it('points the command, events and interactivity at the request URL without Socket Mode', () => {
    const url = 'https://desk.example.com/slack/events';
    const m = slackManifest(COMMANDS, { socketMode: false, requestUrl: url });
    expect(m.features.slash_commands[0]).toMatchObject({ url });
    expect(m.settings.event_subscriptions).toMatchObject({ request_url: url });
    expect(m.settings.interactivity).toEqual({ is_enabled: true, request_url: url });
    expect(m.settings.socket_mode_enabled).toBe(false);
    expect(() => slackManifest(COMMANDS, { socketMode: false })).toThrow(/requestUrl/);
  });

  it('cuts the usage hint on a whole command name when the registry is long', () => {
    const many = Array.from({ length: 200 }, (_, i) => ({ ...COMMANDS[0]!, name: `command-${i}` }));
    const hint = usageHint(many);
    expect(hint.length).toBeLessThanOrEqual(1000);
    expect(hint).toMatch(/command-\d+, …$/);
  });
});

describe('slash command text as Slack sends it', () => {
  it('asks Slack to escape mentions, so /desk settings role gets user and user-group ids', () => {
    const manifest = slackManifest(COMMANDS, { socketMode: true });
    expect(manifest.features.slash_commands[0]?.should_escape).toBe(true);
  });

  it.each([
    ['params:{"pct":8} &amp; more', 'params:{"pct":8} & more'],
    ['reason:"a &lt; b &gt; c"', 'reason:"a < b > c"'],
    ['target:<!subteam^S0QUANT|@quant-team> role:trader', 'target:<!subteam^S0QUANT|@quant-team> role:trader'],
    ['x &amp;lt; y', 'x &lt; y'],
  ])('unescapes %j to %j', async (sent, typed) => {
    const { unescapeSlack } = await import('../../../src/adapters/slack/commands.js');
    expect(unescapeSlack(sent)).toBe(typed);
  });
});

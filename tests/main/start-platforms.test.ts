// `tradedesk start` (what `npm start` runs) with Discord and Slack configured, in one process, against local fakes
// of both platforms: only the env differs from production (DISCORD_API_BASE_URL, SLACK_API_URL). A team binds its
// desk channel, starts a run, gets the run's notification in the run's thread, asks the (offline) analyst, and the
// audit log shows who did what, where.
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/main/cli.js';
import { startFakeDiscord, type FakeDiscord, type RecordedCall } from '../fakes/discord/fake-discord.js';
import { APP_ID, BOT_ID, GUILD_A, chatMessage, slashCommand } from '../adapters/discord/interactions.js';
import { startFakeSlackApi, type FakeSlackApi } from '../adapters/slack/fake-slack-api.js';
import { startFakeSocketMode, type FakeSocketMode } from '../adapters/slack/fake-socket-mode.js';
import { eventCallback, slashCommandFields } from '../adapters/slack/signed-request.js';
import { REPO_ROOT, tempDatabaseUrl } from '../helpers/cli.js';
import { logEntries } from '../helpers/log-lines.js';

const DESK = GUILD_A.channels[0].id;
const ADMIN = '100000000000000042';
const SLACK_ADMIN = 'U0ADMIN';

interface Embed { title?: string; description?: string; fields?: { name: string; value: string }[] }
const embedOf = (c: RecordedCall): Embed => ((c.body as { data?: { embeds?: Embed[] }; embeds?: Embed[] }).data?.embeds ?? (c.body as { embeds?: Embed[] }).embeds ?? [])[0] ?? {};
const textOf = (e: Embed): string => [e.title, e.description, ...(e.fields ?? []).flatMap((f) => [f.name, f.value])].join('\n');

let discord: FakeDiscord;
let slackApi: FakeSlackApi;
let socket: FakeSocketMode;
const stdin = new PassThrough();
const err: string[] = [];
const out: string[] = [];
let exit: Promise<number>;

beforeAll(async () => {
  discord = await startFakeDiscord({ applicationId: APP_ID, guilds: [GUILD_A] });
  socket = await startFakeSocketMode();
  slackApi = await startFakeSlackApi((method, body) => {
    if (method === 'apps.connections.open') return { ok: true, url: socket.url };
    if (method === 'users.info' && body.user === SLACK_ADMIN) return { ok: true, user: { id: SLACK_ADMIN, name: 'ada', is_admin: true } };
    return undefined;
  });
  exit = runCli(['start'], {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env: {
      DATABASE_URL: tempDatabaseUrl(),
      DISCORD_TOKEN: 'fake-token', DISCORD_APPLICATION_ID: APP_ID, DISCORD_API_BASE_URL: discord.apiBaseUrl, DISCORD_CHANNEL_CHAT: '1',
      SLACK_BOT_TOKEN: 'xoxb-test', SLACK_APP_TOKEN: 'xapp-test', SLACK_API_URL: slackApi.apiUrl,
    },
    cwd: REPO_ROOT,
    now: () => Date.now(),
    stdin: stdin as unknown as Readable,
    stdout: new PassThrough(),
    interactive: true,
  });
  // Connected once the gateway saw IDENTIFY and Slack's socket said hello; the desk prints both in its banner.
  await socket.connected;
  await discord.waitForCall((c) => c.path === '/gateway/bot');
  for (let i = 0; i < 400 && !out.some((l) => /slack +connected/.test(l)); i++) await new Promise((r) => setTimeout(r, 25));
}, 30_000);

afterAll(async () => {
  stdin.end();
  await socket.close();
  await slackApi.close();
  await discord.close();
});

/** Sends a slash command interaction and resolves with the callback or the edit that carries its reply. */
async function slash(userId: string, name: string, sub: string | null, options: { name: string; type: number; value: string | number }[], permissions = '0'): Promise<Embed> {
  const i = slashCommand(userId, name, sub, options, { permissions });
  discord.dispatch('INTERACTION_CREATE', i);
  const call = await discord.waitForCall((c) => (c.path === `/interactions/${i.id}/${i.token}/callback` && (c.body as { type: number }).type === 4)
    || (c.method === 'PATCH' && c.path === `/webhooks/${APP_ID}/${i.token}/messages/@original`));
  return embedOf(call);
}

describe('npm start with Discord and Slack configured', () => {
  it('connects to both and says so', () => {
    expect(out.join('\n')).toMatch(/discord +connected/);
    expect(out.join('\n')).toMatch(/slack +connected \(Socket Mode\)/);
    // stderr here is not a terminal: nothing but the desk's JSON log lines.
    expect(logEntries(err).length).toBe(err.length);
  });

  it('on Discord: binds the desk channel, starts a run, and posts the run\'s notification in its own thread', async () => {
    expect(textOf(await slash(ADMIN, 'settings', 'channel', [], '8'))).toContain(DESK);
    const card = await slash(ADMIN, 'run', 'start', [
      { name: 'strategy', type: 3, value: 'breakout' }, { name: 'symbols', type: 3, value: 'SIM-A' }, { name: 'timeframe', type: 3, value: '1m' },
    ], '8');
    expect(card.title).toBe('Run #1 started');
    const thread = await discord.waitForCall((c) => c.method === 'POST' && /^\/channels\/\d+\/messages\/\d+\/threads$/.test(c.path));
    expect(thread.path.startsWith(`/channels/${DESK}/`)).toBe(true);
    const threadId = thread.path.split('/')[4]!;
    const note = await discord.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${threadId}/messages`);
    expect(textOf(embedOf(note))).toContain('Run #1');
  });

  it('on Discord: a mention goes to the analyst (typing, then an answer with the run\'s real card)', async () => {
    const message = chatMessage(ADMIN, `<@${BOT_ID}> how is run 1 doing?`, { mentions: [BOT_ID] });
    discord.dispatchMessage(message);
    const reply = await discord.waitForCall((c) => c.method === 'POST' && (c.body as { message_reference?: { message_id: string } } | null)?.message_reference?.message_id === message.id);
    expect(discord.calls.some((c) => c.path === `/channels/${DESK}/typing`)).toBe(true);
    expect(textOf(embedOf(reply))).toContain('Run #1');
    expect(textOf(embedOf(reply))).toContain('Offline analyst');
  });

  it('on Discord: "why did run 2 lose money?" after a losing backtest gets the numbered answer with its real figures', async () => {
    const bt = await slash(ADMIN, 'backtest', null, [
      { name: 'strategy', type: 3, value: 'mean-reversion' }, { name: 'symbols', type: 3, value: 'SIM-A,SIM-B,SIM-C' },
      { name: 'from', type: 3, value: '2021-01-01' }, { name: 'to', type: 3, value: '2023-12-31' },
    ], '8');
    expect(bt.title).toBe('Backtest saved as Run #2');
    const trades = /^(\d+) \(win/.exec(bt.fields?.find((f) => f.name === 'Trades')?.value ?? '')?.[1];
    expect(trades).toBeDefined();
    const message = chatMessage(ADMIN, `<@${BOT_ID}> why did run 2 lose money?`, { mentions: [BOT_ID] });
    discord.dispatchMessage(message);
    const reply = await discord.waitForCall((c) => c.method === 'POST' && (c.body as { message_reference?: { message_id: string } } | null)?.message_reference?.message_id === message.id);
    const answer = textOf(embedOf(reply));
    expect(answer).toContain('Why Run #2 did what it did');
    expect(answer).toMatch(new RegExp(`Run #2 as of \\S+: ${trades} trades, \\d+ won, \\d+ lost`));
    expect(answer).toContain('Losing entries that stand out:\n1. ');
  });

  it('on Discord: a member without a role is refused a state change, and /audit shows who did what, where', async () => {
    const refused = await slash('100000000000000077', 'run', 'stop', [{ name: 'run', type: 4, value: 1 }]);
    expect(refused.description).toContain('needs the trader role');
    const audit = textOf(await slash('100000000000000077', 'audit', null, []));
    expect(audit).toContain('run start');
    expect(audit).toContain(DESK);
  });

  it('on Slack (Socket Mode): the same desk in its own workspace, with its own Run #1 in a thread', async () => {
    socket.send({ envelope_id: 'e1', type: 'slash_commands', accepts_response_payload: true,
      payload: slashCommandFields({ text: 'settings channel', userId: SLACK_ADMIN, channelId: 'C0DESK', responseUrl: `${slackApi.url}/respond/e1` }) });
    await socket.ack('e1');
    await slackApi.next('chat.postMessage', (c) => c.body.channel === 'C0DESK' && String(c.body.text).startsWith('Desk channel set'));
    socket.send({ envelope_id: 'e2', type: 'slash_commands', accepts_response_payload: true,
      payload: slashCommandFields({ text: 'run start strategy:breakout symbols:SIM-B timeframe:1m', userId: SLACK_ADMIN, channelId: 'C0DESK', responseUrl: `${slackApi.url}/respond/e2` }) });
    await socket.ack('e2');
    const card = await slackApi.next('chat.postMessage', (c) => String(c.body.text).startsWith('Run #1 started'));
    expect(card.body.channel).toBe('C0DESK');
    const parent = await slackApi.next('chat.postMessage', (c) => String(c.body.text).includes('notifications in this thread'));
    const parentTs = (parent.answer as { ts: string }).ts;
    const note = await slackApi.next('chat.postMessage', (c) => c.body.thread_ts === parentTs);
    expect(String(note.body.text)).toContain('Run #1');
  });

  it('on Slack: an app_mention goes to the analyst and is answered in its thread', async () => {
    socket.send({ envelope_id: 'e3', type: 'events_api', accepts_response_payload: false,
      payload: eventCallback({ type: 'app_mention', user: SLACK_ADMIN, text: '<@U0BOT> what rules are active?', ts: '1700000099.000100', channel: 'C0DESK' }) });
    const answer = await slackApi.next('chat.postMessage', (c) => c.body.thread_ts === '1700000099.000100');
    expect(String(answer.body.text)).toContain('No active rules in this workspace');
  });

  it('on Slack: "why did run 2 lose money?" after a backtest there gets the numbered answer in its thread', async () => {
    socket.send({ envelope_id: 'e4', type: 'slash_commands', accepts_response_payload: true,
      payload: slashCommandFields({ text: 'backtest strategy:mean-reversion symbols:SIM-A,SIM-B,SIM-C from:2021-01-01 to:2023-12-31', userId: SLACK_ADMIN, channelId: 'C0DESK', responseUrl: `${slackApi.url}/respond/e4` }) });
    await socket.ack('e4');
    await slackApi.next('chat.postMessage', (c) => String(c.body.text).startsWith('Backtest saved as Run #2'));
    socket.send({ envelope_id: 'e5', type: 'events_api', accepts_response_payload: false,
      payload: eventCallback({ type: 'app_mention', user: SLACK_ADMIN, text: '<@U0BOT> why did run 2 lose money?', ts: '1700000199.000100', channel: 'C0DESK' }) });
    const answer = String((await slackApi.next('chat.postMessage', (c) => c.body.thread_ts === '1700000199.000100')).body.text);
    expect(answer).toContain('Why Run #2 did what it did');
    expect(answer).toMatch(/Run #2 as of \S+: \d+ trades, \d+ won, \d+ lost/);
  });

  it('stops cleanly when the console quits', async () => {
    stdin.write('/quit\n');
    expect(await exit).toBe(0);
  }, 20_000);
});

describe('tradedesk discord register-commands', () => {
  it('PUTs the registry payload to one server with --guild, or globally, at DISCORD_API_BASE_URL', async () => {
    const { runInProcess } = await import('../helpers/cli.js');
    const { discordCommandPayload } = await import('../../src/adapters/discord/command-payload.js');
    const { COMMANDS } = await import('../../commands/index.js');
    const fake = await startFakeDiscord({ applicationId: APP_ID, guilds: [GUILD_A] });
    try {
      const env = { DISCORD_TOKEN: 'fake-token', DISCORD_APPLICATION_ID: APP_ID, DISCORD_API_BASE_URL: fake.apiBaseUrl };
      const guild = await runInProcess(['discord', 'register-commands', '--guild', GUILD_A.id], { env });
      expect(guild).toMatchObject({ code: 0, err: [] });
      expect(guild.out).toBe(`registered ${discordCommandPayload(COMMANDS).length} slash commands in server ${GUILD_A.id} (they show at once)`);
      const global = await runInProcess(['discord', 'register-commands'], { env });
      expect(global.code).toBe(0);
      const puts = fake.calls.filter((c) => c.method === 'PUT');
      expect(puts.map((c) => c.path)).toEqual([`/applications/${APP_ID}/guilds/${GUILD_A.id}/commands`, `/applications/${APP_ID}/commands`]);
      expect(puts[0]!.body).toEqual(JSON.parse(JSON.stringify(discordCommandPayload(COMMANDS))));
    } finally {
      await fake.close();
    }
  });
});

describe('npm start when a platform cannot connect', () => {
  it('stops with one line naming the platform and the reason (Discord unreachable, Slack token refused)', async () => {
    const { runInProcess } = await import('../helpers/cli.js');
    const closed = await startFakeDiscord({ applicationId: APP_ID, guilds: [] });
    const deadBase = closed.apiBaseUrl;
    await closed.close();
    const discordDown = await runInProcess(['start'], { env: { DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: APP_ID, DISCORD_API_BASE_URL: deadBase } });
    expect(discordDown.code).toBe(1);
    expect(discordDown.err).toEqual([expect.stringMatching(/^tradedesk: Discord did not start: .*ECONNREFUSED/)]);

    const api = await startFakeSlackApi((method) => (method === 'auth.test' ? { ok: false, error: 'invalid_auth' } : undefined));
    try {
      const slackRefused = await runInProcess(['start'], { env: { SLACK_BOT_TOKEN: 'xoxb-revoked', SLACK_APP_TOKEN: 'xapp-1', SLACK_API_URL: api.apiUrl } });
      expect(slackRefused.code).toBe(1);
      expect(slackRefused.err).toEqual(['tradedesk: Slack did not start: An API error occurred: invalid_auth']);
    } finally {
      await api.close();
    }
  }, 30_000);
});

// The desk's log (src/main/log): JSON lines off a terminal, readable text on one, the ids of the work a line belongs
// to, levels, and never a token or a key, whatever a message or a field says.
import { describe, expect, it } from 'vitest';
import { withLogContext } from '../../../src/app/log/log-context.js';
import { loadEnv, type Env } from '../../../src/config/env.js';
import { createDeskLogger, type LogSink } from '../../../src/main/log/logger.js';
import { createScrub, secretValues } from '../../../src/main/log/secrets.js';
import { logEntries } from '../../helpers/log-lines.js';

function envOf(source: Record<string, string>): Env {
  const env = loadEnv(source);
  if (!env.ok) throw new Error(env.error.message);
  return env.value;
}

function capture(source: Record<string, string> = {}, tty = false) {
  const lines: string[] = [];
  const sink: LogSink = { write: (line) => lines.push(line), tty };
  return { lines, desk: createDeskLogger(envOf(source), sink) };
}

const RUN_CONTEXT = { workspaceId: 'discord:1234', workspace: 'Acme traders', runId: 'run-abc', run: 3, requestId: 'discord:999' };

describe('the desk log as JSON lines (stderr not a terminal)', () => {
  it('writes one JSON object a line: level, ISO time, pid, msg, and no ids outside any work', () => {
    const { lines, desk } = capture();
    desk.log('scheduler: listing active runs works again');
    expect(desk.format).toBe('json');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    const [entry] = logEntries(lines);
    expect(entry).toEqual({ level: 'info', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), pid: process.pid, msg: 'scheduler: listing active runs works again' });
  });

  it('adds the workspace, run and request ids of the work the line belongs to, inner contexts adding to outer ones', async () => {
    const { lines, desk } = capture();
    await withLogContext({ workspaceId: 'discord:1234', workspace: 'Acme traders', requestId: 'discord:999' }, async () => {
      desk.log('outer');
      await withLogContext({ runId: 'run-abc', run: 3 }, async () => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        desk.log('inner, after a timer');
      });
    });
    desk.log('after');
    const entries = logEntries(lines);
    expect(entries[0]).toMatchObject({ msg: 'outer', workspaceId: 'discord:1234', workspace: 'Acme traders', requestId: 'discord:999' });
    expect(entries[0]).not.toHaveProperty('runId');
    expect(entries[1]).toMatchObject({ msg: 'inner, after a timer', ...RUN_CONTEXT });
    expect(Object.keys(entries[2]!).sort()).toEqual(['level', 'msg', 'pid', 'time']);
  });

  it('keeps a message whole and safe: bounded, control characters escaped, still one parseable line', () => {
    const { lines, desk } = capture();
    desk.log(`two\nlines with \u001b[31mcolour\u001b[0m and a C1 \u0085 control`);
    desk.log('x'.repeat(10_000));
    withLogContext({ workspace: 'evil\u202ename\u2028' }, () => desk.log('bidi in a guild name'));
    const entries = logEntries(lines);
    expect(entries[0]!.msg).toBe('two\nlines with \\x1b[31mcolour\\x1b[0m and a C1 \\x85 control');
    expect(entries[1]!.msg).toMatch(/^x{4000}… \(\+6,000 characters\)$/);
    expect(entries[2]!.workspace).toBe('evil\\u202ename\\u2028');
    for (const line of lines) expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/);
  });
});

describe('the desk log as text (a terminal)', () => {
  it('writes time, level, message and the ids as key=value on a terminal', () => {
    const { lines, desk } = capture({}, true);
    expect(desk.format).toBe('text');
    withLogContext(RUN_CONTEXT, () => desk.log('Run #3 (Acme traders): its lease is held elsewhere'));
    desk.log('no context');
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d info {2}Run #3 \(Acme traders\): its lease is held elsewhere workspaceId=discord:1234 workspace="Acme traders" runId=run-abc run=3 requestId=discord:999$/);
    expect(lines[1]).toMatch(/^\d\d:\d\d:\d\d info {2}no context$/);
  });

  it('follows TRADEDESK_LOG_FORMAT over what stderr is', () => {
    const json = capture({ TRADEDESK_LOG_FORMAT: 'json' }, true);
    json.desk.log('hello');
    expect(logEntries(json.lines)[0]!.msg).toBe('hello');
    const text = capture({ TRADEDESK_LOG_FORMAT: 'text' }, false);
    text.desk.log('hello');
    expect(text.lines[0]).toMatch(/^\d\d:\d\d:\d\d info {2}hello$/);
  });
});

describe('levels', () => {
  it('drops debug lines by default, and the components that write them are told (debug: false)', () => {
    const { lines, desk } = capture();
    expect(desk.debug).toBe(false);
    desk.log('debug: delivered notification n1');
    expect(lines).toEqual([]);
  });

  it('with TRADEDESK_DEBUG=1 writes the desk\'s `debug: ` lines at the debug level, without the mark', () => {
    const { lines, desk } = capture({ TRADEDESK_DEBUG: '1', TRADEDESK_LOG_LEVEL: 'error' });
    expect(desk.debug).toBe(true);
    desk.log('debug: Run #1 (local) at the 2024-01-02T15:31:00.000Z close: committed');
    desk.log('a plain line');
    expect(logEntries(lines).map((e) => [e.level, e.msg])).toEqual([
      ['debug', 'Run #1 (local) at the 2024-01-02T15:31:00.000Z close: committed'],
      ['info', 'a plain line'],
    ]);
  });

  it('writes only from TRADEDESK_LOG_LEVEL up', () => {
    const { lines, desk } = capture({ TRADEDESK_LOG_LEVEL: 'warn' });
    desk.log('an info line');
    desk.logger.warn('a warning');
    desk.logger.error('an error');
    expect(logEntries(lines).map((e) => [e.level, e.msg])).toEqual([['warn', 'a warning'], ['error', 'an error']]);
    const silent = capture({ TRADEDESK_LOG_LEVEL: 'silent' });
    silent.desk.logger.error('nothing');
    expect(silent.lines).toEqual([]);
  });

  it('refuses a log level or format it does not know, with one line', () => {
    const level = loadEnv({ TRADEDESK_LOG_LEVEL: 'verbose' });
    const format = loadEnv({ TRADEDESK_LOG_FORMAT: 'yaml' });
    expect(!level.ok && level.error.message).toBe('environment: TRADEDESK_LOG_LEVEL: expected debug, info, warn, error or silent');
    expect(!format.ok && format.error.message).toBe('environment: TRADEDESK_LOG_FORMAT: expected auto, json or text');
  });
});

describe('never a token or a key', () => {
  const SECRETS = {
    DISCORD_TOKEN: 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.fake-discord-token-value-0000',
    DISCORD_APPLICATION_ID: '123456789012345678',
    SLACK_BOT_TOKEN: 'xoxb-1111-2222-fakeslackbot',
    SLACK_APP_TOKEN: 'xapp-1-A111-fakeslackapp',
    SLACK_SIGNING_SECRET: 'fake-signing-secret-123',
    ANTHROPIC_API_KEY: 'sk-ant-api03-fake"key\\with-quote',
    APCA_API_KEY_ID: 'PKFAKEKEYID0001',
    APCA_API_SECRET_KEY: 'fake-alpaca-secret-key-0001',
    POLYGON_API_KEY: 'fake-polygon-key-0001',
    DATABASE_URL: 'postgresql://desk:p%40ss-word-0001@127.0.0.1:5432/tradedesk',
  };
  const values = ['MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.fake-discord-token-value-0000', 'xoxb-1111-2222-fakeslackbot', 'xapp-1-A111-fakeslackapp',
    'fake-signing-secret-123', 'sk-ant-api03-fake"key\\with-quote', 'PKFAKEKEYID0001', 'fake-alpaca-secret-key-0001', 'fake-polygon-key-0001',
    'p%40ss-word-0001', 'p@ss-word-0001'];

  it('finds every secret the environment holds (a URL\'s password as written and decoded), and nothing else', () => {
    expect(secretValues(envOf(SECRETS)).sort()).toEqual([...values].sort());
    expect(secretValues(envOf({}))).toEqual([]);
  });

  it.each([false, true])('scrubs them from messages, as written or JSON-escaped (terminal: %s)', (tty) => {
    const { lines, desk } = capture(SECRETS, tty);
    for (const v of values) desk.log(`request failed: ${v} was refused`);
    desk.log(`the URL ${SECRETS.DATABASE_URL} did not answer`);
    desk.logger.info({ detail: `key=${SECRETS.ANTHROPIC_API_KEY}` }, 'a field quoting the key');
    const all = lines.join('\n');
    for (const v of values) {
      expect(all).not.toContain(v);
      expect(all).not.toContain(JSON.stringify(v).slice(1, -1));
    }
    expect(lines.slice(0, values.length).every((l) => l.includes('request failed: *** was refused'))).toBe(true);
    expect(all).toContain('postgresql://desk:***@127.0.0.1:5432/tradedesk');
  });

  it('scrubs token shapes whoever\'s they are: Slack tokens, Anthropic keys, Discord bot tokens, bearer tokens', () => {
    const scrub = createScrub([]);
    expect(scrub('posted with xoxb-9999-other-team and xapp-2-B-other, key sk-ant-other-key, Authorization: Bearer abcdefghijklmnopqrstuvwxyz'))
      .toBe('posted with *** and ***, key ***, Authorization: Bearer ***');
    expect(scrub('token OTk5OTk5OTk5OTk5OTk5OTk5.AbCdEf.zyxwvutsrqponmlkjihgfedcba rejected')).toBe('token *** rejected');
    expect(scrub('Run #3 (Acme traders) at the 2024-01-02T15:31:00.000Z close: committed')).toBe('Run #3 (Acme traders) at the 2024-01-02T15:31:00.000Z close: committed');
  });

  it('hides a short URL password where it stands in a URL only, so a development password like desk masks no word', () => {
    expect(secretValues({ DATABASE_URL: 'postgresql://desk:desk@127.0.0.1:5432/tradedesk' })).toEqual([]);
    const scrub = createScrub(secretValues({ DATABASE_URL: 'postgresql://desk:desk@127.0.0.1:5432/tradedesk' }));
    expect(scrub('Run #1 (Local desk): could not reach postgresql://desk:desk@127.0.0.1:5432/tradedesk'))
      .toBe('Run #1 (Local desk): could not reach postgresql://desk:***@127.0.0.1:5432/tradedesk');
    expect(scrub('proxy https://me:pw@proxy.local:8080 refused; redis://:hunter2@cache:6379 too'))
      .toBe('proxy https://me:***@proxy.local:8080 refused; redis://:***@cache:6379 too');
  });

  it('redacts fields named like secrets, whatever their value', () => {
    const { lines, desk } = capture();
    desk.logger.info({ token: 'not-in-env-1', apiKey: 'not-in-env-2', headers: { authorization: 'Basic not-in-env-3' }, client: { secret: 'not-in-env-4', password: 'not-in-env-5' }, DATABASE_URL: 'file:./x.db' }, 'fields');
    const [entry] = logEntries(lines);
    expect(entry).toMatchObject({ token: '***', apiKey: '***', headers: { authorization: '***' }, client: { secret: '***', password: '***' }, DATABASE_URL: '***' });
    expect(lines[0]).not.toMatch(/not-in-env/);
  });
});

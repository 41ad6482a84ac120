import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { envSchema, loadEnv } from '../../src/config/env.js';

const example = readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../.env.example'), 'utf8');
const documented = [...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]);

describe('the environment', () => {
  it('documents exactly the variables the schema reads, in .env.example', () => {
    const keys = Object.keys(envSchema.shape);
    expect([...documented].sort()).toEqual([...keys].sort());
  });

  it('runs on embedded defaults with nothing set: no chat platform, the console desk', () => {
    const env = loadEnv({});
    expect(env.ok && [env.value.DISCORD_TOKEN, env.value.SLACK_BOT_TOKEN, env.value.DISCORD_CHANNEL_CHAT]).toEqual([undefined, undefined, '0']);
  });

  it.each([
    [{ DISCORD_TOKEN: 't' }, 'DISCORD_APPLICATION_ID: the Discord desk needs both DISCORD_TOKEN and DISCORD_APPLICATION_ID'],
    [{ DISCORD_APPLICATION_ID: '123456789' }, 'DISCORD_TOKEN: the Discord desk needs both'],
    [{ DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: 'abc' }, 'DISCORD_APPLICATION_ID: expected the numeric application id'],
    [{ DISCORD_API_BASE_URL: 'discord.com/api' }, 'DISCORD_API_BASE_URL: expected an http(s) URL'],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, 'SLACK_APP_TOKEN: the Slack desk needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP)'],
    [{ SLACK_BOT_TOKEN: 'xoxp-1', SLACK_APP_TOKEN: 'xapp-1' }, 'SLACK_BOT_TOKEN: expected a bot token starting with xoxb-'],
    [{ SLACK_APP_TOKEN: 'xapp-1' }, 'SLACK_BOT_TOKEN: required with SLACK_APP_TOKEN or SLACK_SIGNING_SECRET'],
    [{ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xoxb-2' }, 'SLACK_APP_TOKEN: expected an app-level token starting with xapp-'],
    [{ SLACK_API_URL: 'ftp://slack' }, 'SLACK_API_URL: expected an http(s) URL'],
    [{ SLACK_PORT: '70000' }, 'SLACK_PORT'],
    [{ ANTHROPIC_MONTHLY_BUDGET_USD: '-1' }, 'ANTHROPIC_MONTHLY_BUDGET_USD: expected a dollar amount >= 0'],
    [{ ANTHROPIC_MONTHLY_BUDGET_USD: 'fifty' }, 'ANTHROPIC_MONTHLY_BUDGET_USD: expected a dollar amount like 50'],
    [{ TRADEDESK_START_CASH: '0x10' }, 'TRADEDESK_START_CASH: expected a plain decimal number'],
    [{ TRADEDESK_START_CASH: 'Infinity' }, 'TRADEDESK_START_CASH: expected a plain decimal number'],
    [{ TRADEDESK_SIM_SEED: '0b101' }, 'TRADEDESK_SIM_SEED: expected a plain decimal number'],
    [{ MARKET_DATA: 'alpaca' }, 'APCA_API_KEY_ID: MARKET_DATA names alpaca: set APCA_API_KEY_ID and APCA_API_SECRET_KEY'],
    [{ MARKET_DATA: 'yahoo,polygon' }, 'POLYGON_API_KEY: MARKET_DATA names polygon: set POLYGON_API_KEY'],
    [{ MARKET_DATA: 'yahoo,sim' }, 'MARKET_DATA: \'yahoo,sim\': sim cannot be part of a list of providers'],
    [{ MARKET_DATA: 'bloomberg' }, "MARKET_DATA: 'bloomberg': unknown source 'bloomberg' (expected sim, csv, alpaca, polygon, yahoo)"],
    [{ MARKET_DATA: 'csv' }, 'TRADEDESK_DATA_DIR: required when MARKET_DATA=csv'],
    [{ APCA_API_KEY_ID: 'k' }, 'APCA_API_SECRET_KEY: Alpaca needs both APCA_API_KEY_ID and APCA_API_SECRET_KEY'],
    [{ APCA_DATA_FEED: 'otc' }, 'APCA_DATA_FEED: expected iex or sip'],
    [{ ALPACA_ACCOUNT: 'demo' }, 'ALPACA_ACCOUNT: expected paper or live'],
    [{ POLYGON_API_URL: 'api.polygon.io' }, 'POLYGON_API_URL: expected an http(s) URL'],
    [{ TRADEDESK_HTTP: '9464' }, 'TRADEDESK_HTTP: expected <host>:<port> with an IP address or localhost, e.g. 127.0.0.1:9464'],
    [{ TRADEDESK_HTTP: '127.0.0.1:70000' }, 'TRADEDESK_HTTP: expected <host>:<port>'],
    [{ TRADEDESK_HTTP: 'metrics.example.com:9464' }, 'TRADEDESK_HTTP: expected <host>:<port>'],
    [{ TRADEDESK_HTTP: 'http://127.0.0.1:9464' }, 'TRADEDESK_HTTP: expected <host>:<port>'],
    [{ TRADEDESK_HTTP: '::1:9464' }, 'TRADEDESK_HTTP: expected <host>:<port>'],
    [{ TRADEDESK_HTTP: '127.0.0.1:-1' }, 'TRADEDESK_HTTP: expected <host>:<port>'],
  ])('refuses %j with one clear line', (source, message) => {
    const env = loadEnv(source);
    expect(env.ok).toBe(false);
    if (!env.ok) expect(env.error.message).toContain(message);
  });

  it('reads ANTHROPIC_MONTHLY_BUDGET_USD as dollars, unset by default', () => {
    const none = loadEnv({});
    const set = loadEnv({ ANTHROPIC_MONTHLY_BUDGET_USD: '12.5' });
    expect([none.ok && none.value.ANTHROPIC_MONTHLY_BUDGET_USD, set.ok && set.value.ANTHROPIC_MONTHLY_BUDGET_USD]).toEqual([undefined, 12.5]);
    const numbers = loadEnv({ TRADEDESK_START_CASH: ' 2.5e5 ', TRADEDESK_SIM_SEED: '7', SLACK_PORT: '3001' });
    expect(numbers.ok && [numbers.value.TRADEDESK_START_CASH, numbers.value.TRADEDESK_SIM_SEED, numbers.value.SLACK_PORT]).toEqual([250_000, 7, 3001]);
  });

  it.each([
    ['127.0.0.1:9464', { host: '127.0.0.1', port: 9464 }],
    ['127.0.0.1:0', { host: '127.0.0.1', port: 0 }],
    ['0.0.0.0:9464', { host: '0.0.0.0', port: 9464 }],
    ['localhost:9100', { host: 'localhost', port: 9100 }],
    ['[::1]:9464', { host: '::1', port: 9464 }],
  ])('reads TRADEDESK_HTTP=%s as the host and port the desk serves /healthz, /readyz and /metrics on', (value, listen) => {
    const env = loadEnv({ TRADEDESK_HTTP: value });
    expect(env.ok && env.value.TRADEDESK_HTTP).toEqual(listen);
  });

  it('serves no HTTP without TRADEDESK_HTTP (or with it empty)', () => {
    for (const source of [{}, { TRADEDESK_HTTP: '' }]) {
      const env = loadEnv(source);
      expect(env.ok && env.value.TRADEDESK_HTTP).toBeUndefined();
    }
  });

  it.each([
    { DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '123456789012345678', DISCORD_API_BASE_URL: 'http://127.0.0.1:9/api' },
    { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' },
    { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_PORT: '0', SLACK_API_URL: 'https://slack-gov.com/api/' },
    { DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '123456789012345678', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' },
    { MARKET_DATA: 'alpaca,polygon,yahoo', APCA_API_KEY_ID: 'k', APCA_API_SECRET_KEY: 's', APCA_DATA_FEED: 'sip', POLYGON_API_KEY: 'p' },
    { MARKET_DATA: 'yahoo', YAHOO_API_URL: 'http://127.0.0.1:9' },
    { APCA_API_KEY_ID: 'k', APCA_API_SECRET_KEY: 's', APCA_API_BASE_URL: 'https://api.alpaca.markets', ALPACA_ACCOUNT: 'live' },
  ])('accepts %j (Discord and Slack may run in one process)', (source) => {
    expect(loadEnv(source).ok).toBe(true);
  });
});

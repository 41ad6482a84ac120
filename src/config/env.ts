import { isIPv4, isIPv6 } from 'node:net';
import { z } from 'zod';
import { parseDecimal } from '../core/domain/decimal.js';
import { fail, ok, type Result } from '../core/domain/result.js';
import { firstIssueLine } from '../core/domain/zod-errors.js';
import { LIMITS } from '../core/limits.js';
import { parseSourceSpec } from '../core/domain/data-source.js';

/** A number written as plain decimal text (`0x10`, `Infinity` or `1_000` are refused, not read as numbers). */
const decimal = (bounds: (n: z.ZodNumber) => z.ZodNumber, message = 'expected a plain decimal number') =>
  z.preprocess((v) => (typeof v === 'string' ? parseDecimal(v) : v), bounds(z.number({ error: message })));

/** `127.0.0.1:9464`, `[::1]:9464`, `localhost:9464`, `0.0.0.0:9464`: an IP address or localhost, and a port (0: any free one). */
export function parseHostPort(value: string): { host: string; port: number } | null {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(value);
  const host = m?.[1] ?? m?.[2];
  const port = Number(m?.[3]);
  const hostOk = host !== undefined && (m?.[1] !== undefined ? isIPv6(host) : isIPv4(host) || host === 'localhost');
  return m === null || !hostOk || !Number.isInteger(port) || port > 65_535 ? null : { host, port };
}

const hostPort = z.string().transform((value, ctx) => {
  const parsed = parseHostPort(value.trim());
  if (parsed === null) {
    ctx.addIssue({ code: 'custom', message: 'expected <host>:<port> with an IP address or localhost, e.g. 127.0.0.1:9464 ([::1]:9464 for IPv6; port 0 picks a free one)' });
    return z.NEVER;
  }
  return parsed;
});

/** The one schema for the environment. Every variable is documented in .env.example with the same default. */
export const envSchema = z.object({
  /** `file:` SQLite (the embedded default) or `postgresql://` PostgreSQL (src/store/db/database-kind.ts). */
  DATABASE_URL: z.string().regex(/^(file:|postgres(ql)?:\/\/)/i, 'expected a SQLite URL like file:./data/tradedesk.db or a PostgreSQL URL like postgresql://user:password@127.0.0.1:5432/tradedesk')
    .default('file:./data/tradedesk.db'),
  /** Market data when a command does not name one: `sim` (seeded simulated market) or `csv` (needs TRADEDESK_DATA_DIR). */
  TRADEDESK_MARKET: z.enum(['sim', 'csv']).default('sim'),
  TRADEDESK_DATA_DIR: z.string().min(1).optional(),
  /**
   * The desk-wide default source: `sim`, `csv`, or real providers tried in order (`alpaca,yahoo`). Unset:
   * TRADEDESK_MARKET (sim). A workspace's `/settings data source:` and a command's `data:` / `--data` win over it.
   */
  MARKET_DATA: z.string().min(1).optional(),
  /** Seconds a paper run on a real provider waits after each bar close for the provider to publish the bar. */
  MARKET_DATA_GRACE_SECONDS: decimal((n) => n.min(0).max(3600, 'expected at most 3600 seconds')).default(15),

  /** Alpaca (market data, and the assets, clock and calendar of the trading host): Alpaca's own variable names. */
  APCA_API_KEY_ID: z.string().min(1).optional(),
  APCA_API_SECRET_KEY: z.string().min(1).optional(),
  APCA_API_DATA_URL: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL like https://data.alpaca.markets' }).default('https://data.alpaca.markets'),
  APCA_API_BASE_URL: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL like https://paper-api.alpaca.markets' }).default('https://paper-api.alpaca.markets'),
  APCA_DATA_FEED: z.enum(['iex', 'sip'], { error: 'expected iex or sip' }).default('iex'),
  /** Which Alpaca account the broker trades: `paper` (default) or `live`; Alpaca's own hosts must agree with it. */
  ALPACA_ACCOUNT: z.enum(['paper', 'live'], { error: 'expected paper or live' }).default('paper'),
  /** Polygon: the API key, and a REST base for proxies and tests. */
  POLYGON_API_KEY: z.string().min(1).optional(),
  POLYGON_API_URL: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL like https://api.polygon.io' }).default('https://api.polygon.io'),
  /** Yahoo Finance needs no key; this routes every Yahoo host through one base URL (a proxy, or a test's fake). */
  YAHOO_API_URL: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).optional(),
  TRADEDESK_SIM_SEED: decimal((n) => n.int().min(0).max(2 ** 32 - 1)).default(42),
  TRADEDESK_START_CASH: decimal((n) => n.gt(0).max(LIMITS.maxCash, `expected at most ${LIMITS.maxCash} (the limit for starting cash)`)).default(100_000),
  TRADEDESK_COMMISSION: decimal((n) => n.min(0).max(0.1)).default(0),
  TRADEDESK_SLIPPAGE_BPS: decimal((n) => n.min(0).max(1000)).default(0),
  /** Set to 1 to print stack traces for internal errors, and to log at the debug level (whatever TRADEDESK_LOG_LEVEL says). */
  TRADEDESK_DEBUG: z.enum(['0', '1']).default('0'),
  /** A desk process (start, console) serves /healthz, /readyz and /metrics (Prometheus) on this host:port; unset: none. */
  TRADEDESK_HTTP: hostPort.optional(),
  /** The desk's log on stderr: `json` lines, readable `text`, or `auto` (text on a terminal, JSON otherwise). */
  TRADEDESK_LOG_FORMAT: z.enum(['auto', 'json', 'text'], { error: 'expected auto, json or text' }).default('auto'),
  /** The lowest level the desk logs. */
  TRADEDESK_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent'], { error: 'expected debug, info, warn, error or silent' }).default('info'),

  /** Discord: the bot token and application id turn the Discord desk on (both or neither). */
  DISCORD_TOKEN: z.string().min(1).optional(),
  DISCORD_APPLICATION_ID: z.string().regex(/^\d{5,25}$/, 'expected the numeric application id from the Discord developer portal').optional(),
  /** REST base without the version (a proxy); the gateway URL then comes from its /gateway/bot, as discord.js does. */
  DISCORD_API_BASE_URL: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL like https://discord.com/api' }).optional(),
  /** 1: plain messages in the desk channel and run threads go to the analyst (needs the privileged Message Content intent). */
  DISCORD_CHANNEL_CHAT: z.enum(['0', '1']).default('0'),

  /** Slack: the bot token plus an app token (Socket Mode) or a signing secret (HTTP) turn the Slack desk on. */
  SLACK_BOT_TOKEN: z.string().regex(/^xoxb-/, 'expected a bot token starting with xoxb-').optional(),
  SLACK_APP_TOKEN: z.string().regex(/^xapp-/, 'expected an app-level token starting with xapp- (Socket Mode)').optional(),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  /** Web API base (GovSlack, proxies), e.g. https://slack.com/api/. */
  SLACK_API_URL: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL like https://slack.com/api/' }).optional(),
  /** HTTP mode only: where Slack's requests arrive (POST /slack/events). */
  SLACK_PORT: decimal((n) => n.int().min(0).max(65535)).default(3000),
  SLACK_HOST: z.string().min(1).optional(),

  /** The system analyst: with a key, Claude answers over the desk's MCP tools; without, the offline analyst does. */
  ANTHROPIC_API_KEY: z.string().min(1).optional(),
  ANTHROPIC_MODEL: z.string().regex(/^claude-[a-z0-9.-]+$/, 'expected a Claude model id like claude-sonnet-4-6').default('claude-sonnet-4-6'),
  ANTHROPIC_BASE_URL: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL like https://api.anthropic.com' }).optional(),
  /** Monthly analyst budget in USD for a workspace that set none with /settings budget (unset: no cap). */
  ANTHROPIC_MONTHLY_BUDGET_USD: decimal((n) => n.min(0, 'expected a dollar amount >= 0').max(1_000_000, 'expected at most 1000000 dollars'), 'expected a dollar amount like 50').optional(),
}).superRefine((env, ctx) => {
  if ((env.DISCORD_TOKEN === undefined) !== (env.DISCORD_APPLICATION_ID === undefined)) {
    const missing = env.DISCORD_TOKEN === undefined ? 'DISCORD_TOKEN' : 'DISCORD_APPLICATION_ID';
    ctx.addIssue({ code: 'custom', path: [missing], message: 'the Discord desk needs both DISCORD_TOKEN and DISCORD_APPLICATION_ID' });
  }
  if (env.SLACK_BOT_TOKEN !== undefined && env.SLACK_APP_TOKEN === undefined && env.SLACK_SIGNING_SECRET === undefined) {
    ctx.addIssue({ code: 'custom', path: ['SLACK_APP_TOKEN'], message: 'the Slack desk needs SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP) with SLACK_BOT_TOKEN' });
  }
  if (env.SLACK_BOT_TOKEN === undefined && (env.SLACK_APP_TOKEN !== undefined || env.SLACK_SIGNING_SECRET !== undefined)) {
    ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'required with SLACK_APP_TOKEN or SLACK_SIGNING_SECRET (the bot token, xoxb-...)' });
  }
  if (env.TRADEDESK_MARKET === 'csv' && env.TRADEDESK_DATA_DIR === undefined) {
    ctx.addIssue({ code: 'custom', path: ['TRADEDESK_DATA_DIR'], message: 'required when TRADEDESK_MARKET=csv' });
  }
  if ((env.APCA_API_KEY_ID === undefined) !== (env.APCA_API_SECRET_KEY === undefined)) {
    const missing = env.APCA_API_KEY_ID === undefined ? 'APCA_API_KEY_ID' : 'APCA_API_SECRET_KEY';
    ctx.addIssue({ code: 'custom', path: [missing], message: 'Alpaca needs both APCA_API_KEY_ID and APCA_API_SECRET_KEY' });
  }
  if (env.MARKET_DATA !== undefined) {
    const spec = parseSourceSpec(env.MARKET_DATA, 'MARKET_DATA');
    if (!spec.ok) {
      ctx.addIssue({ code: 'custom', path: ['MARKET_DATA'], message: spec.error.message.replace(/^MARKET_DATA /, '') });
      return;
    }
    if (spec.value.kind === 'csv' && env.TRADEDESK_DATA_DIR === undefined) {
      ctx.addIssue({ code: 'custom', path: ['TRADEDESK_DATA_DIR'], message: 'required when MARKET_DATA=csv' });
    }
    const chain = spec.value.kind === 'providers' ? spec.value.chain : [];
    if (chain.includes('alpaca') && env.APCA_API_KEY_ID === undefined) {
      ctx.addIssue({ code: 'custom', path: ['APCA_API_KEY_ID'], message: 'MARKET_DATA names alpaca: set APCA_API_KEY_ID and APCA_API_SECRET_KEY' });
    }
    if (chain.includes('polygon') && env.POLYGON_API_KEY === undefined) {
      ctx.addIssue({ code: 'custom', path: ['POLYGON_API_KEY'], message: 'MARKET_DATA names polygon: set POLYGON_API_KEY' });
    }
  }
});

export type Env = z.infer<typeof envSchema>;

/** Parses the environment; empty strings count as unset (a blank line in .env must not override a default). */
export function loadEnv(source: Readonly<Record<string, string | undefined>>): Result<Env> {
  const cleaned: Record<string, string> = {};
  for (const [k, v] of Object.entries(source)) if (v !== undefined && v !== '') cleaned[k] = v;
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) return fail('config.env', `environment: ${firstIssueLine(parsed.error)}`);
  return ok(parsed.data);
}

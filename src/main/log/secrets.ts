// Never a token or a key in the log. Fields that may carry one are redacted by name (REDACTED_PATHS, pino's
// `redact`); and because a message is free text (an error from a library may quote a request, a URL, a header), every
// line is scrubbed last of the desk's actual secret values, and of token shapes that are secrets wherever they appear.
import type { Env } from '../../config/env.js';

export const CENSORED = '***';

/** Field paths pino censors (one level deep: `*.token` is `{ anything: { token } }`). */
export const REDACTED_PATHS: readonly string[] = [
  'token', 'apiKey', 'api_key', 'secret', 'password', 'authorization', 'cookie', 'signingSecret', 'botToken', 'appToken',
  'DATABASE_URL', 'databaseUrl', 'headers.authorization', 'headers.cookie',
  '*.token', '*.apiKey', '*.api_key', '*.secret', '*.password', '*.authorization', '*.cookie', '*.signingSecret', '*.botToken', '*.appToken',
  '*.DATABASE_URL', '*.databaseUrl', '*.headers.authorization', '*.headers.cookie',
];

/** The environment's secrets, named or by the shape of their name (a variable added later is covered too). */
const SECRET_NAME = /(TOKEN|SECRET|_KEY|_KEY_ID|PASSWORD)$/;

/** Shorter values are not scrubbed: replacing a two-letter "secret" everywhere would garble every line, and hides nothing. */
const MIN_SECRET_CHARS = 4;
/**
 * A URL's password shorter than this is hidden only where it stands in a URL (URL_CREDENTIALS below), not wherever
 * the word appears: a development database's password `desk` or `postgres` would otherwise mask those words in every
 * line ("Local ***", "***ql://"). Longer ones are hidden everywhere, as the tokens and keys are.
 */
const MIN_LOOSE_PASSWORD_CHARS = 8;

/** Secrets by their shape, whoever's they are: Slack tokens, Anthropic keys, Discord bot tokens, a bearer token. */
const SECRET_SHAPES: readonly { readonly re: RegExp; readonly keep?: string }[] = [
  { re: /\bxox[a-z]-[A-Za-z0-9-]+/g },
  { re: /\bxapp-[A-Za-z0-9-]+/g },
  { re: /\bsk-ant-[A-Za-z0-9_-]+/g },
  { re: /\b[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{20,}/g },
  { re: /\bBearer [A-Za-z0-9._~+/=-]{16,}/g, keep: 'Bearer ' },
];

/** The password of any URL with credentials (`scheme://user:password@host`), whatever its length. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+@/gi;

/**
 * The secret values in the desk's environment: every variable named like a token, secret or key (DISCORD_TOKEN,
 * SLACK_BOT_TOKEN, SLACK_APP_TOKEN, SLACK_SIGNING_SECRET, ANTHROPIC_API_KEY, APCA_API_KEY_ID, APCA_API_SECRET_KEY,
 * POLYGON_API_KEY...), and the password of every URL (DATABASE_URL, a proxy's), as written and decoded.
 */
export function secretValues(env: Partial<Env> | Readonly<Record<string, unknown>>): string[] {
  const found = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    if (typeof value !== 'string') continue;
    if (SECRET_NAME.test(name) && value.length >= MIN_SECRET_CHARS) found.add(value);
    if (name === 'DATABASE_URL' || name.endsWith('_URL')) for (const p of urlPasswords(value)) if (p.length >= MIN_LOOSE_PASSWORD_CHARS) found.add(p);
  }
  return [...found];
}

function urlPasswords(url: string): string[] {
  let password: string;
  try {
    password = new URL(url).password;
  } catch {
    return [];
  }
  if (password === '') return [];
  let decoded = password;
  try {
    decoded = decodeURIComponent(password);
  } catch {
    // Not valid percent-encoding: the raw form is the one to hide.
  }
  return [password, decoded];
}

/**
 * A function that replaces each secret in a line with `***`: as written, and as it looks inside a JSON string (a
 * quote or a backslash in it escaped). Longest first, so a secret that contains another is hidden whole.
 */
export function createScrub(secrets: readonly string[]): (line: string) => string {
  const forms = [...new Set(secrets.flatMap((s) => [s, JSON.stringify(s).slice(1, -1)]))].sort((a, b) => b.length - a.length);
  return (line) => {
    let out = line;
    for (const form of forms) if (out.includes(form)) out = out.split(form).join(CENSORED);
    for (const shape of SECRET_SHAPES) out = out.replace(shape.re, `${shape.keep ?? ''}${CENSORED}`);
    return out.replace(URL_CREDENTIALS, `$1${CENSORED}@`);
  };
}

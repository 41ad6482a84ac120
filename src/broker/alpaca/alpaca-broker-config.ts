/**
 * What the Alpaca broker is built from, read from the environment by src/main (`alpacaBrokerConfig(env)`): both keys,
 * the trading host and which account it is (`ALPACA_ACCOUNT=paper|live`). Alpaca's own hosts must agree with
 * ALPACA_ACCOUNT (the live host needs live, the paper host paper); any other host (a proxy, a test's fake) is checked
 * on first use by the account number /v2/account answers (paper accounts start with "PA").
 */
import { fail, ok, type Result } from '../../core/domain/result.js';

export type AlpacaAccountKind = 'paper' | 'live';

/** The variables the broker is configured by, named in every message that asks a user to fix one. */
export const ALPACA_BROKER_ENV = {
  keyId: 'APCA_API_KEY_ID',
  secretKey: 'APCA_API_SECRET_KEY',
  baseUrl: 'APCA_API_BASE_URL',
  account: 'ALPACA_ACCOUNT',
} as const;

export const ALPACA_PAPER_HOST = 'paper-api.alpaca.markets';
export const ALPACA_LIVE_HOST = 'api.alpaca.markets';

export interface AlpacaBrokerConfig {
  readonly keyId: string;
  readonly secretKey: string;
  /** The trading host, without a trailing slash. */
  readonly baseUrl: string;
  readonly account: AlpacaAccountKind;
}

/** The part of the parsed environment (src/config/env.ts) the broker reads. */
export interface AlpacaBrokerEnv {
  readonly APCA_API_KEY_ID?: string | undefined;
  readonly APCA_API_SECRET_KEY?: string | undefined;
  readonly APCA_API_BASE_URL: string;
  readonly ALPACA_ACCOUNT: AlpacaAccountKind;
}

export function alpacaBrokerConfig(env: AlpacaBrokerEnv): Result<AlpacaBrokerConfig> {
  const { keyId, secretKey, baseUrl, account } = ALPACA_BROKER_ENV;
  const missing = [
    ...(env.APCA_API_KEY_ID === undefined || env.APCA_API_KEY_ID.trim() === '' ? [keyId] : []),
    ...(env.APCA_API_SECRET_KEY === undefined || env.APCA_API_SECRET_KEY.trim() === '' ? [secretKey] : []),
  ];
  if (missing.length > 0 || env.APCA_API_KEY_ID === undefined || env.APCA_API_SECRET_KEY === undefined) {
    return fail('broker.not_configured', `the Alpaca broker needs ${keyId} and ${secretKey} (missing: ${missing.join(', ')})`, { missing });
  }
  const url = env.APCA_API_BASE_URL.replace(/\/+$/, '');
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return fail('broker.not_configured', `${baseUrl} is not a URL: ${url}`);
  }
  const wants = host === ALPACA_LIVE_HOST ? 'live' : host === ALPACA_PAPER_HOST ? 'paper' : null;
  if (wants !== null && wants !== env.ALPACA_ACCOUNT) {
    return fail('broker.account_mismatch', `${baseUrl} is Alpaca's ${wants} host but ${account}=${env.ALPACA_ACCOUNT}: set both to the same account (${account}=${wants} for ${url})`);
  }
  return ok({ keyId: env.APCA_API_KEY_ID, secretKey: env.APCA_API_SECRET_KEY, baseUrl: url, account: env.ALPACA_ACCOUNT });
}

/** Null when `accountNumber` (from /v2/account) is the kind of account configured, else the one-line refusal. */
export function accountMismatch(config: AlpacaBrokerConfig, accountNumber: string): string | null {
  const actual: AlpacaAccountKind = accountNumber.startsWith('PA') ? 'paper' : 'live';
  if (actual === config.account) return null;
  return `${ALPACA_BROKER_ENV.baseUrl} (${config.baseUrl}) answers for a ${actual} account (${accountNumber}) but ${ALPACA_BROKER_ENV.account}=${config.account}: the broker refuses to trade it`;
}

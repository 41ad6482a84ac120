// The arguments of `tradedesk mcp` (stdio or --http) and `tradedesk mcp token`, parsed into one of four invocations.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseHostPort } from '../../config/env.js';
import { quoteInput, safeText } from '../../core/domain/quote-input.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import { LIMITS } from '../../core/limits.js';
import { isLoopbackHost, normaliseOrigin } from '../../mcp/http-guard.js';
import { PLATFORMS, type Platform } from '../../store/workspace/workspaces.js';

export interface WorkspaceKey {
  readonly platform: Platform;
  readonly externalId: string;
}

export interface HttpListen {
  readonly host: string;
  readonly port: number;
  readonly allowOrigins: readonly string[];
  readonly allowHosts: readonly string[];
}

export type McpInvocation =
  | { readonly kind: 'help' }
  | { readonly kind: 'stdio'; readonly workspace: WorkspaceKey }
  /** workspace null: every workspace that has a token. */
  | { readonly kind: 'http'; readonly workspace: WorkspaceKey | null; readonly listen: HttpListen }
  | { readonly kind: 'token'; readonly workspace: WorkspaceKey; readonly rotate: boolean }
  | { readonly kind: 'token-list' };

export const LOCAL_KEY: WorkspaceKey = { platform: 'console', externalId: 'local' };

export const MCP_USAGE = [
  'usage: tradedesk mcp [--workspace <platform>:<id>]              read-only MCP tools over stdio (default console:local)',
  '       tradedesk mcp --http <host>:<port> [--workspace <platform>:<id>] [--allow-origin <origin>]... [--allow-host <host>:<port>]... [--allow-remote]',
  '                                                                 the same over Streamable HTTP at /mcp, one bearer token per workspace',
  '       tradedesk mcp token --workspace <platform>:<id> [--rotate]  create (or replace) a workspace\'s token; printed once',
  '       tradedesk mcp token --list                                which workspaces have a token',
].join('\n');

const WORKSPACE_HINT = 'expected <platform>:<id> (e.g. console:local, discord:<server id>, slack:<team id>)';

export function parseMcpArgs(argv: readonly string[]): Result<McpInvocation> {
  const [first, ...rest] = argv;
  return first === 'token' ? parseTokenArgs(rest) : parseServeArgs(argv);
}

function parseServeArgs(argv: readonly string[]): Result<McpInvocation> {
  const parsed = strictParse(argv, {
    workspace: { type: 'string' },
    http: { type: 'string' },
    'allow-origin': { type: 'string', multiple: true },
    'allow-host': { type: 'string', multiple: true },
    'allow-remote': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  if (v.help === true) return ok({ kind: 'help' });
  const workspace = typeof v.workspace === 'string' ? parseWorkspaceKey(v.workspace) : null;
  if (workspace !== null && !workspace.ok) return workspace;
  const key = workspace === null ? null : workspace.value;
  if (typeof v.http !== 'string') {
    const stray = ['allow-origin', 'allow-host', 'allow-remote'].find((name) => v[name] !== undefined);
    if (stray !== undefined) return fail('cli.args', `--${stray} only applies with --http <host>:<port>`);
    return ok({ kind: 'stdio', workspace: key ?? LOCAL_KEY });
  }
  const listen = parseListen(v.http, v['allow-remote'] === true);
  if (!listen.ok) return listen;
  const origins: string[] = [];
  for (const value of asList(v['allow-origin'])) {
    const origin = normaliseOrigin(value);
    if (origin === null) return fail('cli.args', `--allow-origin ${quoteInput(value)}: expected an origin such as http://localhost:6274 (scheme, host and port; no path)`);
    origins.push(origin);
  }
  const hosts: string[] = [];
  for (const value of asList(v['allow-host'])) {
    if (!/^[A-Za-z0-9.-]+:\d{1,5}$|^\[[0-9A-Fa-f:.]+\]:\d{1,5}$/.test(value)) return fail('cli.args', `--allow-host ${quoteInput(value)}: expected <host>:<port> as clients send it in the Host header`);
    hosts.push(value);
  }
  return ok({ kind: 'http', workspace: key, listen: { ...listen.value, allowOrigins: origins, allowHosts: hosts } });
}

function parseTokenArgs(argv: readonly string[]): Result<McpInvocation> {
  const parsed = strictParse(argv, { workspace: { type: 'string' }, rotate: { type: 'boolean' }, list: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (!parsed.ok) return parsed;
  const v = parsed.value;
  if (v.help === true) return ok({ kind: 'help' });
  if (v.list === true) {
    return v.workspace === undefined && v.rotate === undefined ? ok({ kind: 'token-list' }) : fail('cli.args', 'token --list takes no other option');
  }
  if (typeof v.workspace !== 'string') return fail('cli.args', 'token needs --workspace <platform>:<id> (or --list)');
  const workspace = parseWorkspaceKey(v.workspace);
  return workspace.ok ? ok({ kind: 'token', workspace: workspace.value, rotate: v.rotate === true }) : workspace;
}

export function parseWorkspaceKey(value: string): Result<WorkspaceKey> {
  const m = /^([a-z]+):(\S+)$/.exec(value);
  if (m !== null && m[2]!.length > LIMITS.idLength) return fail('cli.args', `--workspace ${quoteInput(value)}: an id is at most ${LIMITS.idLength} characters`);
  const platform = PLATFORMS.find((p) => p === m?.[1]);
  return m === null || platform === undefined ? fail('cli.args', `--workspace ${quoteInput(value)}: ${WORKSPACE_HINT}`) : ok({ platform, externalId: m[2]! });
}

/** `127.0.0.1:8765`, `[::1]:8765`, `localhost:8765`; a non-loopback host only with --allow-remote. */
export function parseListen(value: string, allowRemote: boolean): Result<{ host: string; port: number }> {
  const listen = parseHostPort(value);
  if (listen === null) {
    return fail('cli.args', `--http ${quoteInput(value)}: expected <host>:<port> with an IP address or localhost, e.g. 127.0.0.1:8765 ([::1]:8765 for IPv6; port 0 picks a free one)`);
  }
  if (!isLoopbackHost(listen.host) && !allowRemote) {
    return fail(
      'cli.args',
      `refusing to listen on ${safeText(value)}: not a loopback address, so the desk's data would be reachable from the network; pass --allow-remote to do it anyway (and put TLS in front: bearer tokens travel in clear text)`,
    );
  }
  return ok(listen);
}

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

function strictParse(argv: readonly string[], options: Options): Result<Values> {
  try {
    const { values, tokens } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false, tokens: true });
    // parseArgs keeps the last of a repeated single-value flag silently; two --http values are more likely a mistake.
    const seen = new Set<string>();
    for (const token of tokens) {
      if (token.kind !== 'option' || options[token.name]?.multiple === true) continue;
      if (seen.has(token.name)) return fail('cli.args', `--${token.name} is given twice`);
      seen.add(token.name);
    }
    return ok(values);
  } catch (err) {
    return fail('cli.args', safeText(err instanceof Error ? err.message.split('\n').join(' ') : String(err), LIMITS.echoChars + 200));
  }
}

function asList(value: Values[string]): string[] {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is string => typeof v === 'string');
}

/** The label a workspace goes by in messages and the request log. */
export function workspaceLabel(key: WorkspaceKey): string {
  return `${key.platform}:${key.externalId}`;
}

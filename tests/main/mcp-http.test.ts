// `tradedesk mcp token` and `tradedesk mcp --http` in-process on a real (temp) SQLite database: tokens are printed
// once, rotated and listed; the server opens each token's workspace only; errors are one line with the right exit code.
import { createServer, type Server } from 'node:net';
import { PassThrough, Readable } from 'node:stream';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/config/env.js';
import type { CliIo } from '../../src/main/cli/io.js';
import { parseMcpArgs } from '../../src/main/cli/mcp-args.js';
import { mcpHttpCommand } from '../../src/main/cli/mcp-http-command.js';
import type { McpHttpServer } from '../../src/mcp/http-server.js';
import { createStore } from '../../src/store/db/client.js';
import { ensureWorkspace } from '../../src/store/workspace/workspaces.js';
import { FIXED_NOW, REPO_ROOT, removeDatabase, runInProcess, tempDatabaseUrl } from '../helpers/cli.js';
import { EXAMPLE_DATA_DIR } from '../helpers/real-data.js';
import { httpClient } from '../mcp/http-helpers.js';

const DATABASE_URL = tempDatabaseUrl();
const EMPTY_DATABASE_URL = tempDatabaseUrl();
const cli = (args: readonly string[], url = DATABASE_URL) => runInProcess(['mcp', ...args], { env: { DATABASE_URL: url } });
const tokens: { local: string; guild: string } = { local: '', guild: '' };

beforeAll(async () => {
  const saved = await runInProcess(['backtest', '--strategy', 'trend-following', '--symbols', 'ORCL', '--data', EXAMPLE_DATA_DIR, '--save'], { env: { DATABASE_URL } });
  expect(saved.code).toBe(0);
}, 60_000);

afterAll(() => {
  removeDatabase(DATABASE_URL);
  removeDatabase(EMPTY_DATABASE_URL);
});

/** Runs `tradedesk mcp <args>` (an --http invocation) in-process; `whileServing` runs against the live server. */
async function serving(args: readonly string[], whileServing: (server: McpHttpServer) => Promise<void>): Promise<{ code: number; err: string[] }> {
  const inv = parseMcpArgs(args);
  if (!inv.ok || inv.value.kind !== 'http') throw new Error(`not an --http invocation: ${args.join(' ')}`);
  const env = loadEnv({ DATABASE_URL });
  if (!env.ok) throw new Error(env.error.message);
  const err: string[] = [];
  const io: CliIo = { out: () => {}, err: (t) => err.push(t), env: { DATABASE_URL }, cwd: REPO_ROOT, now: () => FIXED_NOW, stdin: Readable.from([]), stdout: new PassThrough(), interactive: false };
  const code = await mcpHttpCommand(inv.value, io, env.value, whileServing);
  return { code, err };
}

const call = async (client: Client, name: string, args: Record<string, unknown> = {}) => (await client.callTool({ name, arguments: args })) as CallToolResult;

describe('tradedesk mcp token', () => {
  it('prints a new token alone on stdout and says on stderr that it is shown once', async () => {
    const run = await cli(['token', '--workspace', 'console:local']);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^tdk_mcp_[A-Za-z0-9_-]{43}$/);
    expect(run.err).toEqual([expect.stringContaining('tradedesk mcp token: new token for console:local (Local desk). It is shown only this once')]);
    tokens.local = run.out;
  });

  it('will not replace a token without --rotate (exit 2)', async () => {
    const run = await cli(['token', '--workspace', 'console:local']);
    expect(run.code).toBe(2);
    expect(run.out).toBe('');
    expect(run.err).toEqual([expect.stringContaining('already has an MCP token; pass --rotate to replace it')]);
  });

  it('needs a chat workspace the desk knows (exit 2, listing the known ones)', async () => {
    const run = await cli(['token', '--workspace', 'discord:42']);
    expect(run.code).toBe(2);
    expect(run.err).toEqual([expect.stringMatching(/^tradedesk mcp token: no workspace discord:42 in .*; known: console:local \(Local desk\)$/)]);
  });

  it('issues a token for a chat workspace once the desk knows it', async () => {
    const store = createStore({ databaseUrl: DATABASE_URL });
    await ensureWorkspace(store.prisma, { platform: 'discord', externalId: '42', name: 'Guild 42' });
    await store.close();
    const run = await cli(['token', '--workspace', 'discord:42']);
    expect(run.code).toBe(0);
    tokens.guild = run.out;
  });

  it('--list shows which workspaces have a token, never a token', async () => {
    const run = await cli(['token', '--list']);
    expect(run.code).toBe(0);
    expect(run.out.split('\n')).toEqual([
      `console:local (Local desk)  token created ${new Date(FIXED_NOW).toISOString()}`,
      `discord:42 (Guild 42)  token created ${new Date(FIXED_NOW).toISOString()}`,
    ]);
    expect(run.out + run.err.join('')).not.toContain('tdk_mcp_');
  });

  it('--list says how to create one when there is none', async () => {
    const run = await cli(['token', '--list'], EMPTY_DATABASE_URL);
    expect(run.code).toBe(0);
    expect(run.out).toBe('No workspace has an MCP token; create one with: tradedesk mcp token --workspace <platform>:<id>');
  });
});

describe('tradedesk mcp --http', () => {
  it('serves each token its own workspace, takes a rotation at once, logs requests without tokens, and stops cleanly', async () => {
    let rotated = '';
    const run = await serving(['--http', '127.0.0.1:0'], async (server) => {
      const local = await httpClient(server.url, tokens.local);
      expect((await call(local, 'list_runs')).structuredContent).toMatchObject({ total: 1, runs: [{ number: 1, strategy: expect.stringContaining('trend-following') }] });
      const guild = await httpClient(server.url, tokens.guild);
      expect((await call(guild, 'list_runs')).structuredContent).toMatchObject({ total: 0 });
      expect((await call(guild, 'get_run', { run: 1 })).isError).toBe(true);
      await Promise.all([local.close(), guild.close()]);

      const rotation = await cli(['token', '--workspace', 'console:local', '--rotate']);
      expect(rotation.code).toBe(0);
      expect(rotation.err[0]).toContain('replaced the token for console:local (Local desk) (the old one no longer works)');
      rotated = rotation.out;
      await expect(httpClient(server.url, tokens.local)).rejects.toThrow(/401|Invalid bearer token/);
      const again = await httpClient(server.url, rotated);
      expect((await call(again, 'get_run', { run: 1 })).isError ?? false).toBe(false);
      await again.close();
    });
    expect(run.code).toBe(0);
    expect(run.err[0]).toMatch(/^tradedesk mcp: serving console:local, discord:42 read-only over Streamable HTTP at http:\/\/127\.0\.0\.1:\d+\/mcp/);
    expect(run.err).toContain('tradedesk mcp: POST /mcp 200 console:local');
    expect(run.err).toContain('tradedesk mcp: POST /mcp 200 discord:42');
    expect(run.err).toContain('tradedesk mcp: POST /mcp 401 -');
    expect(run.err.at(-1)).toBe('tradedesk mcp: stopped');
    const all = run.err.join('\n');
    for (const token of [tokens.local, tokens.guild, rotated]) expect(all).not.toContain(token);
    tokens.local = rotated;
  });

  it('with --workspace serves that workspace only: another workspace\'s valid token is refused', async () => {
    const run = await serving(['--http', '127.0.0.1:0', '--workspace', 'discord:42'], async (server) => {
      await expect(httpClient(server.url, tokens.local)).rejects.toThrow(/401|Invalid bearer token/);
      const guild = await httpClient(server.url, tokens.guild);
      expect((await call(guild, 'list_runs')).isError ?? false).toBe(false);
      await guild.close();
    });
    expect(run.code).toBe(0);
    expect(run.err[0]).toContain('serving discord:42 read-only');
  });

  it.each([
    [[], 'no MCP token for any workspace; HTTP clients need one: create it with tradedesk mcp token --workspace <platform>:<id>'],
    [['--workspace', 'console:local'], 'no MCP token for console:local; HTTP clients need one: create it with tradedesk mcp token --workspace console:local'],
  ])('exits 2 with how to create a token when none is configured (%j)', async (extra, message) => {
    const run = await cli(['--http', '127.0.0.1:0', ...extra], EMPTY_DATABASE_URL);
    expect(run.code).toBe(2);
    expect(run.err).toEqual([`tradedesk mcp: ${message}`]);
  });

  it('exits 1 with one line when the port is in use', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const run = await cli(['--http', `127.0.0.1:${port}`]);
      expect(run.code).toBe(1);
      expect(run.err).toEqual([`tradedesk mcp: 127.0.0.1:${port} is already in use (another process listens there); pick another port`]);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});

describe('tradedesk mcp argument errors', () => {
  it.each([
    [['--http', 'nonsense'], "--http 'nonsense': expected <host>:<port> with an IP address or localhost, e.g. 127.0.0.1:8765"],
    [['--http', '127.0.0.1'], "--http '127.0.0.1': expected <host>:<port>"],
    [['--http', '127.0.0.1:65536'], "--http '127.0.0.1:65536': expected <host>:<port>"],
    [['--http', 'example.com:8765'], "--http 'example.com:8765': expected <host>:<port>"],
    [['--http', '[::g]:8765'], "--http '[::g]:8765': expected <host>:<port>"],
    [['--http', '0.0.0.0:8765'], 'refusing to listen on 0.0.0.0:8765: not a loopback address, so the desk\'s data would be reachable from the network; pass --allow-remote'],
    [['--http'], "Option '--http <value>' argument missing"],
    [['--http', '127.0.0.1:0', '--http', '127.0.0.1:1'], '--http is given twice'],
    [['--allow-origin', 'http://localhost:6274'], '--allow-origin only applies with --http <host>:<port>'],
    [['--allow-remote'], '--allow-remote only applies with --http <host>:<port>'],
    [['--http', '127.0.0.1:0', '--allow-origin', 'localhost:6274'], "--allow-origin 'localhost:6274': expected an origin such as http://localhost:6274"],
    [['--http', '127.0.0.1:0', '--allow-host', 'desk.example'], "--allow-host 'desk.example': expected <host>:<port>"],
    [['--workspace', 'teams:1'], "--workspace 'teams:1': expected <platform>:<id> (e.g. console:local"],
    [['token'], 'token needs --workspace <platform>:<id> (or --list)'],
    [['token', '--list', '--rotate'], 'token --list takes no other option'],
    [['token', '--workspace', 'teams:1'], "--workspace 'teams:1': expected <platform>:<id>"],
    [['token', '--bogus'], "Unknown option '--bogus'"],
  ])('%j exits 2 with one line', async (args, message) => {
    const run = await cli(args, EMPTY_DATABASE_URL);
    expect(run.code).toBe(2);
    expect(run.err).toHaveLength(1);
    expect(run.err[0]).toContain(`tradedesk mcp: ${message}`);
  });

  it('--help prints the usage of every mode', async () => {
    for (const args of [['--help'], ['token', '--help']]) {
      const run = await cli(args);
      expect(run.code).toBe(0);
      expect(run.out).toContain('tradedesk mcp --http <host>:<port>');
      expect(run.out).toContain('tradedesk mcp token --workspace <platform>:<id> [--rotate]');
    }
  });
});

// The Streamable HTTP transport on 127.0.0.1 (port 0) with the real SDK client: bearer tokens choose the workspace,
// Host/Origin are checked before anything else, and every request is logged without its token.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkspaceRef } from '../../src/app/chat/command.js';
import { fail, ok } from '../../src/core/domain/result.js';
import { mcpDepsFrom } from '../../src/mcp/deps.js';
import { startMcpHttpServer, type AuthenticateToken, type McpHttpServer } from '../../src/mcp/http-server.js';
import { FAKE_NOW, fakeDesk } from '../helpers/fake-desk.js';
import { errorMessage, httpClient, rawRequest } from './http-helpers.js';
import { ONE_POSITION, WS_A, WS_B, seedBacktest, textOf } from './mcp-harness.js';

const TOKEN_A = 'tdk_mcp_token-of-a';
const TOKEN_B = 'tdk_mcp_token-of-b';
const desk = fakeDesk({}, [ONE_POSITION]);
const log: string[] = [];
let server: McpHttpServer;
const clients: Client[] = [];

const labelOf = (w: WorkspaceRef) => `${w.platform}:${w.externalId}`;
const authenticate: AuthenticateToken = async (token) => {
  const workspace = new Map([[TOKEN_A, WS_A], [TOKEN_B, WS_B]]).get(token);
  return ok(workspace === undefined ? null : { label: labelOf(workspace), deps: mcpDepsFrom(desk.deps, workspace, () => FAKE_NOW) });
};

async function connected(token: string): Promise<Client> {
  const client = await httpClient(server.url, token);
  clients.push(client);
  return client;
}
const call = async (client: Client, name: string, args: Record<string, unknown> = {}) => (await client.callTool({ name, arguments: args })) as CallToolResult;

beforeAll(async () => {
  // Workspace A holds runs #1 and #2, workspace B only its own #1.
  await seedBacktest(desk, WS_A);
  await seedBacktest(desk, WS_A);
  await seedBacktest(desk, WS_B);
  const started = await startMcpHttpServer({ host: '127.0.0.1', port: 0, allowOrigins: ['http://localhost:6274'], authenticate, log: (line) => log.push(line) });
  if (!started.ok) throw new Error(started.error.message);
  server = started.value;
});

afterAll(async () => {
  for (const c of clients) await c.close();
  await server?.close();
});

describe('MCP over Streamable HTTP (real SDK client)', () => {
  it('serves at /mcp on the port it bound', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/mcp`);
    expect(server.port).toBeGreaterThan(0);
  });

  it('lists the read-only tools', async () => {
    const { tools } = await (await connected(TOKEN_A)).listTools();
    expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['list_runs', 'get_run', 'get_trades', 'compare_runs']));
    for (const t of tools) expect(t.annotations?.readOnlyHint, t.name).toBe(true);
  });

  it('answers list_runs and get_run for the token\'s workspace', async () => {
    const client = await connected(TOKEN_A);
    const runs = await call(client, 'list_runs');
    expect(runs.isError ?? false).toBe(false);
    expect(runs.structuredContent).toMatchObject({ total: 2 });
    const run = await call(client, 'get_run', { run: 2 });
    expect(run.isError ?? false).toBe(false);
    expect(run.structuredContent).toMatchObject({ number: 2, mode: 'backtest', status: 'completed' });
  });

  it('keeps workspaces apart: B\'s token sees only B\'s run and cannot name A\'s run #2', async () => {
    const client = await connected(TOKEN_B);
    expect((await call(client, 'list_runs')).structuredContent).toMatchObject({ total: 1 });
    const other = await call(client, 'get_run', { run: 2 });
    expect(other.isError).toBe(true);
    expect(textOf(other)).toContain('Run #2 does not exist in this workspace');
  });
});

describe('bearer tokens', () => {
  it.each([
    ['no Authorization header', {}, 'Missing bearer token', 'Bearer realm="tradedesk"'],
    ['another scheme', { authorization: 'Basic dXNlcjpwYXNz' }, 'Missing bearer token', 'Bearer realm="tradedesk"'],
    ['a wrong token', { authorization: 'Bearer tdk_mcp_guess' }, 'Invalid bearer token', 'Bearer realm="tradedesk", error="invalid_token"'],
  ])('answers 401 with a JSON-RPC error and WWW-Authenticate for %s', async (_label, headers, message, challenge) => {
    const reply = await rawRequest(server.port, { headers: { host: `127.0.0.1:${server.port}`, ...headers } });
    expect(reply.status).toBe(401);
    expect(reply.headers['www-authenticate']).toBe(challenge);
    expect(reply.headers['content-type']).toBe('application/json');
    expect(JSON.parse(reply.body)).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32001 } });
    expect(errorMessage(reply)).toContain(message);
  });

  it('the SDK client cannot connect without a token or with a wrong one', async () => {
    await expect(httpClient(server.url)).rejects.toThrow(/401|Missing bearer token/);
    await expect(httpClient(server.url, 'tdk_mcp_guess')).rejects.toThrow(/401|Invalid bearer token/);
  });
});

describe('Host and Origin (DNS rebinding)', () => {
  it.each([
    ['a rebound Host', { host: 'evil.example' }, "Host header 'evil.example"],
    ['the right address on another port', { host: '127.0.0.1:1' }, 'Host header'],
    ['a foreign Origin', { origin: 'http://evil.example' }, "Origin 'http://evil.example' is not allowed"],
  ])('refuses %s with 403, even with a valid token', async (_label, headers, message) => {
    const reply = await rawRequest(server.port, { headers: { host: `127.0.0.1:${server.port}`, authorization: `Bearer ${TOKEN_A}`, ...headers } });
    expect(reply.status).toBe(403);
    expect(errorMessage(reply)).toContain(message);
  });

  it('refuses a foreign Host before asking for a token', async () => {
    const reply = await rawRequest(server.port, { headers: { host: 'evil.example' } });
    expect(reply.status).toBe(403);
  });

  it('accepts localhost as Host and an --allow-origin origin, with CORS headers for it', async () => {
    const reply = await rawRequest(server.port, {
      headers: { host: `localhost:${server.port}`, origin: 'http://localhost:6274', authorization: `Bearer ${TOKEN_A}` },
    });
    expect(reply.status).toBe(200);
    expect(reply.headers['access-control-allow-origin']).toBe('http://localhost:6274');
    expect(JSON.parse(reply.body)).toMatchObject({ result: { serverInfo: { name: 'tradedesk' } } });
  });

  it('answers a browser\'s CORS preflight from an allowed origin without a token', async () => {
    const reply = await rawRequest(server.port, {
      method: 'OPTIONS',
      headers: { host: `127.0.0.1:${server.port}`, origin: 'http://localhost:6274', 'access-control-request-method': 'POST' },
    });
    expect(reply.status).toBe(204);
    expect(reply.headers['access-control-allow-headers']).toContain('authorization');
  });
});

describe('other requests', () => {
  const host = () => `127.0.0.1:${server.port}`;
  it.each([
    ['another path', { path: '/other' }, 404, 'the MCP endpoint is /mcp'],
    ['GET (no server-initiated stream: stateless)', { method: 'GET' }, 405, 'stateless'],
    ['DELETE (no session to end)', { method: 'DELETE' }, 405, 'stateless'],
  ])('%s', async (_label, options, status, message) => {
    const reply = await rawRequest(server.port, { ...options, headers: { host: host(), authorization: `Bearer ${TOKEN_A}` } });
    expect(reply.status).toBe(status);
    expect(errorMessage(reply)).toContain(message);
  });

  it('answers 500 without details when the tokens cannot be checked, and logs why', async () => {
    const lines: string[] = [];
    const broken = await startMcpHttpServer({
      host: '127.0.0.1',
      port: 0,
      authenticate: async () => fail('db.read_failed', 'Could not read the MCP tokens: disk I/O error'),
      log: (line) => lines.push(line),
    });
    if (!broken.ok) throw new Error(broken.error.message);
    try {
      const reply = await rawRequest(broken.value.port, { headers: { host: `127.0.0.1:${broken.value.port}`, authorization: 'Bearer x' } });
      expect(reply.status).toBe(500);
      expect(errorMessage(reply)).toBe('The desk could not check the token; try again later');
      expect(lines).toContain('token check failed: Could not read the MCP tokens: disk I/O error');
    } finally {
      await broken.value.close();
    }
  });

  it('logs one line per request with method, path, status and workspace, never a token', async () => {
    const before = log.length;
    await rawRequest(server.port, { headers: { host: host(), authorization: `Bearer ${TOKEN_B}` } });
    await rawRequest(server.port, { headers: { host: host(), authorization: 'Bearer tdk_mcp_guess' } });
    await rawRequest(server.port, { headers: { host: 'evil.example' } });
    await expect.poll(() => log.length).toBe(before + 3);
    expect(log.slice(before)).toEqual(['POST /mcp 200 console:b', 'POST /mcp 401 -', 'POST /mcp 403 -']);
    expect(log.join('\n')).not.toMatch(/tdk_mcp_/);
  });
});

describe('listening', () => {
  it('fails with mcp.http.address_in_use when the port is taken', async () => {
    const second = await startMcpHttpServer({ host: '127.0.0.1', port: server.port, authenticate, log: () => {} });
    expect(second.ok ? null : second.error).toEqual({ code: 'mcp.http.address_in_use', message: `127.0.0.1:${server.port} is already in use (another process listens there); pick another port` });
  });

  it('stops accepting connections once closed', async () => {
    const extra = await startMcpHttpServer({ host: '127.0.0.1', port: 0, authenticate, log: () => {} });
    if (!extra.ok) throw new Error(extra.error.message);
    const client = await httpClient(extra.value.url, TOKEN_A);
    await extra.value.close();
    await expect(rawRequest(extra.value.port)).rejects.toThrow(/ECONNREFUSED/);
    await client.close();
  });
});

// `tradedesk mcp --http`: the read-only server over Streamable HTTP on a plain node:http server (no express). Stateless:
// every POST /mcp is authenticated on its own and gets a fresh McpServer for the workspace its bearer token names,
// so one server can serve several workspaces and a request can never reach another token's workspace.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { fail, ok, type Result } from '../core/domain/result.js';
import { LIMITS } from '../core/limits.js';
import type { AnyTool } from './define-tool.js';
import type { McpDeps } from './deps.js';
import { guardPolicy, hostAuthority, refusal, type HttpGuardPolicy } from './http-guard.js';
import { bearerToken, sendJsonRpcError } from './http-replies.js';
import { errorReply, INVALID_REQUEST, screenText, tooLarge, type JsonRpcErrorReply, type Screened } from './json-rpc-screen.js';
import { buildServer } from './server.js';

export const MCP_PATH = '/mcp';

/** What a valid token opens: the workspace's read deps, and a label for the request log. */
export interface McpHttpSession {
  readonly label: string;
  readonly deps: McpDeps;
}

/** null: no workspace has this token. A failure: the tokens could not be checked (the database is down). */
export type AuthenticateToken = (token: string) => Promise<Result<McpHttpSession | null>>;

export interface McpHttpOptions {
  /** An IPv4 literal, an IPv6 literal (no brackets) or `localhost`; port 0 picks a free port. */
  readonly host: string;
  readonly port: number;
  /** Extra accepted Host values (`name:port`), for a server reached by a name other than its address. */
  readonly allowHosts?: readonly string[];
  /** Extra accepted browser origins, normalised (`http://localhost:6274`). */
  readonly allowOrigins?: readonly string[];
  readonly authenticate: AuthenticateToken;
  /** One line per request (method, path, status, workspace); never the token. */
  readonly log: (line: string) => void;
  readonly tools?: readonly AnyTool[];
}

export interface McpHttpServer {
  /** `http://host:port/mcp` with the port actually bound. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const CORS_HEADERS = 'authorization, content-type, mcp-protocol-version, mcp-session-id, last-event-id';

export async function startMcpHttpServer(options: McpHttpOptions): Promise<Result<McpHttpServer>> {
  let policy: HttpGuardPolicy | undefined;
  const http = createServer((req, res) => {
    // The policy is set once listening, before any request can arrive.
    void handle(req, res, policy!, options);
  });
  const listening = await new Promise<Result<number>>((resolve) => {
    http.once('error', (error: NodeJS.ErrnoException) => resolve(listenFailure(error, hostAuthority(options.host, options.port))));
    http.listen({ host: options.host, port: options.port, exclusive: true }, () => {
      const address = http.address();
      resolve(typeof address === 'object' && address !== null ? ok(address.port) : fail('mcp.http.listen_failed', 'the server has no address'));
    });
  });
  if (!listening.ok) return listening;
  const port = listening.value;
  policy = guardPolicy({ host: options.host, port }, options.allowHosts ?? [], options.allowOrigins ?? []);
  return ok({
    url: `http://${hostAuthority(options.host, port)}${MCP_PATH}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  });
}

async function handle(req: IncomingMessage, res: ServerResponse, policy: HttpGuardPolicy, options: McpHttpOptions): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://placeholder').pathname;
  let label = '-';
  res.once('close', () => options.log(`${req.method ?? '?'} ${path} ${res.statusCode} ${label}`));
  try {
    const refused = refusal({ host: req.headers.host, origin: req.headers.origin }, policy);
    if (refused !== null) return sendJsonRpcError(res, 403, refused);
    if (req.headers.origin !== undefined) {
      res.setHeader('access-control-allow-origin', req.headers.origin);
      res.setHeader('vary', 'Origin');
    }
    if (path !== MCP_PATH) return sendJsonRpcError(res, 404, `Not found: the MCP endpoint is ${MCP_PATH}`);
    if (req.method === 'OPTIONS') {
      // A browser's CORS preflight carries no credentials; the real request that follows does.
      res.writeHead(204, { 'access-control-allow-methods': 'POST', 'access-control-allow-headers': CORS_HEADERS, 'access-control-max-age': '600' }).end();
      return;
    }
    const token = bearerToken(req.headers.authorization);
    if (token === null) {
      return sendJsonRpcError(res, 401, 'Missing bearer token: send Authorization: Bearer <token> (tradedesk mcp token --workspace <platform>:<id> creates one)', {
        'www-authenticate': 'Bearer realm="tradedesk"',
      });
    }
    const session = await options.authenticate(token);
    if (!session.ok) {
      options.log(`token check failed: ${session.error.message}`);
      return sendJsonRpcError(res, 500, 'The desk could not check the token; try again later');
    }
    if (session.value === null) {
      return sendJsonRpcError(res, 401, 'Invalid bearer token', { 'www-authenticate': 'Bearer realm="tradedesk", error="invalid_token"' });
    }
    label = session.value.label;
    // Stateless: there is no session to stream server-initiated messages on (GET) or to end (DELETE).
    if (req.method !== 'POST') return sendJsonRpcError(res, 405, 'Method not allowed: this server is stateless; POST JSON-RPC to /mcp', { allow: 'POST, OPTIONS' });
    await serveOne(req, res, session.value.deps, options.tools);
  } catch (error) {
    options.log(`error: ${error instanceof Error ? error.message : String(error)}`);
    if (!res.headersSent) sendJsonRpcError(res, 500, 'Internal error', {}, -32603);
    else res.end();
  }
}

async function serveOne(req: IncomingMessage, res: ServerResponse, deps: McpDeps, tools: readonly AnyTool[] | undefined): Promise<void> {
  let body: unknown;
  // A JSON body is read and screened here (json-rpc-screen.ts), so a malformed message gets a JSON-RPC error with its
  // id rather than the SDK's id-less "Parse error"; anything else goes to the SDK as it came (it answers 415).
  if (isJson(req.headers['content-type'])) {
    const text = await readBody(req, LIMITS.mcpMessageBytes);
    if (text === null) return sendReply(res, 413, tooLarge());
    const { batch, items } = screenText(text, true);
    const refused = refusals(items);
    if (refused.length > 0) return sendReply(res, 400, batch ? refused : refused[0]!);
    const messages = items.flatMap((s) => (s.kind === 'pass' ? [s.message] : []));
    // Only malformed client responses (dropped): nothing to run, nobody to answer.
    if (messages.length === 0) return void res.writeHead(202).end();
    body = batch ? messages : messages[0];
  }
  const server = tools === undefined ? buildServer(deps) : buildServer(deps, tools);
  // No sessionIdGenerator: stateless mode. JSON responses: every tool answers in one reply, nothing to stream.
  const transport = new StreamableHTTPServerTransport({ enableJsonResponse: true });
  res.once('close', () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res, body);
}

const isJson = (contentType: string | undefined): boolean => /^application\/json\s*(;|$)/i.test(contentType ?? '');

/**
 * The body as text, or null when it is larger than `maxBytes`: the rest is then discarded unread (not buffered), and
 * the refusal closes the connection.
 */
function readBody(req: IncomingMessage, maxBytes: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length']) > maxBytes) {
      req.resume();
      return resolve(null);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      req.off('data', onData);
      req.resume();
      resolve(null);
    };
    req.on('data', onData);
    req.once('end', () => resolve(size > maxBytes ? null : Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
}

/**
 * The error answers when any message is malformed: every malformed one gets its own error, and a well formed request
 * in the same batch is not run but answered too, so every id gets an answer. Empty when all are well formed.
 */
function refusals(items: readonly Screened[]): JsonRpcErrorReply[] {
  if (items.every((s) => s.kind !== 'answer')) return [];
  return items.flatMap((s): JsonRpcErrorReply[] => {
    if (s.kind === 'answer') return [s.reply];
    if (s.kind === 'pass' && 'id' in s.message && 'method' in s.message) {
      return [errorReply(s.message.id, INVALID_REQUEST, 'Invalid Request: not run, because another message in this batch is malformed')];
    }
    return [];
  });
}

function sendReply(res: ServerResponse, status: number, reply: JsonRpcErrorReply | readonly JsonRpcErrorReply[]): void {
  res.writeHead(status, { 'content-type': 'application/json', ...(status === 413 ? { connection: 'close' } : {}) });
  res.end(JSON.stringify(reply));
}

function listenFailure(error: NodeJS.ErrnoException, authority: string): Result<never> {
  switch (error.code) {
    case 'EADDRINUSE':
      return fail('mcp.http.address_in_use', `${authority} is already in use (another process listens there); pick another port`);
    case 'EADDRNOTAVAIL':
      return fail('mcp.http.address_unavailable', `${authority} is not an address of this machine`);
    case 'EACCES':
      return fail('mcp.http.permission_denied', `not allowed to listen on ${authority} (ports below 1024 need privileges)`);
    default:
      return fail('mcp.http.listen_failed', `cannot listen on ${authority}: ${error.message}`);
  }
}

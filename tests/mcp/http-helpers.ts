// Talking to the Streamable HTTP server: the real SDK client with a bearer token, and raw node:http requests for what
// a client would never send (a forged Host, a foreign Origin, no token).
import { request } from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

/** An SDK client connected to `url`, sending `Authorization: Bearer <token>` when a token is given. */
export async function httpClient(url: string, token?: string, headers: Readonly<Record<string, string>> = {}): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), ...headers } },
  });
  const client = new Client({ name: 'tradedesk-http-test', version: '0' });
  await client.connect(transport);
  return client;
}

export interface RawReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

export const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
});

/** One HTTP request to 127.0.0.1:`port` with exactly these headers (Host included, if given). */
export function rawRequest(
  port: number,
  options: { readonly method?: string; readonly path?: string; readonly headers?: Readonly<Record<string, string>>; readonly body?: string } = {},
): Promise<RawReply> {
  const method = options.method ?? 'POST';
  const body = options.body ?? (method === 'POST' ? INITIALIZE : undefined);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: options.path ?? '/mcp',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...options.headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The JSON-RPC error message of a refusal body. */
export function errorMessage(reply: RawReply): string {
  const parsed: unknown = JSON.parse(reply.body);
  if (typeof parsed === 'object' && parsed !== null && 'error' in parsed) {
    const error = parsed.error;
    if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') return error.message;
  }
  throw new Error(`not a JSON-RPC error: ${reply.body}`);
}

// The HTTP transport's own replies (refusals before a request reaches the MCP SDK), shaped like the SDK's: a JSON-RPC
// error with a null id, so a client shows the message instead of failing to parse the body.
import type { ServerResponse } from 'node:http';

/** -32001 for auth and access refusals (as the SDK uses -32000..-32099 for transport errors). */
const SERVER_ERROR = -32001;

export function sendJsonRpcError(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Readonly<Record<string, string>> = {},
  code: number = SERVER_ERROR,
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}

/** The token of an `Authorization: Bearer <token>` header, or null when there is none or it is another scheme. */
export function bearerToken(header: string | undefined): string | null {
  const m = /^Bearer[ \t]+([A-Za-z0-9._~+/=-]+)[ \t]*$/i.exec(header ?? '');
  return m === null ? null : m[1]!;
}

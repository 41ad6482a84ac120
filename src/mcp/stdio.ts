import type { Readable, Writable } from 'node:stream';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { LIMITS } from '../core/limits.js';
import { screenText, tooLarge, type JsonRpcErrorReply } from './json-rpc-screen.js';

/**
 * Serves `server` over stdio (Claude Desktop and any MCP client that spawns `tradedesk mcp`): JSON-RPC on the
 * streams and nothing else. Resolves when the client closes its end.
 */
export async function serveStdio(server: McpServer, stdin: Readable, stdout: Writable): Promise<void> {
  const transport = createScreenedStdioTransport(stdin, stdout);
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    stdin.once('end', () => resolve());
    stdin.once('close', () => resolve());
  });
  await server.connect(transport);
  await closed;
  await server.close();
}

const NEWLINE = 0x0a;

/**
 * Newline-delimited JSON-RPC on stdin/stdout, like the SDK's StdioServerTransport, except that every line is screened
 * first (json-rpc-screen.ts): a malformed message is answered with a JSON-RPC error instead of dropped, and a line
 * over LIMITS.mcpMessageBytes is answered and skipped instead of buffered (the SDK's transport closes on 10 MB).
 */
export function createScreenedStdioTransport(stdin: Readable, stdout: Writable, maxBytes: number = LIMITS.mcpMessageBytes): Transport {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let skipping = false; // inside a line already answered as too large

  const write = (message: JSONRPCMessage | JsonRpcErrorReply): Promise<void> =>
    new Promise((resolve) => {
      if (stdout.write(`${JSON.stringify(message)}\n`)) resolve();
      else stdout.once('drain', resolve);
    });

  const line = (bytes: Buffer): void => {
    const text = bytes.toString('utf8').replace(/\r$/, '');
    if (text.trim() === '') return;
    for (const screened of screenText(text, false).items) {
      if (screened.kind === 'pass') transport.onmessage?.(screened.message);
      else if (screened.kind === 'answer') void write(screened.reply);
    }
  };

  const onData = (chunk: Buffer | string): void => {
    let data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    for (let nl = data.indexOf(NEWLINE); nl >= 0; nl = data.indexOf(NEWLINE)) {
      const head = data.subarray(0, nl);
      data = data.subarray(nl + 1);
      if (skipping) {
        skipping = false;
      } else if (pendingBytes + head.length > maxBytes) {
        void write(tooLarge(maxBytes));
      } else {
        line(pending.length === 0 ? head : Buffer.concat([...pending, head]));
      }
      pending = [];
      pendingBytes = 0;
    }
    if (skipping || data.length === 0) return;
    if (pendingBytes + data.length > maxBytes) {
      void write(tooLarge(maxBytes));
      pending = [];
      pendingBytes = 0;
      skipping = true;
      return;
    }
    pending.push(data);
    pendingBytes += data.length;
  };
  const onError = (error: Error): void => transport.onerror?.(error);

  const transport: Transport = {
    async start() {
      stdin.on('data', onData);
      stdin.on('error', onError);
    },
    send: (message) => write(message),
    async close() {
      stdin.off('data', onData);
      stdin.off('error', onError);
      if (stdin.listenerCount('data') === 0) stdin.pause();
      pending = [];
      transport.onclose?.();
    },
  };
  return transport;
}

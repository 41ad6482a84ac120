// Every request with an id gets a JSON-RPC answer echoing that id, over stdio and over HTTP alike, however malformed
// it is: the SDK alone drops such messages without a word and the client waits forever.
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok } from '../../src/core/domain/result.js';
import { LIMITS } from '../../src/core/limits.js';
import { mcpDepsFrom } from '../../src/mcp/deps.js';
import { startMcpHttpServer, type McpHttpServer } from '../../src/mcp/http-server.js';
import { buildServer } from '../../src/mcp/server.js';
import { serveStdio } from '../../src/mcp/stdio.js';
import { FAKE_NOW, fakeDesk } from '../helpers/fake-desk.js';
import { rawRequest } from './http-helpers.js';
import { WS_A } from './mcp-harness.js';

const TOKEN = 'tdk_mcp_malformed';
const desk = fakeDesk();
const deps = mcpDepsFrom(desk.deps, WS_A, () => FAKE_NOW);

/** [what, the message as sent, the answer's code, the id it must echo]. */
const MALFORMED: readonly (readonly [string, string, number, string | number | null])[] = [
  ['"jsonrpc":"1.0"', '{"jsonrpc":"1.0","id":7,"method":"tools/list"}', -32600, 7],
  ['no jsonrpc at all', '{"id":"s7","method":"tools/list"}', -32600, 's7'],
  ['a missing method', '{"jsonrpc":"2.0","id":8}', -32600, 8],
  ['a numeric method', '{"jsonrpc":"2.0","id":9,"method":42}', -32600, 9],
  ['string params', '{"jsonrpc":"2.0","id":10,"method":"tools/list","params":"all"}', -32600, 10],
  ['positional params', '{"jsonrpc":"2.0","id":11,"method":"tools/call","params":[1,2]}', -32602, 11],
  ['a tool name that is a number', '{"jsonrpc":"2.0","id":12,"method":"tools/call","params":{"name":5}}', -32602, 12],
  ['a fractional id', '{"jsonrpc":"2.0","id":14.5,"method":"ping"}', -32600, 14.5],
  ['an unknown method', '{"jsonrpc":"2.0","id":"s13","method":"no/such"}', -32601, 's13'],
  ['an object id', '{"jsonrpc":"2.0","id":{"a":1},"method":"ping"}', -32600, null],
  ['a string message', '"ping"', -32600, null],
  ['text that is not JSON', 'ping me', -32700, null],
];

interface Answer {
  readonly id: unknown;
  readonly error?: { readonly code: number; readonly message: string };
  readonly result?: unknown;
}
const parseAnswer = (text: string): Answer => JSON.parse(text) as Answer;

describe('malformed JSON-RPC over stdio', () => {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const lines: string[] = [];
  let buffered = '';
  let serving: Promise<void>;
  stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
      lines.push(buffered.slice(0, nl));
      buffered = buffered.slice(nl + 1);
    }
  });
  /** Sends one line and waits for the next answer. */
  const exchange = async (line: string | Buffer): Promise<Answer> => {
    const before = lines.length;
    stdin.write(line);
    stdin.write('\n');
    for (let i = 0; i < 500 && lines.length === before; i++) await new Promise((r) => setTimeout(r, 10));
    expect(lines.length, `no answer to ${String(line).slice(0, 80)}`).toBe(before + 1);
    return parseAnswer(lines.at(-1)!);
  };

  beforeAll(() => {
    serving = serveStdio(buildServer(deps), stdin, stdout);
  });
  afterAll(async () => {
    stdin.end();
    await serving;
  });

  it.each(MALFORMED)('answers %s with a JSON-RPC error echoing the id', async (_what, message, code, id) => {
    const answer = await exchange(message);
    expect(answer).toMatchObject({ jsonrpc: '2.0', id, error: { code } });
    expect(answer.error!.message).not.toContain('\n');
  });

  it('answers a batch on stdio, and a line over the size limit, and keeps serving', async () => {
    expect((await exchange('[{"jsonrpc":"2.0","id":1,"method":"ping"}]')).error?.message).toContain('one JSON-RPC message per line');
    const huge = await exchange(`{"jsonrpc":"2.0","id":3,"method":"ping","params":{"x":"${'x'.repeat(LIMITS.mcpMessageBytes)}"}}`);
    expect(huge).toMatchObject({ id: null, error: { code: -32600, message: 'Invalid Request: the message is larger than the limit of 1,048,576 bytes' } });
    expect(await exchange('{"jsonrpc":"2.0","id":99,"method":"ping"}')).toMatchObject({ id: 99, result: {} });
  });

  it('answers invalid tool arguments in one readable line', async () => {
    const answer = await exchange('{"jsonrpc":"2.0","id":20,"method":"tools/call","params":{"name":"get_bars","arguments":{"symbol":5}}}');
    expect(answer).toMatchObject({ id: 20, result: { isError: true, content: [{ type: 'text', text: "get_bars: argument 'symbol': expected a string, got 5" }] } });
  });
});

describe('malformed JSON-RPC over HTTP', () => {
  let server: McpHttpServer;
  const post = (body: string) => rawRequest(server.port, { body, headers: { host: `127.0.0.1:${server.port}`, authorization: `Bearer ${TOKEN}` } });

  beforeAll(async () => {
    const started = await startMcpHttpServer({ host: '127.0.0.1', port: 0, authenticate: async (t) => ok(t === TOKEN ? { label: 'console:a', deps } : null), log: () => {} });
    if (!started.ok) throw new Error(started.error.message);
    server = started.value;
  });
  afterAll(async () => server?.close());

  it.each(MALFORMED)('answers %s with a JSON-RPC error echoing the id', async (_what, message, code, id) => {
    const reply = await post(message);
    expect(parseAnswer(reply.body)).toMatchObject({ jsonrpc: '2.0', id, error: { code } });
  });

  it('answers every id of a batch holding a malformed message, running none of it', async () => {
    const reply = await post('[{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"1.0","id":2,"method":"ping"}]');
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body)).toMatchObject([
      { id: 1, error: { code: -32600, message: 'Invalid Request: not run, because another message in this batch is malformed' } },
      { id: 2, error: { code: -32600 } },
    ]);
  });

  it('refuses a body over the size limit without reading it all, and keeps serving', async () => {
    const reply = await post(`{"jsonrpc":"2.0","id":3,"method":"ping","params":{"x":"${'x'.repeat(LIMITS.mcpMessageBytes)}"}}`);
    expect(reply.status).toBe(413);
    expect(parseAnswer(reply.body)).toMatchObject({ id: null, error: { code: -32600, message: 'Invalid Request: the message is larger than the limit of 1,048,576 bytes' } });
    expect(parseAnswer((await post('{"jsonrpc":"2.0","id":4,"method":"ping"}')).body)).toMatchObject({ id: 4, result: {} });
  });

  it('answers invalid tool arguments in one readable line', async () => {
    const reply = await post('{"jsonrpc":"2.0","id":21,"method":"tools/call","params":{"name":"get_bars","arguments":{"symbol":"SIM-A","max_bars":9000,"bogus":1}}}');
    expect(parseAnswer(reply.body)).toMatchObject({ id: 21, result: { isError: true } });
    expect(reply.body).toContain("get_bars: argument 'max_bars': expected a number <= 5000, got 9000 (and 1 more problem)");
  });
});

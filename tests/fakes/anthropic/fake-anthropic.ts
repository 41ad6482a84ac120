// A fake Anthropic Messages API on 127.0.0.1 for driving the real @anthropic-ai/sdk in tests (shared notes,
// offline-harness.md section 3). It answers POST /v1/messages from a script, one step per request, and records
// every request (headers and JSON body) so tests can check what the SDK sent.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  /** The parsed JSON body. */
  readonly body: MessagesRequest;
}

/** The parts of a Messages request the tests look at. */
export interface MessagesRequest {
  readonly model: string;
  readonly max_tokens: number;
  readonly system?: string;
  readonly tools?: readonly { name: string; description?: string; input_schema: { type: string; properties?: Record<string, unknown> } }[];
  readonly tool_choice?: { type: string };
  readonly messages: readonly { role: 'user' | 'assistant'; content: string | readonly ContentBlock[] }[];
}

export interface ContentBlock {
  readonly type: string;
  readonly text?: string;
  readonly id?: string;
  readonly name?: string;
  readonly input?: unknown;
  readonly tool_use_id?: string;
  readonly content?: string | readonly { type: string; text: string }[];
  readonly is_error?: boolean;
}

/** One scripted answer: a status, a JSON body and extra headers. */
export interface Step {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

export interface FakeAnthropic {
  readonly baseURL: string;
  readonly requests: readonly RecordedRequest[];
  close(): Promise<void>;
}

const usage = { input_tokens: 100, output_tokens: 20, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
let nextId = 1;

/** Claude asks for tools (one tool_use block per call), optionally after some text. */
export function toolUse(calls: readonly { name: string; input: Record<string, unknown>; id?: string }[], text?: string): Step {
  const blocks = calls.map((c) => ({ type: 'tool_use', id: c.id ?? `toolu_${nextId++}`, name: c.name, input: c.input }));
  return message([...(text === undefined ? [] : [{ type: 'text', text }]), ...blocks], 'tool_use');
}

/** Claude's final answer. */
export function endTurn(text: string): Step {
  return message([{ type: 'text', text }], 'end_turn');
}

/** An API error with the body shape the real API uses. */
export function apiError(status: number, type: string, messageText: string, headers?: Record<string, string>): Step {
  return { status, body: { type: 'error', error: { type, message: messageText } }, ...(headers === undefined ? {} : { headers }) };
}

function message(content: readonly unknown[], stopReason: string): Step {
  return {
    status: 200,
    body: { id: `msg_fake_${nextId++}`, type: 'message', role: 'assistant', model: 'claude-sonnet-4-6', content, stop_reason: stopReason, stop_sequence: null, usage },
  };
}

/** Serves `script` in order; a request past its end gets a 500 so a runaway loop fails loudly. */
export async function startFakeAnthropic(script: readonly Step[]): Promise<FakeAnthropic> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const body = (raw === '' ? {} : JSON.parse(raw)) as MessagesRequest;
      const path = (req.url ?? '').split('?')[0] ?? '';
      requests.push({ method: req.method ?? '', path, headers: req.headers, body });
      const step: Step = path === '/v1/messages' && req.method === 'POST'
        ? script[requests.length - 1] ?? apiError(500, 'api_error', 'the fake has no more scripted answers')
        : apiError(404, 'not_found_error', `no route ${req.method} ${path}`);
      res.writeHead(step.status, { 'content-type': 'application/json', 'request-id': `req_fake_${requests.length}`, ...step.headers });
      res.end(JSON.stringify(step.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** Every tool_result block the SDK sent, in order. */
export function toolResults(requests: readonly RecordedRequest[]): ContentBlock[] {
  const last = requests.at(-1);
  if (last === undefined) return [];
  return last.body.messages.flatMap((m) => (typeof m.content === 'string' ? [] : m.content.filter((b) => b.type === 'tool_result')));
}

/** A tool_result's text, whether sent as a string or as text blocks. */
export function resultText(block: ContentBlock): string {
  const c = block.content;
  return c === undefined ? '' : typeof c === 'string' ? c : c.map((x) => x.text).join('\n');
}

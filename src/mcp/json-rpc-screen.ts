// Every message a client sends is screened here before the SDK sees it, on stdio and over HTTP alike. The SDK drops
// what it cannot parse without a word (`"jsonrpc":"1.0"`, a numeric or missing method, string params), so a client
// waits forever; here each gets a JSON-RPC error answer echoing its id (JSON-RPC 2.0: -32700 parse error, -32600
// invalid request, -32602 invalid params; unknown methods are left to the SDK's -32601).
import {
  CallToolRequestSchema,
  InitializeRequestSchema,
  JSONRPCMessageSchema,
  ListToolsRequestSchema,
  PingRequestSchema,
  type JSONRPCMessage,
} from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import { quoteInput } from '../core/domain/quote-input.js';
import { LIMITS, showLimit } from '../core/limits.js';
import { readableError } from './readable-issue.js';

export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;
export const INVALID_PARAMS = -32602;

export type JsonRpcId = string | number | null;

export interface JsonRpcErrorReply {
  readonly jsonrpc: '2.0';
  readonly id: JsonRpcId;
  readonly error: { readonly code: number; readonly message: string };
}

export type Screened =
  /** Well formed: hand it to the SDK. */
  | { readonly kind: 'pass'; readonly message: JSONRPCMessage }
  /** Malformed: answer this instead. */
  | { readonly kind: 'answer'; readonly reply: JsonRpcErrorReply }
  /** A malformed response from the client: there is nobody to answer, so it is dropped. */
  | { readonly kind: 'drop' };

export const errorReply = (id: JsonRpcId, code: number, message: string): JsonRpcErrorReply => ({ jsonrpc: '2.0', id, error: { code, message } });

export const tooLarge = (maxBytes: number = LIMITS.mcpMessageBytes): JsonRpcErrorReply =>
  errorReply(null, INVALID_REQUEST, `Invalid Request: the message is larger than the limit of ${showLimit(maxBytes)} bytes`);

/** The methods this server answers, with the SDK schema their params must meet. Others get the SDK's -32601. */
const SERVED: ReadonlyMap<string, z.ZodType> = new Map<string, z.ZodType>([
  ['initialize', InitializeRequestSchema],
  ['ping', PingRequestSchema],
  ['tools/list', ListToolsRequestSchema],
  ['tools/call', CallToolRequestSchema],
]);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSON text as a client sent it: one message, or (`batches`, HTTP only) an array of them. */
export function screenText(text: string, batches: boolean): { readonly batch: boolean; readonly items: readonly Screened[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { batch: false, items: [answer(null, PARSE_ERROR, 'Parse error: the message is not valid JSON')] };
  }
  if (!Array.isArray(raw)) return { batch: false, items: [screenMessage(raw)] };
  if (!batches) return { batch: false, items: [answer(null, INVALID_REQUEST, 'Invalid Request: send one JSON-RPC message per line (batches are not supported on stdio)')] };
  if (raw.length === 0) return { batch: false, items: [answer(null, INVALID_REQUEST, 'Invalid Request: an empty batch')] };
  return { batch: true, items: raw.map(screenMessage) };
}

/** One parsed JSON value. */
export function screenMessage(raw: unknown): Screened {
  if (!isObject(raw)) return answer(null, INVALID_REQUEST, `Invalid Request: expected a JSON-RPC object, got ${quoteInput(raw)}`);
  const given = raw['id'];
  const hasId = Object.hasOwn(raw, 'id');
  if (hasId && typeof given !== 'string' && !(typeof given === 'number' && Number.isFinite(given))) {
    return answer(null, INVALID_REQUEST, `Invalid Request: "id" must be a string or a number, got ${quoteInput(given)}`);
  }
  const id: JsonRpcId = hasId && (typeof given === 'string' || typeof given === 'number') ? given : null;
  if (raw['jsonrpc'] !== '2.0') return answer(id, INVALID_REQUEST, `Invalid Request: "jsonrpc" must be "2.0", got ${quoteInput(raw['jsonrpc'])}`);
  if (!Object.hasOwn(raw, 'method')) {
    if (Object.hasOwn(raw, 'result') || Object.hasOwn(raw, 'error')) return pass(raw) ?? { kind: 'drop' };
    return answer(id, INVALID_REQUEST, 'Invalid Request: "method" is missing');
  }
  const method = raw['method'];
  if (typeof method !== 'string') return answer(id, INVALID_REQUEST, `Invalid Request: "method" must be a string, got ${quoteInput(method)}`);
  const params = raw['params'];
  if (Array.isArray(params)) return answer(id, INVALID_PARAMS, `Invalid params: ${quoteInput(method, 64)} takes named params (an object), not a list`);
  if (params !== undefined && !isObject(params)) return answer(id, INVALID_REQUEST, `Invalid Request: "params" must be an object, got ${quoteInput(params)}`);
  if (typeof given === 'number' && !Number.isSafeInteger(given)) return answer(id, INVALID_REQUEST, `Invalid Request: a numeric "id" must be an integer, got ${given}`);
  const schema = hasId ? SERVED.get(method) : undefined;
  if (schema !== undefined) {
    const checked = schema.safeParse({ method, ...(params === undefined ? {} : { params }) });
    if (!checked.success) return answer(id, INVALID_PARAMS, `Invalid params for ${method}: ${readableError(checked.error, { params }, 'field', ['params'])}`);
  }
  return pass(raw) ?? answer(id, INVALID_REQUEST, 'Invalid Request: not a JSON-RPC 2.0 request or notification');
}

function pass(raw: Record<string, unknown>): Screened | null {
  const message = JSONRPCMessageSchema.safeParse(raw);
  return message.success ? { kind: 'pass', message: message.data } : null;
}

const answer = (id: JsonRpcId, code: number, message: string): Screened => ({ kind: 'answer', reply: errorReply(id, code, message) });

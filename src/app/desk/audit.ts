import type { AnyCommand, CommandContext } from '../chat/command.js';
import type { DeskDeps } from './desk-deps.js';
import type { Reply } from '../chat/reply.js';

const MAX_MESSAGE = 500;

/**
 * Wraps every command that is not for viewers (and a viewer command when its options change state) so that, after it ran, the workspace's audit log records who ran it,
 * where, when, with which options and how it ended. Refused commands never reach `run`, so they are not recorded.
 * Recording is best effort: a failure to record never changes the reply, nor hides a command's own throw.
 */
export function withAudit(registry: readonly AnyCommand<DeskDeps>[]): AnyCommand<DeskDeps>[] {
  return registry.map((command) => (command.role === 'viewer' && command.changesState === undefined ? command : audited(command)));
}

function audited(command: AnyCommand<DeskDeps>): AnyCommand<DeskDeps> {
  return {
    ...command,
    async run(ctx, options) {
      let reply: Reply;
      try {
        reply = await command.run(ctx, options);
        if (command.role === 'viewer' && command.changesState?.(options) !== true) return reply;
      } catch (err) {
        await record(ctx, command.name, options, 'error', err instanceof Error ? err.message : String(err));
        throw err;
      }
      // An error reply changed nothing (every command refuses before it changes anything), so only what went through
      // is recorded; a throw may have stopped half-way, so it is recorded as an error. Recording refusals too would
      // put a synchronous SQLite write on every mistyped command. A question asked before acting (the stop
      // confirmation) changed nothing either: the answer to it is what gets recorded.
      if (reply.kind === 'ok' && reply.changedNothing !== true) await record(ctx, command.name, options, 'ok', undefined, resultOf(reply));
      return reply;
    },
  };
}

/** What a command did, as its reply's title (else its first line) says it: `Run #2 stopped`, `Rule r3 added`. */
function resultOf(reply: Reply): string | undefined {
  const line = reply.title ?? reply.text?.split('\n', 1)[0];
  return line === undefined || line.trim() === '' ? undefined : clipped(line.trim());
}

const clipped = (text: string): string => (text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 1)}…` : text);

async function record(ctx: CommandContext<DeskDeps>, command: string, options: object, outcome: 'ok' | 'error', message: string | undefined,
  result?: string): Promise<void> {
  try {
    await ctx.deps.settings.recordCommand(ctx.workspace, {
      actor: ctx.actor,
      channelId: ctx.channelId,
      command,
      options: jsonSafeOptions(options),
      outcome,
      ...(message === undefined ? {} : { message: clipped(message) }),
      ...(result === undefined ? {} : { result }),
    });
  } catch {
    // Best effort by design (see withAudit); the store's own failures are results, so this is a bug elsewhere.
  }
}

/** Parsed options as plain JSON (see `jsonSafe`), options left unset dropped. */
export function jsonSafeOptions(options: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options)) {
    const safe = jsonSafe(v);
    if (safe !== undefined) out[k] = safe;
  }
  return out;
}

/**
 * A value as plain JSON: non-finite numbers, bigints and symbols as strings, Dates as ISO text, bytes as a count,
 * Maps and Sets as objects and arrays, undefined and functions dropped (null inside arrays), cycles cut.
 */
export function jsonSafe(value: unknown, seen: ReadonlySet<object> = new Set()): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint' || typeof value === 'symbol') return value.toString();
  if (typeof value !== 'object') return undefined;
  if (seen.has(value)) return '[circular]';
  const inner = new Set(seen).add(value);
  if (value instanceof Date) return Number.isFinite(value.getTime()) ? value.toISOString() : 'Invalid Date';
  if (ArrayBuffer.isView(value)) return `<${value.byteLength} bytes>`;
  if (Array.isArray(value)) return value.map((v: unknown) => jsonSafe(v, inner) ?? null);
  const entries = value instanceof Map ? [...value.entries()].map(([k, v]): [string, unknown] => [String(k), v]) : Object.entries(value);
  if (value instanceof Set) return [...value].map((v: unknown) => jsonSafe(v, inner) ?? null);
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) {
    const safe = jsonSafe(v, inner);
    if (safe !== undefined) out[k] = safe;
  }
  return out;
}

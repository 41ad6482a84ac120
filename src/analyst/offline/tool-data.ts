// The offline analyst reads the same MCP answers Claude gets: the tool's summary and its structuredContent, parsed
// with the tool's own output schema, so an answer never quotes a number the tool did not give.
import { z } from 'zod';
import { fail, ok, type Result } from '../../core/domain/result.js';
import type { McpSession } from '../mcp-session.js';

export interface ToolData<T> {
  readonly summary: string;
  readonly data: T;
}

/** Calls `name` and reads its structured answer; a tool error comes back as `tool.error` with the tool's own text. */
export async function callForData<T>(session: McpSession, name: string, input: Record<string, unknown>, schema: z.ZodType<T>): Promise<Result<ToolData<T>>> {
  const outcome = await session.call(name, input);
  if (outcome.isError) return fail('tool.error', outcome.summary, { tool: name });
  const parsed = schema.safeParse(outcome.data);
  return parsed.success ? ok({ summary: outcome.summary, data: parsed.data }) : fail('analyst.unreadable', `The ${name} answer is in a shape this offline analyst cannot read.`, { tool: name });
}

/** Calls `name` for its text summary only. */
export async function callForSummary(session: McpSession, name: string, input: Record<string, unknown>): Promise<Result<string>> {
  const outcome = await session.call(name, input);
  return outcome.isError ? fail('tool.error', outcome.summary, { tool: name }) : ok(outcome.summary);
}

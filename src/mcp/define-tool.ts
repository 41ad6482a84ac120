// One MCP tool = one file built with defineTool: schemas, annotations and a `run` that returns a Result. The
// server turns ok into text + structuredContent and a failure into an isError result of one clear line.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { CallToolRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { quoteInput } from '../core/domain/quote-input.js';
import { fail, ok, type Result } from '../core/domain/result.js';
import type { McpDeps } from './deps.js';
import { readableError } from './readable-issue.js';

/** What a tool answers: a short human summary and the data its output schema describes. */
export interface ToolAnswer<Out> {
  readonly text: string;
  readonly data: Out;
}

export interface ToolDef<In extends z.ZodRawShape, Out extends z.ZodRawShape> {
  /** snake_case, e.g. `get_trades`. */
  readonly name: string;
  readonly title: string;
  readonly description: string;
  /** Every field carries a `.describe()` (tests check it). */
  readonly input: In;
  readonly output: Out;
  /** Method syntax on purpose: the registry holds tools of different shapes. */
  run(deps: McpDeps, input: z.infer<z.ZodObject<In>>): Promise<Result<ToolAnswer<z.infer<z.ZodObject<Out>>>>>;
}

export type AnyTool = ToolDef<z.ZodRawShape, z.ZodRawShape>;

/** Keeps a tool's types while the registry holds tools of different shapes. */
export function defineTool<In extends z.ZodRawShape, Out extends z.ZodRawShape>(def: ToolDef<In, Out>): ToolDef<In, Out> {
  return def;
}

/** Every tool reads; none is open-world (all answers come from this desk's own data). */
export const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false } as const;

export function registerTool(server: McpServer, deps: McpDeps, tool: AnyTool): void {
  server.registerTool(tool.name, {
    title: tool.title,
    description: tool.description,
    inputSchema: z.object(tool.input),
    outputSchema: z.object(tool.output),
    annotations: { title: tool.title, ...READ_ONLY },
  }, (args) => answer(deps, tool, args));
}

const toolError = (text: string): CallToolResult => ({ isError: true, content: [{ type: 'text', text }] });

/**
 * The tools' arguments, strictly (an unknown argument is most likely a misspelt one) and refused in one readable
 * line: `get_bars: argument 'max_bars': expected a number <= 5000, got 9000`.
 */
export function parseToolArguments(tool: AnyTool, args: unknown): Result<Record<string, unknown>> {
  const parsed = z.strictObject(tool.input).safeParse(args ?? {});
  if (parsed.success) return ok(parsed.data);
  return fail('input.invalid', `${tool.name}: ${readableError(parsed.error, args, 'argument', Object.keys(tool.input))}`);
}

async function answer(deps: McpDeps, tool: AnyTool, args: Record<string, unknown>): Promise<CallToolResult> {
  const result = await tool.run(deps, args);
  if (!result.ok) return toolError(result.error.message);
  return { content: [{ type: 'text', text: result.value.text }], structuredContent: result.value.data };
}

/**
 * Replaces the SDK's tools/call handler (installed by registerTool) with one that checks arguments itself, so a bad
 * argument is answered in one readable line instead of the SDK's list of zod issues. Answers stay isError results, as
 * the SDK gives them, so a model can correct itself. Call after the tools are registered.
 */
export function answerToolCalls(server: McpServer, deps: McpDeps, tools: readonly AnyTool[]): void {
  if (tools.length === 0) return;
  const byName = new Map(tools.map((t) => [t.name, t]));
  const outputs = new Map(tools.map((t) => [t.name, z.object(t.output)]));
  server.server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const tool = byName.get(request.params.name);
    if (tool === undefined) return toolError(`unknown tool ${quoteInput(request.params.name, 64)}; tools: ${[...byName.keys()].join(', ')}`);
    const args = parseToolArguments(tool, request.params.arguments);
    if (!args.ok) return toolError(args.error.message);
    const result = await answer(deps, tool, args.value);
    // The SDK checked structured output against the output schema; so does this (a mismatch is a bug in the tool).
    const checked = outputs.get(tool.name)?.safeParse(result.structuredContent);
    if (result.isError !== true && checked !== undefined && !checked.success) {
      return toolError(`${tool.name}: internal error: its answer does not match its output schema (${readableError(checked.error, result.structuredContent, 'field', [])})`);
    }
    return result;
  });
}

// One MCP tool = one file built with defineTool: schemas, annotations and a `run` that returns a Result. The
// server turns ok into text + structuredContent and a failure into an isError result of one clear line.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { Result } from '../core/domain/result.js';
import type { McpDeps } from './deps.js';

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
  }, async (args): Promise<CallToolResult> => {
    const answer = await tool.run(deps, args);
    if (!answer.ok) return { isError: true, content: [{ type: 'text', text: answer.error.message }] };
    return { content: [{ type: 'text', text: answer.value.text }], structuredContent: answer.value.data };
  });
}

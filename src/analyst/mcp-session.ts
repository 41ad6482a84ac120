// The analyst's only way to the desk: a real MCP client over the in-memory transport to the desk's read-only MCP
// server for one workspace. Whatever the model asks for, it can only call what that server registers.
import type Anthropic from '@anthropic-ai/sdk';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { z } from 'zod';
import type { WorkspaceRef } from '../app/chat/command.js';
import type { DeskDeps } from '../app/desk/desk-deps.js';
import { mcpDepsFrom } from '../mcp/deps.js';
import { buildServer } from '../mcp/server.js';

/** What one tool call gave back, as the model will see it. */
export interface ToolOutcome {
  /** The tool's own text summary (or its error line). */
  readonly summary: string;
  /** The summary and the structured data, for the model. */
  readonly text: string;
  readonly isError: boolean;
  /** The tool's structuredContent, for the desk's own code (rule proposals); never shown to the model twice. */
  readonly data?: unknown;
}

export interface McpSession {
  /** The server's tools as Anthropic tool definitions. */
  readonly tools: readonly Anthropic.Tool[];
  call(name: string, input: unknown): Promise<ToolOutcome>;
  close(): Promise<void>;
}

const contentSchema = z.array(z.object({ type: z.string(), text: z.string().optional() }).loose()).default([]);
const callResultSchema = z.object({ content: contentSchema, structuredContent: z.unknown().optional(), isError: z.boolean().optional() }).loose();
/** Tool arguments from the model are outside input: a JSON object or nothing. */
const argsSchema = z.record(z.string(), z.unknown());

export async function openMcpSession(deps: DeskDeps, workspace: WorkspaceRef, now: number): Promise<McpSession> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const server = buildServer(mcpDepsFrom(deps, workspace, () => now));
  await server.connect(serverSide);
  const client = new Client({ name: 'tradedesk-analyst', version: '0.1.0' });
  await client.connect(clientSide);
  const listed = await client.listTools();
  const tools = listed.tools.map((t): Anthropic.Tool => ({
    name: t.name,
    description: t.description ?? t.title ?? t.name,
    input_schema: toInputSchema(t.inputSchema),
  }));
  return {
    tools,
    async call(name, input) {
      const args = argsSchema.safeParse(input ?? {});
      if (!args.success) return failed(`Tool ${name} needs its arguments as a JSON object.`);
      try {
        const raw = await client.callTool({ name, arguments: args.data });
        const result = callResultSchema.safeParse(raw);
        if (!result.success) return failed(`Tool ${name} returned a result the analyst cannot read.`);
        return outcomeOf(result.data);
      } catch (err) {
        return failed(`Tool ${name} failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
    async close() {
      await client.close();
      await server.close();
    },
  };
}

const failed = (line: string): ToolOutcome => ({ summary: line, text: line, isError: true });

/** The tool's own summary, then its structured data (the exact numbers the answer should cite). */
function outcomeOf(r: z.infer<typeof callResultSchema>): ToolOutcome {
  const summary = r.content.flatMap((c) => (c.type === 'text' && c.text !== undefined ? [c.text] : [])).join('\n');
  if (r.isError === true) return failed(summary === '' ? 'The tool failed without a message.' : summary);
  return { summary, text: withData(summary, r.structuredContent), isError: false, data: r.structuredContent };
}

function withData(text: string, data: unknown): string {
  if (data === undefined) return text;
  const json = JSON.stringify(data);
  // Long trade lists would eat the context window; the model can narrow the call (filters, limits) instead.
  const shown = json.length <= MAX_DATA_CHARS ? json : `${json.slice(0, MAX_DATA_CHARS)}... (cut at ${MAX_DATA_CHARS} characters: narrow the call for the rest)`;
  return `${text}\n\nData (JSON):\n${shown}`;
}

const MAX_DATA_CHARS = 30_000;

/** MCP gives a JSON Schema object; Anthropic wants the same minus the `$schema` marker. */
function toInputSchema(schema: { type: 'object'; properties?: Record<string, object>; required?: string[]; [k: string]: unknown }): Anthropic.Tool.InputSchema {
  const { $schema: _ignored, ...rest } = schema;
  return { ...rest, type: 'object' };
}

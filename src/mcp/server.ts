// The desk's MCP server: one read-only tool per file, for the one workspace `deps` serves. Transports (in-memory,
// stdio, Streamable HTTP) are attached by the caller.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { McpDeps } from './deps.js';
import { answerToolCalls, registerTool, type AnyTool } from './define-tool.js';
import { TOOLS } from './tools/index.js';

export const SERVER_INFO = { name: 'tradedesk', version: '0.1.0' } as const;

export function buildServer(deps: McpDeps, tools: readonly AnyTool[] = TOOLS): McpServer {
  const server = new McpServer(SERVER_INFO, {
    instructions: 'Read-only tools over one tradedesk workspace: runs, trades, decisions, rules and market data. Runs are named by number. No tool places, sizes or cancels an order or changes a run or rule.',
  });
  for (const tool of tools) registerTool(server, deps, tool);
  answerToolCalls(server, deps, tools);
  return server;
}

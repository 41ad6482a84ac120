import type { Env } from '../../config/env.js';
import { assertNever } from '../../core/domain/result.js';
import type { CliIo, ExitCode } from './io.js';
import { MCP_USAGE, parseMcpArgs, workspaceLabel, type WorkspaceKey } from './mcp-args.js';
import { withMcpStore, resolveWorkspace } from './mcp-store.js';

const PREFIX = 'tradedesk mcp';

/**
 * `tradedesk mcp`: the desk's read-only MCP tools over stdio (Claude Desktop or any MCP client), over Streamable HTTP
 * with `--http`, and `tradedesk mcp token` to issue the bearer tokens HTTP clients need.
 */
export async function mcpCommand(argv: readonly string[], io: CliIo, env: Env): Promise<ExitCode> {
  const parsed = parseMcpArgs(argv);
  if (!parsed.ok) {
    io.err(`${PREFIX}: ${parsed.error.message} (see tradedesk mcp --help)`);
    return 2;
  }
  const inv = parsed.value;
  switch (inv.kind) {
    case 'help':
      io.out(MCP_USAGE);
      return 0;
    case 'stdio':
      return serveStdio(inv.workspace, io, env);
    case 'http': {
      const { mcpHttpCommand } = await import('./mcp-http-command.js');
      return mcpHttpCommand(inv, io, env);
    }
    case 'token':
    case 'token-list': {
      const { mcpTokenCommand } = await import('./mcp-token-command.js');
      return mcpTokenCommand(inv, io, env);
    }
    default:
      return assertNever(inv);
  }
}

/** One workspace per stdio server; stdout carries nothing but the protocol, so every message of ours goes to stderr. */
function serveStdio(key: WorkspaceKey, io: CliIo, env: Env): Promise<ExitCode> {
  return withMcpStore(env, io, PREFIX, async (store, now) => {
    const resolved = await resolveWorkspace(store, key, io, env, PREFIX, false);
    if (resolved === null) return 2;
    const workspace = resolved.ref;
    const { createDeskDeps } = await import('../desk-deps.js');
    const { buildServer } = await import('../../mcp/server.js');
    const { mcpDepsFrom } = await import('../../mcp/deps.js');
    const { serveStdio: serve } = await import('../../mcp/stdio.js');
    io.err(`${PREFIX}: serving ${workspaceLabel(workspace)} (${workspace.name}) read-only over stdio`);
    await serve(buildServer(mcpDepsFrom(createDeskDeps(env, store), workspace, now)), io.stdin, io.stdout);
    return 0;
  });
}

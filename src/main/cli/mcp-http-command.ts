// `tradedesk mcp --http <host>:<port>`: the read-only tools over Streamable HTTP for every workspace that has a bearer
// token (or only the one named by --workspace). Tokens are looked up on every request, so a token issued or rotated
// while the server runs takes effect at once.
import type { Env } from '../../config/env.js';
import { ok } from '../../core/domain/result.js';
import type { McpHttpServer } from '../../mcp/http-server.js';
import type { CliIo, ExitCode } from './io.js';
import { workspaceLabel, type McpInvocation } from './mcp-args.js';
import { resolveWorkspace, withMcpStore } from './mcp-store.js';
import { untilSignal } from '../until-signal.js';

const PREFIX = 'tradedesk mcp';

type HttpInvocation = Extract<McpInvocation, { kind: 'http' }>;

/** Serves until `untilStopped` resolves (SIGINT or SIGTERM by default), then closes the server and the store. */
export function mcpHttpCommand(
  inv: HttpInvocation,
  io: CliIo,
  env: Env,
  untilStopped: (server: McpHttpServer) => Promise<void> = untilSignal,
): Promise<ExitCode> {
  return withMcpStore(env, io, PREFIX, async (store, now) => {
    const { findWorkspaceByMcpToken, listMcpTokens } = await import('../../store/workspace/mcp-tokens.js');
    let only: string | null = null;
    if (inv.workspace !== null) {
      const resolved = await resolveWorkspace(store, inv.workspace, io, env, PREFIX, false);
      if (resolved === null) return 2;
      only = workspaceLabel(resolved.ref);
    }
    const listed = await listMcpTokens(store.prisma);
    if (!listed.ok) {
      io.err(`${PREFIX}: ${listed.error.message}`);
      return 1;
    }
    const served = listed.value.map(workspaceLabel).filter((label) => only === null || label === only);
    if (served.length === 0) {
      const target = only ?? '<platform>:<id>';
      io.err(`${PREFIX}: no MCP token for ${only ?? 'any workspace'}; HTTP clients need one: create it with tradedesk mcp token --workspace ${target}`);
      return 2;
    }
    const { createDeskDeps } = await import('../desk-deps.js');
    const { mcpDepsFrom } = await import('../../mcp/deps.js');
    const { startMcpHttpServer } = await import('../../mcp/http-server.js');
    const desk = createDeskDeps(env, store);
    const started = await startMcpHttpServer({
      host: inv.listen.host,
      port: inv.listen.port,
      allowHosts: inv.listen.allowHosts,
      allowOrigins: inv.listen.allowOrigins,
      log: (line) => io.err(`${PREFIX}: ${line}`),
      authenticate: async (token) => {
        const found = await findWorkspaceByMcpToken(store.prisma, token);
        if (!found.ok || found.value === null) return found.ok ? ok(null) : found;
        const label = workspaceLabel(found.value);
        // With --workspace, a valid token of another workspace is refused like a wrong one.
        if (only !== null && label !== only) return ok(null);
        return ok({ label, deps: mcpDepsFrom(desk, found.value, now) });
      },
    });
    if (!started.ok) {
      io.err(`${PREFIX}: ${started.error.message}`);
      return 1;
    }
    io.err(`${PREFIX}: serving ${served.join(', ')} read-only over Streamable HTTP at ${started.value.url} (a bearer token per workspace; Ctrl-C stops)`);
    await untilStopped(started.value);
    await started.value.close();
    io.err(`${PREFIX}: stopped`);
    return 0;
  });
}

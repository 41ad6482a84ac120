// `tradedesk mcp token --workspace <platform>:<id> [--rotate]` and `tradedesk mcp token --list`. The token goes to
// stdout alone (so `TOKEN=$(tradedesk mcp token ...)` works) and is never shown again: only its sha256 is stored.
import type { Env } from '../../config/env.js';
import type { CliIo, ExitCode } from './io.js';
import { workspaceLabel, type McpInvocation } from './mcp-args.js';
import { resolveWorkspace, withMcpStore } from './mcp-store.js';

const PREFIX = 'tradedesk mcp token';

type TokenInvocation = Extract<McpInvocation, { kind: 'token' | 'token-list' }>;

export function mcpTokenCommand(inv: TokenInvocation, io: CliIo, env: Env): Promise<ExitCode> {
  return withMcpStore(env, io, PREFIX, async (store) => {
    const { issueMcpToken, listMcpTokens } = await import('../../store/workspace/mcp-tokens.js');
    if (inv.kind === 'token-list') {
      const listed = await listMcpTokens(store.prisma);
      if (!listed.ok) {
        io.err(`${PREFIX}: ${listed.error.message}`);
        return 1;
      }
      if (listed.value.length === 0) {
        io.out('No workspace has an MCP token; create one with: tradedesk mcp token --workspace <platform>:<id>');
        return 0;
      }
      for (const entry of listed.value) io.out(`${workspaceLabel(entry)} (${entry.name})  token created ${entry.createdAt}`);
      return 0;
    }
    const resolved = await resolveWorkspace(store, inv.workspace, io, env, PREFIX, true);
    if (resolved === null) return 2;
    // resolveWorkspace creates the console's workspace when asked to; every other one exists with its id.
    const issued = await issueMcpToken(store.prisma, resolved.id!, { rotate: inv.rotate, actor: 'cli', now: io.now() });
    const label = `${workspaceLabel(resolved.ref)} (${resolved.ref.name})`;
    if (!issued.ok) {
      io.err(`${PREFIX}: ${label}: ${issued.error.message}`);
      return issued.error.code === 'mcp.token_exists' ? 2 : 1;
    }
    io.out(issued.value.token);
    io.err(
      `${PREFIX}: ${issued.value.rotated ? 'replaced the token' : 'new token'} for ${label}${issued.value.rotated ? ' (the old one no longer works)' : ''}. ` +
        'It is shown only this once: give it to your MCP client as "Authorization: Bearer <token>".',
    );
    return 0;
  });
}

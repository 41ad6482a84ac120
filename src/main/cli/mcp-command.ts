import type { Env } from '../../config/env.js';
import { PLATFORMS, type Platform } from '../../store/workspaces.js';
import { LOCAL_WORKSPACE } from '../local-workspace.js';
import type { CliIo, ExitCode } from './io.js';

const USAGE = 'expected [--workspace <platform>:<id>] (default console:local; e.g. discord:<server id>, slack:<team id>)';

/**
 * `tradedesk mcp [--workspace <platform>:<id>]`: the desk's read-only MCP tools over stdio for Claude Desktop or
 * any MCP client. One workspace per server (the console's by default); stdout carries nothing but the protocol, so
 * every message of ours goes to stderr.
 */
export async function mcpCommand(argv: readonly string[], io: CliIo, env: Env): Promise<ExitCode> {
  let wanted: { platform: Platform; externalId: string } = { platform: 'console', externalId: 'local' };
  if (argv.length === 2 && argv[0] === '--workspace') {
    const m = /^([a-z]+):(\S+)$/.exec(argv[1] ?? '');
    const platform = PLATFORMS.find((p) => p === m?.[1]);
    if (m === null || platform === undefined) {
      io.err(`tradedesk mcp: --workspace '${argv[1] ?? ''}': ${USAGE}`);
      return 2;
    }
    wanted = { platform, externalId: m[2]! };
  } else if (argv.length > 0) {
    io.err(`tradedesk mcp: ${USAGE} (got '${argv.join(' ')}')`);
    return 2;
  }
  const { migrateDatabase } = await import('../../store/migrate.js');
  const { createStore } = await import('../../store/client.js');
  const migrated = await migrateDatabase(env.DATABASE_URL);
  if (!migrated.ok) {
    io.err(`tradedesk mcp: database: ${migrated.error.message}`);
    return 1;
  }
  const store = createStore({ databaseUrl: env.DATABASE_URL });
  try {
    const { findWorkspace, workspaceLabels } = await import('../../store/workspaces.js');
    const isLocal = wanted.platform === 'console' && wanted.externalId === LOCAL_WORKSPACE.externalId;
    const found = await findWorkspace(store.prisma, wanted.platform, wanted.externalId);
    if (found === null && !isLocal) {
      const known = await workspaceLabels(store.prisma);
      io.err(`tradedesk mcp: no workspace ${wanted.platform}:${wanted.externalId} in ${env.DATABASE_URL}; known: ${known.length === 0 ? 'none' : known.join(', ')}`);
      return 2;
    }
    const workspace = found === null ? LOCAL_WORKSPACE : { platform: found.platform, externalId: found.externalId, name: found.name };
    const { createDeskDeps } = await import('../desk-deps.js');
    const { buildServer } = await import('../../mcp/server.js');
    const { mcpDepsFrom } = await import('../../mcp/deps.js');
    const { serveStdio } = await import('../../mcp/stdio.js');
    io.err(`tradedesk mcp: serving ${workspace.platform}:${workspace.externalId} (${workspace.name}) read-only over stdio`);
    await serveStdio(buildServer(mcpDepsFrom(createDeskDeps(env, store), workspace, io.now)), io.stdin, io.stdout);
    return 0;
  } finally {
    await store.close();
  }
}

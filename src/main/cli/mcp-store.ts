// What every `tradedesk mcp` mode does first: migrate and open the database, and find the workspace asked for.
import type { Env } from '../../config/env.js';
import type { Store } from '../../store/db/client.js';
import type { WorkspaceRef } from '../../store/workspace/workspaces.js';
import { LOCAL_WORKSPACE } from '../local-workspace.js';
import type { CliIo, ExitCode } from './io.js';
import { workspaceLabel, type WorkspaceKey } from './mcp-args.js';
import { redactUrl } from '../../store/db/database-kind.js';

/**
 * Runs `fn` with an open, migrated store (closed after) and the clock the tools read it by (the wall clock, or a sped-up
 * demo's clock for a demo's database: see readingClock); a database that cannot be migrated or read exits 1.
 */
export async function withMcpStore(env: Env, io: CliIo, prefix: string, fn: (store: Store, now: () => number) => Promise<ExitCode>): Promise<ExitCode> {
  // Loaded lazily: `tradedesk mcp --help` and argument errors never pay for the database client.
  const { migrateDatabase } = await import('../../store/migrations/migrate.js');
  const { createStore } = await import('../../store/db/client.js');
  const migrated = await migrateDatabase(env.DATABASE_URL);
  if (!migrated.ok) {
    io.err(`${prefix}: database: ${migrated.error.message}`);
    return 1;
  }
  const store = createStore({ databaseUrl: env.DATABASE_URL });
  try {
    const { readingClock } = await import('../desk-database.js');
    const now = await readingClock(store, io.now);
    if (!now.ok) {
      io.err(`${prefix}: database: ${now.error.message}`);
      return 1;
    }
    return await fn(store, now.value);
  } finally {
    await store.close();
  }
}

export interface ResolvedWorkspace {
  readonly ref: WorkspaceRef;
  /** The row id; null for the console's workspace before anything was ever saved in it. */
  readonly id: string | null;
}

/**
 * The workspace of `key`. Chat workspaces must exist already (the desk creates them when it first hears from the
 * server or team); the console's exists implicitly, and is created when `createLocal` (something is stored in it).
 * Prints the error and returns null when there is no such workspace.
 */
export async function resolveWorkspace(
  store: Store,
  key: WorkspaceKey,
  io: CliIo,
  env: Env,
  prefix: string,
  createLocal: boolean,
): Promise<ResolvedWorkspace | null> {
  const { ensureWorkspace, findWorkspace, workspaceLabels } = await import('../../store/workspace/workspaces.js');
  const found = await findWorkspace(store.prisma, key.platform, key.externalId);
  if (found !== null) return { ref: { platform: found.platform, externalId: found.externalId, name: found.name }, id: found.id };
  const isLocal = key.platform === LOCAL_WORKSPACE.platform && key.externalId === LOCAL_WORKSPACE.externalId;
  if (isLocal) return { ref: LOCAL_WORKSPACE, id: createLocal ? (await ensureWorkspace(store.prisma, LOCAL_WORKSPACE)).id : null };
  const known = await workspaceLabels(store.prisma);
  io.err(`${prefix}: no workspace ${workspaceLabel(key)} in ${redactUrl(env.DATABASE_URL)}; known: ${known.length === 0 ? 'none' : known.join(', ')}`);
  return null;
}

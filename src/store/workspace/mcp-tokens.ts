// Bearer tokens for `tradedesk mcp --http`, one per workspace, kept in `Workspace.settings` as
// `{ mcpToken: { sha256, createdAt } }`. Only the hash is stored: the token itself is shown once, when issued.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { fail, ok, type Result } from '../../core/domain/result.js';
import type { Db, PrismaClient } from '../db/client.js';
import { storeFailure } from '../db/errors.js';
import { changeWorkspaceSettings } from './workspace-settings-json.js';
import { PLATFORMS, type WorkspaceRef } from './workspaces.js';

const mcpTokenSchema = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/).describe('hex sha256 of the token'),
  createdAt: z.iso.datetime().describe('when the token was issued'),
});

// Loose: every other setting (notification levels, the analyst budget, keys a newer version writes) survives a write.
const settingsSchema = z.looseObject({ mcpToken: mcpTokenSchema.optional() }).nullable();
type Settings = z.infer<typeof settingsSchema>;

/** A prefix that makes a leaked token recognisable (secret scanners, logs). */
const TOKEN_PREFIX = 'tdk_mcp_';

export interface IssuedMcpToken {
  /** The token in clear: shown once, never stored. */
  readonly token: string;
  /** True when it replaced an earlier token (which no longer works). */
  readonly rotated: boolean;
}

export interface McpTokenEntry extends WorkspaceRef {
  readonly createdAt: string;
}

export function hashMcpToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Issues a new token for the workspace. A workspace that already has one keeps it unless `rotate` is set
 * (`mcp.token_exists`), so a second run of the command cannot silently cut off a client that works.
 */
export async function issueMcpToken(
  db: PrismaClient | Db,
  workspaceId: string,
  options: { readonly rotate: boolean; readonly actor: string; readonly now: number },
): Promise<Result<IssuedMcpToken>> {
  return changeWorkspaceSettings(db, workspaceId, settingsSchema, 'the MCP token', (settings) => {
    const rotated = settings?.mcpToken !== undefined;
    if (rotated && !options.rotate) {
      return fail('mcp.token_exists', 'This workspace already has an MCP token; pass --rotate to replace it (the old token stops working)', { workspaceId });
    }
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const next: NonNullable<Settings> = { ...settings, mcpToken: { sha256: hashMcpToken(token), createdAt: new Date(options.now).toISOString() } };
    return ok({ next, audit: { actor: options.actor, action: 'mcp.token', details: { rotated } }, result: { token, rotated } });
  });
}

/** The workspaces that have a token (never the token or its hash), by platform and id. */
export async function listMcpTokens(db: Db): Promise<Result<McpTokenEntry[]>> {
  const rows = await readAll(db);
  if (!rows.ok) return rows;
  const entries: McpTokenEntry[] = [];
  for (const row of rows.value) {
    if (row.token !== undefined) entries.push({ ...row.workspace, createdAt: row.token.createdAt });
  }
  return ok(entries);
}

/**
 * The workspace a presented token belongs to, or null. Hashes are compared in constant time, and every stored
 * hash is compared (no early exit), so the timing says nothing about how close a guess came.
 */
export async function findWorkspaceByMcpToken(db: Db, token: string): Promise<Result<WorkspaceRef | null>> {
  const rows = await readAll(db);
  if (!rows.ok) return rows;
  const presented = Buffer.from(hashMcpToken(token), 'hex');
  let found: WorkspaceRef | null = null;
  for (const row of rows.value) {
    if (row.token === undefined) continue;
    if (timingSafeEqual(presented, Buffer.from(row.token.sha256, 'hex')) && found === null) found = row.workspace;
  }
  return ok(found);
}

interface TokenRow {
  readonly workspace: WorkspaceRef;
  readonly token: z.infer<typeof mcpTokenSchema> | undefined;
}

async function readAll(db: Db): Promise<Result<TokenRow[]>> {
  let rows;
  try {
    rows = await db.workspace.findMany({
      select: { platform: true, externalId: true, name: true, settings: true },
      orderBy: [{ platform: 'asc' }, { externalId: 'asc' }],
    });
  } catch (error) {
    return storeFailure(error, 'db.read_failed', 'Could not read the MCP tokens');
  }
  const out: TokenRow[] = [];
  for (const row of rows) {
    const platform = PLATFORMS.find((p) => p === row.platform);
    const parsed = settingsSchema.safeParse(row.settings);
    // A workspace whose settings cannot be read has no usable token: it is left out, never guessed at.
    if (platform === undefined || !parsed.success) continue;
    out.push({ workspace: { platform, externalId: row.externalId, name: row.name }, token: parsed.data?.mcpToken });
  }
  return ok(out);
}

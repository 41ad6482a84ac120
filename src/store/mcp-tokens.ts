// Bearer tokens for `tradedesk mcp --http`, one per workspace, kept in `Workspace.settings` as
// `{ mcpToken: { sha256, createdAt } }`. Only the hash is stored: the token itself is shown once, when issued.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { fail, ok, type Result } from '../core/domain/result.js';
import { firstIssueLine } from '../core/domain/zod-errors.js';
import { recordAudit } from './audit.js';
import type { Db, PrismaClient } from './client.js';
import { storeFailure } from './errors.js';
import { toJsonInput } from './json.js';
import { inTransaction } from './transaction.js';
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
const MAX_TRIES = 3;

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
  for (let attempt = 1; attempt <= MAX_TRIES; attempt++) {
    const read = await readSettings(db, workspaceId);
    if (!read.ok) return read;
    const { settings, updatedAt } = read.value;
    const rotated = settings?.mcpToken !== undefined;
    if (rotated && !options.rotate) {
      return fail('mcp.token_exists', 'This workspace already has an MCP token; pass --rotate to replace it (the old token stops working)', { workspaceId });
    }
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const next: NonNullable<Settings> = { ...settings, mcpToken: { sha256: hashMcpToken(token), createdAt: new Date(options.now).toISOString() } };
    const json = toJsonInput(next, 'settings');
    if (!json.ok) return json;
    try {
      // Compare-and-set on updatedAt: a concurrent change to any other setting is never overwritten.
      const done = await inTransaction(db, async (tx) => {
        const { count } = await tx.workspace.updateMany({ where: { id: workspaceId, updatedAt }, data: { settings: json.value } });
        if (count === 0) return false;
        await recordAudit(tx, { workspaceId, actor: options.actor, action: 'mcp.token', details: { rotated }, at: options.now });
        return true;
      });
      if (done) return ok({ token, rotated });
    } catch (error) {
      return storeFailure(error, 'db.write_failed', 'Could not save the MCP token');
    }
  }
  return fail('db.conflict', 'The workspace settings kept changing while being saved; try again', { workspaceId });
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

async function readSettings(db: Db, workspaceId: string): Promise<Result<{ settings: Settings; updatedAt: Date }>> {
  let row;
  try {
    row = await db.workspace.findUnique({ where: { id: workspaceId }, select: { settings: true, updatedAt: true } });
  } catch (error) {
    return storeFailure(error, 'db.read_failed', 'Could not read the workspace settings');
  }
  if (row === null) return fail('workspace.not_found', 'This workspace does not exist', { workspaceId });
  const parsed = settingsSchema.safeParse(row.settings);
  if (!parsed.success) {
    return fail('db.corrupt_row', `The workspace settings are stored in a shape this version cannot read: ${firstIssueLine(parsed.error, 'settings')}`, { workspaceId });
  }
  return ok({ settings: parsed.data, updatedAt: row.updatedAt });
}

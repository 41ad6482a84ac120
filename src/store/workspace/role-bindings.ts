// Role bindings (`RoleBinding`: a platform key -> a desk role) and members' own roles (`Member.role`). Changes are
// audited with the channel in the same transaction.
import { z } from 'zod';
import { ROLES, type Role } from '../../app/chat/command.js';
import type { ChangedBy, RoleBinding } from '../../app/workspace/ports.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import { recordAudit } from '../audit/audit.js';
import type { Db, PrismaClient } from '../db/client.js';
import { storeFailure } from '../db/errors.js';
import { inTransaction } from '../db/transaction.js';

const roleSchema = z.enum(ROLES);

/** The workspace's bindings sorted by key; a row with a role this version does not know is a corrupt row. */
export async function listRoleBindings(db: Db, workspaceId: string): Promise<Result<RoleBinding[]>> {
  let rows;
  try {
    rows = await db.roleBinding.findMany({ where: { workspaceId }, orderBy: { platformRoleId: 'asc' }, select: { platformRoleId: true, role: true } });
  } catch (error) {
    return storeFailure(error, 'db.read_failed', 'Could not read the role bindings');
  }
  return bindingsOf(rows);
}

/** Binds `key` to `role` (null removes the binding); returns the bindings after the change. */
export async function setRoleBinding(prisma: PrismaClient | Db, workspaceId: string, key: string, role: Role | null, by: ChangedBy):
  Promise<Result<RoleBinding[]>> {
  const audit = { workspaceId, actor: by.actor.id, channel: by.channelId, target: key };
  try {
    return await inTransaction(prisma, async (tx) => {
      const where = { workspaceId_platformRoleId: { workspaceId, platformRoleId: key } };
      const before = await tx.roleBinding.findUnique({ where, select: { role: true } });
      if (role === null) {
        if (before === null) {
          const keys = (await tx.roleBinding.findMany({ where: { workspaceId }, orderBy: { platformRoleId: 'asc' }, select: { platformRoleId: true } })).map((r) => r.platformRoleId);
          return fail('settings.binding_not_found', `no role binding for '${key}'; bindings: ${keys.length === 0 ? 'none' : keys.join(', ')}`, { key, keys });
        }
        await tx.roleBinding.delete({ where });
        await recordAudit(tx, { ...audit, action: 'settings.role', details: { actorName: by.actor.name, from: before.role, to: null } });
      } else {
        await tx.roleBinding.upsert({ where, create: { workspaceId, platformRoleId: key, role }, update: { role } });
        await recordAudit(tx, { ...audit, action: 'settings.role', details: { actorName: by.actor.name, from: before?.role ?? null, to: role } });
      }
      const rows = await tx.roleBinding.findMany({ where: { workspaceId }, orderBy: { platformRoleId: 'asc' }, select: { platformRoleId: true, role: true } });
      return bindingsOf(rows);
    });
  } catch (error) {
    return storeFailure(error, 'db.write_failed', 'Could not save the role binding');
  }
}

/** The role given to a member in the member table, or null when the person is not a member. */
export async function readMemberRole(db: Db, workspaceId: string, userId: string): Promise<Result<Role | null>> {
  let row;
  try {
    row = await db.member.findUnique({ where: { workspaceId_externalUserId: { workspaceId, externalUserId: userId } }, select: { role: true } });
  } catch (error) {
    return storeFailure(error, 'db.read_failed', 'Could not read the member');
  }
  if (row === null) return ok(null);
  const role = roleSchema.safeParse(row.role);
  return role.success ? ok(role.data) : fail('db.corrupt_row', `The member ${userId} has an unknown role '${row.role}'`, { userId });
}

function bindingsOf(rows: readonly { platformRoleId: string; role: string }[]): Result<RoleBinding[]> {
  const bindings: RoleBinding[] = [];
  for (const row of rows) {
    const role = roleSchema.safeParse(row.role);
    if (!role.success) return fail('db.corrupt_row', `The role binding '${row.platformRoleId}' has an unknown role '${row.role}'`, { key: row.platformRoleId });
    bindings.push({ key: row.platformRoleId, role: role.data });
  }
  return ok(bindings);
}

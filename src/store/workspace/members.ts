import type { Role } from '../../app/chat/command.js';
import type { Db } from '../db/client.js';
import { ensureWorkspace, type WorkspaceRef } from './workspaces.js';

/**
 * Makes sure a person is a member of a workspace with at least the given role (the console desk's local user is
 * its admin). An existing member keeps a role set elsewhere unless `role` is given as the role to enforce.
 */
export async function ensureMember(db: Db, workspace: WorkspaceRef, member: { externalUserId: string; displayName: string; role: Role }): Promise<{ id: string; role: Role }> {
  const ws = await ensureWorkspace(db, workspace);
  const row = await db.member.upsert({
    where: { workspaceId_externalUserId: { workspaceId: ws.id, externalUserId: member.externalUserId } },
    create: { workspaceId: ws.id, externalUserId: member.externalUserId, displayName: member.displayName, role: member.role },
    update: { displayName: member.displayName, role: member.role },
    select: { id: true },
  });
  return { id: row.id, role: member.role };
}

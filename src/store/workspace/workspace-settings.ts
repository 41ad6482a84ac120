// The Prisma WorkspaceSettings: role bindings, the desk channel, the audit log, members' roles and the default data
// source, each resolved to the workspace of the chat that asked.
import type { WorkspaceRef } from '../../app/chat/command.js';
import type { WorkspaceSettings } from '../../app/workspace/ports.js';
import type { Result } from '../../core/domain/result.js';
import { listAudit, recordCommand } from '../audit/audit-log.js';
import type { PrismaClient } from '../db/client.js';
import { bindDeskChannel, readDeskChannel } from './desk-channel.js';
import { listRoleBindings, readMemberRole, setRoleBinding } from './role-bindings.js';
import { readDataSource, setDataSource } from './workspace-data-source.js';
import { inWorkspace as inWs } from './workspaces.js';

export function createPrismaWorkspaceSettings(prisma: PrismaClient): WorkspaceSettings {
  const inWorkspace = <T>(workspace: WorkspaceRef, fn: (workspaceId: string) => Promise<Result<T>>): Promise<Result<T>> => inWs(prisma, workspace, fn);
  return {
    listRoleBindings: (w) => inWorkspace(w, (id) => listRoleBindings(prisma, id)),
    setRoleBinding: (w, key, role, by) => inWorkspace(w, (id) => setRoleBinding(prisma, id, key, role, by)),
    bindDeskChannel: (w, channelId, by) => inWorkspace(w, (id) => bindDeskChannel(prisma, id, channelId, by)),
    deskChannel: (w) => inWorkspace(w, (id) => readDeskChannel(prisma, id)),
    listAudit: (w, limit) => inWorkspace(w, (id) => listAudit(prisma, id, limit)),
    recordCommand: (w, entry) => inWorkspace(w, (id) => recordCommand(prisma, id, entry)),
    memberRole: (w, userId) => inWorkspace(w, (id) => readMemberRole(prisma, id, userId)),
    dataSource: (w) => inWorkspace(w, (id) => readDataSource(prisma, id)),
    setDataSource: (w, source, by) => inWorkspace(w, (id) => setDataSource(prisma, id, source, by)),
  };
}

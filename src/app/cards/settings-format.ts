import type { WorkspaceRef } from '../chat/command.js';
import type { RoleBinding } from '../workspace/ports.js';

/** What a stored binding key most likely names, for people reading the list (the store keeps only the key). */
export function bindingKind(key: string): string {
  if (/^\d+$/.test(key)) return 'Discord role or user id';
  if (/^S[A-Z0-9]+$/.test(key) && /\d/.test(key)) return 'Slack user group';
  if (/^[UW][A-Z0-9]+$/.test(key) && /\d/.test(key)) return 'Slack user';
  return 'Discord role name';
}

export const bindingTable = (bindings: readonly RoleBinding[]) => ({
  columns: ['key', 'names', 'role'],
  rows: bindings.map((b) => [b.key, bindingKind(b.key), b.role]),
});

/** A channel as the platform shows it: a link on Discord and Slack, the bare name on the console. */
export const channelLabel = (workspace: WorkspaceRef, channelId: string): string =>
  workspace.platform === 'console' ? channelId : `<#${channelId}>`;

export const HOW_TO_BIND =
  'An admin binds one with /settings role target:<who> role:viewer|trader|admin (a role or user mention, a Slack user group, an id or a role name); role:none removes it.';

export const NO_LOCKOUT =
  'Platform admins (Discord Administrator or Manage Server; Slack owners and admins) are always desk admins, so no binding change can lock this workspace out.';

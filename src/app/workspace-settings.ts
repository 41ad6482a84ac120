import type { Result } from '../core/domain/result.js';
import type { Actor, Role, WorkspaceRef } from './command.js';

/** One role binding: a platform key (a user id, a Discord role id or lower-case role name, a Slack user-group id). */
export interface RoleBinding {
  readonly key: string;
  readonly role: Role;
}

/** Who changed a setting, from where, and when: every change is audited with all three. */
export interface ChangedBy {
  readonly actor: Actor;
  readonly channelId: string;
  readonly now: number;
}

/** One line of the workspace's audit log. */
export interface AuditView {
  readonly at: number;
  /** The platform user id (`cli`, `scheduler` ... for the desk itself). */
  readonly actor: string;
  /** The display name, when the entry or the member table knows it. */
  readonly actorName?: string;
  /** Where it was done; null for entries written without one. */
  readonly channel: string | null;
  /** Dotted (`rule.add`, `settings.role`), or `command` for a state-changing chat command (target = its name). */
  readonly action: string;
  readonly target: string | null;
  readonly details: Readonly<Record<string, unknown>> | null;
}

/** A state-changing chat command as it ran, for the audit log (stamped with the wall-clock time it is recorded at). */
export interface CommandRecord {
  readonly actor: Actor;
  readonly channelId: string;
  /** The registry name (`run stop`). */
  readonly command: string;
  /** The parsed options, JSON-safe. */
  readonly options: Readonly<Record<string, unknown>>;
  readonly outcome: 'ok' | 'error';
  /** The error text when the outcome is an error. */
  readonly message?: string;
  /** What it did, as its reply's title says it (`Run #2 stopped`, `Rule r3 added`). */
  readonly result?: string;
}

/**
 * Port for the workspace's chat settings: role bindings, the desk channel, the audit log and members' roles. Every
 * method is scoped to one workspace; every change is audited with who, where and when, in the same transaction.
 */
export interface WorkspaceSettings {
  /** Sorted by key. */
  listRoleBindings(workspace: WorkspaceRef): Promise<Result<readonly RoleBinding[]>>;
  /**
   * Binds `key` (already normalised by the caller) to `role`, or removes its binding when `role` is null
   * (`settings.binding_not_found` when there is none). Returns the bindings after the change.
   */
  setRoleBinding(workspace: WorkspaceRef, key: string, role: Role | null, by: ChangedBy): Promise<Result<readonly RoleBinding[]>>;
  /** Makes `channelId` the workspace's one desk channel; returns the channel it replaced (null when none). */
  bindDeskChannel(workspace: WorkspaceRef, channelId: string, by: ChangedBy): Promise<Result<string | null>>;
  deskChannel(workspace: WorkspaceRef): Promise<Result<string | null>>;
  /** The newest `limit` entries, newest first. */
  listAudit(workspace: WorkspaceRef, limit: number): Promise<Result<readonly AuditView[]>>;
  recordCommand(workspace: WorkspaceRef, entry: CommandRecord): Promise<Result<null>>;
  /** The role a member was given in the member table (the console's local user is admin there); null when none. */
  memberRole(workspace: WorkspaceRef, userId: string): Promise<Result<Role | null>>;
  /** The workspace's default data source (`sim`, `csv`, `alpaca,yahoo`), null when it follows the desk's MARKET_DATA. */
  dataSource(workspace: WorkspaceRef): Promise<Result<string | null>>;
  /**
   * Sets the default data source (already validated by the caller), or clears it when null; audited as
   * `settings.data_source`. Returns the one it replaced.
   */
  setDataSource(workspace: WorkspaceRef, source: string | null, by: ChangedBy): Promise<Result<string | null>>;
}

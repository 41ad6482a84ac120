import type { z } from 'zod';
import type { Reply } from './reply.js';

/** Desk roles, least to most privileged. State-changing commands are denied by default. */
export const ROLES = ['viewer', 'trader', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const hasRole = (have: Role, need: Role): boolean => ROLES.indexOf(have) >= ROLES.indexOf(need);

export interface Actor {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
}

/** The workspace a command acts in: a Discord guild, a Slack team, or the local console. */
export interface WorkspaceRef {
  readonly platform: 'console' | 'discord' | 'slack';
  readonly externalId: string;
  readonly name: string;
}

/** What a command may use. Everything arrives here; commands read no env and construct no clients. */
export interface CommandContext<Deps> {
  readonly workspace: WorkspaceRef;
  readonly actor: Actor;
  readonly channelId: string;
  readonly now: () => number;
  readonly deps: Deps;
}

/**
 * One chat command: its name (words, e.g. `run start`), a one-line description, a zod object of options (values
 * arrive as strings from chat; each field coerces, validates and carries a `.describe()` that help shows), the
 * least role allowed to run it, and `run`.
 */
export interface CommandDef<Deps, Shape extends z.ZodRawShape> {
  readonly name: string;
  readonly description: string;
  readonly options: z.ZodObject<Shape>;
  /** An option that may also be written as bare words after the name (`/help run start`). */
  readonly positional?: string;
  readonly role: Role;
  /**
   * May take over 2 s (a backtest, a chart, the analyst): a platform with a reply deadline acknowledges first
   * ("thinking…") and edits the answer in when done, rather than racing a timer the work itself may hold up.
   */
  readonly slow?: boolean;
  /**
   * For a command open to viewers that changes state only with some options (`/notify level:off` checks for admin
   * itself): true when these options change something, so the audit log records it.
   */
  changesState?(options: z.infer<z.ZodObject<Shape>>): boolean;
  /** Method syntax on purpose: the registry holds commands with different option shapes. */
  run(ctx: CommandContext<Deps>, options: z.infer<z.ZodObject<Shape>>): Promise<Reply>;
}

export type AnyCommand<Deps> = CommandDef<Deps, z.ZodRawShape>;

/** Keeps a command's option types while letting the registry hold commands of different options. */
export function defineCommand<Deps, Shape extends z.ZodRawShape>(c: CommandDef<Deps, Shape>): CommandDef<Deps, Shape> {
  return c;
}

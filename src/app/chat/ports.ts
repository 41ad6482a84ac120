/**
 * The ports a chat platform adapter (Discord, Slack) is given by src/main. They are plain functions over app
 * types, so the adapters never import the store and the wiring never sees a chat SDK type.
 */
import type { Result } from '../../core/domain/result.js';
import type { Actor, Role, WorkspaceRef } from './command.js';
import type { Reply } from './reply.js';

/** Who is asking, as a platform knows them; resolved to a desk role against the workspace's role bindings. */
export interface RoleQuery {
  readonly workspace: WorkspaceRef;
  readonly userId: string;
  readonly displayName: string;
  /**
   * What the person belongs to on the platform, any of which a binding may name: Discord role ids and role
   * names, Slack user-group ids. The user id itself is matched too.
   */
  readonly memberOf: readonly string[];
  /** Discord: holds Administrator or Manage Server. Slack: a workspace owner or admin. Always a desk admin. */
  readonly platformAdmin: boolean;
}

/** Deny by default: anyone matching no binding is a viewer. */
export type ResolveRole = (q: RoleQuery) => Promise<Role>;

/** A plain message to the system analyst (a mention of the bot, a DM, or channel chat where enabled). */
export interface AnalystQuestion {
  readonly workspace: WorkspaceRef;
  readonly actor: Actor;
  /** Where the conversation lives: the channel, DM or thread id (a follow-up there sees earlier turns). */
  readonly conversationId: string;
  readonly channelId: string;
  readonly text: string;
}

export type AskAnalyst = (q: AnalystQuestion, now: number) => Promise<Reply>;

/** One autocomplete choice (Discord shows `name`, sends back `value`). */
export interface Choice {
  readonly name: string;
  readonly value: string;
}

/** Suggestions for one option being typed; empty when the option has no suggestions. Scoped to the workspace. */
export type Autocomplete = (q: { workspace: WorkspaceRef; command: string; option: string; typed: string }) => Promise<readonly Choice[]>;

/** Where one outbox notification goes, resolved by the delivery loop from the store. */
export interface DeliveryTarget {
  readonly workspace: WorkspaceRef;
  /** The channel bound by /settings channel, if any. */
  readonly deskChannelId: string | null;
  /** The run the notification is about (null for workspace-wide notices such as /halt). */
  readonly run: {
    readonly id: string;
    readonly number: number;
    readonly strategyId: string;
    readonly symbols: readonly string[];
    /** The channel the run was started from. */
    readonly channelRef: string | null;
    /** The run's thread once created: a Discord thread channel id, or a Slack parent message `channel:ts`. */
    readonly threadRef: string | null;
  } | null;
  readonly eventType: string;
  /** Post without pinging anyone. */
  readonly silent: boolean;
  /** A workspace notice's own channel (a lapsed approval request's: where it was asked), used before the desk channel. */
  readonly noticeChannelId?: string;
}

/**
 * Posts one rendered notification on a platform. Run notifications go to the run's thread, created on first use
 * in the desk channel (else the run's own channel) and returned as `threadRef` so the store keeps it; summaries
 * (with the chart) also show in the channel itself. Workspace notices go to the desk channel. A failure is a
 * Result error with a clear message (the outbox retries it).
 */
export type PostNotification = (target: DeliveryTarget, reply: Reply) => Promise<Result<{ threadRef?: string }>>;

/**
 * The options that autocomplete on platforms that support it (Discord), by registry command name. Strategy ids,
 * symbols already seen in the workspace (the last of a comma list), run numbers and rule ids. On Discord an
 * autocompleted option has no fixed choices.
 */
export const AUTOCOMPLETED: Readonly<Record<string, readonly string[]>> = {
  'run start': ['strategy', 'symbols'],
  backtest: ['strategy', 'symbols'],
  'run stop': ['run'],
  'run pause': ['run'],
  'run resume': ['run'],
  'run status': ['run'],
  'run show': ['run'],
  'run summary': ['run'],
  positions: ['run'],
  compare: ['a', 'b'],
  'rules add': ['symbols'],
  'rules toggle': ['id'],
  'rules remove': ['id'],
};

export interface Conversations {
  /** The newest whole turns that fit in `budgetTokens`, oldest first; empty for a new conversation. */
  loadConversation(workspace: WorkspaceRef, key: string, budgetTokens: number): Promise<Result<readonly PriorTurn[]>>;
  /** Stores a question and its answer (in that order) and trims the conversation to its cap. */
  appendTurn(workspace: WorkspaceRef, key: string, turn: NewTurn): Promise<Result<null>>;
}

/** One answered question as a later question sees it. */
export interface PriorTurn {
  /** The member's question, as it was sent (wrapped as chat data). */
  readonly question: string;
  readonly authorId: string | null;
  /** The analyst's final text. */
  readonly answer: string;
  readonly toolCalls: readonly ToolCallNote[];
}

/** A turn to store; `tokens` are the caller's estimates of what each message costs when replayed. */
export interface NewTurn {
  readonly question: { readonly content: string; readonly authorId: string; readonly tokens: number };
  readonly answer: { readonly content: string; readonly toolCalls: readonly ToolCallNote[]; readonly tokens: number };
  readonly now: number;
}

/** One tool call of a turn as kept for later turns and for review: never the whole result. */
export interface ToolCallNote {
  readonly name: string;
  readonly input: unknown;
  /** The start of the tool's text summary (see TOOL_SUMMARY_CHARS). */
  readonly resultSummary: string;
  readonly isError: boolean;
}

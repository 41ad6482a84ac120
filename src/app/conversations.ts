// Analyst conversations per channel, DM or thread (key = AnalystQuestion.conversationId), persisted so a follow-up
// ("and run 3?") sees the earlier turns. The port is plain data; pairing and trimming to a token budget are pure.
import type { Result } from '../core/domain/result.js';
import type { WorkspaceRef } from './command.js';

/** How much earlier conversation a question carries by default (estimated tokens). */
export const DEFAULT_HISTORY_TOKENS = 8_000;
/** Messages kept per conversation; older ones are deleted when a turn is written. */
export const MAX_MESSAGES_PER_CONVERSATION = 200;

/** One tool call of a turn as kept for later turns and for review: never the whole result. */
export interface ToolCallNote {
  readonly name: string;
  readonly input: unknown;
  /** The start of the tool's text summary (see TOOL_SUMMARY_CHARS). */
  readonly resultSummary: string;
  readonly isError: boolean;
}

export const TOOL_SUMMARY_CHARS = 300;

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

export interface Conversations {
  /** The newest whole turns that fit in `budgetTokens`, oldest first; empty for a new conversation. */
  loadConversation(workspace: WorkspaceRef, key: string, budgetTokens: number): Promise<Result<readonly PriorTurn[]>>;
  /** Stores a question and its answer (in that order) and trims the conversation to its cap. */
  appendTurn(workspace: WorkspaceRef, key: string, turn: NewTurn): Promise<Result<null>>;
}

/** A rough token count (about four characters a token for English and JSON): enough for budgeting history. */
export const estimateTokens = (text: string): number => Math.ceil(text.length / 4);

/** A stored message as the store reads it back, oldest first. */
export interface StoredMessage {
  readonly role: 'user' | 'assistant';
  readonly authorId: string | null;
  readonly content: string;
  readonly toolCalls: readonly ToolCallNote[];
  /** Null for rows written without an estimate: estimated from the content then. */
  readonly tokens: number | null;
}

/**
 * Pairs each question with the answer right after it (an unanswered question or a lone answer, say after a trim,
 * is skipped so the message list sent to the model stays user/assistant alternating), then keeps the newest turns
 * while their tokens fit the budget. A turn that does not fit ends the walk: history never has gaps.
 */
export function recentTurns(messages: readonly StoredMessage[], budgetTokens: number): PriorTurn[] {
  const turns: { turn: PriorTurn; tokens: number }[] = [];
  for (let i = 0; i + 1 < messages.length; i++) {
    const q = messages[i]!;
    const a = messages[i + 1]!;
    if (q.role !== 'user' || a.role !== 'assistant') continue;
    const tokens = (q.tokens ?? estimateTokens(q.content)) + (a.tokens ?? estimateTokens(a.content));
    turns.push({ turn: { question: q.content, authorId: q.authorId, answer: a.content, toolCalls: a.toolCalls }, tokens });
    i++;
  }
  const kept: PriorTurn[] = [];
  let used = 0;
  for (let i = turns.length - 1; i >= 0; i--) {
    const { turn, tokens } = turns[i]!;
    if (used + tokens > budgetTokens) break;
    used += tokens;
    kept.push(turn);
  }
  return kept.reverse();
}

// Analyst conversations per channel, DM or thread (key = AnalystQuestion.conversationId), persisted so a follow-up
// ("and run 3?") sees the earlier turns. The port is plain data; pairing and trimming to a token budget are pure.
import type { PriorTurn, ToolCallNote } from './ports.js';

/** How much earlier conversation a question carries by default (estimated tokens). */

export const DEFAULT_HISTORY_TOKENS = 8_000;
/** Messages kept per conversation; older ones are deleted when a turn is written. */
export const MAX_MESSAGES_PER_CONVERSATION = 200;

export const TOOL_SUMMARY_CHARS = 300;

/** Where an analyst conversation continues: a channel or DM, or a thread inside a channel. */
export interface ConversationPlace {
  readonly channel: string;
  /** The thread the answer goes to, where the platform's threads are not channels of their own (Slack's `thread_ts`). */
  readonly thread?: string;
}

/**
 * The key of an analyst conversation (AnalystQuestion.conversationId), the same on every platform: the place where
 * the answer is posted and the next question continues it, `channel` or `channel:thread`. These are the formats the
 * adapters stored before this function, kept so stored conversations go on: a Discord thread is a channel (its id is
 * the channel), so Discord passes the channel alone; a Slack thread lives in a channel, so Slack passes both; a
 * Slack DM and the console are one channel each.
 */
export const conversationKey = (place: ConversationPlace): string =>
  place.thread === undefined ? place.channel : `${place.channel}:${place.thread}`;

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

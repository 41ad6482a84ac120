// Reading and writing a conversation around one answer. Memory is a convenience: a store that cannot be read
// gives a question without history, and one that cannot be written loses the turn, never the answer. Both log.
import type { AnalystQuestion } from '../app/chat/ports.js';
import type { Conversations, PriorTurn, ToolCallNote } from '../app/chat/ports.js';
import { turnTokens } from './conversation-history.js';

type Log = (line: string) => void;

export async function loadHistory(conversations: Conversations, q: AnalystQuestion, budgetTokens: number, log: Log): Promise<readonly PriorTurn[]> {
  try {
    const loaded = await conversations.loadConversation(q.workspace, q.conversationId, budgetTokens);
    if (loaded.ok) return loaded.value;
    log(`analyst: conversation not loaded (${loaded.error.code} ${loaded.error.message}); answering without history`);
  } catch (err) {
    log(`analyst: conversation not loaded (${message(err)}); answering without history`);
  }
  return [];
}

export interface AnsweredTurn {
  /** The question as sent, wrapped as chat data. */
  readonly question: string;
  readonly calls: readonly ToolCallNote[];
  readonly answer: string;
  readonly now: number;
}

export async function saveTurn(conversations: Conversations, q: AnalystQuestion, turn: AnsweredTurn, log: Log): Promise<void> {
  const tokens = turnTokens(turn.question, turn.calls, turn.answer);
  try {
    const saved = await conversations.appendTurn(q.workspace, q.conversationId, {
      question: { content: turn.question, authorId: q.actor.id, tokens: tokens.question },
      answer: { content: turn.answer, toolCalls: turn.calls, tokens: tokens.answer },
      now: turn.now,
    });
    if (!saved.ok) log(`analyst: conversation turn not saved (${saved.error.code} ${saved.error.message})`);
  } catch (err) {
    log(`analyst: conversation turn not saved (${message(err)})`);
  }
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

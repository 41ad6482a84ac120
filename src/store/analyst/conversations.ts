// The analyst's conversations in ChatSession (one per workspace and key) and ChatMessage (a question, then its
// answer with the turn's tool calls in `toolCalls`). Turns are written in one transaction, so a conversation never
// holds half a turn, and trimmed to a cap there too.
import { z } from 'zod';
import { MAX_MESSAGES_PER_CONVERSATION, recentTurns, type StoredMessage } from '../../app/chat/conversations.js';
import { type Conversations, type NewTurn, type PriorTurn, type ToolCallNote } from '../../app/chat/ports.js';
import { ok, type Result } from '../../core/domain/result.js';
import type { Db, PrismaClient } from '../db/client.js';
import { storeFailure } from '../db/errors.js';
import { toJsonInput } from '../db/json.js';
import { inTransaction } from '../db/transaction.js';
import { inWorkspace } from '../workspace/workspaces.js';

const toolCallsSchema = z.array(z.object({ name: z.string(), input: z.unknown(), resultSummary: z.string(), isError: z.boolean() }));
const roleSchema = z.enum(['user', 'assistant']);

export interface ConversationStoreOptions {
  /** Messages kept per conversation (default MAX_MESSAGES_PER_CONVERSATION). */
  readonly maxMessages?: number;
}

export function createPrismaConversations(prisma: PrismaClient, options: ConversationStoreOptions = {}): Conversations {
  const maxMessages = options.maxMessages ?? MAX_MESSAGES_PER_CONVERSATION;
  return {
    loadConversation: (workspace, key, budgetTokens) => inWorkspace(prisma, workspace, (id) => loadConversation(prisma, id, key, budgetTokens, maxMessages)),
    appendTurn: (workspace, key, turn) => inWorkspace(prisma, workspace, (id) => appendTurn(prisma, id, key, turn, maxMessages)),
  };
}

async function loadConversation(db: Db, workspaceId: string, key: string, budgetTokens: number, maxMessages: number): Promise<Result<PriorTurn[]>> {
  let rows;
  try {
    const session = await db.chatSession.findUnique({ where: { workspaceId_key: { workspaceId, key } }, select: { id: true } });
    if (session === null) return ok([]);
    rows = await db.chatMessage.findMany({
      where: { sessionId: session.id },
      orderBy: { createdAt: 'desc' },
      take: maxMessages,
      select: { role: true, authorId: true, content: true, toolCalls: true, tokens: true },
    });
  } catch (error) {
    return storeFailure(error, 'db.read_failed', 'Could not read the conversation');
  }
  return ok(recentTurns(rows.reverse().flatMap(messageOf), budgetTokens));
}

/** A row this version cannot read (an old `tool` row, say) is left out; its turn then drops from the history. */
function messageOf(row: { role: string; authorId: string | null; content: string; toolCalls: unknown; tokens: number | null }): StoredMessage[] {
  const role = roleSchema.safeParse(row.role);
  if (!role.success) return [];
  const calls = toolCallsSchema.safeParse(row.toolCalls ?? []);
  // Notes of tool calls are only a hint for the model: unreadable ones are dropped, the answer is kept.
  const toolCalls: readonly ToolCallNote[] = calls.success ? calls.data : [];
  return [{ role: role.data, authorId: row.authorId, content: row.content, toolCalls, tokens: row.tokens }];
}

async function appendTurn(prisma: PrismaClient, workspaceId: string, key: string, turn: NewTurn, maxMessages: number): Promise<Result<null>> {
  const calls = toJsonInput(turn.answer.toolCalls, 'toolCalls');
  if (!calls.ok) return calls;
  try {
    await inTransaction(prisma, async (tx) => {
      const session = await tx.chatSession.upsert({
        where: { workspaceId_key: { workspaceId, key } },
        create: { workspaceId, key },
        update: { updatedAt: new Date(turn.now) },
        select: { id: true },
      });
      // Strictly increasing times within a conversation, so (createdAt) orders it even when turns share a clock
      // reading or the clock steps back.
      const last = await tx.chatMessage.findFirst({ where: { sessionId: session.id }, orderBy: { createdAt: 'desc' }, select: { createdAt: true } });
      const asked = Math.max(turn.now, (last?.createdAt.getTime() ?? -Infinity) + 1);
      await tx.chatMessage.create({
        data: { sessionId: session.id, role: 'user', authorId: turn.question.authorId, content: turn.question.content, tokens: turn.question.tokens, createdAt: new Date(asked) },
      });
      await tx.chatMessage.create({
        data: { sessionId: session.id, role: 'assistant', content: turn.answer.content, toolCalls: calls.value, tokens: turn.answer.tokens, createdAt: new Date(asked + 1) },
      });
      const old = await tx.chatMessage.findMany({ where: { sessionId: session.id }, orderBy: { createdAt: 'desc' }, skip: maxMessages, select: { id: true } });
      if (old.length > 0) await tx.chatMessage.deleteMany({ where: { id: { in: old.map((m) => m.id) } } });
    });
  } catch (error) {
    return storeFailure(error, 'db.write_failed', 'Could not save the conversation');
  }
  return ok(null);
}

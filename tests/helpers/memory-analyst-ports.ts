// In-memory fakes of the analyst's ports (conversations, LLM usage, the monthly budget), for command and analyst
// tests; the Prisma versions have their own store tests.
import type { ChangedBy } from '../../src/app/workspace/ports.js';
import type { WorkspaceRef } from '../../src/app/chat/command.js';
import { recentTurns, type StoredMessage } from '../../src/app/chat/conversations.js';
import { type Conversations } from '../../src/app/chat/ports.js';
import { monthBounds } from '../../src/app/workspace/usage.js';
import { type AnalystBudget, type AnalystBudgets, type LlmUsageLedger, type MemberUsage, type UsageEntry } from '../../src/app/workspace/ports.js';
import { ok } from '../../src/core/domain/result.js';

const wsKey = (w: WorkspaceRef): string => `${w.platform}:${w.externalId}`;

export interface MemoryAnalystPorts {
  readonly conversations: Conversations;
  readonly llmUsage: LlmUsageLedger;
  readonly analystBudget: AnalystBudgets;
  /** Stored messages by `platform:externalId/key`. */
  readonly messages: Map<string, StoredMessage[]>;
  readonly usage: (UsageEntry & { workspace: string })[];
  readonly budgetChanges: { workspace: string; limitUsd: number | null; by: ChangedBy }[];
}

export function createMemoryAnalystPorts(o: { defaultBudgetUsd?: number; unpriced?: (model: string) => boolean } = {}): MemoryAnalystPorts {
  const messages = new Map<string, StoredMessage[]>();
  const usage: (UsageEntry & { workspace: string })[] = [];
  const budgets = new Map<string, number>();
  const budgetChanges: MemoryAnalystPorts['budgetChanges'] = [];
  const effective = (w: WorkspaceRef): AnalystBudget => {
    const own = budgets.get(wsKey(w));
    if (own !== undefined) return { limitUsd: own, source: 'workspace' };
    return o.defaultBudgetUsd === undefined ? { limitUsd: null, source: 'none' } : { limitUsd: o.defaultBudgetUsd, source: 'default' };
  };
  return {
    messages,
    usage,
    budgetChanges,
    conversations: {
      async loadConversation(w, key, budgetTokens) {
        return ok(recentTurns(messages.get(`${wsKey(w)}/${key}`) ?? [], budgetTokens));
      },
      async appendTurn(w, key, turn) {
        const list = messages.get(`${wsKey(w)}/${key}`) ?? [];
        list.push({ role: 'user', authorId: turn.question.authorId, content: turn.question.content, toolCalls: [], tokens: turn.question.tokens });
        list.push({ role: 'assistant', authorId: null, content: turn.answer.content, toolCalls: turn.answer.toolCalls, tokens: turn.answer.tokens });
        messages.set(`${wsKey(w)}/${key}`, list);
        return ok(null);
      },
    },
    llmUsage: {
      async record(w, entry) {
        usage.push({ ...entry, workspace: wsKey(w) });
        return ok(null);
      },
      async month(w, month, topMembers) {
        const { fromMs, toMs } = monthBounds(month);
        const rows = usage.filter((u) => u.workspace === wsKey(w) && u.at >= fromMs && u.at < toMs);
        const byMember = new Map<string, MemberUsage>();
        for (const r of rows) {
          const m = byMember.get(r.actor.id) ?? { name: r.actor.name, requests: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 };
          byMember.set(r.actor.id, { name: r.actor.name, requests: m.requests + 1, inputTokens: m.inputTokens + r.inputTokens, outputTokens: m.outputTokens + r.outputTokens, costUsd: m.costUsd + r.costUsd });
        }
        return ok({
          month,
          totals: {
            requests: rows.length,
            inputTokens: rows.reduce((n, r) => n + r.inputTokens, 0),
            outputTokens: rows.reduce((n, r) => n + r.outputTokens, 0),
            costUsd: rows.reduce((n, r) => n + r.costUsd, 0),
          },
          topMembers: [...byMember.values()].sort((a, b) => b.costUsd - a.costUsd).slice(0, Math.max(0, topMembers)),
          unpricedModels: [...new Set(rows.map((r) => r.model))].filter((m) => o.unpriced?.(m) ?? false).sort(),
        });
      },
    },
    analystBudget: {
      get: async (w) => ok(effective(w)),
      async set(w, limitUsd, by) {
        const before = effective(w);
        if (limitUsd === null) budgets.delete(wsKey(w));
        else budgets.set(wsKey(w), limitUsd);
        budgetChanges.push({ workspace: wsKey(w), limitUsd, by });
        return ok({ before, after: effective(w) });
      },
    },
  };
}

/** Just the three DeskDeps fields, for desks built by hand in tests. */
export function memoryAnalystDeps(): Pick<MemoryAnalystPorts, 'conversations' | 'llmUsage' | 'analystBudget'> {
  const { conversations, llmUsage, analystBudget } = createMemoryAnalystPorts();
  return { conversations, llmUsage, analystBudget };
}

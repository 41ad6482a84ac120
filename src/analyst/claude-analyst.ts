// The system analyst with an API key: Claude over the desk's own read-only MCP tools. It explains, compares and
// proposes; it cannot trade because the only tools it can reach are the MCP server's reads (enforced by
// construction, whatever the prompt or the chat says). It never throws: every failure becomes an error Reply.
import Anthropic from '@anthropic-ai/sdk';
import type { AnalystQuestion, AskAnalyst } from '../app/chat/ports.js';
import type { WorkspaceRef } from '../app/chat/command.js';
import type { DeskDeps } from '../app/desk/desk-deps.js';
import { DEFAULT_HISTORY_TOKENS } from '../app/chat/conversations.js';
import { errorReply, type Reply } from '../app/chat/reply.js';
import { budgetStop, monthOf } from '../app/workspace/usage.js';
import type { Result } from '../core/domain/result.js';
import { describeApiFailure } from './api-errors.js';
import { historyMessages } from './conversation-history.js';
import { loadHistory, saveTurn } from './conversation-memory.js';
import { openMcpSession, type McpSession } from './mcp-session.js';
import { findPromptFile, loadPromptFile, renderSystemPrompt, wrapChatMessage, type AnalystPrompt, type WorkspaceContext } from './system-prompt.js';
import { runToolLoop } from './tool-loop.js';
import { draftsFromResults, fileProposals, type ToolResultRecord } from './proposal-filing.js';

export const DEFAULT_ANALYST_MODEL = 'claude-sonnet-4-6';

/** Tokens one answer used (all its API requests), for budgets and /usage. */
export interface AnalystUsage {
  readonly workspace: WorkspaceRef;
  readonly actorId: string;
  readonly actorName: string;
  readonly conversationId: string;
  readonly model: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly requests: number;
  /** When the question was asked (epoch ms): the month the spend counts against. */
  readonly at: number;
}

export interface ClaudeAnalystOptions {
  readonly apiKey: string;
  readonly model?: string;
  /** A proxy or gateway (ANTHROPIC_BASE_URL); tests point it at a fake on 127.0.0.1. */
  readonly baseURL?: string;
  /** Tool calls per answer (default 8); past it Claude answers with what it has and the answer says so. */
  readonly maxToolCalls?: number;
  /** Per API request (default 60 s). */
  readonly timeoutMs?: number;
  /** Retries on 429, 5xx and connection errors, with the SDK's backoff (default 2). */
  readonly maxRetries?: number;
  /** Output tokens per API request (default 2048). */
  readonly maxTokens?: number;
  readonly deps: DeskDeps;
  /** One line per failure (never a secret: the API key is not in SDK error messages). */
  readonly log?: (line: string) => void;
  /**
   * Called once per answer that reached the API, failed or not, and awaited before the reply is returned (so
   * /usage right after shows it). A throw or rejection is logged; it never changes the answer.
   */
  readonly onUsage?: (usage: AnalystUsage) => void | Promise<void>;
  /** Earlier turns of the conversation sent with a question, in estimated tokens (default 8,000). */
  readonly historyTokens?: number;
  /** Defaults to the package's prompts/system-analyst.md. */
  readonly promptFile?: string;
}

export function createClaudeAnalyst(o: ClaudeAnalystOptions): AskAnalyst {
  const model = o.model ?? DEFAULT_ANALYST_MODEL;
  const maxToolCalls = o.maxToolCalls ?? 8;
  const client = new Anthropic({ apiKey: o.apiKey, maxRetries: o.maxRetries ?? 2, timeout: o.timeoutMs ?? 60_000, ...(o.baseURL === undefined ? {} : { baseURL: o.baseURL }) });
  let prompt: Promise<Result<AnalystPrompt>> | undefined;
  const loadPrompt = async (): Promise<Result<AnalystPrompt>> => {
    const file = o.promptFile === undefined ? findPromptFile() : { ok: true as const, value: o.promptFile };
    return file.ok ? loadPromptFile(file.value) : file;
  };

  return async (q: AnalystQuestion, now: number): Promise<Reply> => {
    const loaded = await (prompt ??= loadPrompt());
    if (!loaded.ok) {
      prompt = undefined; // a fixed file is picked up on the next question
      o.log?.(`analyst: ${loaded.error.code} ${loaded.error.message}`);
      return errorReply(`The analyst is not available: ${loaded.error.message}`);
    }
    const stop = await checkBudget(o.deps, q.workspace, o.deps.wallNow())
      .catch((err: unknown) => unreadable({ code: 'analyst.budget_unreadable', message: err instanceof Error ? err.message : String(err) }));
    if (stop !== null) {
      o.log?.(`analyst: ${stop.code} ${stop.message}`);
      return errorReply(stop.message);
    }
    const usage = { inputTokens: 0, outputTokens: 0, requests: 0 };
    const log = o.log ?? (() => undefined);
    let session: McpSession | undefined;
    try {
      const open = await openMcpSession(o.deps, q.workspace, now);
      session = open;
      const [context, history] = await Promise.all([
        gatherContext(session, q.workspace),
        loadHistory(o.deps.conversations, q, o.historyTokens ?? DEFAULT_HISTORY_TOKENS, log),
      ]);
      const question = wrapChatMessage(q.actor.name, q.text);
      // Proposals come from the tools' structured results, never from Claude's text (see proposal-filing.ts).
      const results: ToolResultRecord[] = [];
      const callTool = async (name: string, input: unknown) => {
        const outcome = await open.call(name, input);
        // A failed call is kept too: a replay that could not run is why a suggestion has no evidence.
        results.push(outcome.isError ? { tool: name, data: input, summary: outcome.summary, failed: true } : { tool: name, data: outcome.data, summary: outcome.summary });
        return outcome;
      };
      const outcome = await runToolLoop({
        client, model, maxTokens: o.maxTokens ?? 2048, maxToolCalls,
        system: renderSystemPrompt(loaded.value, context, new Date(now).toISOString()),
        tools: session.tools,
        history: historyMessages(history),
        question,
        callTool,
        onResponse: (u) => {
          usage.requests += 1;
          usage.inputTokens += u.input_tokens + (u.cache_creation_input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0);
          usage.outputTokens += u.output_tokens;
        },
      });
      const text = outcome.text === '' ? `Claude gave no answer (stop reason: ${outcome.stopReason ?? 'none'}); try asking again.` : outcome.text;
      const note = outcome.stoppedAtLimit ? `\n\n(I stopped after ${outcome.toolCalls} tool calls, the limit for one answer, so this may be incomplete: ask a narrower question for more.)` : '';
      // An empty answer is not worth remembering: the member will ask again.
      if (outcome.text !== '') await saveTurn(o.deps.conversations, q, { question, calls: outcome.calls, answer: text + note, now }, log);
      const filed = await fileProposals(o.deps.proposals, q, draftsFromResults(results), now);
      return { kind: 'ok', title: 'Analyst', text: [text + note, filed.text].filter((s) => s !== '').join('\n\n'), ...(filed.buttons.length === 0 ? {} : { buttons: filed.buttons }) };
    } catch (err) {
      const failure = describeApiFailure(err);
      o.log?.(`analyst: ${failure.code} ${failure.message}`);
      return errorReply(failure.message);
    } finally {
      await session?.close().catch(() => undefined);
      if (usage.requests > 0) {
        await report(o, { workspace: q.workspace, actorId: q.actor.id, actorName: q.actor.name, conversationId: q.conversationId, model, ...usage, at: o.deps.wallNow() });
      }
    }
  };
}

/** The runs and active rules, read through the same tools Claude gets (so the context obeys the same scope). */
async function gatherContext(session: McpSession, workspace: WorkspaceRef): Promise<WorkspaceContext> {
  const [runs, rules] = await Promise.all([session.call('list_runs', { limit: 20 }), session.call('get_rules', { active_only: true })]);
  const shown = (o: typeof runs, what: string) => (o.isError ? `(${what} could not be read: ${o.summary})` : o.summary);
  return { workspaceName: workspace.name, runs: shown(runs, 'runs'), rules: shown(rules, 'rules') };
}

/**
 * The hard stop: at or over this month's (UTC) budget, a refusal instead of an API call. A budget that cannot be
 * read refuses too, since a cap that fails open is no cap.
 */
async function checkBudget(deps: DeskDeps, workspace: WorkspaceRef, now: number): Promise<{ code: string; message: string } | null> {
  const month = monthOf(now);
  const budget = await deps.analystBudget.get(workspace);
  if (!budget.ok) return unreadable(budget.error);
  if (budget.value.limitUsd === null) return null;
  // A $0 budget needs no reading of the spend: Claude is off.
  const spent = budget.value.limitUsd === 0 ? null : await deps.llmUsage.month(workspace, month, 0);
  if (spent !== null && !spent.ok) return unreadable(spent.error);
  const text = budgetStop(budget.value, spent?.value.totals.costUsd ?? 0, month);
  return text === null ? null : { code: 'analyst.budget_exhausted', message: text };
}

const unreadable = (e: { code: string; message: string }): { code: string; message: string } =>
  ({ code: e.code, message: `The analyst budget could not be checked (${e.message}); try again later` });

async function report(o: ClaudeAnalystOptions, usage: AnalystUsage): Promise<void> {
  try {
    await o.onUsage?.(usage);
  } catch (err) {
    o.log?.(`analyst: usage hook failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

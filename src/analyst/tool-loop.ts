// The Messages API tool loop: ask, run the tools Claude asks for, send their results back as data, until Claude
// ends its turn or the per-answer tool budget is spent. API errors propagate to the caller, which maps them.
import type Anthropic from '@anthropic-ai/sdk';
import { TOOL_SUMMARY_CHARS } from '../app/chat/conversations.js';
import { type ToolCallNote } from '../app/chat/ports.js';
import type { ToolOutcome } from './mcp-session.js';
import { wrapToolData } from './system-prompt.js';

export interface ToolLoopInput {
  readonly client: Anthropic;
  readonly model: string;
  readonly maxTokens: number;
  readonly system: string;
  readonly tools: readonly Anthropic.Tool[];
  /** Earlier turns of the conversation as plain text messages (user first, alternating), oldest first. */
  readonly history?: readonly Anthropic.MessageParam[];
  /** The member's question, already wrapped as chat data. */
  readonly question: string;
  readonly maxToolCalls: number;
  readonly callTool: (name: string, input: unknown) => Promise<ToolOutcome>;
  /** Called after every API response, so usage is counted even when a later request fails. */
  readonly onResponse: (usage: Anthropic.Usage) => void;
}

export interface ToolLoopOutcome {
  readonly text: string;
  readonly toolCalls: number;
  /** The calls that ran, in order, with the start of each result (for the stored conversation). */
  readonly calls: readonly ToolCallNote[];
  /** True when Claude wanted more tools than the budget allowed and was asked to answer with what it had. */
  readonly stoppedAtLimit: boolean;
  readonly stopReason: string | null;
}

export async function runToolLoop(i: ToolLoopInput): Promise<ToolLoopOutcome> {
  const messages: Anthropic.MessageParam[] = [...(i.history ?? []), { role: 'user', content: i.question }];
  const calls: ToolCallNote[] = [];
  let toolCalls = 0;
  let finalRound = false;
  for (;;) {
    const response = await i.client.messages.create({
      model: i.model,
      max_tokens: i.maxTokens,
      system: i.system,
      tools: [...i.tools],
      messages,
      // Over budget: the tools stay declared (earlier turns use them) but Claude may not call another.
      ...(finalRound ? { tool_choice: { type: 'none' } as const } : {}),
    });
    i.onResponse(response.usage);
    const text = textOf(response.content);
    if (response.stop_reason !== 'tool_use' || finalRound) {
      return { text, toolCalls, calls, stoppedAtLimit: finalRound, stopReason: response.stop_reason };
    }
    messages.push({ role: 'assistant', content: response.content });
    const results: Anthropic.ContentBlockParam[] = [];
    for (const block of response.content) {
      if (block.type !== 'tool_use') continue;
      if (toolCalls >= i.maxToolCalls) {
        finalRound = true;
        results.push({ type: 'tool_result', tool_use_id: block.id, content: `Not run: the limit of ${i.maxToolCalls} tool calls for one answer is reached.`, is_error: true });
        continue;
      }
      toolCalls += 1;
      const outcome = await i.callTool(block.name, block.input);
      calls.push({ name: block.name, input: block.input, resultSummary: clip(outcome.summary, TOOL_SUMMARY_CHARS), isError: outcome.isError });
      results.push({ type: 'tool_result', tool_use_id: block.id, content: wrapToolData(block.name, outcome.text), ...(outcome.isError ? { is_error: true } : {}) });
    }
    if (finalRound) results.push({ type: 'text', text: 'No more tool calls are possible for this answer. Answer now with what the tools returned, and say what you could not check.' });
    messages.push({ role: 'user', content: results });
  }
}

function textOf(content: readonly Anthropic.ContentBlock[]): string {
  return content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('\n').trim();
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

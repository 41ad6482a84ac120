import type { AnyCommand } from '../app/chat/command.js';
import type { AnalystQuestion, AskAnalyst } from '../app/chat/ports.js';
import type { DeskDeps } from '../app/desk/desk-deps.js';
import { dispatch } from '../app/chat/dispatch.js';
import type { Reply } from '../app/chat/reply.js';
import { assertNever } from '../core/domain/result.js';
import { openMcpSession, type McpSession } from './mcp-session.js';
import { answerCompare } from './offline/answer-compare.js';
import { answerNoTrades } from './offline/answer-no-trades.js';
import { answerRuleIdeas, type ProposalFiling } from './offline/answer-rule-ideas.js';
import { answerExplainRule, answerRules } from './offline/answer-rules.js';
import { answerRunResult, answerRunStatus } from './offline/answer-run.js';
import { parseIntent, type OfflineIntent } from './offline/intents.js';
import { toolsNote } from './offline/format.js';
import { offlineMenu } from './offline/menu.js';

/**
 * The analyst without an API key: plain questions matched to an intent and answered through the same read-only MCP
 * tools Claude uses, with templated text carrying their numbers. The few questions no tool answers (a live run's
 * positions, the portfolio, a run's summary card) go to the desk's read-only commands, always run as a viewer.
 * Either way no question can change anything, whatever it says.
 */
export function createOfflineAnalyst(registry: readonly AnyCommand<DeskDeps>[], deps: DeskDeps): AskAnalyst {
  return async (q: AnalystQuestion, now: number): Promise<Reply> => {
    const intent = parseIntent(q.text);
    switch (intent.kind) {
      case 'menu':
        return offlineMenu(intent.refused);
      case 'command':
        return viaCommand(registry, deps, q, now, intent.line);
      default: {
        const session = await openMcpSession(deps, q.workspace, now);
        try {
          return await answerWithTools(session, intent, now, { proposals: deps.proposals, question: q });
        } finally {
          await session.close();
        }
      }
    }
  };
}

type ToolIntent = Exclude<OfflineIntent, { kind: 'menu' | 'command' }>;

function answerWithTools(session: McpSession, intent: ToolIntent, now: number, filing: ProposalFiling): Promise<Reply> {
  switch (intent.kind) {
    case 'run_status':
      return answerRunStatus(session, intent.run);
    case 'run_result':
      return answerRunResult(session, intent.run);
    case 'compare':
      return answerCompare(session, intent.runs);
    case 'no_trades':
      return answerNoTrades(session, intent, now);
    case 'rules':
      return answerRules(session, intent.activeOnly);
    case 'explain_rule':
      return answerExplainRule(session, intent.rule, intent.run);
    case 'rule_ideas':
      return answerRuleIdeas(session, intent.run, filing, now);
    case 'list_runs':
      return answerListRuns(session);
    default:
      return assertNever(intent);
  }
}

async function answerListRuns(session: McpSession): Promise<Reply> {
  const listed = await session.call('list_runs', {});
  if (listed.isError) return { kind: 'error', text: listed.summary };
  return { kind: 'ok', title: 'Runs', text: `${listed.summary}\n\n${toolsNote(['list_runs'])}` };
}

async function viaCommand(registry: readonly AnyCommand<DeskDeps>[], deps: DeskDeps, q: AnalystQuestion, now: number, line: string): Promise<Reply> {
  const reply = await dispatch(registry, line, {
    workspace: q.workspace,
    actor: { ...q.actor, role: 'viewer' },
    channelId: q.channelId,
    now: () => now,
    deps,
  });
  const note = `Offline analyst: answered with \`${line}\`.`;
  return { ...reply, text: reply.text === undefined ? note : `${reply.text}\n\n${note}` };
}

// "what rules would have helped run N?": suggest_rules with its replay deltas, and each proposal filed for a person
// to approve or reject (buttons on Discord and Slack, numbered choices on the console). Nothing is put into force.
import type { AnalystQuestion } from '../../app/chat/ports.js';
import type { Reply } from '../../app/chat/reply.js';
import type { RuleProposals } from '../../app/workspace/ports.js';
import type { McpSession } from '../mcp-session.js';
import { draftsFromResults, fileProposals } from '../proposal-filing.js';
import { toolsNote } from './format.js';

export const SUGGEST_TOOL = 'suggest_rules';

export interface ProposalFiling {
  readonly proposals: RuleProposals;
  readonly question: AnalystQuestion;
}

export async function answerRuleIdeas(session: McpSession, run: number, filing: ProposalFiling, now: number): Promise<Reply> {
  const outcome = await session.call(SUGGEST_TOOL, { run, replay: true });
  if (outcome.isError) return { kind: 'error', text: outcome.summary };
  const drafts = draftsFromResults([{ tool: SUGGEST_TOOL, data: outcome.data, summary: outcome.summary }]);
  const filed = await fileProposals(filing.proposals, filing.question, drafts, now);
  return {
    kind: 'ok',
    title: `Rules that would have helped Run #${run}`,
    text: [outcome.summary, filed.text, toolsNote([SUGGEST_TOOL])].filter((s) => s !== '').join('\n\n'),
    ...(filed.buttons.length === 0 ? {} : { buttons: filed.buttons }),
  };
}

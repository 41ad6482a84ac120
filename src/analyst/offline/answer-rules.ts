// "what rules are active?" (get_rules) and "explain rule X [in run N]" (explain_rule).
import type { Reply } from '../../app/chat/reply.js';
import type { McpSession } from '../mcp-session.js';
import { errorReply, observedVsLimit, toolsNote } from './format.js';
import { callForData } from './tool-data.js';
import { ruleData, rulesData } from './tool-schemas.js';

/** Examples of blocks quoted from a run. */
const EXAMPLES = 3;

export async function answerRules(session: McpSession, activeOnly: boolean): Promise<Reply> {
  const got = await callForData(session, 'get_rules', { active_only: activeOnly }, rulesData);
  if (!got.ok) return errorReply(got.error);
  const { rules } = got.value.data;
  const which = activeOnly ? 'active rule' : 'rule';
  const head = rules.length === 0 ? `No ${which}s in this workspace.` : `${rules.length} ${which}(s), in evaluation order:`;
  const lines = rules.map((r, i) => `${i + 1}. ${r.id}${r.name === null ? '' : ` "${r.name}"`} (${r.type}): ${r.math}`);
  return { kind: 'ok', title: activeOnly ? 'Active rules' : 'Rules', text: [head, ...lines, '', toolsNote(['get_rules'])].join('\n') };
}

export async function answerExplainRule(session: McpSession, rule: string, run: number | null): Promise<Reply> {
  const got = await callForData(session, 'explain_rule', run === null ? { rule } : { rule, run, examples: EXAMPLES }, ruleData);
  if (!got.ok) return errorReply(got.error);
  const { rule: r, inRun } = got.value.data;
  const lines = [
    `Rule ${r.id}${r.name === null ? '' : ` "${r.name}"`} (${r.category}, ${r.type}, params ${JSON.stringify(r.params)}):`,
    r.math,
  ];
  if (inRun !== null) {
    const symbols = Object.entries(inRun.bySymbol).sort((a, b) => b[1] - a[1]).map(([s, n]) => `${s} ${n}`);
    lines.push(inRun.records === 0
      ? `In Run #${inRun.run} (as of ${inRun.asOf}) it blocked nothing.`
      : `In Run #${inRun.run} (as of ${inRun.asOf}): ${inRun.records} block record(s), ${inRun.blockedSignals} signal(s) counting repeats${inRun.shadowRecords > 0 ? `, ${inRun.shadowRecords} shadow only` : ''}; by symbol ${symbols.join(', ')}.`);
    for (const e of inRun.examples) lines.push(`- ${e.time} ${e.symbol}: ${e.reason}${observedVsLimit(e.observed, e.limit)}${e.shadow ? ' (shadow)' : ''}`);
  }
  return { kind: 'ok', title: `Rule ${r.id}`, text: [...lines, '', toolsNote(['explain_rule'])].join('\n') };
}

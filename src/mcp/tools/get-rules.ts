import { z } from 'zod';
import { ok } from '../../core/domain/result.js';
import { defineTool } from '../define-tool.js';
import { ruleOutput, toRuleOutput } from './rule-output.js';

export const getRulesTool = defineTool({
  name: 'get_rules',
  title: 'Get rules',
  description: 'The workspace\'s rules (active or not) in evaluation order, with exact parameters and the check each applies in words.',
  input: {
    active_only: z.boolean().default(false).describe('Only the active rules (default false: all)'),
  },
  output: {
    total: z.number().int().describe('Rules returned'),
    rules: z.array(ruleOutput).describe('In evaluation order'),
  },
  async run(deps, input) {
    const listed = await deps.listRules();
    if (!listed.ok) return listed;
    const rules = listed.value.filter((r) => !input.active_only || r.active).map(toRuleOutput);
    const text = rules.length === 0
      ? 'No rules in this workspace.'
      : `${rules.length} rule(s):\n${rules.map((r) => `${r.id} (${r.type}${r.active ? '' : ', inactive'}${r.shadow ? ', shadow' : ''}): ${r.math}`).join('\n')}`;
    return ok({ text, data: { total: rules.length, rules } });
  },
});

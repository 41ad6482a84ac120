import { z } from 'zod';
import type { Rule } from '../../core/risk/rules.js';
import { ruleMath, ruleScope } from './rule-math.js';

export const ruleOutput = z.object({
  id: z.string().describe('Rule id'),
  name: z.string().nullable().describe('Optional name'),
  category: z.string().describe('Category'),
  type: z.string().describe('Rule type'),
  params: z.record(z.string(), z.unknown()).describe('Exact parameters'),
  priority: z.number().int().describe('Evaluation order, 1 first'),
  active: z.boolean().describe('Evaluated at all'),
  shadow: z.boolean().describe('Reported but never enforced'),
  symbols: z.array(z.string()).nullable().describe('Symbols it applies to; null = all'),
  math: z.string().describe('The check it applies, in words'),
}).describe('A workspace rule');

export const toRuleOutput = (r: Rule): z.infer<typeof ruleOutput> => ({
  id: r.id, name: r.name ?? null, category: r.category, type: r.type, params: { ...r.params }, priority: r.priority,
  active: r.active, shadow: r.shadow, symbols: r.symbols === undefined ? null : [...r.symbols], math: `${ruleMath(r)} ${ruleScope(r)}`,
});

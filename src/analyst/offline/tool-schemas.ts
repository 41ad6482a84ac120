// The tools' own output schemas, for reading their structured answers (one definition of each shape).
import { z } from 'zod';
import { compareRunsTool } from '../../mcp/tools/compare-runs.js';
import { explainRuleTool } from '../../mcp/tools/explain-rule.js';
import { getDecisionsTool } from '../../mcp/tools/get-decisions.js';
import { getRulesTool } from '../../mcp/tools/get-rules.js';
import { getRunTool } from '../../mcp/tools/get-run.js';
import { listRunsTool } from '../../mcp/tools/list-runs.js';

export const runData = z.object(getRunTool.output);
export const runsData = z.object(listRunsTool.output);
export const decisionsData = z.object(getDecisionsTool.output);
export const comparisonData = z.object(compareRunsTool.output);
export const rulesData = z.object(getRulesTool.output);
export const ruleData = z.object(explainRuleTool.output);

export type RunData = z.infer<typeof runData>;
export type DecisionsData = z.infer<typeof decisionsData>;

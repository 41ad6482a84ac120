// The explicit registry of MCP tools (no folder scanning). Every tool only reads: McpDeps holds no write.
import type { AnyTool } from '../define-tool.js';
import { analyzeTradesTool } from './analyze-trades.js';
import { calculateMetricsTool } from './calculate-metrics.js';
import { compareRunsTool } from './compare-runs.js';
import { explainRuleTool } from './explain-rule.js';
import { getBarsTool } from './get-bars.js';
import { getDecisionsTool } from './get-decisions.js';
import { getIndicatorsTool } from './get-indicators.js';
import { getRulesTool } from './get-rules.js';
import { getRunTool } from './get-run.js';
import { getTradesTool } from './get-trades.js';
import { listRunsTool } from './list-runs.js';
import { replayWithRuleTool } from './replay-with-rule.js';
import { suggestRulesTool } from './suggest-rules.js';

export const TOOLS: readonly AnyTool[] = [
  listRunsTool,
  getRunTool,
  getTradesTool,
  getDecisionsTool,
  calculateMetricsTool,
  analyzeTradesTool,
  compareRunsTool,
  getRulesTool,
  explainRuleTool,
  suggestRulesTool,
  replayWithRuleTool,
  getBarsTool,
  getIndicatorsTool,
];

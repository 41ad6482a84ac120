// "compare run 1 with run 2", "compare 1, 2 and 3": compare_runs, with a bottom line from its numbers.
import type { Reply } from '../../app/chat/reply.js';
import type { McpSession } from '../mcp-session.js';
import { errorReply, listOf, num, toolsNote } from './format.js';
import { callForData } from './tool-data.js';
import { comparisonData } from './tool-schemas.js';

export async function answerCompare(session: McpSession, runs: readonly number[]): Promise<Reply> {
  const got = await callForData(session, 'compare_runs', { runs: [...runs] }, comparisonData);
  if (!got.ok) return errorReply(got.error);
  const { summary, data } = got.value;
  const labels = data.runs.map((r) => `Run #${r.number}`);
  const best = (metric: string, pick: 'max' | 'min'): string | null => {
    const values = data.metrics.find((m) => m.metric === metric)?.values ?? [];
    let at = -1;
    values.forEach((v, i) => {
      const current = at < 0 ? null : values[at]!;
      if (v !== null && (current === null || (pick === 'max' ? v > current : v < current))) at = i;
    });
    return at < 0 ? null : `${labels[at]!} (${num(values[at]!)}${metric.endsWith('Pct') ? '%' : ''})`;
  };
  const bottom = [
    ['best return', best('totalReturnPct', 'max')],
    ['smallest drawdown', best('maxDrawdownPct', 'min')],
    ['best Sharpe', best('sharpe', 'max')],
  ].flatMap(([what, who]) => (who === null ? [] : [`${what}: ${who}`]));
  return {
    kind: 'ok',
    title: `Comparing ${listOf(labels)}`,
    text: [summary, bottom.length === 0 ? '' : `Bottom line: ${bottom.join('; ')}.`, toolsNote(['compare_runs'])].filter((s) => s !== '').join('\n\n'),
  };
}

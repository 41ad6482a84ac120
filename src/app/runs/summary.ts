// The "run summary" card: metrics and the equity curve of one run. /run summary shows it; the desk also posts it
// when a run stops and at each day's close, so it takes a run id and nothing chat-specific.
import { ok, type Result } from '../../core/domain/result.js';
import type { EquityChartInput } from './ports.js';
import type { Reply, ReplyImage } from '../chat/reply.js';
import type { RunQueries, RunRef } from './ports.js';
import { day, metricFields } from './report-format.js';
import { equitySeries, runMetrics } from './metrics.js';
import { brokerText, isLiveBroker } from '../../core/runs/run-broker.js';

export interface RunSummaryDeps {
  readonly runQueries: RunQueries;
  /** Absent where no renderer is wired: the card then has no image. */
  readonly renderEquityChart?: (input: EquityChartInput) => Promise<Uint8Array>;
}

/** The summary card of a run (an id from a scoped lookup, or the scheduler's own run). */
export async function runSummaryReply(deps: RunSummaryDeps, runId: string): Promise<Result<Reply>> {
  const history = await deps.runQueries.getHistory(runId);
  if (!history.ok) return history;
  const h = history.value;
  const { run } = h;
  const metrics = runMetrics(h);
  const images: ReplyImage[] = [];
  // A run that has not marked a bar yet has no curve; a "no data" picture would say less than the text.
  if (deps.renderEquityChart !== undefined && h.equity.length > 0) {
    images.push({
      filename: `run-${run.number}-equity.png`,
      alt: `Equity curve of Run #${run.number}`,
      png: await deps.renderEquityChart({
        title: `Run #${run.number}: ${run.config.strategy.id} on ${run.config.symbols.join(', ')}`,
        series: [equitySeries(`Run #${run.number}`, h)],
        simulated: run.config.simulated,
      }),
    });
  }
  return ok({
    kind: 'ok',
    title: `${isLiveBroker(run.broker) ? 'LIVE: ' : ''}Run #${run.number} summary`,
    text: runHeadline(run),
    fields: metricFields(metrics),
    ...(images.length === 0 ? {} : { images }),
  });
}

/**
 * `mean-reversion 1.0.0 on SIM-A, SIM-B [1m], paper, running`, the data line and, for a paper/live run, its broker
 * (`broker: paper (internal)`, `broker: Alpaca paper account`, `broker: LIVE: Alpaca live account`).
 */
export function runHeadline(run: RunRef): string {
  const c = run.config;
  // A backtest's source label already says it is simulated; a paper run's is just `sim`.
  const data = c.simulated && !c.dataSource.includes('simulated') ? `${c.dataSource} (simulated, not real prices)` : c.dataSource;
  return [
    `${c.strategy.id} ${c.strategy.version} on ${c.symbols.join(', ')} [${c.timeframe}], ${run.mode}, ${run.status}`,
    `data: ${data}, ${c.dataFrom === null ? 'no bars yet' : `${day(c.dataFrom)} .. ${day(c.dataTo)}`}`,
    ...(run.mode === 'backtest' ? [] : [`broker: ${brokerText(run.broker)}`]),
  ].join('\n');
}

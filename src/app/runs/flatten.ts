import { TIMEFRAME_MS } from '../../core/domain/bar.js';
import { ok, type Result } from '../../core/domain/result.js';
import { DAY_MS } from '../../core/calendar/civil-date.js';
import { decideFlatten } from '../../core/runs/decide-flatten.js';
import type { RunDeps } from './iterate.js';
import type { IterationCommit, NotificationDraft, RunSnapshot } from './model.js';

export interface FlattenBy {
  readonly actor: string;
  readonly now: number;
  /** The status change that goes with it in the same transaction (`/run stop flatten:true`: stopped). */
  readonly transition: IterationCommit['transition'];
  /** Notifications of that change, queued with the flatten's own. */
  readonly notifications: readonly NotificationDraft[];
}

/**
 * The run's book flattened at market now, as one commit decided on `snap` (compare-and-set on its version): the shell
 * reads each held symbol's latest close, core decides the flatten (src/core/runs/decide-flatten.ts).
 */
export async function flattenCommit(deps: Pick<RunDeps, 'marketData'>, snap: RunSnapshot, by: FlattenBy): Promise<Result<IterationCommit>> {
  const { run, state, positions, pending } = snap;
  const { now } = by;
  const m = run.manifest;
  const market = deps.marketData(m.dataSource, { pinned: m.sources, adjustment: m.adjustment });
  if (!market.ok) return market;
  const lastClose = new Map<string, number>();
  for (const p of positions) {
    const bars = await market.value.getBars({ symbol: p.symbol, timeframe: m.timeframe, from: now - 30 * TIMEFRAME_MS[m.timeframe] - 10 * DAY_MS, to: now - TIMEFRAME_MS[m.timeframe] });
    if (bars.ok && bars.value.length > 0) lastClose.set(p.symbol, bars.value.close[bars.value.length - 1]!);
  }
  const outcome = decideFlatten({
    runId: run.id, runNumber: run.number, startCash: m.startCash, costs: m.costs, state, positions, pending, lastClose, actor: by.actor, now,
    notifications: by.notifications,
  });
  if (!outcome.ok) return outcome;
  return ok({ runId: run.id, expectedVersion: snap.version, ...outcome.value, transition: by.transition });
}

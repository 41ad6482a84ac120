// Shared by the run reports: finding a live run by number, its next iteration, its positions as table rows.
import { nextBarClose } from '../../core/calendar/bar-schedule.js';
import { fail, type Result } from '../../core/domain/result.js';
import type { WorkspaceRef } from '../chat/command.js';
import type { StoredPosition } from '../runs/model.js';
import type { LiveRunView, RunQueries } from '../runs/ports.js';
import { minute, price, qty, signedMoney } from '../runs/report-format.js';
import { runCalendar, type RunCalendars } from '../runs/calendar.js';

/** Run #`number` of the workspace as a live run; a backtest has no live state (`run.not_live`). */
export async function findLiveRun(queries: RunQueries, workspace: WorkspaceRef, number: number): Promise<Result<LiveRunView>> {
  const ref = await queries.findRun(workspace, number);
  if (!ref.ok) return ref;
  if (ref.value.mode === 'backtest') {
    return fail('run.not_live', `Run #${number} is a backtest: it has no live state (try /run show run:${number})`, { number });
  }
  return queries.getLive(ref.value.id);
}

/**
 * When the scheduler next iterates the run: its next bar close on the calendar the desk follows (Alpaca's when
 * configured: `calendars`), or why it will not.
 */
export function nextIteration(view: LiveRunView, now: number, calendars: RunCalendars = runCalendar): string {
  if (view.run.status !== 'running') return `none (${view.run.status})`;
  return minute(nextBarClose(calendars(view.run.manifest), view.run.manifest.timeframe, now));
}

/** Why a halted run is halted: the recorded transition reason, else the state's own halt. */
export function haltReason(view: LiveRunView): string | null {
  if (view.run.status !== 'halted') return null;
  return view.statusReason ?? view.state.entriesHalted?.message ?? view.state.breaker.reason?.message ?? 'no reason recorded';
}

export const POSITION_COLUMNS = ['symbol', 'side', 'qty', 'entry', 'last', 'unrealised P&L'] as const;

/** symbol, side, qty, entry, last price, unrealised P&L (marked at the last close, before exit costs). */
export function positionRow(p: StoredPosition): string[] {
  return [p.symbol, p.qty < 0 ? 'short' : 'long', qty(Math.abs(p.qty)), price(p.avgPrice), price(p.lastPrice), signedMoney((p.lastPrice - p.avgPrice) * p.qty)];
}

/** Long and short positions at their last price (shorts count negative). */
export const marketValue = (positions: readonly StoredPosition[]): number => positions.reduce((sum, p) => sum + p.qty * p.lastPrice, 0);

// One bar of a replayed paper run in the mode the run decided it: `trade` (running) or `exits_only` (paused: opens
// nothing new, keeps managing what it holds).
import type { PlannedOrder } from '../core/domain/order.js';
import { isEntry } from '../core/domain/signal.js';
import type { PlannerContext } from '../core/engine/plan.js';
import type { EngineState } from '../core/engine/state.js';
import { stepBar, type StepSink } from '../core/engine/step.js';

export type ReplayBarMode = 'trade' | 'exits_only';

/**
 * `exits_only`: a pending entry order is dropped at the open (pausing cancels them; older ones go here), pending
 * exits fill, stops, targets and trailing stops are checked intrabar, the book is marked, and at the close exit
 * signals and time stops become orders while entry signals are set aside.
 *
 * MERGE NOTE (issue 10): helper h6-book gives stepBar a `mode` parameter (BarMode in src/core/engine/plan.ts) with
 * these same semantics, used by iterate.ts for paused runs. Once merged, this function is
 * `stepBar(ctx, state, t, pending, sink, mode)` and this file can go: the iteration and the replay then share one
 * definition of a paused bar.
 */
export function stepInMode(ctx: PlannerContext, state: EngineState, t: number, pending: readonly PlannedOrder[], sink: StepSink, mode: ReplayBarMode): PlannedOrder[] {
  if (mode === 'trade') return stepBar(ctx, state, t, pending, sink);
  const exitsOnly: PlannerContext = { ...ctx, decide: (step, holdings) => ctx.decide(step, holdings).filter((s) => !isEntry(s.action)) };
  return stepBar(exitsOnly, state, t, pending.filter((o) => o.intent === 'exit'), sink);
}

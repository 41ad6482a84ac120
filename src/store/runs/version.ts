// The run's book version (Run.stateVersion). Every write of a paper/live run's state, positions, pending orders,
// status or rules bumps it in the same transaction; a change decided on an older read names the version it read and
// is refused (`run.stale`, nothing written) instead of overwriting what happened meanwhile. The caller reads again
// and decides again.
import { fail, ok, type Result } from '../../core/domain/result.js';
import type { Db } from '../db/client.js';

export function staleRun(number: number, expected: number, current: number): Result<never> {
  return fail('run.stale', `Run #${number} changed while this change was being decided (version ${expected}, now ${current}); it is read again`, {
    number,
    expected,
    current,
  });
}

/** Bumps the version; with `expected`, only if it is still that one (compare-and-set). */
export async function bumpRunVersion(tx: Db, runId: string, expected: number | undefined): Promise<Result<void>> {
  const { count } = await tx.run.updateMany({
    where: { id: runId, ...(expected === undefined ? {} : { stateVersion: expected }) },
    data: { stateVersion: { increment: 1 } },
  });
  if (count === 1) return ok(undefined);
  const row = await tx.run.findUnique({ where: { id: runId }, select: { number: true, stateVersion: true } });
  if (row === null) return fail('run.not_found', `No paper or live run with id '${runId}'`, { runId });
  return staleRun(row.number, expected ?? row.stateVersion, row.stateVersion);
}

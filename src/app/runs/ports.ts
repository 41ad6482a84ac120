import type { Result } from '../../core/domain/result.js';
import type { WorkspaceRef } from '../command.js';
import type { IterationCommit, RunManifest, RunSnapshot, RunStatus, RunSummary, StatusChange } from './model.js';

/**
 * Persistence of live runs (paper today). Every method is scoped: a run is only ever found through its workspace,
 * except `listActive` and the per-id methods the scheduler uses after that.
 */
export interface RunStore {
  /** Numbers the run per workspace, stores the manifest and the initial state, records null -> running. */
  createRun(input: { workspace: WorkspaceRef; manifest: RunManifest; createdBy: string; channelId: string; now: number }): Promise<Result<RunSummary>>;
  /** `run.not_found` with the message `Run #7 does not exist in this workspace`. */
  getRun(workspace: WorkspaceRef, number: number): Promise<Result<RunSummary>>;
  listRuns(workspace: WorkspaceRef, filter: { status?: RunStatus | 'all' }): Promise<readonly RunSummary[]>;
  /**
   * The scheduler's work list, every workspace: running runs, and paused runs that hold a position or a pending exit
   * (a paused run opens nothing new, but what it holds is still managed every bar).
   */
  listActive(): Promise<readonly RunSummary[]>;
  /**
   * Records a status change (who, when, why) and bumps the run's book version; `change` adds, in the same
   * transaction, a compare-and-set on the version read (`run.stale` when it moved: read again and decide again), the
   * state, cancelled orders, history lines and notifications. `run.transition` when the move is not allowed.
   */
  transition(runId: string, to: RunStatus, actor: string, reason: string, now: number, change?: StatusChange): Promise<Result<RunSummary>>;
  loadSnapshot(runId: string): Promise<Result<RunSnapshot>>;
  /** True when an iteration for (run, bar) is already committed. */
  hasDecision(runId: string, barTime: number): Promise<boolean>;
  /**
   * One transaction; `committed: false` when (run, barTime) was already committed (a retry after a crash);
   * `run.stale` (nothing written) when the run's book version is no longer `commit.expectedVersion`.
   */
  commitIteration(commit: IterationCommit): Promise<Result<{ committed: boolean }>>;
  /** Single-flight across processes: true when this holder now owns the run until `now + ttlMs`. */
  acquireLease(runId: string, holder: string, barTime: number, ttlMs: number, now: number): Promise<boolean>;
  releaseLease(runId: string, holder: string): Promise<void>;
}

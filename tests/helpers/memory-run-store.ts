// An in-memory RunStore for shell tests (STYLE: fakes of the ports, not vi.mock). Same numbering, scoping,
// transitions, idempotency and book-version (compare-and-set) rules as the Prisma store.
import type { WorkspaceRef } from '../../src/app/chat/command.js';
import type { IterationCommit, NotificationDraft, RunSnapshot, RunStatus, RunSummary } from '../../src/app/runs/model.js';
import type { RunStore } from '../../src/app/runs/ports.js';
import { fail, ok, type Result } from '../../src/core/domain/result.js';
import { initialBreakerState } from '../../src/core/risk/circuit-breaker.js';

const ALLOWED: Record<RunStatus, readonly RunStatus[]> = {
  running: ['paused', 'halted', 'stopped', 'failed', 'completed'],
  paused: ['running', 'halted', 'stopped'],
  halted: ['running', 'stopped'],
  stopped: [],
  completed: [],
  failed: [],
};

export interface MemoryRunStore extends RunStore {
  readonly commits: IterationCommit[];
  readonly transitions: { runId: string; from: RunStatus; to: RunStatus; actor: string; reason: string; at: number }[];
  /** History lines status changes wrote (e.g. the orders a pause cancelled). */
  readonly notes: { runId: string; content: string }[];
  /** Position corrections (reconciliation), with who and why. */
  readonly adjustments: { runId: string; actor: string; action: string; reason: string; details: Readonly<Record<string, unknown>>; at: number }[];
  /** Client order ids cancelled by status changes, per run. */
  readonly cancelled: { runId: string; clientOrderId: string }[];
  killSwitch: string | null;
  /** Bumps a run's book version, as a write the store does not model here would (a rule change to the run). */
  touch(runId: string): void;
}

export interface MemoryRunStoreOptions {
  /** Sees every notification queued with a status change or an iteration, in order. */
  readonly onNotification?: (draft: NotificationDraft) => void;
}

export function createMemoryRunStore(options: MemoryRunStoreOptions = {}): MemoryRunStore {
  const runs = new Map<string, { summary: RunSummary; snapshot: Omit<RunSnapshot, 'run' | 'killSwitch'> }>();
  const counters = new Map<string, number>();
  const decisions = new Set<string>();
  const leases = new Map<string, { holder: string; expiresAt: number }>();
  const wkey = (w: WorkspaceRef): string => `${w.platform}/${w.externalId}`;
  const stale = (r: { summary: RunSummary; snapshot: { version: number } }, expected: number): Result<never> =>
    fail('run.stale', `Run #${r.summary.number} changed while this change was being decided (version ${expected}, now ${r.snapshot.version}); it is read again`,
      { number: r.summary.number, expected, current: r.snapshot.version });
  const queue = (drafts: readonly NotificationDraft[]): void => {
    for (const d of drafts) options.onNotification?.(structuredClone(d));
  };
  const store: MemoryRunStore = {
    commits: [],
    transitions: [],
    notes: [],
    adjustments: [],
    cancelled: [],
    killSwitch: null,
    touch(runId) {
      const r = runs.get(runId);
      if (r !== undefined) r.snapshot = { ...r.snapshot, version: r.snapshot.version + 1 };
    },
    async createRun({ workspace, manifest, createdBy, channelId, now }) {
      const number = (counters.get(wkey(workspace)) ?? 0) + 1;
      counters.set(wkey(workspace), number);
      const summary: RunSummary = { id: `run-${runs.size + 1}`, workspace, number, mode: 'paper', status: 'running', manifest, createdBy, channelId, startedAt: now, endedAt: null };
      runs.set(summary.id, {
        summary,
        snapshot: {
          state: { cash: manifest.startCash, equity: manifest.startCash, peakEquity: manifest.startCash, dayStartEquity: manifest.startCash, dayKey: null, lastBarTime: null, entriesHalted: null, breaker: initialBreakerState(), tradeRecord: [] },
          positions: [],
          pending: [],
          version: 0,
        },
      });
      return ok(summary);
    },
    async getRun(workspace, number) {
      const r = [...runs.values()].find((x) => wkey(x.summary.workspace) === wkey(workspace) && x.summary.number === number);
      return r === undefined ? fail('run.not_found', `Run #${number} does not exist in this workspace`) : ok(r.summary);
    },
    async listRuns(workspace, { status }) {
      return [...runs.values()].map((r) => r.summary).filter((s) => wkey(s.workspace) === wkey(workspace) && (status === undefined || status === 'all' || s.status === status)).reverse();
    },
    async listActive() {
      const holds = (r: { snapshot: Omit<RunSnapshot, 'run' | 'killSwitch'> }): boolean => r.snapshot.positions.length > 0 || r.snapshot.pending.some((o) => o.intent === 'exit');
      return [...runs.values()].filter((r) => r.summary.status === 'running' || ((r.summary.status === 'paused' || r.summary.status === 'halted') && holds(r))).map((r) => r.summary);
    },
    async transition(runId, to, actor, reason, now, change = {}) {
      const r = runs.get(runId);
      if (r === undefined) return fail('run.not_found', 'no such run');
      if (change.expectedVersion !== undefined && change.expectedVersion !== r.snapshot.version) return stale(r, change.expectedVersion);
      if (!ALLOWED[r.summary.status].includes(to)) return fail('run.transition', `Run #${r.summary.number} is ${r.summary.status}; it cannot become ${to}`);
      store.transitions.push({ runId, from: r.summary.status, to, actor, reason, at: now });
      r.summary = { ...r.summary, status: to, endedAt: ['stopped', 'completed', 'failed'].includes(to) ? now : null };
      const cancel = new Set(change.cancelOrders ?? []);
      for (const id of cancel) store.cancelled.push({ runId, clientOrderId: id });
      for (const content of change.notes ?? []) store.notes.push({ runId, content });
      r.snapshot = {
        ...r.snapshot,
        ...(change.state === undefined ? {} : { state: structuredClone(change.state) }),
        pending: r.snapshot.pending.filter((o) => !cancel.has(o.clientOrderId)),
        version: r.snapshot.version + 1,
      };
      queue(change.notifications ?? []);
      return ok(r.summary);
    },
    async loadSnapshot(runId) {
      const r = runs.get(runId);
      if (r === undefined) return fail('run.not_found', 'no such run');
      return ok({ run: r.summary, ...structuredClone(r.snapshot), killSwitch: store.killSwitch });
    },
    async hasDecision(runId, barTime) {
      return decisions.has(`${runId}:${barTime}`);
    },
    async commitIteration(commit) {
      const key = `${commit.runId}:${commit.barTime}`;
      if (decisions.has(key)) return ok({ committed: false });
      const r = runs.get(commit.runId)!;
      if (commit.expectedVersion !== r.snapshot.version) return stale(r, commit.expectedVersion);
      // All or nothing, as the store's transaction: a refused transition writes nothing.
      if (commit.transition !== null && !ALLOWED[r.summary.status].includes(commit.transition.to)) {
        return fail('run.transition', `Run #${r.summary.number} is ${r.summary.status}; it cannot become ${commit.transition.to}`);
      }
      decisions.add(key);
      store.commits.push(structuredClone(commit));
      r.snapshot = { state: structuredClone(commit.state), positions: structuredClone([...commit.positions]), pending: structuredClone([...commit.pending]), version: r.snapshot.version + 1 };
      if (commit.transition !== null) await store.transition(commit.runId, commit.transition.to, commit.transition.actor ?? 'desk', commit.transition.reason, commit.asOf);
      queue(commit.notifications);
      return ok({ committed: true });
    },
    async adjustPositions(runId, change) {
      const r = runs.get(runId);
      if (r === undefined) return fail('run.not_found', 'no such run');
      if (change.expectedVersion !== r.snapshot.version) return stale(r, change.expectedVersion);
      const cancel = new Set(change.cancelOrders ?? []);
      for (const id of cancel) store.cancelled.push({ runId, clientOrderId: id });
      store.notes.push({ runId, content: change.reason });
      store.adjustments.push({ runId, actor: change.actor, action: change.action, reason: change.reason, details: structuredClone(change.details), at: change.now });
      r.snapshot = {
        ...r.snapshot,
        positions: structuredClone([...change.positions]),
        pending: r.snapshot.pending.filter((o) => !cancel.has(o.clientOrderId)),
        version: r.snapshot.version + 1,
      };
      return ok(r.summary);
    },
    async acquireLease(runId, holder, _barTime, ttlMs, now) {
      const l = leases.get(runId);
      if (l !== undefined && l.holder !== holder && l.expiresAt > now) return false;
      leases.set(runId, { holder, expiresAt: now + ttlMs });
      return true;
    },
    async releaseLease(runId, holder) {
      if (leases.get(runId)?.holder === holder) leases.delete(runId);
    },
  };
  return store;
}

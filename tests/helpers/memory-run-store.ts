// An in-memory RunStore for shell tests (STYLE: fakes of the ports, not vi.mock). Same numbering, scoping,
// transitions and idempotency rules as the Prisma store.
import type { WorkspaceRef } from '../../src/app/command.js';
import type { IterationCommit, RunSnapshot, RunStatus, RunSummary } from '../../src/app/runs/model.js';
import type { RunStore } from '../../src/app/runs/ports.js';
import { fail, ok } from '../../src/core/domain/result.js';
import { initialBreakerState } from '../../src/core/risk/circuit-breaker.js';

const ALLOWED: Record<RunStatus, readonly RunStatus[]> = {
  running: ['paused', 'halted', 'stopped', 'failed', 'completed'],
  paused: ['running', 'stopped'],
  halted: ['running', 'stopped'],
  stopped: [],
  completed: [],
  failed: [],
};

export interface MemoryRunStore extends RunStore {
  readonly commits: IterationCommit[];
  readonly transitions: { runId: string; from: RunStatus; to: RunStatus; actor: string; reason: string; at: number }[];
  killSwitch: string | null;
}

export function createMemoryRunStore(): MemoryRunStore {
  const runs = new Map<string, { summary: RunSummary; snapshot: Omit<RunSnapshot, 'run' | 'killSwitch'> }>();
  const counters = new Map<string, number>();
  const decisions = new Set<string>();
  const leases = new Map<string, { holder: string; expiresAt: number }>();
  const wkey = (w: WorkspaceRef): string => `${w.platform}/${w.externalId}`;
  const store: MemoryRunStore = {
    commits: [],
    transitions: [],
    killSwitch: null,
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
      return [...runs.values()].map((r) => r.summary).filter((s) => s.status === 'running');
    },
    async transition(runId, to, actor, reason, now, options) {
      const r = runs.get(runId);
      if (r === undefined) return fail('run.not_found', 'no such run');
      if (!ALLOWED[r.summary.status].includes(to)) return fail('run.transition', `Run #${r.summary.number} is ${r.summary.status}; it cannot become ${to}`);
      store.transitions.push({ runId, from: r.summary.status, to, actor, reason, at: now });
      r.summary = { ...r.summary, status: to, endedAt: ['stopped', 'completed', 'failed'].includes(to) ? now : null };
      if (options?.state !== undefined) r.snapshot = { ...r.snapshot, state: structuredClone(options.state) };
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
      decisions.add(key);
      store.commits.push(structuredClone(commit));
      r.snapshot = { state: structuredClone(commit.state), positions: structuredClone([...commit.positions]), pending: structuredClone([...commit.pending]) };
      if (commit.transition !== null) await store.transition(commit.runId, commit.transition.to, 'desk', commit.transition.reason, commit.asOf);
      return ok({ committed: true });
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

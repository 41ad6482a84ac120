// An in-memory RunQueries for command tests (STYLE: fakes of the ports, not vi.mock). Paper runs are read from a
// MemoryRunStore (its snapshots, commits and transitions); backtests are kept here, saved through
// `saveBacktestRun` as /backtest saves them. Numbering caveat: a backtest takes the workspace's next number at
// save time, but the MemoryRunStore keeps its own counter, so start paper runs before saving backtests.
import type { WorkspaceRef } from '../../src/app/chat/command.js';
import type { RunRepository } from '../../src/app/backtest/ports.js';
import type { BacktestRunRecord } from '../../src/app/backtest/ports.js';
import type { DecisionView, LiveRunView, RunHistory, RunQueries, RunRef } from '../../src/app/runs/ports.js';
import { configOfManifest } from '../../src/app/runs/config.js';
import { fail, ok, type Result } from '../../src/core/domain/result.js';
import { costsSchema } from '../../src/core/engine/config.js';
import type { JournalDecision } from '../../src/app/runs/journal.js';
import { decisionFromRow, savedResults } from '../../src/store/runs/query-rows.js';
import { journalDecision } from '../../src/store/runs/journal.js';
import type { MemoryRunStore } from './memory-run-store.js';

export interface MemoryRunQueries extends RunQueries, RunRepository {}

interface SavedBacktest {
  readonly ref: RunRef;
  readonly workspace: WorkspaceRef;
  readonly record: BacktestRunRecord;
}

export function createMemoryRunQueries(store: MemoryRunStore): MemoryRunQueries {
  const backtests = new Map<string, SavedBacktest>();
  const wkey = (w: WorkspaceRef): string => `${w.platform}/${w.externalId}`;
  const commitsOf = (runId: string) => store.commits.filter((c) => c.runId === runId);

  async function paperRef(workspace: WorkspaceRef, number: number): Promise<Result<RunRef>> {
    const run = await store.getRun(workspace, number);
    if (!run.ok) return run;
    const times = commitsOf(run.value.id).map((c) => c.equity.at);
    const r = run.value;
    const window = { from: times.length === 0 ? null : Math.min(...times), to: times.length === 0 ? null : Math.max(...times) };
    return ok({ id: r.id, number: r.number, mode: r.mode, status: r.status, config: configOfManifest(r.manifest, window), startedAt: r.startedAt, endedAt: r.endedAt,
      ...(r.manifest.broker === undefined ? {} : { broker: r.manifest.broker }) });
  }

  const queries: MemoryRunQueries = {
    async saveBacktestRun(record) {
      const numbers = [...(await store.listRuns(record.workspace, { status: 'all' })).map((r) => r.number),
        ...[...backtests.values()].filter((b) => wkey(b.workspace) === wkey(record.workspace)).map((b) => b.ref.number)];
      const number = Math.max(0, ...numbers) + 1;
      const id = `bt-${backtests.size + 1}`;
      const m = record.manifest;
      const data = m['data'];
      const simulated = typeof data === 'object' && data !== null && 'simulated' in data && typeof data.simulated === 'boolean' ? data.simulated : record.dataSource.startsWith('simulated');
      const costs = costsSchema.safeParse(m['costs']);
      const ref: RunRef = {
        id, number, mode: 'backtest', status: 'completed', startedAt: record.dataTo, endedAt: record.dataTo,
        config: {
          strategy: { id: record.strategyId, version: record.strategyVersion }, params: record.params, symbols: record.symbols, timeframe: record.timeframe,
          rulesHash: record.rulesHash, ruleIds: record.rules.flatMap((r) => (typeof r === 'object' && r !== null && 'id' in r && typeof r.id === 'string' ? [r.id] : [])),
          dataSource: record.dataSource, simulated, dataFrom: record.dataFrom, dataTo: record.dataTo, sizing: record.sizing,
          costs: costs.success ? costs.data : null, startCash: record.startingCash, codeVersion: typeof m['codeVersion'] === 'string' ? m['codeVersion'] : null,
        },
      };
      backtests.set(id, { ref, workspace: record.workspace, record });
      return ok({ runId: id, number });
    },
    async findRun(workspace, number) {
      const bt = [...backtests.values()].find((b) => wkey(b.workspace) === wkey(workspace) && b.ref.number === number);
      return bt === undefined ? paperRef(workspace, number) : ok(bt.ref);
    },
    async listRuns(workspace, filter) {
      const refs: RunRef[] = [...backtests.values()].filter((b) => wkey(b.workspace) === wkey(workspace)).map((b) => b.ref);
      for (const r of await store.listRuns(workspace, { status: 'all' })) {
        const ref = await paperRef(workspace, r.number);
        if (!ref.ok) return ref;
        refs.push(ref.value);
      }
      return ok(refs.filter((r) => filter?.status === undefined || r.status === filter.status).sort((a, b) => b.number - a.number));
    },
    async listRunning(workspace) {
      const runs = [...(await store.listRuns(workspace, { status: 'running' }))].sort((a, b) => a.number - b.number);
      const views: LiveRunView[] = [];
      for (const r of runs) {
        const view = await queries.getLive(r.id);
        if (!view.ok) return view;
        views.push(view.value);
      }
      return ok(views);
    },
    async getLive(runId) {
      const bt = backtests.get(runId);
      if (bt !== undefined) return fail('run.not_live', `Run #${bt.ref.number} is a backtest, not a paper or live run`);
      const snap = await store.loadSnapshot(runId);
      if (!snap.ok) return snap;
      const { run, state, positions } = snap.value;
      const last = commitsOf(runId).at(-1);
      const moved = store.transitions.filter((t) => t.runId === runId).at(-1);
      return ok({ run, state, positions: [...positions].sort((a, b) => a.symbol.localeCompare(b.symbol)), lastIterationAt: last?.asOf ?? null, statusReason: moved?.reason ?? 'started' });
    },
    async getHistory(runId): Promise<Result<RunHistory>> {
      const bt = backtests.get(runId);
      if (bt !== undefined) {
        const saved = savedResults(bt.record.results, bt.record.dataTo - bt.record.dataFrom);
        return ok({ run: bt.ref, equity: bt.record.equity, trades: bt.record.trades, blocked: bt.record.blocked, savedMetrics: saved.metrics, openAtEnd: saved.openPositions });
      }
      const snap = await store.loadSnapshot(runId);
      if (!snap.ok) return snap;
      const ref = await paperRef(snap.value.run.workspace, snap.value.run.number);
      if (!ref.ok) return ref;
      const commits = commitsOf(runId);
      return ok({
        run: ref.value,
        equity: commits.map((c) => ({ time: c.equity.at, cash: c.equity.cash, equity: c.equity.equity })),
        trades: commits.flatMap((c) => c.trades),
        blocked: commits.flatMap((c) => c.decision.verdicts),
        savedMetrics: null,
        openAtEnd: [],
      });
    },
    async recentDecisions(runId, limit) {
      const views: DecisionView[] = [];
      for (const c of commitsOf(runId).reverse().slice(0, limit)) {
        const d = c.decision;
        const view = decisionFromRow({ barTime: new Date(c.barTime), asOf: new Date(c.asOf), signals: d.signals, orders: d.orders, verdicts: d.verdicts, notes: d.notes });
        if (!view.ok) return view;
        views.push(view.value);
      }
      return ok(views);
    },
    async decisionsBetween(runId, range) {
      const inRange = commitsOf(runId).filter((c) => (range.from === undefined || c.barTime >= range.from) && (range.to === undefined || c.barTime <= range.to)
        && (range.decidedBy === undefined || c.asOf <= range.decidedBy));
      const ordered = range.order === 'newest_first' ? [...inRange].sort((a, b) => b.barTime - a.barTime) : [...inRange].sort((a, b) => a.barTime - b.barTime);
      const decisions: DecisionView[] = [];
      for (const c of ordered.slice(0, Math.min(500, Math.max(1, Math.floor(range.limit))))) {
        const d = c.decision;
        const view = decisionFromRow({ barTime: new Date(c.barTime), asOf: new Date(c.asOf), signals: d.signals, orders: d.orders, verdicts: d.verdicts, notes: d.notes });
        if (!view.ok) return view;
        decisions.push(view.value);
      }
      return ok({ total: inRange.length, decisions });
    },
    async runJournal(runId) {
      // Rule changes applied to running runs are not time-stamped by the memory admin: none are journaled here.
      const commits = commitsOf(runId);
      const decisions: JournalDecision[] = [];
      for (const c of commits) {
        const d = journalDecision({ barTime: new Date(c.barTime), asOf: new Date(c.asOf), inputs: c.decision.inputs, orders: c.decision.orders, verdicts: c.decision.verdicts });
        if (!d.ok) return d;
        decisions.push(d.value);
      }
      const filled = new Set(commits.flatMap((c) => c.filledOrderIds));
      const waiting = new Set(commits.at(-1)?.pending.map((o) => o.clientOrderId) ?? []);
      const planned = commits.flatMap((c) => c.decision.orders.map((o) => o.clientOrderId));
      return ok({
        decisions,
        transitions: store.transitions.filter((t) => t.runId === runId).map(({ at, from, to, actor, reason }) => ({ at, from, to, actor, reason })),
        ruleChanges: [],
        orderStatus: new Map(planned.map((id) => [id, filled.has(id) ? 'filled' : waiting.has(id) ? 'submitted' : 'cancelled'])),
      });
    },
    async runManifest(runId) {
      const bt = backtests.get(runId);
      if (bt !== undefined) return ok(bt.record.manifest);
      const snap = await store.loadSnapshot(runId);
      return snap.ok ? ok(snap.value.run.manifest) : snap;
    },
  };
  return queries;
}

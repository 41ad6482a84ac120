// Issue 10: "a paper run's replay matched 80 of 112 stored trades". A paper run on a real SQLite desk, iterated
// through the real iterateRun with bars missed, a data failure, a pause and resume, a desk halt and /resume-all, a
// rule applied while it ran and a stop with flatten: the baseline replay reproduces every trade it stored, and a
// record that no longer matches the bars is named as the cause of each difference.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../../src/app/chat/command.js';
import type { DeskDeps } from '../../../src/app/desk/desk-deps.js';
import { dispatch } from '../../../src/app/chat/dispatch.js';
import type { BarsRequest, MarketData } from '../../../src/app/market-data/ports.js';
import { replayStoredRun } from '../../../src/app/replay/replay.js';
import { iterateRun } from '../../../src/app/runs/iterate.js';
import { fail, ok } from '../../../src/core/domain/result.js';
import type { Rule } from '../../../src/core/risk/rules.js';
import { LOCAL_WORKSPACE } from '../../../src/main/local-workspace.js';
import { createSimMarketData } from '../../../src/market-data/sim/sim-market-data.js';
import type { Store } from '../../../src/store/db/client.js';
import { openSqliteDesk } from '../../helpers/sqlite-desk.js';
import { createTempDir } from '../../store/helpers/repo.js';
import { paperBrokerFor } from '../../../src/broker/paper/paper-broker.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 2, 4, 0, 0, 5);
const tmp = createTempDir('paper-replay');
const url = tmp.url('desk.db');
let store: Store;
let deps: DeskDeps;
let clock = T0;

const ctx = (): CommandContext<DeskDeps> => ({ workspace: LOCAL_WORKSPACE, actor: { id: 'local', name: 'ann', role: 'admin' }, channelId: 'console', now: () => clock, deps });

async function command(line: string): Promise<void> {
  const reply = await dispatch(deps.commands, line, ctx());
  expect(reply.kind, `${line}: ${reply.text ?? ''}`).toBe('ok');
}

/** The simulated market, failing every request while `down` (a data outage). */
function flakyMarket(): { market: MarketData; down: { on: boolean } } {
  const sim = createSimMarketData({ seed: 42 });
  const down = { on: false };
  return { down, market: { ...sim, getBars: (r: BarsRequest) => (down.on ? Promise.resolve(fail('data.unavailable', 'feed down')) : sim.getBars(r)) } };
}

let runId = '';
const flaky = flakyMarket();

/** What the scheduler does at a bar close: one iteration of the run (skipped when it is not running). */
async function barClose(close: number): Promise<void> {
  clock = close + 2_000;
  const res = await iterateRun({ store: deps.runStore, marketData: () => ok(flaky.market), brokerFor: paperBrokerFor }, runId, close, clock);
  if (!res.ok) throw new Error(res.error.message);
}

async function holds(): Promise<number> {
  const snap = await deps.runStore.loadSnapshot(runId);
  if (!snap.ok) throw new Error(snap.error.message);
  return snap.value.positions.length;
}

beforeAll(async () => {
  ({ store, deps } = await openSqliteDesk(url));
  clock = T0;
  await command('/run start strategy:mean-reversion symbols:SIM-A,SIM-B timeframe:1h params:period=5');
  const started = await deps.runStore.getRun(LOCAL_WORKSPACE, 1);
  if (!started.ok) throw new Error(started.error.message);
  runId = started.value.id;

  const first = T0 - 5_000 + HOUR; // the first close after the start
  let h = 0;
  const closes = (n: number, skip: (i: number) => boolean = () => false) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++, h++) if (!skip(h)) out.push(first + h * HOUR);
    return out;
  };
  // Two days with bars missed (every 7th, and a 5-hour gap as when the desk was down).
  for (const c of closes(48, (i) => i % 7 === 3 || (i >= 20 && i < 25))) await barClose(c);
  flaky.down.on = true;
  for (const c of closes(2)) await barClose(c); // data failures: nothing traded, the breaker counts them
  flaky.down.on = false;
  for (const c of closes(10)) await barClose(c);
  await command('/run pause run:1');
  for (const c of closes(6)) await barClose(c);
  await command('/run resume run:1');
  for (const c of closes(12)) await barClose(c);
  await command('/rules add id:sl-2 category:stop_loss type:stop_loss_pct params:pct=2 apply:running');
  for (const c of closes(20, (i) => i % 5 === 0)) await barClose(c);
  await command('/halt reason:drill');
  for (const c of closes(3)) await barClose(c);
  await command('/resume-all');
  for (const c of closes(24)) await barClose(c);
  await command('/rules add id:one-pos category:risk type:max_open_positions params:max=1 apply:running');
  for (const c of closes(40, (i) => i % 9 === 4)) await barClose(c);
  // On until the run holds something, so the stop has a position to flatten.
  for (let i = 0; i < 200 && (await holds()) === 0; i++) for (const c of closes(1)) await barClose(c);
  expect(await holds()).toBeGreaterThan(0);
  clock += 25 * 60_000; // 25 minutes after the last iteration
  await command('/run stop run:1 flatten:true');
}, 120_000);

afterAll(async () => {
  await store.close();
  tmp.remove();
});

const DENY_B: Rule = { id: 'no-b', category: 'screening', type: 'symbol_denylist', params: { symbols: ['SIM-B'] }, priority: 5, active: true, shadow: false };

describe('the replay of a paper run that missed bars, paused, halted, changed rules and flattened', () => {
  it('reproduces every trade the run stored, and says what it followed', async () => {
    const run = await deps.runQueries.findRun(LOCAL_WORKSPACE, 1);
    if (!run.ok) throw new Error(run.error.message);
    const history = await deps.runQueries.getHistory(run.value.id);
    if (!history.ok) throw new Error(history.error.message);
    const stored = history.value.trades;
    expect(stored.length).toBeGreaterThan(10);
    expect(stored.some((t) => t.exitReason === 'flatten')).toBe(true);
    expect(stored.some((t) => t.exitReason === 'stop_loss')).toBe(true);

    const replay = await replayStoredRun(deps, run.value, [{ add: DENY_B }], clock + HOUR);
    if (!replay.ok) throw new Error(replay.error.message);
    const r = replay.value;
    expect(r.reproduction.differences).toEqual([]);
    expect(r.reproduction).toMatchObject({ storedTrades: stored.length, baselineTrades: stored.length, matched: stored.length, reproduced: true });
    expect(r.notes[0]).toMatch(/^replayed as the run ran: the \d+ bar\(s\) it decided \(\d+ of them paused: exits only; bars it missed were not traded\), 2 data failure\(s\) not traded, \d+ status change\(s\), 2 rule change\(s\) where they happened, 1 flatten\(s\)$/);
    // The variant follows the same history: every SIM-B trade of the run is gone from it.
    const v = r.variants[0]!.trades;
    expect(v.blocked.filter((t) => t.symbol === 'SIM-B')).toHaveLength(stored.filter((t) => t.symbol === 'SIM-B').length);
  });

  it('names the bars that no longer match what the run saw as the cause of each differing trade', async () => {
    const run = await deps.runQueries.findRun(LOCAL_WORKSPACE, 1);
    if (!run.ok) throw new Error(run.error.message);
    // The same run replayed over another simulated market: its recorded bars no longer match.
    const other = createSimMarketData({ seed: 43 });
    const replay = await replayStoredRun({ ...deps, marketData: () => ok(other) }, run.value, [], clock + HOUR);
    if (!replay.ok) throw new Error(replay.error.message);
    const p = replay.value.reproduction;
    expect(p.reproduced).toBe(false);
    expect(p.differences.length).toBeGreaterThan(0);
    for (const d of p.differences) expect(d.why).toMatch(/^the replay's decisions left the run's record at \S+: the bars changed since the run saw them: SIM-[AB] closed [\d.]+ at \S+ then, [\d.]+ at \S+ now$/);
    expect(p.matched + p.differences.filter((d) => d.only === 'stored').length).toBe(p.storedTrades);
  });
});

// `broker:paper|alpaca` on /run start: the internal paper broker stays the default and writes nothing into the
// manifest; broker:alpaca needs a real data source and an Alpaca account the desk has (src/main's BrokerAccounts:
// keys first, then the adapter); a live account waits for a second admin's approval (/approval approve). A run at a real
// broker says so on its card, in /run status, /run show, /runs, its summary and every notification (LIVE first for a
// live account), and its iterations go to that broker (src/main's dispatchBrokerFor), never silently to the paper one.
import { describe, expect, it } from 'vitest';
import { errorReply } from '../../src/app/chat/reply.js';
import type { MarketData } from '../../src/app/market-data/ports.js';
import { createSourceChain } from '../../src/app/market-data/source-chain.js';
import { renderNotification } from '../../src/app/notifications/render.js';
import { runFields } from '../../src/app/cards/run-card.js';
import { flattenCommit } from '../../src/app/runs/flatten.js';
import { iterateRun } from '../../src/app/runs/iterate.js';
import { runManifestSchema } from '../../src/app/runs/manifest-schema.js';
import type { RunManifest, StoredPosition } from '../../src/app/runs/model.js';
import type { Broker } from '../../src/app/broker/ports.js';
import { fail, ok } from '../../src/core/domain/result.js';
import { DEFAULT_GATE_LIMITS } from '../../src/core/risk/gates.js';
import { readNotification } from '../../src/core/runs/notification-events.js';
import type { BrokerAccountKind } from '../../src/core/runs/run-broker.js';
import { createSimMarketData } from '../../src/market-data/sim/sim-market-data.js';
import { createBrokerAccounts, dispatchBrokerFor } from '../../src/main/run-brokers.js';
import { createPaperBroker } from '../../src/broker/paper/paper-broker.js';
import { fakeDesk, FAKE_NOW } from '../helpers/fake-desk.js';

const sim = createSimMarketData({ seed: 42 });
/** The first bar close after FAKE_NOW (2024-01-02 16:00 New York). */
const CLOSE = Date.parse('2024-01-02T21:00:00Z');
const KEYS = { APCA_API_KEY_ID: 'key', APCA_API_SECRET_KEY: 'secret' };
const START = '/run start strategy:trend-following symbols:SIM-A';

/** A desk whose `yahoo` serves the simulated path (a real source as far as the run is concerned). */
function desk(alpaca?: { keys?: boolean; account?: BrokerAccountKind }) {
  const yahoo: MarketData = { kind: 'yahoo', label: 'yahoo (test)', simulated: false, adjustment: 'split', getBars: (r) => sim.getBars(r) };
  const marketData = (source: string) => {
    if (source === 'sim') return ok(sim);
    if (source === 'yahoo') return ok(createSourceChain([{ name: 'yahoo', market: yahoo }]));
    return fail('data.not_configured', 'csv data needs TRADEDESK_DATA_DIR (see .env.example)');
  };
  const sent: string[] = [];
  // The "Alpaca" adapter of these tests: a paper account whose market is open at 100, recording what it was sent.
  const account = createPaperBroker({ cash: 1_000_000, positions: [] }, { commissionRate: 0, slippageBps: 0 });
  account.open(CLOSE, new Map([['SIM-A', 100], ['SIM-B', 100]]));
  const alpacaBroker: Broker = {
    capabilities: account.capabilities, cancel: (id, reason) => account.cancel(id, reason), getOrder: (id) => account.getOrder(id), positions: () => account.positions(),
    account: () => account.account(), cashActivities: (after) => account.cashActivities(after), onOrderUpdate: (l) => account.onOrderUpdate(l), submit: (request) => (sent.push(request.clientOrderId), account.submit(request)),
  };
  const real = alpaca?.account === undefined ? {} : { alpaca: { account: alpaca.account, broker: alpacaBroker } };
  const brokers = createBrokerAccounts(alpaca?.keys === true ? KEYS : {}, real);
  const d = fakeDesk({ marketData, brokers, brokerFor: dispatchBrokerFor(real) });
  return { ...d, sent };
}

describe('/run start broker:', () => {
  it('defaults to the internal paper broker and writes no broker into the manifest (broker:paper alike)', async () => {
    const d = desk();
    const started = await d.run(`${START} data:sim`);
    expect(started.kind).toBe('ok');
    expect(started.fields).toContainEqual({ name: 'Broker', value: 'paper (internal)', inline: true });
    expect((await d.run('/run start strategy:trend-following symbols:SIM-B data:sim broker:paper')).kind).toBe('ok');
    const runs = await d.runStore.listActive();
    expect(runs.map((r) => 'broker' in r.manifest)).toEqual([false, false]);
    expect(d.notes.filter((n) => n.eventType === 'run_started').map((n) => 'broker' in n.payload)).toEqual([false, false]);
    expect(renderNotification('run_started', d.notes[0]!.payload).text).toBe('Run #1 started: by ann');
  });

  it('records an Alpaca paper account in the manifest, on the card and in the run_started notification', async () => {
    const d = desk({ keys: true, account: 'paper' });
    const started = await d.run(`${START} data:yahoo broker:alpaca`);
    expect(started.kind).toBe('ok');
    expect(started.fields).toContainEqual({ name: 'Broker', value: 'Alpaca paper account', inline: true });
    const [run] = await d.runStore.listActive();
    expect(run!.manifest.broker).toEqual({ name: 'alpaca', account: 'paper' });
    expect(run!.mode).toBe('paper');
    const note = d.notes.find((n) => n.eventType === 'run_started')!;
    expect(note.payload).toMatchObject({ run: 1, broker: { name: 'alpaca', account: 'paper' } });
    expect(renderNotification('run_started', note.payload).text).toBe('Run #1 [Alpaca paper account] started: by ann');
  });

  it.each([
    [`${START} data:sim broker:alpaca`, '/run start: broker:alpaca trades real markets: use data:alpaca or another provider, not the simulated market (sim)'],
    [`${START} data:csv broker:alpaca`, '/run start: broker:alpaca trades real markets: use data:alpaca or another provider, not csv files'],
  ])('refuses %s in one line, and nothing starts', async (line, message) => {
    const d = desk({ keys: true, account: 'paper' });
    expect(await d.run(line)).toEqual(errorReply(message));
    expect(await d.runStore.listActive()).toEqual([]);
  });

  it('says what Alpaca needs: its keys, then an adapter this build does not have yet', async () => {
    expect(await desk().run(`${START} data:yahoo broker:alpaca`)).toEqual(errorReply('/run start: broker:alpaca needs APCA_API_KEY_ID and APCA_API_SECRET_KEY'));
    expect(await desk({ keys: true }).run(`${START} data:yahoo broker:alpaca`)).toEqual(errorReply('/run start: the Alpaca broker is not available on this desk'));
  });

  it('files a live start as a request for a second admin: nothing starts, the card shows who asked, until when, and the buttons', async () => {
    const d = desk({ keys: true, account: 'live' });
    const reply = await d.run(`${START} data:yahoo broker:alpaca`);
    expect(reply.kind).toBe('ok');
    expect(reply.title).toBe('LIVE run start waiting for a second admin (request ap1)');
    expect(reply.text).toContain('LIVE, real money');
    expect(reply.text).toContain(`lapses at ${new Date(FAKE_NOW + 30 * 60_000).toISOString()}`);
    expect(reply.fields).toContainEqual({ name: 'Requested by', value: 'ann', inline: true });
    expect(reply.buttons!.map((b) => b.command)).toEqual(['/approval approve id:ap1', '/approval refuse id:ap1']);
    expect(await d.runStore.listActive()).toEqual([]);
    expect(d.notes).toEqual([]);
    expect((await d.run('/approvals')).table!.rows).toEqual([['ap1', 'LIVE run start', 'u', new Date(FAKE_NOW + 30 * 60_000).toISOString()]]);
  });
  it('refuses a broker it does not know, naming the choices', async () => {
    const reply = await desk().run(`${START} data:yahoo broker:ibkr`);
    expect(reply.kind).toBe('error');
    expect(reply.text).toContain('paper, alpaca');
  });
});

describe('a run at a real broker', () => {
  /** A position the run holds, so a flatten sends an order to the run's broker. */
  const held: StoredPosition = {
    symbol: 'SIM-A', qty: 10, avgPrice: 100, entryTime: CLOSE - 86_400_000, entryCommission: 0, lastPrice: 100, barsHeld: 1,
    stopPrice: null, targetPrice: null, trailingPct: null, extreme: 100, maxHoldingBars: null, shadowExits: [],
  };

  async function alpacaRun() {
    const d = desk({ keys: true, account: 'paper' });
    await d.run(`${START} data:yahoo broker:alpaca`);
    const [run] = await d.runStore.listActive();
    const snap = await d.deps.runStore.loadSnapshot(run!.id);
    if (!snap.ok) throw new Error(snap.error.message);
    return { d, run: run!, snap: { ...snap.value, positions: [held] } };
  }

  it('sends its orders to the broker it was started on; its fills and status changes name it', async () => {
    const { d, run, snap } = await alpacaRun();
    const flattened = await flattenCommit(d.deps, snap, { actor: 'ann', now: CLOSE + 60_000, transition: null, notifications: [] });
    if (!flattened.ok) throw new Error(flattened.error.message);
    expect(d.sent).toHaveLength(1);
    expect(d.sent[0]).toContain(run.id);
    const fill = flattened.value.notifications.find((n) => n.eventType === 'exit_triggered')!;
    expect(fill.payload.broker).toEqual({ name: 'alpaca', account: 'paper' });
    expect(renderNotification(fill.eventType, fill.payload).text).toMatch(/^Run #1 \[Alpaca paper account\]: sell 10 SIM-A @ /);
    // Its iterations need the desk's broker ledger (tests/app/runs/alpaca-run.test.ts runs them); without one, a clear refusal.
    expect(await iterateRun({ store: d.deps.runStore, marketData: d.deps.marketData, brokerFor: d.deps.brokerFor }, run.id, CLOSE, CLOSE + 5_000))
      .toMatchObject({ ok: false, error: { code: 'broker.unavailable', message: 'Run #1 trades at a real broker, and this desk keeps no broker ledger' } });
    // Every status change names the broker.
    await d.run('/run pause run:1');
    const paused = d.notes.find((n) => n.eventType === 'run_paused')!;
    expect(paused.payload).toMatchObject({ broker: { name: 'alpaca', account: 'paper' } });
    expect(renderNotification('run_paused', paused.payload).text).toMatch(/^Run #1 \[Alpaca paper account\] paused: by ann/);
    await d.run('/run stop run:1');
    expect(d.notes.filter((n) => n.eventType === 'run_stopped' || n.eventType === 'run_summary').map((n) => n.payload.broker)).toEqual([
      { name: 'alpaca', account: 'paper' }, { name: 'alpaca', account: 'paper' },
    ]);
  });

  it('fails with the reason when the desk has no Alpaca broker, or another account: never the paper broker', async () => {
    const { d, snap } = await alpacaRun();
    const by = { actor: 'ann', now: CLOSE + 60_000, transition: null, notifications: [] };
    const none = await flattenCommit({ ...d.deps, brokerFor: dispatchBrokerFor() }, snap, by);
    expect(none).toMatchObject({ ok: false, error: { code: 'broker.unavailable', message: 'Run #1 trades at the Alpaca paper account, and the Alpaca broker is not available on this desk' } });
    const live = dispatchBrokerFor({ alpaca: { account: 'live', broker: { submit: () => { throw new Error('must not be asked'); } } as unknown as Broker } });
    const other = await flattenCommit({ ...d.deps, brokerFor: live }, snap, by);
    expect(other).toMatchObject({ ok: false, error: { code: 'broker.account', message: "Run #1 was started on the Alpaca paper account; this desk's Alpaca account is live: its orders are not sent there" } });
    expect(d.sent).toEqual([]);
  });

  it('an internal paper run still goes to the paper broker', async () => {
    const d = desk();
    await d.run(`${START} data:sim`);
    const [run] = await d.runStore.listActive();
    const snap = await d.deps.runStore.loadSnapshot(run!.id);
    if (!snap.ok) throw new Error(snap.error.message);
    const flattened = await flattenCommit({ ...d.deps, brokerFor: dispatchBrokerFor() }, { ...snap.value, positions: [held] }, { actor: 'ann', now: CLOSE + 60_000, transition: null, notifications: [] });
    if (!flattened.ok) throw new Error(flattened.error.message);
    expect(flattened.value.fills).toHaveLength(1);
    expect(flattened.value.notifications.every((n) => !('broker' in n.payload))).toBe(true);
  });
});

describe('a live run (its manifest built directly)', () => {
  async function liveDesk() {
    const d = desk();
    await d.run(`${START} data:sim`);
    const [paper] = await d.runStore.listActive();
    const manifest: RunManifest = { ...paper!.manifest, broker: { name: 'alpaca', account: 'live' } };
    const created = await d.runStore.createRun({ workspace: paper!.workspace, manifest, createdBy: 'ann', channelId: 'console', now: FAKE_NOW });
    if (!created.ok) throw new Error(created.error.message);
    return { d, live: created.value };
  }

  it('is marked LIVE on its card, in /run status, /run show, /runs and its summary', async () => {
    const { d, live } = await liveDesk();
    expect(runFields(live)).toContainEqual({ name: 'Broker', value: 'LIVE: Alpaca live account', inline: true });
    const status = await d.run('/run status run:2');
    expect(status.title).toMatch(/^LIVE: Run #2: /);
    expect(status.fields).toContainEqual({ name: 'Broker', value: 'LIVE: Alpaca live account', inline: true });
    const table = (await d.run('/run status')).table!;
    expect(table.columns.at(-1)).toBe('broker');
    expect(table.rows.map((r) => [r[0], r.at(-1)])).toEqual([['#1', 'paper (internal)'], ['#2', 'LIVE: Alpaca live account']]);
    const shown = await d.run('/run show run:2');
    expect(shown.title).toBe('LIVE: Run #2');
    expect(shown.text).toContain('broker: LIVE: Alpaca live account');
    expect((await d.run('/run show run:1')).text).toContain('broker: paper (internal)');
    const summary = await d.run('/run summary run:2');
    expect(summary.title).toBe('LIVE: Run #2 summary');
    expect(summary.text).toContain('broker: LIVE: Alpaca live account');
    expect((await d.run('/runs')).table!.rows.find((r) => r[0] === '#2')).toContain('paper, LIVE: Alpaca live account');
  });

  it('prefixes every one of its notifications with LIVE and names the account', async () => {
    const broker = { name: 'alpaca', account: 'live' } as const;
    const fill = { run: 2, symbol: 'AAPL', side: 'buy', qty: 10, price: 190.5, time: FAKE_NOW, pnl: null, reason: 'golden cross', intent: 'entry', broker };
    const rendered = [
      renderNotification('order_filled', fill),
      renderNotification('exit_triggered', { ...fill, side: 'sell', pnl: -12, reason: 'stop_loss', intent: 'exit' }),
      renderNotification('trade_blocked', { run: 2, symbol: 'AAPL', by: 'gate:max-position', observed: 30, limit: 25, reason: 'too big', shadow: false, action: 'enter_long', broker }),
      renderNotification('breaker_tripped', { run: 2, reason: 'data failures', code: 'data.stale', broker }),
      ...(['run_started', 'run_stopped', 'run_paused', 'run_halted', 'run_completed'] as const).map((e) => renderNotification(e, { run: 2, reason: 'by ann', broker })),
      renderNotification('run_summary', { run: 2, runId: 'r2', reason: 'run stopped', broker }),
    ];
    for (const r of rendered) expect(r.text).toMatch(/^LIVE: Run #2 \[Alpaca live account\][: ]/);
    expect(rendered[0]!.text).toBe('LIVE: Run #2 [Alpaca live account]: buy 10 AAPL @ 190.50 — entry (golden cross)');
  });
});

describe('broker in stored manifests and notifications', () => {
  const manifest = {
    strategy: { id: 'trend-following', version: '1.0.0' }, params: {}, symbols: ['AAPL'], dataSymbols: [], timeframe: '1d', dataSource: 'yahoo',
    sources: { AAPL: 'yahoo' }, startCash: 100_000, sizing: { kind: 'percent', pct: 10 }, costs: { commissionRate: 0, slippageBps: 0 },
    gates: { mode: 'enforce', limits: DEFAULT_GATE_LIMITS },
    quant: { enabled: true, window: 20, maxAgeDays: 365, minTrades: 5 }, rules: [], rulesHash: 'h', codeVersion: 'test',
  };

  it('an old manifest without a broker still parses (the internal paper broker); a real one is read back; anything else is refused', () => {
    const old = runManifestSchema.safeParse(manifest);
    if (!old.success) throw new Error(old.error.message);
    expect(old.data).not.toHaveProperty('broker');
    const alpaca = runManifestSchema.safeParse({ ...manifest, broker: { name: 'alpaca', account: 'paper' } });
    expect(alpaca.success && alpaca.data.broker).toEqual({ name: 'alpaca', account: 'paper' });
    expect(runManifestSchema.safeParse({ ...manifest, broker: { name: 'alpaca', account: 'margin' } }).success).toBe(false);
    expect(runManifestSchema.safeParse({ ...manifest, broker: { name: 'paper', account: 'paper' } }).success).toBe(false);
  });

  it('a notification queued before brokers existed still parses and renders as before', () => {
    expect(readNotification('run_halted', { run: 4, reason: 'drawdown' })).toEqual({ eventType: 'run_halted', payload: { run: 4, reason: 'drawdown' } });
    expect(renderNotification('run_halted', { run: 4, reason: 'drawdown' }).text).toBe('Run #4 halted: drawdown');
  });
});

describe('a live start and its second admin (the four-eyes rule)', () => {
  const asBob = (d: ReturnType<typeof desk>, role: 'admin' | 'trader' = 'admin') => ({ ...d.ctx(), actor: { id: 'u-bob', name: 'bob', role } });

  it('starts the run as asked once another admin approves, never on the requester\'s own approval', async () => {
    const d = desk({ keys: true, account: 'live' });
    await d.run(`${START} data:yahoo broker:alpaca`);
    expect(await d.run('/approval approve id:ap1')).toEqual(errorReply('/approval approve: a live run start needs a second admin: the one who asked cannot approve it'));
    expect(await d.run('/approval approve id:ap1', asBob(d, 'trader'))).toMatchObject({ kind: 'error' });
    const approved = await d.run('/approval approve id:ap1', asBob(d));
    expect(approved.title).toBe('LIVE Run #1 started: requested by ann, approved by bob');
    const [run] = await d.runStore.listActive();
    expect(run!.manifest.broker).toEqual({ name: 'alpaca', account: 'live' });
    // As Alpaca spells it (a dash in a US ticker is a share class: BF-B is BF.B there).
    expect(run!.manifest.symbols).toEqual(['SIM.A']);
    expect(renderNotification('run_started', d.notes.find((n) => n.eventType === 'run_started')!.payload).text).toBe('LIVE: Run #1 [Alpaca live account] started: by ann, approved by bob');
    expect(await d.run('/approval approve id:ap1', asBob(d))).toEqual(errorReply('/approval approve: This request was already approved'));
  });

  it('starts nothing when refused or when nobody approves in time', async () => {
    const d = desk({ keys: true, account: 'live' });
    await d.run(`${START} data:yahoo broker:alpaca`);
    expect((await d.run('/approval refuse id:ap1', asBob(d))).title).toBe('Request ap1 refused by bob');
    await d.run(`${START} data:yahoo broker:alpaca`);
    const late = await d.run('/approval approve id:ap2', { ...asBob(d), deps: { ...d.deps, wallNow: () => FAKE_NOW + 30 * 60_000 } });
    expect(late).toEqual({ kind: 'error', text: `Request ap2 lapsed at ${new Date(FAKE_NOW + 30 * 60_000).toISOString()} without a second admin: nothing was started` });
    expect(await d.runStore.listActive()).toEqual([]);
    expect((await d.run('/approvals')).text).toBe('Nothing waits for a second admin.');
  });
});

// `adjustment:split|raw` in chat: /run start adjustment:raw freezes it into the run's manifest (only when raw), the
// run's card and headline say raw prices, and its iterations and flatten read raw bars; /backtest reads raw bars;
// raw is refused for the simulated market and CSV data. The desk's market data here records what it was asked.
import { describe, expect, it } from 'vitest';
import { createSourceChain } from '../../src/app/market-data/source-chain.js';
import type { MarketData, MarketDataOptions } from '../../src/app/market-data/ports.js';
import { errorReply } from '../../src/app/chat/reply.js';
import { flattenCommit } from '../../src/app/runs/flatten.js';
import { iterateRun } from '../../src/app/runs/iterate.js';
import type { StoredPosition } from '../../src/app/runs/model.js';
import { replaySetupOf } from '../../src/app/replay/manifest.js';
import type { Adjustment } from '../../src/core/domain/data-source.js';
import { fail, ok } from '../../src/core/domain/result.js';
import { DEFAULT_GATE_LIMITS } from '../../src/core/risk/gates.js';
import { createSimMarketData } from '../../src/market-data/sim/sim-market-data.js';
import { runManifestSchema } from '../../src/app/runs/manifest-schema.js';
import { fakeDesk, FAKE_NOW } from '../helpers/fake-desk.js';
import { paperBrokerFor } from '../../src/broker/paper/paper-broker.js';

const sim = createSimMarketData({ seed: 42 });
/** The first bar close after FAKE_NOW (2024-01-02 16:00 New York). */
const CLOSE = Date.parse('2024-01-02T21:00:00Z');

/** `yahoo`: a provider serving the simulated path, labelled by its adjustment; `sim` as it is. Records every ask. */
function desk() {
  const asked: { source: string; adjustment: Adjustment | undefined; pinned: Readonly<Record<string, string>> | undefined }[] = [];
  const yahoo = (adjustment: Adjustment): MarketData => ({
    kind: 'yahoo', label: `yahoo (test, ${adjustment === 'raw' ? 'raw prices' : 'split-adjusted'})`, simulated: false, adjustment,
    getBars: (r) => sim.getBars(r),
  });
  const marketData = (source: string, options?: MarketDataOptions) => {
    asked.push({ source, adjustment: options?.adjustment, pinned: options?.pinned });
    if (source === 'sim') return ok(sim);
    if (source === 'yahoo') return ok(createSourceChain([{ name: 'yahoo', market: yahoo(options?.adjustment ?? 'split') }], options?.pinned));
    return fail('data.not_configured', 'csv data needs TRADEDESK_DATA_DIR (see .env.example)');
  };
  const d = fakeDesk({ marketData });
  return { ...d, asked };
}

describe('adjustment:raw in chat', () => {
  it('/run start adjustment:raw freezes raw into the manifest; the card says raw prices; iterations and flatten read raw bars', async () => {
    const d = desk();
    const reply = await d.run('/run start strategy:trend-following symbols:SIM-A data:yahoo adjustment:raw');
    expect(reply.kind).toBe('ok');
    expect(reply.fields).toContainEqual({ name: 'Data', value: 'SIM-A: yahoo (raw prices)' });
    expect(d.asked.at(-1)).toMatchObject({ source: 'yahoo', adjustment: 'raw' });
    const [run] = await d.runStore.listActive();
    expect(run!.manifest.adjustment).toBe('raw');
    expect(run!.manifest.sources).toEqual({ 'SIM-A': 'yahoo' });

    d.asked.length = 0;
    const iterated = await iterateRun({ store: d.deps.runStore, marketData: d.deps.marketData, brokerFor: paperBrokerFor }, run!.id, CLOSE, CLOSE + 5_000);
    expect(iterated.ok).toBe(true);
    expect(d.asked).toEqual([{ source: 'yahoo', adjustment: 'raw', pinned: { 'SIM-A': 'yahoo' } }]);

    const shown = await d.run(`/run show run:${run!.number}`);
    expect(shown.text).toContain('data: yahoo (raw prices)');

    // Flattening a position prices it from the run's own (raw) bars.
    const snap = await d.deps.runStore.loadSnapshot(run!.id);
    if (!snap.ok) throw new Error(snap.error.message);
    const held: StoredPosition = {
      symbol: 'SIM-A', qty: 10, avgPrice: 100, entryTime: CLOSE - 86_400_000, entryCommission: 0, lastPrice: 100, barsHeld: 1,
      stopPrice: null, targetPrice: null, trailingPct: null, extreme: 100, maxHoldingBars: null, shadowExits: [],
    };
    d.asked.length = 0;
    const flattened = await flattenCommit(d.deps, { ...snap.value, positions: [held] }, { actor: 'ann', now: CLOSE + 60_000, transition: null, notifications: [] });
    expect(flattened.ok).toBe(true);
    expect(d.asked).toEqual([{ source: 'yahoo', adjustment: 'raw', pinned: { 'SIM-A': 'yahoo' } }]);
  });

  it('/run start without adjustment (or adjustment:split) writes no adjustment: the manifest is as it always was', async () => {
    const d = desk();
    expect((await d.run('/run start strategy:trend-following symbols:SIM-A data:yahoo')).kind).toBe('ok');
    expect((await d.run('/run start strategy:trend-following symbols:SIM-B data:yahoo adjustment:split')).kind).toBe('ok');
    const runs = await d.runStore.listActive();
    expect(runs.map((r) => 'adjustment' in r.manifest)).toEqual([false, false]);
    expect(runs[0]!.manifest).not.toHaveProperty('adjustment');
    d.asked.length = 0;
    await iterateRun({ store: d.deps.runStore, marketData: d.deps.marketData, brokerFor: paperBrokerFor }, runs[0]!.id, CLOSE, CLOSE + 5_000);
    expect(d.asked.map((a) => a.adjustment ?? 'split')).toEqual(['split']);
  });

  it.each([
    ['/run start strategy:trend-following symbols:SIM-A data:sim adjustment:raw', '/run start: adjustment:raw: the simulated market has no split adjustment to undo (raw prices come from alpaca, polygon, yahoo)'],
    ['/run start strategy:trend-following symbols:SIM-A data:csv adjustment:raw', '/run start: adjustment:raw: CSV data has no split adjustment to undo (raw prices come from alpaca, polygon, yahoo)'],
    ['/backtest strategy:trend-following symbols:SIM-A data:sim adjustment:raw', '/backtest: adjustment:raw: the simulated market has no split adjustment to undo (raw prices come from alpaca, polygon, yahoo)'],
  ])('refuses %s in one line, and nothing starts', async (line, message) => {
    const d = desk();
    expect(await d.run(line)).toEqual(errorReply(message));
    expect(await d.runStore.listActive()).toEqual([]);
    expect(d.asked).toEqual([]);
  });

  it('refuses an adjustment that is neither split nor raw, naming both', async () => {
    const d = desk();
    const reply = await d.run('/run start strategy:trend-following symbols:SIM-A data:yahoo adjustment:adjusted');
    expect(reply.kind).toBe('error');
    expect(reply.text).toContain('split, raw');
  });

  it('/backtest adjustment:raw reads raw bars and says so', async () => {
    const d = desk();
    const reply = await d.run('/backtest strategy:trend-following symbols:SIM-A data:yahoo adjustment:raw from:2023-01-03 to:2023-12-29');
    expect(reply.kind).toBe('ok');
    expect(d.asked).toEqual([{ source: 'yahoo', adjustment: 'raw', pinned: undefined }]);
    expect(reply.text).toContain('data: yahoo (test, raw prices)');
  });
});

describe('adjustment in a stored manifest', () => {
  const manifest = {
    strategy: { id: 'trend-following', version: '1.0.0' }, params: {}, symbols: ['AAPL'], dataSymbols: [], timeframe: '1d', dataSource: 'yahoo',
    sources: { AAPL: 'yahoo' }, startCash: 100_000, sizing: { kind: 'percent', pct: 10 }, costs: { commissionRate: 0, slippageBps: 0 },
    gates: { mode: 'enforce', limits: DEFAULT_GATE_LIMITS },
    quant: { enabled: true, window: 20, maxAgeDays: 365, minTrades: 5 }, rules: [], rulesHash: 'h', codeVersion: 'test',
  };

  it('is read back by the store only as raw, and a manifest without it stays without it', () => {
    const withRaw = runManifestSchema.safeParse({ ...manifest, adjustment: 'raw' });
    const without = runManifestSchema.safeParse(manifest);
    if (!withRaw.success || !without.success) throw new Error(`${withRaw.error?.message ?? ''} ${without.error?.message ?? ''}`);
    expect(withRaw.data.adjustment).toBe('raw');
    expect(without.data).not.toHaveProperty('adjustment');
    expect(runManifestSchema.safeParse({ ...manifest, adjustment: 'split' }).success).toBe(false);
  });

  it('is what a replay reloads the run\'s bars with', () => {
    const ref = {
      id: 'r1', number: 1, mode: 'paper' as const, status: 'running' as const, startedAt: FAKE_NOW, endedAt: null,
      config: { strategy: manifest.strategy, params: {}, symbols: ['AAPL'], timeframe: '1d' as const, rulesHash: 'h', ruleIds: [], dataSource: 'yahoo (raw prices)', simulated: false, dataFrom: FAKE_NOW, dataTo: FAKE_NOW, sizing: manifest.sizing, costs: manifest.costs, startCash: 100_000, codeVersion: 'test' },
    };
    const raw = replaySetupOf(ref, { ...manifest, adjustment: 'raw' });
    const split = replaySetupOf(ref, manifest);
    if (!raw.ok || !split.ok) throw new Error('manifest not read');
    expect(raw.value.data).toEqual({ kind: 'source', source: 'yahoo', sources: { AAPL: 'yahoo' }, adjustment: 'raw' });
    expect(split.value.data).toEqual({ kind: 'source', source: 'yahoo', sources: { AAPL: 'yahoo' } });
  });
});

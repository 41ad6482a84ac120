// A paper run on real providers: the symbols are checked with the providers before anything starts, and the run
// records which provider served each symbol; its iterations then read each symbol from that provider alone.
import { describe, expect, it } from 'vitest';
import { createSourceChain } from '../../../src/app/market-data/source-chain.js';
import type { MarketData, MarketDataOptions } from '../../../src/app/market-data/ports.js';
import { iterateRun } from '../../../src/app/runs/iterate.js';
import { startRun } from '../../../src/app/runs/start-run.js';
import { ok, type Result } from '../../../src/core/domain/result.js';
import { createSimMarketData } from '../../../src/market-data/sim/sim-market-data.js';
import { createMemoryRunStore } from '../../helpers/memory-run-store.js';
import { paperBrokerFor } from '../../../src/broker/paper/paper-broker.js';

const NOW = Date.parse('2024-03-04T21:30:00Z');
const sim = createSimMarketData({ seed: 7 });

/** A "provider" serving the simulated path for the symbols it knows, counting who asked for what. */
function provider(kind: string, known: readonly string[], asked: string[]): MarketData {
  return {
    kind, label: `${kind} (test)`, simulated: false,
    getBars: async (r) => {
      asked.push(`${kind}:${r.symbol}`);
      return known.includes(r.symbol) ? sim.getBars(r) : { ok: false, error: { code: 'data.symbol', message: `${r.symbol} is unknown to ${kind}` } };
    },
    checkSymbols: async (symbols) => ok({
      accepted: symbols.filter((s) => known.includes(s)),
      refused: symbols.filter((s) => !known.includes(s)).map((symbol) => ({ symbol, reason: `unknown to ${kind}` })),
    }),
  };
}

function deps(asked: string[]) {
  const store = createMemoryRunStore();
  const alpaca = provider('alpaca', ['AAPL'], asked);
  const yahoo = provider('yahoo', ['AAPL', 'SAP.DE'], asked);
  const marketData = (source: string, options?: MarketDataOptions): Result<MarketData> =>
    ok(createSourceChain(source.split(',').map((name) => ({ name, market: name === 'alpaca' ? alpaca : yahoo })), options?.pinned));
  return {
    store, marketData, brokerFor: paperBrokerFor, activeRules: async () => ok([]), codeVersion: 'test',
    defaults: { startCash: 100_000, costs: { commissionRate: 0, slippageBps: 0 } },
  };
}

const input = (symbols: string[], dataSource: string) => ({
  workspace: { platform: 'console', externalId: 'local', name: 'Local' } as const, actor: { id: 'u', name: 'ann', role: 'trader' } as const,
  channelId: 'console', strategyId: 'breakout', params: {}, symbols, timeframe: '1d' as const, dataSource, now: NOW,
});

describe('a paper run on real providers', () => {
  it('records the provider that served each symbol, and iterates each symbol on that provider alone', async () => {
    const asked: string[] = [];
    const d = deps(asked);
    const started = await startRun(d, input(['AAPL', 'SAP.DE'], 'alpaca, yahoo'));
    if (!started.ok) throw new Error(started.error.message);
    expect(started.value.run.manifest.dataSource).toBe('alpaca,yahoo');
    expect(started.value.run.manifest.sources).toEqual({ AAPL: 'alpaca', 'SAP.DE': 'yahoo' });
    asked.length = 0;
    const res = await iterateRun(d, started.value.run.id, Date.parse('2024-03-05T21:00:00Z'), Date.parse('2024-03-05T21:00:05Z'));
    expect(res.ok).toBe(true);
    expect([...new Set(asked)].sort()).toEqual(['alpaca:AAPL', 'yahoo:SAP.DE']);
  });

  it('refuses unknown symbols before starting, listing the ones accepted', async () => {
    const d = deps([]);
    const res = await startRun(d, input(['AAPL', 'NOPE'], 'alpaca,yahoo'));
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.code).toBe('data.symbol');
      expect(res.error.message).toBe('NOPE (alpaca: unknown to alpaca; yahoo: unknown to yahoo): not started (accepted: AAPL)');
    }
    expect(await d.store.listActive()).toEqual([]);
  });

  it('refuses a source list that would mix in simulated bars', async () => {
    const res = await startRun(deps([]), input(['AAPL'], 'alpaca,sim'));
    expect(res.ok ? 'started' : res.error.message).toContain('sim cannot be part of a list of providers');
  });
});

import { describe, expect, it } from 'vitest';
import type { BarsRequest, MarketData } from '../../../src/app/market-data/ports.js';
import { createSourceChain } from '../../../src/app/market-data/source-chain.js';
import { createBarSeries } from '../../../src/core/domain/bar.js';
import { fail, ok } from '../../../src/core/domain/result.js';

const DAY = 86_400_000;

/** A provider that knows some symbols, can be switched off, and counts its requests. */
function provider(kind: string, known: string[], price: number) {
  const calls: BarsRequest[] = [];
  let down = false;
  const market: MarketData = {
    kind, label: `${kind} (test)`, simulated: false,
    getBars: async (r) => {
      calls.push(r);
      if (down) return fail('data.unavailable', `${kind} is down`);
      if (!known.includes(r.symbol)) return fail('data.symbol', `${r.symbol} is unknown to ${kind}`);
      return ok(createBarSeries(r.symbol, r.timeframe, [{ time: r.to - (r.to % DAY), open: price, high: price, low: price, close: price, volume: 1 }]));
    },
    checkSymbols: async (symbols) => ok({ accepted: symbols.filter((s) => known.includes(s)), refused: symbols.filter((s) => !known.includes(s)).map((symbol) => ({ symbol, reason: `unknown to ${kind}` })) }),
  };
  return { market, calls, setDown: (v: boolean) => void (down = v) };
}

const req = (symbol: string): BarsRequest => ({ symbol, timeframe: '1d', to: 10 * DAY });

describe('createSourceChain', () => {
  it('serves each symbol from the first provider that has it and says which', async () => {
    const a = provider('alpaca', ['AAPL'], 1);
    const y = provider('yahoo', ['AAPL', 'SAP.DE'], 2);
    const chain = createSourceChain([{ name: 'alpaca', market: a.market }, { name: 'yahoo', market: y.market }]);
    const aapl = await chain.getBars(req('AAPL'));
    const sap = await chain.getBars(req('SAP.DE'));
    expect(aapl.ok && aapl.value.close[0]).toBe(1);
    expect(sap.ok && sap.value.close[0]).toBe(2);
    expect(chain.sources()).toEqual({ AAPL: 'alpaca', 'SAP.DE': 'yahoo' });
    expect(chain.simulated).toBe(false);
  });

  it('never mixes providers within a symbol: once served by one, a later failure there fails the request', async () => {
    const a = provider('alpaca', ['AAPL'], 1);
    const y = provider('yahoo', ['AAPL'], 2);
    const chain = createSourceChain([{ name: 'alpaca', market: a.market }, { name: 'yahoo', market: y.market }]);
    expect((await chain.getBars(req('AAPL'))).ok).toBe(true);
    a.setDown(true);
    const again = await chain.getBars(req('AAPL'));
    expect(again.ok ? 'ok' : again.error.message).toBe('alpaca is down');
    expect(y.calls).toEqual([]);
  });

  it('serves a pinned symbol (a run\'s recorded provider) from that provider alone', async () => {
    const a = provider('alpaca', ['AAPL'], 1);
    const y = provider('yahoo', ['AAPL'], 2);
    const chain = createSourceChain([{ name: 'alpaca', market: a.market }, { name: 'yahoo', market: y.market }], { AAPL: 'yahoo' });
    const res = await chain.getBars(req('AAPL'));
    expect(res.ok && res.value.close[0]).toBe(2);
    expect(a.calls).toEqual([]);
    const gone = createSourceChain([{ name: 'alpaca', market: a.market }], { AAPL: 'yahoo' });
    const refused = await gone.getBars(req('AAPL'));
    expect(refused.ok ? 'ok' : refused.error.message).toContain('was served by yahoo, which is not configured now');
  });

  it('fails with every provider\'s reason when none serves the symbol (data.symbol when all say unknown)', async () => {
    const a = provider('alpaca', [], 1);
    const y = provider('yahoo', [], 2);
    const chain = createSourceChain([{ name: 'alpaca', market: a.market }, { name: 'yahoo', market: y.market }]);
    const res = await chain.getBars(req('ZZZZ'));
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.code).toBe('data.symbol');
      expect(res.error.message).toBe('no provider served ZZZZ (alpaca, then yahoo): alpaca: ZZZZ is unknown to alpaca; yahoo: ZZZZ is unknown to yahoo');
    }
    y.setDown(true);
    const mixed = await chain.getBars(req('ZZZZ'));
    expect(mixed.ok ? 'ok' : mixed.error.code).toBe('data.unavailable');
  });

  it('checks symbols down the chain: accepted by any, refused with every provider\'s reason', async () => {
    const a = provider('alpaca', ['AAPL'], 1);
    const y = provider('yahoo', ['SAP.DE'], 2);
    const chain = createSourceChain([{ name: 'alpaca', market: a.market }, { name: 'yahoo', market: y.market }]);
    const res = await chain.checkSymbols!(['AAPL', 'SAP.DE', 'ZZZZ']);
    expect(res).toEqual({ ok: true, value: { accepted: ['AAPL', 'SAP.DE'], refused: [{ symbol: 'ZZZZ', reason: 'alpaca: unknown to alpaca; yahoo: unknown to yahoo' }] } });
  });
});

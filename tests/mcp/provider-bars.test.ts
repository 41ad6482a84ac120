// get_bars and get_indicators on real providers: served through the desk's own sources (a fake provider here),
// labelled with the provider that served the symbol and the adjustment asked (split by default), never past as_of,
// defaulting to the workspace's source.
import { describe, expect, it } from 'vitest';
import { createSourceChain, type ChainLink } from '../../src/app/market-data/source-chain.js';
import { TIMEFRAME_MS } from '../../src/core/domain/bar.js';
import { parseSourceSpec } from '../../src/core/domain/data-source.js';
import { fail, ok } from '../../src/core/domain/result.js';
import { createSimMarketData } from '../../src/market-data/sim/sim-market-data.js';
import { mcpDepsFrom } from '../../src/mcp/deps.js';
import { createCountingMarketData } from '../helpers/counting-market-data.js';
import { FAKE_NOW, fakeDesk } from '../helpers/fake-desk.js';
import { caller, connect, textOf, WS_A } from './mcp-harness.js';

type Data = Record<string, unknown>;
const data = (r: { structuredContent?: unknown }): Data => r.structuredContent as Data;
const DAY = TIMEFRAME_MS['1d'];

/** A desk with a fake Yahoo and a Polygon that knows no symbol; Alpaca has no key. */
async function providerMcp() {
  const yahoo = createCountingMarketData('yahoo', Date.UTC(2022, 0, 3));
  const polygon = createCountingMarketData('polygon', Date.UTC(2022, 0, 3));
  polygon.failWith = { code: 'data.symbol', message: 'unknown symbol' };
  const configured: Record<string, ChainLink['market']> = { yahoo, polygon };
  const sim = createSimMarketData({ seed: 42 });
  const adjustments: (string | undefined)[] = [];
  const desk = fakeDesk({
    marketData: (source, options) => {
      adjustments.push(options?.adjustment);
      const spec = parseSourceSpec(source);
      if (!spec.ok) return spec;
      if (spec.value.kind === 'sim') return ok(sim);
      if (spec.value.kind === 'csv') return fail('data.not_configured', 'csv data needs TRADEDESK_DATA_DIR (see .env.example)');
      const links: ChainLink[] = [];
      for (const name of spec.value.chain) {
        const market = configured[name];
        if (market === undefined) return fail('data.not_configured', 'Alpaca market data needs APCA_API_KEY_ID and APCA_API_SECRET_KEY');
        links.push({ name, market });
      }
      return ok(createSourceChain(links, options?.pinned));
    },
  });
  const call = caller(await connect(mcpDepsFrom(desk.deps, WS_A, () => FAKE_NOW)));
  return { desk, yahoo, polygon, call, adjustments };
}

describe('get_bars on a real provider', () => {
  it('serves the provider\'s bars, labelled with the provider that served the symbol', async () => {
    const { call, yahoo } = await providerMcp();
    const res = await call('get_bars', { symbol: 'orcl', source: 'yahoo', from: '2023-03-01', to: '2023-03-10' });
    expect(res.isError).toBeFalsy();
    expect(data(res)).toMatchObject({ symbol: 'ORCL', source: 'yahoo provider (test)', provider: 'yahoo', dataSource: 'yahoo', simulated: false });
    const bars = data(res)['bars'] as Data[];
    expect(bars.map((b) => (b['time'] as string).slice(0, 10))).toEqual(['2023-03-01', '2023-03-02', '2023-03-03', '2023-03-06', '2023-03-07', '2023-03-08', '2023-03-09', '2023-03-10']);
    expect(yahoo.requests).toEqual([{ symbol: 'ORCL', timeframe: '1d', from: Date.UTC(2023, 2, 1), to: Date.UTC(2023, 2, 10) }]);
    expect(textOf(res)).toContain('ORCL [1d] from yahoo provider (test): 8 bar(s)');
  });

  it('names the provider of a list that served the symbol', async () => {
    const { call, polygon, yahoo } = await providerMcp();
    const res = await call('get_bars', { symbol: 'ORCL', source: 'polygon,yahoo', from: '2023-03-01', to: '2023-03-10' });
    expect(data(res)).toMatchObject({ provider: 'yahoo', dataSource: 'polygon,yahoo' });
    expect(polygon.requests).toHaveLength(1);
    expect(yahoo.requests).toHaveLength(1);
    expect(textOf(res)).toContain('from yahoo (');
  });

  it('never asks for nor returns a bar that had not closed by as_of', async () => {
    const { call, yahoo } = await providerMcp();
    const asOf = Date.UTC(2023, 5, 15, 12);
    const res = await call('get_bars', { symbol: 'ORCL', source: 'yahoo', to: '2023-12-29', as_of: new Date(asOf).toISOString(), max_bars: 5 });
    const bars = data(res)['bars'] as Data[];
    expect(bars).toHaveLength(5);
    expect(bars.at(-1)!['time']).toBe('2023-06-14T00:00:00.000Z');
    expect(Date.parse(bars.at(-1)!['time'] as string) + DAY).toBeLessThanOrEqual(asOf);
    expect(yahoo.requests.every((r) => r.to <= asOf)).toBe(true);
    expect(yahoo.requests[0]!.from).toBeGreaterThan(Date.UTC(2022, 0, 1));
  });

  it('reads the workspace\'s default source when none is named', async () => {
    const { call, desk } = await providerMcp();
    expect(data(await call('get_bars', { symbol: 'SIM-A', max_bars: 3 }))).toMatchObject({ simulated: true, provider: null, dataSource: 'sim' });
    await desk.deps.settings.setDataSource(WS_A, 'yahoo', { actor: { id: 'u', name: 'ann', role: 'admin' }, channelId: 'console', now: FAKE_NOW });
    expect(data(await call('get_bars', { symbol: 'ORCL', max_bars: 3, as_of: '2023-06-15' }))).toMatchObject({ provider: 'yahoo', dataSource: 'yahoo' });
  });

  it.each([
    [{ source: 'bloomberg' }, "argument 'source' 'bloomberg': unknown source 'bloomberg' (expected sim, csv, alpaca, polygon, yahoo)"],
    [{ source: 'yahoo,sim' }, 'sim cannot be part of a list of providers'],
    [{ source: 'alpaca' }, 'Alpaca market data needs APCA_API_KEY_ID and APCA_API_SECRET_KEY'],
  ])('refuses %j with a readable message', async (args, message) => {
    const { call, yahoo } = await providerMcp();
    const res = await call('get_bars', { symbol: 'ORCL', ...args });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toContain(message);
    expect(yahoo.requests).toEqual([]);
  });
});

describe('adjustment', () => {
  it('reads split-adjusted bars by default and raw ones when asked, and echoes which beside provider and dataSource', async () => {
    const { call, adjustments } = await providerMcp();
    const split = await call('get_bars', { symbol: 'ORCL', source: 'yahoo', from: '2023-03-01', to: '2023-03-10' });
    expect(data(split)).toMatchObject({ provider: 'yahoo', dataSource: 'yahoo', adjustment: 'split' });
    const raw = await call('get_bars', { symbol: 'ORCL', source: 'yahoo', adjustment: 'raw', from: '2023-03-01', to: '2023-03-10' });
    expect(raw.isError).toBeFalsy();
    expect(data(raw)).toMatchObject({ provider: 'yahoo', dataSource: 'yahoo', adjustment: 'raw' });
    const indicators = await call('get_indicators', { symbol: 'ORCL', source: 'yahoo', adjustment: 'raw', as_of: '2023-06-15T12:00:00Z', last: 2, indicators: [{ kind: 'sma', period: 5 }] });
    expect(data(indicators)).toMatchObject({ provider: 'yahoo', dataSource: 'yahoo', adjustment: 'raw' });
    expect(adjustments).toEqual(['split', 'raw', 'raw']);
  });

  it('has none for the simulated market, and refuses raw there', async () => {
    const { call, adjustments } = await providerMcp();
    expect(data(await call('get_bars', { symbol: 'SIM-A', source: 'sim', max_bars: 3 }))).toMatchObject({ simulated: true, provider: null, adjustment: null });
    const raw = await call('get_indicators', { symbol: 'SIM-A', source: 'sim', adjustment: 'raw', indicators: [{ kind: 'sma', period: 5 }] });
    expect(raw.isError).toBe(true);
    expect(textOf(raw)).toContain("argument 'adjustment' raw: the simulated market has no split adjustment to undo");
    expect(adjustments).toEqual(['split']);
  });

  it('refuses an adjustment that is neither split nor raw', async () => {
    const { call } = await providerMcp();
    const res = await call('get_bars', { symbol: 'ORCL', source: 'yahoo', adjustment: 'dividends' });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toContain('adjustment');
  });
});

describe('get_indicators on a real provider', () => {
  it('computes over the provider\'s bars up to as_of, labelled with the provider', async () => {
    const { call } = await providerMcp();
    const res = await call('get_indicators', { symbol: 'ORCL', source: 'yahoo', as_of: '2023-06-15T12:00:00Z', last: 2, indicators: [{ kind: 'sma', period: 5 }] });
    expect(data(res)).toMatchObject({ provider: 'yahoo', dataSource: 'yahoo', simulated: false, times: ['2023-06-13T00:00:00.000Z', '2023-06-14T00:00:00.000Z'] });
    expect(textOf(res)).toContain('ORCL [1d] from yahoo provider (test) over');
  });
});

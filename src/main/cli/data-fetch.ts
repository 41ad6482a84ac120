// `tradedesk data fetch`: warms the bar cache of the desk's database for some symbols and a window, one symbol after
// another through the same fallback chain and cache as a backtest, and says what each symbol cost.
import type { BarCache, BarCacheKey } from '../../app/market-data/ports.js';
import type { Timeframe } from '../../core/domain/bar.js';
import type { MarketData } from '../../app/market-data/ports.js';
import { isProviderName, type Adjustment, type ProviderName } from '../../core/domain/data-source.js';
import type { Env } from '../../config/env.js';
import { cacheSource, marketDataFor } from '../market-data.js';
import { parseFetchArgs, type FetchArgs } from './data-fetch-args.js';
import { createFetchProgress } from './data-progress.js';
import type { CliIo, ExitCode } from './io.js';

export interface FetchedSymbol {
  readonly symbol: string;
  readonly provider: string;
  /** Bars newly kept in the cache by this fetch. */
  readonly kept: number;
  /** Bars of the window that were in the cache already. */
  readonly alreadyCached: number;
}

export interface FetchSummary {
  readonly timeframe: Timeframe;
  /** The series warmed: split-adjusted or raw prices. */
  readonly adjustment: Adjustment;
  readonly from: string;
  readonly to: string;
  readonly fetched: readonly FetchedSymbol[];
  readonly failed: readonly { readonly symbol: string; readonly code: string; readonly reason: string }[];
}

const NAME = 'tradedesk data fetch';
const count = (n: number): string => n.toLocaleString('en-US');

export async function dataFetchCommand(argv: readonly string[], io: CliIo, env: Env): Promise<ExitCode> {
  const args = parseFetchArgs(argv, env, io.cwd, io.now());
  if (!args.ok) {
    io.err(`${NAME}: ${args.error.message}`);
    return 2;
  }
  const { openCliBarCache } = await import('../bar-cache-store.js');
  const cacheStore = await openCliBarCache(NAME, env, io);
  if (cacheStore === null) return 1;
  let summary: FetchSummary;
  try {
    const market = marketDataFor(env, { kind: 'providers', chain: args.value.chain }, { adjustment: args.value.adjustment, cache: cacheStore.provider });
    if (!market.ok) {
      io.err(`${NAME}: ${market.error.message}`);
      return 2;
    }
    summary = await fetchAll(args.value, market.value, cacheStore.provider.cache(), (name) => cacheSource(env, name), io);
  } finally {
    await cacheStore.close();
  }
  io.out(args.value.json ? JSON.stringify(summary, null, 2) : summaryText(summary));
  return summary.failed.length === 0 ? 0 : 1;
}

async function fetchAll(
  args: FetchArgs,
  market: MarketData,
  cache: BarCache,
  sourceOf: (name: ProviderName) => string,
  io: CliIo,
): Promise<FetchSummary> {
  const { symbols, timeframe, from, to, chain, adjustment } = args;
  const keyOf = (name: ProviderName, symbol: string): BarCacheKey => ({ provider: sourceOf(name), symbol, timeframe, adjustment });
  const cachedBars = async (name: ProviderName, symbol: string): Promise<number> => {
    const read = await cache.read(keyOf(name, symbol), from, to);
    return read.ok ? read.value.bars.length : 0;
  };
  const progress = createFetchProgress(io, symbols.length);
  const fetched: FetchedSymbol[] = [];
  const failed: { symbol: string; code: string; reason: string }[] = [];
  for (const symbol of symbols) {
    progress.start(symbol);
    const before = new Map<ProviderName, number>();
    for (const name of chain) before.set(name, await cachedBars(name, symbol));
    const res = await market.getBars({ symbol, timeframe, from, to });
    if (!res.ok) {
      const reason = res.error.message.split('\n').join(' ');
      failed.push({ symbol, code: res.error.code, reason });
      progress.done({ symbol, line: `failed: ${reason}` });
      continue;
    }
    const served = market.sources?.()[symbol];
    const provider = served !== undefined && isProviderName(served) ? served : chain[0]!;
    const alreadyCached = before.get(provider) ?? 0;
    const kept = Math.max(0, (await cachedBars(provider, symbol)) - alreadyCached);
    fetched.push({ symbol, provider, kept, alreadyCached });
    progress.done({ symbol, line: `${provider}: ${count(kept)} bars kept, ${count(alreadyCached)} already cached` });
  }
  progress.end();
  const day = (t: number): string => new Date(t).toISOString().slice(0, timeframe === '1d' ? 10 : 16);
  return { timeframe, adjustment, from: day(from), to: day(to), fetched, failed };
}

function summaryText(s: FetchSummary): string {
  const kept = s.fetched.reduce((n, f) => n + f.kept, 0);
  const cached = s.fetched.reduce((n, f) => n + f.alreadyCached, 0);
  const total = s.fetched.length + s.failed.length;
  const width = Math.max(6, ...s.fetched.map((f) => f.symbol.length), ...s.failed.map((f) => f.symbol.length));
  const lines = [
    `fetched ${s.fetched.length} of ${total} symbols (${s.timeframe}${s.adjustment === 'raw' ? ', raw prices' : ''}, ${s.from} to ${s.to}): ${count(kept)} bars kept, ${count(cached)} already cached`,
    ...s.fetched.map((f) => `  ${f.symbol.padEnd(width)}  ${f.provider.padEnd(7)}  ${count(f.kept)} kept, ${count(f.alreadyCached)} already cached`),
  ];
  if (s.failed.length > 0) lines.push(`failed (${s.failed.length}):`, ...s.failed.map((f) => `  ${f.symbol.padEnd(width)}  ${f.reason}`));
  return lines.join('\n');
}

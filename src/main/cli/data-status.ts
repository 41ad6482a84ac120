// `tradedesk data status`: every series in the bar cache of the desk's database.
import type { BarCacheEntry } from '../../app/market-data/ports.js';
import { quoteInput } from '../../core/domain/quote-input.js';
import type { Env } from '../../config/env.js';
import type { CliIo, ExitCode } from './io.js';

const NAME = 'tradedesk data status';

export async function dataStatusCommand(argv: readonly string[], io: CliIo, env: Env): Promise<ExitCode> {
  const unknown = argv.filter((a) => a !== '--json');
  if (unknown.length > 0) {
    io.err(`${NAME}: unknown arguments ${quoteInput(unknown.join(' '))} (only --json)`);
    return 2;
  }
  const { openCliBarCache } = await import('../bar-cache-store.js');
  const cacheStore = await openCliBarCache(NAME, env, io);
  if (cacheStore === null) return 1;
  let entries;
  try {
    entries = await cacheStore.provider.cache().status();
  } finally {
    await cacheStore.close();
  }
  if (!entries.ok) {
    io.err(`${NAME}: ${entries.error.message}`);
    return 1;
  }
  io.out(argv.includes('--json') ? JSON.stringify({ series: entries.value.map(entryJson) }, null, 2) : statusText(entries.value));
  return 0;
}

// null for no bar, and for the open start (-Infinity) of a window fetched from the provider's first bar.
const iso = (t: number | null): string | null => (t === null || !Number.isFinite(t) ? null : new Date(t).toISOString());

function entryJson(e: BarCacheEntry) {
  return {
    provider: e.provider, symbol: e.symbol, timeframe: e.timeframe, adjustment: e.adjustment,
    firstBar: iso(e.firstBar), lastBar: iso(e.lastBar), barCount: e.barCount, fetchedAt: iso(e.fetchedAt),
    windows: e.windows.map((w) => ({ from: iso(w.from), to: iso(w.to) })),
  };
}

/** Holes between the covered windows: 0 when the series was fetched as one stretch. */
const gaps = (e: BarCacheEntry): number => Math.max(0, e.windows.length - 1);

function statusText(entries: readonly BarCacheEntry[]): string {
  if (entries.length === 0) return 'the bar cache is empty (tradedesk data fetch warms it)';
  const when = (e: BarCacheEntry, t: number | null): string => (t === null ? '-' : new Date(t).toISOString().slice(0, e.timeframe === '1d' ? 10 : 16));
  const rows = entries.map((e) => [e.provider, e.symbol, e.timeframe, e.adjustment, `${when(e, e.firstBar)}..${when(e, e.lastBar)}`, e.barCount.toLocaleString('en-US'), String(gaps(e)), new Date(e.fetchedAt).toISOString().slice(0, 16)]);
  const head = ['provider', 'symbol', 'tf', 'adjust', 'bars from..to', 'bars', 'gaps', 'last fetched (UTC)'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: readonly string[]): string => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}

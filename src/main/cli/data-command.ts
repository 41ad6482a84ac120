// `tradedesk data fetch|status`: the bar cache of the desk's database, from the command line.
import { quoteInput } from '../../core/domain/quote-input.js';
import type { Env } from '../../config/env.js';
import { dataFetchCommand } from './data-fetch.js';
import { dataStatusCommand } from './data-status.js';
import type { CliIo, ExitCode } from './io.js';

export const DATA_FETCH_USAGE = `usage: tradedesk data fetch --symbols <A,B,...> [--timeframe 1d] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--data <providers>]
                            [--adjustment split|raw]

Warms the bar cache of the desk's database (DATABASE_URL) so later backtests and runs of that window ask the
provider nothing. A progress bar on a terminal (one line per symbol otherwise), then a summary: the provider that
served each symbol, bars kept and already cached, and each failure with its reason. Exit 0 when every symbol was
fetched, 1 when some failed, 2 for bad arguments.

  --symbols <A,B,...>      symbols to fetch (comma-separated)
  --timeframe <tf>         1m|5m|15m|1h|1d (default 1d)
  --from YYYY-MM-DD        first day (default: 3 years back for daily bars, as tradedesk backtest)
  --to YYYY-MM-DD          last day (default: the last closed bar)
  --data <providers>       alpaca, polygon, yahoo or a list tried in order per symbol (alpaca,yahoo);
                           default MARKET_DATA. sim, csv and folders need no cache and are refused
  --adjustment split|raw   the series to warm: split-adjusted prices (default) or raw, as traded; cached apart,
                           a backtest with the same --adjustment reads them
  --json                   the summary as one JSON document on stdout
  -h, --help               this help`;

export const DATA_STATUS_USAGE = `usage: tradedesk data status [--json]

Lists what the bar cache of the desk's database (DATABASE_URL) holds: provider, symbol, timeframe, adjustment,
first and last bar, bar count and when it was last fetched.

  --json         one JSON document: { series: [...] }, times as ISO strings
  -h, --help     this help`;

export async function dataCommand(argv: readonly string[], io: CliIo, env: Env): Promise<ExitCode> {
  const [sub, ...rest] = argv;
  if (sub === 'fetch') return dataFetchCommand(rest, io, env);
  if (sub === 'status') return dataStatusCommand(rest, io, env);
  io.err(`tradedesk data: ${sub === undefined ? 'missing command' : `unknown command ${quoteInput(sub)}`}; commands: fetch, status`);
  return 2;
}

import { parseArgs } from 'node:util';
import { backtestWindow } from '../../app/backtest/window.js';
import { isTimeframe, TIMEFRAMES, type Timeframe } from '../../core/domain/bar.js';
import { parseAdjustment, type Adjustment, type ProviderName } from '../../core/domain/data-source.js';
import { quoteInput, safeText } from '../../core/domain/quote-input.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import { LIMITS } from '../../core/limits.js';
import type { Env } from '../../config/env.js';
import { parseDataOption } from './data-option.js';
import { parseDayRange } from './dates.js';

/** What `tradedesk data fetch` was asked: the symbols, one timeframe, a window (epoch ms) and the providers to try. */
export interface FetchArgs {
  readonly symbols: readonly string[];
  readonly timeframe: Timeframe;
  readonly from: number;
  readonly to: number;
  readonly chain: readonly ProviderName[];
  /** The series warmed: split-adjusted (default) or raw prices; a backtest with the same --adjustment reads them. */
  readonly adjustment: Adjustment;
  readonly json: boolean;
}

/** Stock, crypto (BTC/USD) and index (^GSPC) spellings; nothing a terminal would act on. */
const SYMBOL = new RegExp(`^[A-Z0-9./^=-]{1,${LIMITS.idLength}}$`);


/**
 * The flags of `data fetch`. The window is the one `tradedesk backtest` derives from the same --from/--to (3 years
 * of daily bars up to the last closed bar by default), so a backtest of that window afterwards is served whole.
 */
export function parseFetchArgs(argv: readonly string[], env: Env, cwd: string, now: number): Result<FetchArgs> {
  let values;
  let tokens;
  try {
    ({ values, tokens } = parseArgs({
      args: [...argv], strict: true, allowPositionals: false, tokens: true,
      options: { symbols: { type: 'string' }, timeframe: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, data: { type: 'string' }, adjustment: { type: 'string' }, json: { type: 'boolean' } },
    }));
  } catch (err) {
    const message = safeText(err instanceof Error ? err.message.split('\n').join(' ') : String(err), LIMITS.echoChars + 200);
    return fail('cli.args', `${message} (see tradedesk data fetch --help)`);
  }
  const seen = new Set<string>();
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    if (seen.has(token.name)) return fail('cli.args', `--${token.name} is given twice`);
    seen.add(token.name);
  }
  if (values.symbols === undefined) return fail('cli.args', 'missing --symbols <A,B,...>');
  const symbols = [...new Set(values.symbols.split(',').map((s) => s.trim().toUpperCase()).filter((s) => s !== ''))];
  if (symbols.length === 0) return fail('cli.args', `--symbols ${quoteInput(values.symbols)}: no symbol given`);
  if (symbols.length > LIMITS.symbolsPerRun) return fail('cli.args', `${symbols.length} symbols: at most ${LIMITS.symbolsPerRun} in one fetch`);
  const odd = symbols.find((s) => !SYMBOL.test(s));
  if (odd !== undefined) return fail('cli.args', `--symbols: ${quoteInput(odd)} is not a symbol (letters, digits and . / ^ = -, at most ${LIMITS.idLength})`);
  const timeframe = values.timeframe ?? '1d';
  if (!isTimeframe(timeframe)) return fail('cli.args', `--timeframe ${quoteInput(timeframe)}: expected one of ${TIMEFRAMES.join(', ')}`);

  const adjustment = parseAdjustment(values.adjustment ?? 'split', '--adjustment');
  if (!adjustment.ok) return adjustment;
  const data = parseDataOption(values.data, env, cwd);
  if (!data.ok) return data;
  if (data.value.kind !== 'providers') {
    const what = data.value.kind === 'folder' ? 'a folder of CSV files' : data.value.kind === 'sim' ? 'the simulated market' : 'csv data';
    const given = values.data === undefined ? ` (the default, MARKET_DATA)` : '';
    return fail('cli.args', `--data: ${what}${given} needs no cache; data fetch warms real providers (alpaca, polygon, yahoo, or a list)`);
  }
  const days = parseDayRange(values.from, values.to);
  if (!days.ok) return days;
  const { from, to } = backtestWindow({ now, timeframe, open: true, ...days.value });
  if (from === undefined || from > to) return fail('cli.range', `--from ${values.from ?? ''} is after --to ${values.to ?? 'the last closed bar'}`);
  return ok({ symbols, timeframe, from, to, chain: data.value.chain, adjustment: adjustment.value, json: values.json === true });
}

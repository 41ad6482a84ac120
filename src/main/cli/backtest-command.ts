import path from 'node:path';
import { parseArgs } from 'node:util';
import { isTimeframe, TIMEFRAMES } from '../../core/domain/bar.js';
import { checkAdjustment, parseAdjustment, type Adjustment } from '../../core/domain/data-source.js';
import { quoteInput, safeText } from '../../core/domain/quote-input.js';
import { fail, ok, type Result } from '../../core/domain/result.js';
import { LIMITS, showLimit } from '../../core/limits.js';
import { isParamName, PARAM_NAME_RULE } from '../../core/strategies/params.js';
import { DEFAULT_QUANT, parseSizing } from '../../core/engine/config.js';
import { DEFAULT_GATE_LIMITS } from '../../core/risk/gates.js';
import { parseRules, type Rule } from '../../core/risk/rules.js';
import { backtest, type BacktestRequest } from '../../app/backtest/backtest.js';
import { backtestWindow } from '../../app/backtest/window.js';
import { backtestJson, backtestText } from '../../app/backtest/report.js';
import type { Env } from '../../config/env.js';
import { readRegularFile } from '../../market-data/regular-file.js';
import { marketDataFor, type ProviderCache } from '../market-data.js';
import { parseDataOption, type DataChoice } from './data-option.js';
import { codeVersion } from '../version.js';
import { parseDayRange } from './dates.js';
import type { CliIo, ExitCode } from './io.js';
import { describeJsonError } from './json-error.js';
import { parseDecimal } from '../../core/domain/decimal.js';

export const BACKTEST_USAGE = `usage: tradedesk backtest --strategy <id> --symbols <A,B,...> [options]

  --strategy <id>          one of: tradedesk strategies
  --symbols <A,B,...>      symbols to trade (comma-separated)
  --data <source>          sim, alpaca, polygon, yahoo, a list tried in order per symbol (alpaca,yahoo), csv
                           (TRADEDESK_DATA_DIR) or a folder of <SYMBOL>.csv (Yahoo layout); default: MARKET_DATA (sim)
  --adjustment split|raw   providers' prices: split-adjusted (default; not dividend-adjusted) or raw, as traded;
                           raw is refused for sim, csv and folders (nothing to undo)
  --from YYYY-MM-DD        first day (inclusive); default: all data (csv) or 3 years back (daily bars)
  --to YYYY-MM-DD          last day (inclusive); default: the last bar (csv) or the last closed bar
  --timeframe <tf>         1m|5m|15m|1h|1d (default 1d; csv data is daily)
  --cash <n>               starting cash (default TRADEDESK_START_CASH, 100000)
  --param key=value        strategy parameter, repeatable (see tradedesk strategies)
  --sizing risk|risk:<pct>|percent:<p>   position sizing (default risk: 2% of equity per trade, stop 1.5 x ATR)
  --commission <rate>      commission as a rate of notional, e.g. 0.001 (default TRADEDESK_COMMISSION, 0)
  --slippage-bps <n>       slippage in basis points (default TRADEDESK_SLIPPAGE_BPS, 0)
  --rules <file.json>      user rules (a JSON array, or { "rules": [...] })
  --no-quant               do not let the quant check adjust signal confidence
  --gates enforce|shadow   shadow reports the limit gates without enforcing them (research only)
  --save                   save the backtest as a run so it can be compared later
  --json                   one JSON document on stdout`;

interface Parsed {
  readonly request: BacktestRequest;
  readonly data: DataChoice;
  readonly adjustment: Adjustment;
  readonly save: boolean;
  readonly json: boolean;
}

export async function backtestCommand(argv: readonly string[], io: CliIo, env: Env): Promise<ExitCode> {
  const parsed = await parseBacktestArgs(argv, io, env);
  if (!parsed.ok) {
    io.err(`tradedesk backtest: ${parsed.error.message}`);
    return 2;
  }
  if (parsed.value === 'help') {
    io.out(BACKTEST_USAGE);
    return 0;
  }
  const { request, data, adjustment, save, json } = parsed.value;
  // Real providers are read through the bar cache in the desk's database: the same window twice is one request.
  let cacheStore: { provider: ProviderCache; close: () => Promise<void> } | null = null;
  if (data.kind === 'providers') {
    const { openCliBarCache } = await import('../bar-cache-store.js');
    cacheStore = await openCliBarCache('tradedesk backtest', env, io);
    if (cacheStore === null) return 1;
  }
  let outcome;
  try {
    const marketData = marketDataFor(env, data, { adjustment, cache: cacheStore?.provider });
    if (!marketData.ok) {
      io.err(`tradedesk backtest: ${marketData.error.message}`);
      return 2;
    }
    outcome = await backtest({ marketData: marketData.value, codeVersion: codeVersion() }, request);
  } finally {
    await cacheStore?.close();
  }
  if (!outcome.ok) {
    io.err(`tradedesk backtest: ${outcome.error.message}`);
    return 2;
  }
  let saved: { number: number } | null = null;
  if (save) {
    // Loaded lazily: a plain backtest never pays for the database client.
    const { saveBacktestAsRun } = await import('../save-backtest.js');
    const res = await saveBacktestAsRun(env, outcome.value, io.now());
    if (!res.ok) {
      io.err(`tradedesk backtest: could not save the run: ${res.error.message}`);
      return 1;
    }
    saved = { number: res.value.number };
  }
  io.out(json ? JSON.stringify(backtestJson(outcome.value, saved), null, 2) : backtestText(outcome.value, saved));
  return 0;
}

const FLAGS = {
  strategy: { type: 'string' },
  symbols: { type: 'string' },
  data: { type: 'string' },
  adjustment: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  timeframe: { type: 'string' },
  cash: { type: 'string' },
  param: { type: 'string', multiple: true },
  sizing: { type: 'string' },
  commission: { type: 'string' },
  'slippage-bps': { type: 'string' },
  rules: { type: 'string' },
  'no-quant': { type: 'boolean' },
  gates: { type: 'string' },
  save: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The flags as given, each at most once (`--param` may repeat). */
function readFlags(argv: readonly string[]) {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], strict: true, allowPositionals: false, tokens: true, options: FLAGS });
  } catch (err) {
    // Node's message can span lines (e.g. the `--cash=-5` hint for `--cash -5`); the CLI prints one line.
    const message = safeText(err instanceof Error ? err.message.split('\n').join(' ') : String(err), LIMITS.echoChars + 200);
    return fail('cli.args', `${message} (see tradedesk backtest --help)`);
  }
  // parseArgs keeps the last of a repeated flag silently; `--strategy a ... --strategy b` is more likely a mistake.
  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option' || token.name === 'param' || token.value === undefined) continue;
    if (seen.has(token.name)) return fail('cli.args', `--${token.name} is given twice`);
    seen.add(token.name);
  }
  return ok(parsed.values);
}

async function parseBacktestArgs(argv: readonly string[], io: CliIo, env: Env): Promise<Result<Parsed | 'help'>> {
  const flags = readFlags(argv);
  if (!flags.ok) return flags;
  const values = flags.value;
  if (values.help === true) return ok('help');
  if (values.strategy === undefined) return fail('cli.args', 'missing --strategy <id> (see tradedesk strategies)');
  if (values.symbols === undefined) return fail('cli.args', 'missing --symbols <A,B,...>');
  const symbols = values.symbols.split(',').map((s) => s.trim()).filter((s) => s !== '');

  const timeframe = values.timeframe ?? '1d';
  if (!isTimeframe(timeframe)) return fail('cli.args', `--timeframe ${quoteInput(timeframe)}: expected one of ${TIMEFRAMES.join(', ')}`);
  const data = parseDataOption(values.data, env, io.cwd);
  if (!data.ok) return data;
  const usesCsv = data.value.kind === 'csv' || data.value.kind === 'folder';
  const adjustment = parseAdjustment(values.adjustment ?? 'split', '--adjustment');
  if (!adjustment.ok) return adjustment;
  const adjustable = checkAdjustment(data.value.kind === 'folder' ? 'csv' : data.value.kind, adjustment.value, '--adjustment raw');
  if (!adjustable.ok) return adjustable;

  const days = parseDayRange(values.from, values.to);
  if (!days.ok) return days;
  const { from, to } = backtestWindow({ now: io.now(), timeframe, open: !usesCsv, ...days.value });
  if (from !== undefined && from > to) return fail('cli.range', `--from ${values.from ?? ''} is after --to ${values.to ?? ''}`);

  const cash = numberFlag('--cash', values.cash, env.TRADEDESK_START_CASH, (x) => x > 0 && x <= LIMITS.maxCash, `a positive amount up to ${showLimit(LIMITS.maxCash)}`);
  if (!cash.ok) return cash;
  const commission = numberFlag('--commission', values.commission, env.TRADEDESK_COMMISSION, (x) => x >= 0 && x <= 0.1, 'a rate between 0 and 0.1 (0.001 = 10 bps)');
  if (!commission.ok) return commission;
  const slippage = numberFlag('--slippage-bps', values['slippage-bps'], env.TRADEDESK_SLIPPAGE_BPS, (x) => x >= 0 && x <= 1000, 'basis points between 0 and 1000');
  if (!slippage.ok) return slippage;
  const sizing = parseSizing(values.sizing ?? 'risk');
  if (!sizing.ok) return fail(sizing.error.code, `--sizing: ${sizing.error.message}`);
  const gatesMode = values.gates ?? 'enforce';
  if (gatesMode !== 'enforce' && gatesMode !== 'shadow') return fail('cli.args', `--gates ${quoteInput(gatesMode)}: expected enforce or shadow`);
  const params = parseParams(values.param ?? []);
  if (!params.ok) return params;
  let rules: Rule[] = [];
  if (values.rules !== undefined) {
    const loaded = await loadRulesFile(path.resolve(io.cwd, values.rules));
    if (!loaded.ok) return loaded;
    rules = loaded.value;
  }
  return ok({
    request: {
      strategyId: values.strategy,
      params: params.value,
      symbols,
      timeframe,
      from,
      to,
      startCash: cash.value,
      sizing: sizing.value,
      costs: { commissionRate: commission.value, slippageBps: slippage.value },
      rules,
      quant: { ...DEFAULT_QUANT, enabled: values['no-quant'] !== true },
      gates: DEFAULT_GATE_LIMITS,
      gatesMode,
    },
    data: data.value,
    adjustment: adjustment.value,
    save: values.save === true,
    json: values.json === true,
  });
}


function numberFlag(flag: string, text: string | undefined, fallback: number, valid: (x: number) => boolean, expected: string): Result<number> {
  if (text === undefined) return ok(fallback);
  const x = parseDecimal(text);
  if (!Number.isFinite(x) || !valid(x)) return fail('cli.args', `${flag} ${quoteInput(text)}: expected ${expected}`);
  return ok(x);
}

function parseParams(items: readonly string[]): Result<Record<string, string>> {
  const out = new Map<string, string>();
  if (items.length > LIMITS.paramsPerRun) return fail('cli.args', `${items.length} --param flags: at most ${LIMITS.paramsPerRun} parameters`);
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) return fail('cli.args', `--param ${quoteInput(item)}: expected key=value`);
    const key = item.slice(0, eq).trim();
    if (!isParamName(key)) return fail('cli.args', `--param ${quoteInput(item)}: ${PARAM_NAME_RULE}`);
    if (out.has(key)) return fail('cli.args', `--param ${key} is given twice`);
    const value = item.slice(eq + 1).trim();
    if (value.length > LIMITS.paramValueLength) return fail('cli.args', `--param ${key}: a parameter value is at most ${LIMITS.paramValueLength} characters (got ${quoteInput(value)})`);
    out.set(key, value);
  }
  return ok(Object.fromEntries(out));
}

/** Reads and validates a rules file; errors name the file and the path to the bad field. */
export async function loadRulesFile(file: string): Promise<Result<Rule[]>> {
  const shown = safeText(file, 500);
  const read = await readRegularFile(file, `rules file ${shown}`, LIMITS.rulesFileBytes);
  if (!read.ok) {
    if (read.error.code === 'file.refused') return fail('rules.file', read.error.message);
    return fail('rules.file', `rules file ${shown} cannot be read (does it exist?)`);
  }
  const text = read.value.text.replace(/^\uFEFF/, ''); // a byte-order mark some editors write is not JSON
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const where = describeJsonError(text);
    const detail = where !== null ? `at ${where}` : `(${err instanceof Error ? err.message.split('\n')[0] : String(err)})`;
    return fail('rules.invalid', `rules file ${shown}: not valid JSON ${safeText(detail)}`);
  }
  const rules = parseRules(doc);
  if (!rules.ok) return fail(rules.error.code, `rules file ${shown}: ${rules.error.message}`);
  return rules;
}

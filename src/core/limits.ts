// Every bound the desk puts on outside input and on its own caches, in one place. The README's "Limits" section lists
// them, and each refusal names the limit it hit, so a user who meets one knows what to change.

const MIB = 1024 * 1024;

export const LIMITS = {
  /** Symbols one run, backtest, rule or `tradedesk data fetch` may name. */
  symbolsPerRun: 200,
  /** Symbols one rule may list (symbol_allowlist, symbol_denylist, a rule's own scope); also bounds max_open_positions. */
  symbolsPerRule: 1000,
  /** Bars one backtest may load, summed over its symbols (about 50 bytes each while it runs). */
  barsPerBacktest: 5_000_000,
  /** Bars one MCP market-data window (`from`..`to`) may span. */
  barsPerToolWindow: 100_000,
  /** Strategy parameters given to one run or backtest, and the lengths of their names and values. */
  paramsPerRun: 32,
  paramNameLength: 64,
  paramValueLength: 200,
  /** Values in one list parameter (`lookbacks=21,63,126`). */
  paramListItems: 20,
  /** Starting cash: beyond it order sizes leave the range where every share count is exact. */
  maxCash: 1e12,
  /** A bar's price and volume in a CSV file. */
  maxPrice: 1e9,
  maxVolume: 1e15,
  /** Dates the desk accepts anywhere (options, flags, CSV rows, MCP times). */
  minYear: 1800,
  maxYear: 2199,
  /** One chat command line, all options included. */
  commandChars: 10_000,
  /** Free text: reasons, names, targets; the analyst's questions; ids. */
  textLength: 200,
  questionLength: 1500,
  idLength: 64,
  /** Files the desk reads. */
  csvFileBytes: 64 * MIB,
  rulesFileBytes: 1 * MIB,
  /** One MCP message (a stdio line or an HTTP body). */
  mcpMessageBytes: 1 * MIB,
  /** Characters of outside input an error line echoes (the rest is cut, with a marker). */
  echoChars: 200,
  /** Characters of one CLI error message, whatever it holds (a last bound behind echoChars). */
  errorChars: 4000,
  /** Caches: days of simulated history kept (about 56 bytes a day) and CSV bars kept (48 bytes a bar). */
  simCacheDays: 1_500_000,
  /** Whole days of simulated 1-minute bars kept for a desk's short windows (about 57 KB a day). */
  simMinuteDays: 512,
  csvCacheBars: 2_000_000,
  /** Decoded trade ledgers kept (about 150 bytes a trade), and of how many runs. */
  ledgerCacheTrades: 1_000_000,
  ledgerCacheRuns: 1024,
  /** People whose platform facts (Discord DM membership, Slack groups and admin flag) are kept at once. */
  peopleCached: 10_000,
} as const;

const MONEY = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** `1,000,000,000,000`: how limits read in messages. */
export const showLimit = (n: number): string => MONEY.format(n);

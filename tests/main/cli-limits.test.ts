// Every CLI input is bounded: one past each limit is refused with one clear line on stderr that names the limit,
// echoes at most a few hundred characters of the input with control characters escaped, and exits 2.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasMkfifo, mkfifo } from '../helpers/fifo.js';
import { LIMITS } from '../../src/core/limits.js';
import { runInProcess } from '../helpers/cli.js';
import { EXAMPLE_DATA_DIR } from '../helpers/real-data.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tradedesk-cli-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SIM = ['backtest', '--strategy', 'trend-following', '--symbols', 'SIM-A'];
const ORCL = ['backtest', '--strategy', 'trend-following', '--symbols', 'ORCL', '--data', EXAMPLE_DATA_DIR];
const ANSI = '\u001b[2J\u001b[31m';

const CASES: readonly (readonly [string, () => string[], RegExp | string])[] = [
  ['symbols per backtest', () => ['backtest', '--strategy', 'trend-following', '--symbols', Array.from({ length: 201 }, (_, i) => `S${i}`).join(',')],
    'tradedesk backtest: 201 symbols given, over the limit of 200 per backtest'],
  ['bars per backtest', () => ['backtest', '--strategy', 'trend-following', '--symbols', 'SIM-A,SIM-B', '--timeframe', '1m', '--from', '2015-01-01', '--to', '2024-01-01'],
    'tradedesk backtest: 2 symbol(s) x 4,734,720 1m bars: over the limit of 5,000,000 bars per backtest; narrow the dates, use a larger timeframe or fewer symbols'],
  ['cash 1e308', () => [...ORCL, '--cash', '1e308'], "tradedesk backtest: --cash '1e308': expected a positive amount up to 1,000,000,000,000"],
  ['cash 1e20', () => [...ORCL, '--cash', '1e20'], "tradedesk backtest: --cash '1e20': expected a positive amount up to 1,000,000,000,000"],
  ['hex cash', () => [...ORCL, '--cash', '0x10'], "tradedesk backtest: --cash '0x10': expected a positive amount up to 1,000,000,000,000"],
  ['hex commission', () => [...ORCL, '--commission', '0x0'], "tradedesk backtest: --commission '0x0': expected a rate between 0 and 0.1 (0.001 = 10 bps)"],
  ['Infinity slippage', () => [...ORCL, '--slippage-bps', 'Infinity'], "tradedesk backtest: --slippage-bps 'Infinity': expected basis points between 0 and 1000"],
  ['hex sizing', () => [...ORCL, '--sizing', 'percent:0x10'], "tradedesk backtest: --sizing: sizing 'percent:0x10': percent:<p> needs p in (0, 100], e.g. percent:40"],
  ['a param named __proto__', () => [...ORCL, '--param', '__proto__=1'],
    "tradedesk backtest: --param '__proto__=1': a parameter name is a letter then letters, digits or _ (at most 64)"],
  ['params per backtest', () => [...ORCL, ...Array.from({ length: 33 }, (_, i) => ['--param', `p${i}=1`]).flat()], 'tradedesk backtest: 33 --param flags: at most 32 parameters'],
  ['a param value length', () => [...ORCL, '--param', `fast=${'5'.repeat(201)}`], /^tradedesk backtest: --param fast: a parameter value is at most 200 characters \(got '5{200}'… \(\+1 characters\)\)$/],
  ['a list param of 21 values', () => ['backtest', '--strategy', 'sector-rotation', '--symbols', 'SIM-A,SIM-B', '--param', `lookbacks=${Array(21).fill(5).join(',')}`],
    /^tradedesk backtest: sector-rotation: param 'lookbacks' expected a list of 1 to 20 integers/],
  ['year 0000', () => [...SIM, '--from', '0000-01-03'], "tradedesk backtest: --from '0000-01-03': the year must be from 1800 to 2199"],
  ['year 2200', () => [...SIM, '--to', '2200-01-03'], "tradedesk backtest: --to '2200-01-03': the year must be from 1800 to 2199"],
  ['an ANSI escape in a flag', () => [...SIM, '--timeframe', `${ANSI}1d`], "tradedesk backtest: --timeframe '\\x1b[2J\\x1b[31m1d': expected one of 1m, 5m, 15m, 1h, 1d"],
  ['a long flag value', () => [...SIM, '--gates', 'g'.repeat(100_000)], /^tradedesk backtest: --gates 'g{200}'… \(\+99,800 characters\): expected enforce or shadow$/],
  ['a long unknown flag', () => [...SIM, `--${'z'.repeat(100_000)}`], /^tradedesk backtest: Unknown option '--z{300,}… \(\+[\d,]+ characters\) \(see tradedesk backtest --help\)$/],
  ['a hex --speed', () => ['console', '--speed', '0x10'], "tradedesk console: --speed '0x10': expected a number from 1 to 100000"],
  ['an unknown console argument with an ANSI escape', () => ['console', `${ANSI}x`], "tradedesk console: unknown argument '\\x1b[2J\\x1b[31mx' (options: --speed <x>)"],
  ['an unknown strategies argument, cut', () => ['strategies', 'q'.repeat(5000)], /^tradedesk strategies: unknown arguments 'q{200}'… \(\+4,800 characters\) \(only --json\)$/],
  ['an unknown command with an ANSI escape', () => [`${ANSI}go`], /^tradedesk: unknown command '\\x1b\[2J\\x1b\[31mgo'; commands: /],
  // Commands that echo their arguments unquoted still cannot put a raw control character on stderr (runCli bounds every line).
  ['the bound behind every command', () => ['db', `${ANSI}x`], /\\x1b\[2J\\x1b\[31mx/],
  ['a long --strategy', () => ['backtest', '--strategy', 's'.repeat(5000), '--symbols', 'SIM-A'], /^tradedesk backtest: unknown strategy 's{200}'… \(\+4,800 characters\); valid: /],
  ['a long --workspace', () => ['mcp', '--workspace', `console:${'w'.repeat(5000)}`], /^tradedesk mcp: --workspace 'console:w+'… \(\+4,808 characters\): an id is at most 64 characters \(see tradedesk mcp --help\)$/],
  ['an mcp --http value', () => ['mcp', '--http', `${ANSI}${'h'.repeat(1000)}`], /^tradedesk mcp: --http '\\x1b\[2J\\x1b\[31mh+'… \(\+[\d,]+ characters\): expected <host>:<port>/],
];

describe('CLI limits', () => {
  it.each(CASES)('refuses %s with one clear line and exit 2', async (_what, argv, expected) => {
    const run = await runInProcess(argv());
    expect(run.code).toBe(2);
    expect(run.out).toBe('');
    expect(run.err).toHaveLength(1);
    const line = run.err[0]!;
    if (typeof expected === 'string') expect(line).toBe(expected);
    else expect(line).toMatch(expected);
    expect(line).not.toMatch(/[\u0000-\u001f]/);
    expect(line.length).toBeLessThan(LIMITS.echoChars + 400);
  });

  it('escapes an ANSI escape in a CSV header given with --data', async () => {
    writeFileSync(path.join(dir, 'ANSI.csv'), `Date,${ANSI}Open,High,Low,Close\n2020-01-02,1,1,1,1\n`);
    const run = await runInProcess(['backtest', '--strategy', 'trend-following', '--symbols', 'ANSI', '--data', dir]);
    expect(run.code).toBe(2);
    expect(run.err.join('\n')).not.toMatch(/\u001b/);
    expect(run.err.join('\n')).toContain("missing required columns 'Open', 'Volume' (header: Date,\\x1b[2J\\x1b[31mOpen,High,Low,Close)");
  });

  it.skipIf(!hasMkfifo)('refuses a FIFO given as --data file or --rules file at once', async () => {
    const folder = path.join(dir, 'fifo-data');
    mkdirSync(folder);
    mkfifo(path.join(folder, 'PIPE.csv'));
    const data = await runInProcess(['backtest', '--strategy', 'trend-following', '--symbols', 'PIPE', '--data', folder]);
    expect(data.code).toBe(2);
    expect(data.err).toEqual([`tradedesk backtest: PIPE.csv (${path.join(folder, 'PIPE.csv')}) is a FIFO (named pipe), not a file: give a regular file`]);
    const rulesFifo = path.join(dir, 'rules.json');
    mkfifo(rulesFifo);
    const rules = await runInProcess([...ORCL, '--rules', rulesFifo]);
    expect(rules.code).toBe(2);
    expect(rules.err).toEqual([`tradedesk backtest: rules file ${rulesFifo} is a FIFO (named pipe), not a file: give a regular file`]);
  }, 20_000);
});

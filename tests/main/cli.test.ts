// The CLI as a user runs it, in-process through runCli with a captured io. The real bin is spawned in
// cli-bin.test.ts; golden numbers and the independent fill-model oracle are in cli-golden.test.ts.
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { STRATEGY_IDS } from '../../src/core/strategies/registry.js';
import { backtestDocSchema, type BacktestDoc } from '../helpers/backtest-doc.js';
import { jsonOf, makeTempDir, REPO_ROOT, removeDatabase, runInProcess, tempDatabaseUrl } from '../helpers/cli.js';
import { EXAMPLE_DATA_DIR } from '../helpers/real-data.js';

const GOOD_CSV_DIR = path.join(REPO_ROOT, 'tests', 'fixtures', 'csv', 'good');
const ORCL = ['--strategy', 'trend-following', '--symbols', 'ORCL', '--data', EXAMPLE_DATA_DIR];

// Made at load time: the table of error cases below names paths in it.
const fx = makeTempDir('cli-fixtures');

beforeAll(() => {
  // A lower-case copy of the first 300 ORCL rows: the loader must find ORCL in orcl.csv.
  const orcl = readFileSync(path.join(EXAMPLE_DATA_DIR, 'ORCL.csv'), 'utf8').split(/\r?\n/);
  writeFileSync(path.join(fx, 'orcl.csv'), `${orcl.slice(0, 301).join('\n')}\n`);
  copyFileSync(path.join(GOOD_CSV_DIR, 'ABC.csv'), path.join(fx, 'abc.csv'));
  writeFileSync(path.join(fx, 'EMPTY.csv'), '');
  writeFileSync(path.join(fx, 'CORRUPT.csv'), [
    'Date,Open,High,Low,Close,Volume',
    '2020-01-02,10,11,9,10,100',
    '2020-01-03,10,11,9,10,100',
    '2020-01-06,10,11,9,ten,100',
  ].join('\n'));
  writeFileSync(path.join(fx, 'bad-field.json'), JSON.stringify([
    { id: 'stop', category: 'stop_loss', type: 'stop_loss_pct', params: { pct: -3 } },
  ]));
  writeFileSync(path.join(fx, 'not-json.json'), '[\n  { "id": "stop",\n    "type": oops }\n]\n');
  writeFileSync(path.join(fx, 'good-rules.json'), JSON.stringify({ rules: [
    { id: 'stop', category: 'stop_loss', type: 'stop_loss_pct', params: { pct: 3 } },
  ] }));
});

afterAll(() => rmSync(fx, { recursive: true, force: true }));

async function backtestDoc(argv: readonly string[]): Promise<BacktestDoc> {
  return backtestDocSchema.parse(jsonOf(await runInProcess(['backtest', ...argv, '--json'])));
}

describe('tradedesk --help', () => {
  it.each([[[]], [['--help']], [['-h']], [['help']]])('lists every subcommand for %j and exits 0', async (argv) => {
    const run = await runInProcess(argv);
    expect(run.code).toBe(0);
    expect(run.err).toEqual([]);
    for (const name of ['start', 'backtest', 'strategies', 'db migrate']) expect(run.out).toMatch(new RegExp(`^  ${name} `, 'm'));
  });

  it.each([['--help'], ['-h']])('backtest %s prints the backtest usage and exits 0', async (flag) => {
    const run = await runInProcess(['backtest', flag]);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^usage: tradedesk backtest --strategy <id> --symbols/);
    for (const flagName of ['--data', '--from', '--to', '--param', '--sizing', '--rules', '--gates', '--save', '--json']) {
      expect(run.out).toContain(flagName);
    }
  });
});

describe('tradedesk backtest: bad input', () => {
  const missingFolder = path.join(fx, 'no-such-folder');
  // [case, argv after `backtest`, what the one stderr line must say]
  const cases: [string, () => string[], RegExp][] = [
    ['an unknown strategy', () => ['--strategy', 'nope', '--symbols', 'ORCL', '--data', EXAMPLE_DATA_DIR], /unknown strategy 'nope'; valid: trend-following, /],
    ['an unknown flag', () => [...ORCL, '--bogus'], /Unknown option '--bogus'/],
    ['a stray positional argument', () => [...ORCL, 'extra'], /Unexpected argument 'extra'/],
    ['a missing --strategy', () => ['--symbols', 'ORCL', '--data', EXAMPLE_DATA_DIR], /missing --strategy/],
    ['a missing --symbols', () => ['--strategy', 'trend-following', '--data', EXAMPLE_DATA_DIR], /missing --symbols/],
    ['a symbol with no data file', () => ['--strategy', 'trend-following', '--symbols', 'ZZZZ', '--data', fx], new RegExp(`no data file for ZZZZ in ${escape(fx)}`)],
    ['a missing data folder', () => ['--strategy', 'trend-following', '--symbols', 'ORCL', '--data', missingFolder], new RegExp(`data folder ${escape(missingFolder)} does not exist`)],
    ['a month 13', () => [...ORCL, '--from', '2020-13-01'], /--from '2020-13-01' is not a real calendar date/],
    ['February 30th', () => [...ORCL, '--from', '2023-02-30'], /--from '2023-02-30' is not a real calendar date/],
    ['a date that is not YYYY-MM-DD', () => [...ORCL, '--to', '2020-1-1'], /--to '2020-1-1': expected a date as YYYY-MM-DD/],
    ['--from after --to', () => [...ORCL, '--from', '2010-01-01', '--to', '2009-01-01'], /--from 2010-01-01 is after --to 2009-01-01/],
    ['a range with no data', () => [...ORCL, '--from', '2016-01-01', '--to', '2017-01-01'], /ORCL\.csv has no bars between 2016-01-01 and .*data covers 1995-01-03\.\.2014-12-31/],
    ['a param below its schema', () => [...ORCL, '--param', 'fast=1'], /param 'fast' expected an integer between 2 and 1000, got '1'/],
    ['a param that breaks a cross-field rule', () => [...ORCL, '--param', 'fast=300'], /fast.*< slow \(200\)/],
    ['an unknown param', () => [...ORCL, '--param', 'foo=1'], /unknown param 'foo'; valid: fast, slow/],
    ['a param given twice', () => [...ORCL, '--param', 'fast=10', '--param', 'fast=20'], /--param fast is given twice/],
    ['a param without =', () => [...ORCL, '--param', 'fast'], /--param 'fast': expected key=value/],
    ['a single-valued flag given twice', () => [...ORCL, '--strategy', 'breakout'], /--strategy is given twice/],
    ['a rules file with a bad field', () => [...ORCL, '--rules', path.join(fx, 'bad-field.json')], /bad-field\.json: rules\[0\]\.params\.pct: /],
    ['a rules file that is not JSON', () => [...ORCL, '--rules', path.join(fx, 'not-json.json')], /not-json\.json: not valid JSON .*line 3, column 13/],
    ['a missing rules file', () => [...ORCL, '--rules', path.join(fx, 'nope.json')], /rules file .*nope\.json cannot be read/],
    ['an empty CSV', () => ['--strategy', 'trend-following', '--symbols', 'EMPTY', '--data', fx], /EMPTY\.csv .*has no data rows/],
    ['a corrupt CSV', () => ['--strategy', 'trend-following', '--symbols', 'CORRUPT', '--data', fx], /CORRUPT\.csv line 4: close 'ten' is not a number/],
    ['a bad --sizing', () => [...ORCL, '--sizing', 'percent:0'], /--sizing: sizing 'percent:0'/],
    ['an unknown --sizing', () => [...ORCL, '--sizing', 'kelly'], /--sizing: sizing 'kelly': expected risk, risk:<pct> or percent:<p>/],
    ['a bad --gates', () => [...ORCL, '--gates', 'off'], /--gates 'off': expected enforce or shadow/],
    ['a --commission above 10%', () => [...ORCL, '--commission', '0.5'], /--commission '0.5': expected a rate between 0 and 0.1/],
    ['a --commission that is not a number', () => [...ORCL, '--commission', 'abc'], /--commission 'abc'/],
    ['a zero --cash', () => [...ORCL, '--cash', '0'], /--cash '0': expected a positive amount/],
    ['a --cash that is not a number', () => [...ORCL, '--cash', 'lots'], /--cash 'lots': expected a positive amount/],
    ['a negative --cash', () => [...ORCL, '--cash=-5'], /--cash '-5': expected a positive amount/],
    ['a negative --cash without =', () => [...ORCL, '--cash', '-5'], /--cash.*--cash=-/],
    ['a symbol listed twice', () => ['--strategy', 'trend-following', '--symbols', 'ORCL,orcl', '--data', EXAMPLE_DATA_DIR], /symbol ORCL is listed twice/],
    ['an intraday timeframe on CSV data', () => [...ORCL, '--timeframe', '1h'], /CSV data is daily/],
  ];

  it.each(cases)('%s: exit 2, one line on stderr, nothing on stdout', async (_name, argv, message) => {
    const run = await runInProcess(['backtest', ...argv()]);
    expect(run.code).toBe(2);
    expect(run.out).toBe('');
    expect(run.err).toHaveLength(1);
    const line = run.err[0]!;
    expect(line).not.toContain('\n');
    expect(line).not.toMatch(/\bat .+:\d+:\d+/); // no stack frame
    expect(line).toMatch(/^tradedesk backtest: /);
    expect(line).toMatch(message);
  });

  it('names every valid strategy id when the strategy is unknown', async () => {
    const run = await runInProcess(['backtest', '--strategy', 'nope', '--symbols', 'ORCL', '--data', EXAMPLE_DATA_DIR]);
    for (const id of STRATEGY_IDS) expect(run.err[0]).toContain(id);
  });

  it('an unknown command exits 2 with one line listing the commands', async () => {
    const run = await runInProcess(['backtset']);
    expect(run).toMatchObject({ code: 2, out: '' });
    expect(run.err).toEqual(["tradedesk: unknown command 'backtset'; commands: start, console, backtest, strategies, data fetch, data status, db migrate, db copy, discord commands, discord register-commands, slack manifest, mcp, mcp token"]);
  });

  it('a bad environment exits 2 with one line naming the variable', async () => {
    const run = await runInProcess(['backtest', ...ORCL], { env: { DATABASE_URL: 'mysql://x' } });
    expect(run.code).toBe(2);
    expect(run.err).toHaveLength(1);
    expect(run.err[0]).toMatch(/^tradedesk: environment: DATABASE_URL/);
  });
});

describe('tradedesk backtest --json on real ORCL data', () => {
  let doc: BacktestDoc;
  beforeAll(async () => {
    doc = await backtestDoc(ORCL);
  });

  it('has the documented shape, ISO times and the full ORCL range', () => {
    expect(doc).toMatchObject({
      strategy: 'trend-following',
      params: { fast: 50, slow: 200 },
      symbols: ['ORCL'],
      from: '1995-01-03T00:00:00.000Z',
      to: '2014-12-31T00:00:00.000Z',
      bars: 5036,
      data: { simulated: false },
      run: null,
    });
    expect(doc.metrics.startEquity).toBe(100_000);
    expect(doc.metrics.trades).toBe(doc.trades.length);
    expect(doc.trades.length).toBeGreaterThan(0);
    expect(doc.blocked.length).toBeGreaterThan(0);
  });

  it('reports max drawdown as a positive percentage', () => {
    expect(doc.metrics.maxDrawdownPct).toBeGreaterThan(0);
    expect(doc.metrics.maxDrawdownPct).toBeLessThan(100);
  });

  it('keeps every trade inside the data range, exit after entry', () => {
    for (const t of doc.trades) {
      expect(t.entryTime >= doc.from && t.exitTime <= doc.to && t.entryTime <= t.exitTime).toBe(true);
    }
  });

  it('prints the same run as a human summary without --json', async () => {
    const run = await runInProcess(['backtest', ...ORCL]);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^backtest  trend-following \(fast=50, slow=200\) on ORCL \[1d\]/);
    expect(run.out).toContain('1995-01-03 .. 2014-12-31, 5036 bars');
    expect(run.out).toContain(`end equity${' '.repeat(6)}`);
    expect(run.out).not.toContain('simulated');
  });
});

describe('tradedesk backtest --data', () => {
  it('finds ORCL in orcl.csv and matches the same days read from ORCL.csv', async () => {
    const lower = await backtestDoc(['--strategy', 'breakout', '--symbols', 'ORCL', '--data', fx]);
    expect(lower.bars).toBe(300);
    const upper = await backtestDoc(['--strategy', 'breakout', '--symbols', 'ORCL', '--data', EXAMPLE_DATA_DIR, '--to', lower.to.slice(0, 10)]);
    expect({ ...lower, data: null }).toEqual({ ...upper, data: null });
  });

  it.each([['abc', fx, 'ABC'], ['qqq', GOOD_CSV_DIR, 'QQQ'], ['XYZ', GOOD_CSV_DIR, 'XYZ']])(
    'matches --symbols %s to its file whatever the case of the name', async (symbol, dir, shown) => {
      const doc = await backtestDoc(['--strategy', 'breakout', '--symbols', symbol, '--data', dir]);
      expect(doc.symbols).toEqual([shown]);
      expect(doc.bars).toBeGreaterThan(0);
    });

  it('reads GOOG.csv whose date column has an empty header', async () => {
    const doc = await backtestDoc(['--strategy', 'breakout', '--symbols', 'GOOG', '--data', EXAMPLE_DATA_DIR]);
    expect(doc).toMatchObject({ from: '2004-08-19T00:00:00.000Z', bars: 2148 });
    expect(doc.metrics.trades).toBeGreaterThan(0);
  });

  it('resolves a relative --data folder against the working directory', async () => {
    const run = await runInProcess(['backtest', '--strategy', 'breakout', '--symbols', 'ORCL', '--data', '.', '--json'], { cwd: fx });
    expect(backtestDocSchema.parse(jsonOf(run)).bars).toBe(300);
  });

  it('applies a valid rules file: a 3% stop loss (tighter than 1.5 x ATR) changes the exits', async () => {
    const plain = await backtestDoc(ORCL);
    const ruled = await backtestDoc([...ORCL, '--rules', path.join(fx, 'good-rules.json')]);
    expect(ruled.trades).not.toEqual(plain.trades);
    const text = await runInProcess(['backtest', ...ORCL, '--rules', path.join(fx, 'good-rules.json')]);
    expect(text.out).toContain('1 rule(s)');
  });
});

describe('tradedesk backtest without --data (simulated market)', () => {
  const SIM = ['backtest', '--strategy', 'trend-following', '--symbols', 'SIM', '--from', '2020-01-01', '--to', '2022-12-31'];

  it('marks the JSON document as simulated', async () => {
    const doc = backtestDocSchema.parse(jsonOf(await runInProcess([...SIM, '--json'])));
    expect(doc).toMatchObject({ symbols: ['SIM'], from: '2020-01-01T00:00:00.000Z', to: '2022-12-31T00:00:00.000Z', data: { simulated: true } });
  });

  it('says simulated in the human output', async () => {
    const run = await runInProcess(SIM);
    expect(run.code).toBe(0);
    expect(run.out).toContain('note      simulated market data: not real prices');
  });

  it('prints identical output for the same command on different days', async () => {
    const a = await runInProcess([...SIM, '--json'], { now: Date.UTC(2024, 0, 2) });
    const b = await runInProcess([...SIM, '--json'], { now: Date.UTC(2031, 6, 9) });
    expect(a.code).toBe(0);
    expect(b.out).toBe(a.out);
  });
});

describe('tradedesk backtest --save, db migrate, start (temp database)', () => {
  const urls: string[] = [];
  const freshDb = (): string => {
    const url = tempDatabaseUrl();
    urls.push(url);
    return url;
  };
  afterAll(() => urls.forEach(removeDatabase));

  it('numbers saved runs 1 then 2', async () => {
    const env = { DATABASE_URL: freshDb() };
    const argv = ['backtest', ...ORCL, '--from', '2010-01-01', '--save', '--json'];
    const first = backtestDocSchema.parse(jsonOf(await runInProcess(argv, { env })));
    const second = backtestDocSchema.parse(jsonOf(await runInProcess(argv, { env })));
    expect(first.run).toEqual({ number: 1 });
    expect(second.run).toEqual({ number: 2 });
  });

  it('says where the run was saved in the human output', async () => {
    const run = await runInProcess(['backtest', ...ORCL, '--from', '2014-01-01', '--save'], { env: { DATABASE_URL: freshDb() } });
    expect(run.code).toBe(0);
    expect(run.out).toContain('saved     as Run #1');
  });

  it('db migrate applies the init migration once, then reports up to date', async () => {
    const url = freshDb();
    const first = await runInProcess(['db', 'migrate'], { env: { DATABASE_URL: url } });
    expect(first.code).toBe(0);
    expect(first.out).toMatch(new RegExp(`^applied \\d+ migration\\(s\\) to ${escape(url)}: \\d+_init`));
    const again = await runInProcess(['db', 'migrate'], { env: { DATABASE_URL: url } });
    expect(again).toEqual({ code: 0, out: `database ${url} is up to date`, err: [] });
  });

  it.each([[['db']], [['db', 'migrat']], [['db', 'migrate', '--force']]])('%j exits 2 with one stderr line', async (argv) => {
    const run = await runInProcess(argv, { env: { DATABASE_URL: freshDb() } });
    expect(run).toMatchObject({ code: 2, out: '' });
    expect(run.err).toHaveLength(1);
    expect(run.err[0]).toMatch(/^tradedesk db: .*\(usage: tradedesk db migrate \| tradedesk db copy --from <database URL> --to <database URL>\)$/);
  });

  it('db --help prints the usage and exits 0', async () => {
    const help = await runInProcess(['db', '--help']);
    expect(help).toMatchObject({ code: 0, out: expect.stringMatching(/^usage: tradedesk db <command>/), err: [] });
    expect(help.out).toContain('db migrate');
    expect(help.out).toContain('db copy');
  });

  it('start prints the status and the commands, migrates a fresh database, runs the desk and exits 0 at the end of input', async () => {
    const url = freshDb();
    const run = await runInProcess(['start'], { env: { DATABASE_URL: url }, stdin: ['/runs'] });
    expect(run.code).toBe(0);
    expect(run.err).toEqual([]);
    expect(run.out).toContain(`database     ${url} (migrations apply automatically)`);
    for (const name of ['start', 'backtest', 'strategies', 'db migrate']) expect(run.out).toMatch(new RegExp(`^  ${name} `, 'm'));
    expect(run.out).toContain('No running runs. Start one with /run start.');
  });
});

describe('tradedesk backtest --gates shadow', () => {
  it('reports the drawdown gate without enforcing it, so it trades more than enforce', async () => {
    const enforced = await backtestDoc(ORCL);
    const shadow = await backtestDoc([...ORCL, '--gates', 'shadow']);
    // Enforced: the drawdown gate halts new entries in November 2000 and every later entry is blocked.
    expect(enforced.events.map((e) => [e.kind, e.time.slice(0, 4)])).toEqual([['halt', '2000']]);
    expect(enforced.blocked.every((b) => b.by === 'gate:max-drawdown' && !b.shadow)).toBe(true);
    expect(enforced.trades.every((t) => t.entryTime < '2000-11-07')).toBe(true);

    expect(shadow.events).toEqual([]);
    expect(shadow.trades.length).toBeGreaterThan(enforced.trades.length);
    expect(shadow.trades.some((t) => t.entryTime > '2001')).toBe(true);
    const drawdown = shadow.blocked.filter((b) => b.by === 'gate:max-drawdown');
    expect(drawdown.length).toBeGreaterThan(0);
    expect(shadow.blocked.every((b) => b.shadow)).toBe(true);
    expect(drawdown.every((b) => b.reason.endsWith('(shadow: not enforced)'))).toBe(true);
  });
});

describe('tradedesk strategies', () => {
  it('--json lists all ten strategies with their defaults', async () => {
    const run = await runInProcess(['strategies', '--json']);
    expect(run.code).toBe(0);
    const list = z.array(z.object({ id: z.string(), defaults: z.record(z.string(), z.unknown()) })).parse(jsonOf(run));
    expect(list.map((s) => s.id)).toEqual([...STRATEGY_IDS]);
    expect(list).toHaveLength(10);
    expect(list.find((s) => s.id === 'trend-following')?.defaults).toEqual({ fast: 50, slow: 200 });
    for (const s of list) expect(Object.keys(s.defaults).length).toBeGreaterThan(0);
  });

  it('prints each id with its defaults as text', async () => {
    const run = await runInProcess(['strategies']);
    expect(run.code).toBe(0);
    expect(run.out).toContain('trend-following  (fast=50 slow=200)');
  });

  it('rejects unknown arguments with exit 2', async () => {
    const run = await runInProcess(['strategies', '--yaml']);
    expect(run).toMatchObject({ code: 2, out: '' });
    expect(run.err).toHaveLength(1);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('tradedesk console (piped)', () => {
  it('answers commands line by line, saves a backtest as a run, and exits at the end of input', async () => {
    const run = await runInProcess(['console'], {
      stdin: [
        '/help',
        'how did run 1 do?',
        '/backtest strategy:trend-following symbols:SIM from:2021-01-01 to:2023-12-31',
        '/backtest strategy:trend-following symbols:SIM from:2021-01-01 to:2023-12-31 params:fast=20,slow=80',
        '/backtest strategy:nope symbols:SIM',
      ],
    });
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/\/backtest +trader/);
    // Asked before any run exists: the offline analyst answers with get_run's own error.
    expect(run.out).toContain('Run #1 does not exist in this workspace');
    expect(run.out).toContain('== Backtest saved as Run #1 ==');
    expect(run.out).toContain('== Backtest saved as Run #2 ==');
    expect(run.out).toContain('simulated market (seed 42)');
    expect(run.out).toContain("error: /backtest: option 'strategy': expected one of trend-following,");
  });
});

describe('platform setup commands', () => {
  it('discord commands --json prints the registration payload generated from the registry', async () => {
    const run = await runInProcess(['discord', 'commands', '--json']);
    expect(run.code).toBe(0);
    const payload = z.array(z.object({ name: z.string(), options: z.array(z.object({ name: z.string(), type: z.number() })).optional() })).parse(JSON.parse(run.out));
    expect(payload.map((c) => c.name)).toEqual(expect.arrayContaining(['help', 'run', 'runs', 'backtest', 'compare', 'rules', 'halt']));
    expect(payload.find((c) => c.name === 'run')?.options?.map((o) => o.name)).toEqual(expect.arrayContaining(['start', 'stop', 'pause', 'resume']));
  });

  it('slack manifest prints the app manifest with the /desk command (Socket Mode by default)', async () => {
    const run = await runInProcess(['slack', 'manifest']);
    expect(run.code).toBe(0);
    expect(run.out).toContain('"command": "/desk"');
    expect(run.out).toContain('"socket_mode_enabled": true');
  });

  it.each([
    [['discord', 'commands'], 'tradedesk discord commands: expected --json'],
    [['discord', 'invite'], "tradedesk discord: expected 'commands --json' or 'register-commands [--guild <id>]'"],
    [['discord', 'register-commands', '--guild', 'general'], 'tradedesk discord register-commands: expected [--guild <server id>] with a numeric id'],
    [['discord', 'register-commands'], 'tradedesk discord register-commands: set DISCORD_TOKEN and DISCORD_APPLICATION_ID (see .env.example)'],
    [['slack', 'manifest', '--http', 'http://x'], "tradedesk slack manifest: --http 'http://x': expected an https:// URL"],
  ])('refuses %j with one line', async (argv, message) => {
    const run = await runInProcess(argv);
    expect(run.code).toBe(2);
    expect(run.err[0]).toContain(message);
  });
});

// Every subcommand answers --help and -h with its usage and exit 0, before anything else runs (issue 10, section 5:
// `tradedesk console --help` used to fail with "unknown argument '--help'").
import { describe, expect, it } from 'vitest';
import { DISPATCH, SUBCOMMANDS } from '../../src/main/cli.js';
import type { SubcommandName } from '../../src/main/cli/usage.js';
import { runInProcess } from '../helpers/cli.js';

/** The options each subcommand's help must list. A new subcommand needs a row here (the key check below fails). */
const OPTIONS: Record<SubcommandName, readonly string[]> = {
  start: ['--speed <x>', 'tradedesk-demo.db'],
  console: ['--speed <x>', 'tradedesk-demo.db'],
  backtest: ['--strategy', '--symbols', '--data', '--from', '--to', '--timeframe', '--cash', '--param', '--sizing', '--rules', '--save', '--json'],
  strategies: ['--json'],
  'data fetch': ['--symbols', '--timeframe', '--from', '--to', '--data', '--json'],
  'data status': ['--json'],
  'db migrate': [],
  'db copy': ['--from <url>', '--to <url>'],
  'discord commands': ['--json'],
  'discord register-commands': ['--guild <id>'],
  'slack manifest': ['--http <url>'],
  mcp: ['--workspace', '--http', '--allow-origin', '--allow-host', '--allow-remote'],
  'mcp token': ['--workspace', '--rotate', '--list'],
};

const NAMES = SUBCOMMANDS.map((c) => c.name);
const GROUPS = [...new Set(NAMES.filter((n) => n.includes(' ')).map((n) => n.split(' ')[0]!))].filter((g) => !NAMES.includes(g as SubcommandName));

describe('tradedesk <command> --help', () => {
  it('has the options of every subcommand listed here, and every dispatched command is a listed subcommand', () => {
    expect(Object.keys(OPTIONS).sort()).toEqual([...NAMES].sort());
    expect(Object.keys(DISPATCH).sort()).toEqual([...new Set(NAMES.map((n) => n.split(' ')[0]!))].sort());
  });

  const cases = NAMES.flatMap((name) => [['--help', name], ['-h', name]] as const);
  it.each(cases)('%s: %s prints its usage with its options and exits 0', async (flag, name) => {
    // A bad environment does not matter: help never reads it.
    const run = await runInProcess([...name.split(' '), flag], { env: { DATABASE_URL: 'postgres://nope' } });
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^usage: tradedesk /);
    expect(run.out).toContain(`tradedesk ${name}`);
    for (const option of OPTIONS[name]) expect(run.out).toContain(option);
  });

  it.each(Object.keys(DISPATCH))('%s --help exits 0 with a usage (every command the CLI dispatches)', async (command) => {
    const run = await runInProcess([command, '--help']);
    expect(run).toMatchObject({ code: 0, err: [] });
    expect(run.out).toMatch(new RegExp(`^usage: tradedesk ${command}\\b`));
  });

  it.each(GROUPS)('%s --help shows the subcommands under it', async (group) => {
    const run = await runInProcess([group, '-h']);
    expect(run).toMatchObject({ code: 0, err: [] });
    for (const name of NAMES.filter((n) => n.startsWith(`${group} `))) expect(run.out).toMatch(new RegExp(`(tradedesk |  )${name} `));
  });

  it('answers --help after other arguments, and `tradedesk help <command>` the same', async () => {
    const late = await runInProcess(['discord', 'register-commands', '--guild', '123456', '--help']);
    expect(late).toMatchObject({ code: 0, err: [], out: expect.stringMatching(/^usage: tradedesk discord register-commands/) });
    const viaHelp = await runInProcess(['help', 'console']);
    expect(viaHelp).toMatchObject({ code: 0, err: [], out: expect.stringMatching(/^usage: tradedesk console \[--speed <x>\]/) });
  });

  it('an unknown command with --help is still an unknown command (exit 2)', async () => {
    const run = await runInProcess(['nope', '--help']);
    expect(run.code).toBe(2);
    expect(run.err[0]).toMatch(/^tradedesk: unknown command 'nope'/);
  });
});

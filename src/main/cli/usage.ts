// Every subcommand of `tradedesk` with its summary and its help text. runCli answers `--help` / `-h` from this list
// before anything else runs, so a subcommand cannot exist without help (tests/main/cli-help.test.ts checks the
// dispatch against it). A help text kept beside the code that parses those options is loaded with that code, only
// when it is asked for: `tradedesk --help` loads this file and nothing of the commands.

/** Help text written here, or loaded from the command's own module when asked for. */
type Usage = string | (() => Promise<string>);

const SPEED_OPTION = [
  '  --speed <x>    the desk\'s clock (and the simulated market) runs x times faster, 1 to 100000 (default 1).',
  '                 A sped-up desk is a demo: without DATABASE_URL it keeps its own database, ./data/tradedesk-demo.db,',
  '                 and it refuses a database written in real time (a real-time desk refuses a demo\'s).',
  '  -h, --help     this help',
].join('\n');

/** Subcommands of `tradedesk`, listed by --help in this order. `name` is the words typed after `tradedesk`. */
export const SUBCOMMANDS = [
  {
    name: 'start',
    summary: 'start the desk: status, then the console desk with the scheduler (--speed <x>)',
    usage: [
      'usage: tradedesk start [--speed <x>]',
      '',
      'Prints the desk\'s status, then runs the desk in this terminal: the console desk, the scheduler trading running runs,',
      'notifications as they happen, and Discord and/or Slack when their tokens are set (`npm start` runs this).',
      '',
      SPEED_OPTION,
    ].join('\n'),
  },
  {
    name: 'console',
    summary: 'the chat desk in this terminal (/help, /backtest; piped input is read line by line)',
    usage: [
      'usage: tradedesk console [--speed <x>]',
      '',
      'The desk in this terminal: slash commands, the scheduler trading running runs, and notifications as they happen.',
      'Interactive on a terminal (/quit leaves); piped input is read line by line and the desk exits at its end.',
      '',
      SPEED_OPTION,
    ].join('\n'),
  },
  { name: 'backtest', summary: 'backtest a strategy on simulated, CSV or real provider data (sim, csv, alpaca, polygon, yahoo)', usage: async () => (await import('./backtest-command.js')).BACKTEST_USAGE },
  {
    name: 'strategies',
    summary: 'list the strategies and their parameters',
    usage: 'usage: tradedesk strategies [--json]\n\n  --json         one JSON document: each strategy\'s id, description and default parameters\n  -h, --help     this help',
  },
  { name: 'data fetch', summary: 'warm the bar cache of real providers for symbols and a window (progress, summary)', usage: async () => (await import('./data-command.js')).DATA_FETCH_USAGE },
  { name: 'data status', summary: 'list what the bar cache holds (provider, symbol, timeframe, bars, last fetched)', usage: async () => (await import('./data-command.js')).DATA_STATUS_USAGE },
  {
    name: 'db migrate',
    summary: 'apply pending database migrations',
    usage: 'usage: tradedesk db migrate    apply pending migrations to DATABASE_URL (the desk also applies them when it starts)\n\n  -h, --help     this help',
  },
  {
    name: 'db copy',
    summary: 'copy a desk\'s whole history into an empty database (SQLite to PostgreSQL), verified row for row',
    usage: 'usage: tradedesk db copy --from <database URL> --to <database URL>\n\n'
      + 'Migrates both, then copies every table into the target, which must be empty, and checks every row on both sides.\n'
      + 'e.g. tradedesk db copy --from file:./data/tradedesk.db --to postgresql://desk:secret@127.0.0.1:5432/tradedesk\n\n'
      + '  --from <url>   the database to copy (file: or postgresql://)\n  --to <url>     the empty database to copy into\n  -h, --help     this help',
  },
  {
    name: 'discord commands',
    summary: 'print the Discord slash-command registration payload (--json)',
    usage: 'usage: tradedesk discord commands --json\n\nPrints the exact slash-command registration payload, generated from the command registry, without calling Discord.\n\n  --json         required: the payload is JSON\n  -h, --help     this help',
  },
  {
    name: 'discord register-commands',
    summary: 'register the slash commands with Discord (--guild <id>: one server, at once)',
    usage: [
      'usage: tradedesk discord register-commands [--guild <server id>]',
      '',
      'Registers the slash commands with Discord (needs DISCORD_TOKEN and DISCORD_APPLICATION_ID).',
      '',
      '  --guild <id>   register in one server, where they show at once (default: globally, which can take a while)',
      '  -h, --help     this help',
    ].join('\n'),
  },
  {
    name: 'slack manifest',
    summary: 'print the Slack app manifest (--http <url> for HTTP mode)',
    usage: [
      'usage: tradedesk slack manifest [--http <request-url>]',
      '',
      'Prints the Slack app manifest with the /desk command (Socket Mode by default).',
      '',
      '  --http <url>   HTTP mode: the https:// URL where Slack reaches the desk',
      '  -h, --help     this help',
    ].join('\n'),
  },
  { name: 'mcp', summary: 'the read-only analyst tools over MCP: stdio, or --http 127.0.0.1:<port> (tokens: mcp token)', usage: mcpUsage },
  { name: 'mcp token', summary: 'create, replace or list the bearer tokens of tradedesk mcp --http', usage: mcpUsage },
] as const satisfies readonly { readonly name: string; readonly summary: string; readonly usage: Usage }[];

async function mcpUsage(): Promise<string> {
  return (await import('./mcp-args.js')).MCP_USAGE;
}

const text = (usage: Usage): Promise<string> => (typeof usage === 'string' ? Promise.resolve(usage) : usage());

export type SubcommandName = (typeof SUBCOMMANDS)[number]['name'];
/** The first word of a subcommand: what runCli dispatches on. */
export type TopCommand = SubcommandName extends infer N ? (N extends `${infer First} ${string}` ? First : N) : never;

const HELP_FLAGS = new Set(['--help', '-h']);

/**
 * The help text `argv` asks for: with --help or -h anywhere, the help of the longest subcommand its leading words
 * name, or the list of a group's subcommands (`tradedesk discord --help`); null when it asks for none, or names no
 * subcommand.
 */
export async function helpFor(argv: readonly string[]): Promise<string | null> {
  if (!argv.some((a) => HELP_FLAGS.has(a))) return null;
  const words = argv.filter((a) => !a.startsWith('-'));
  const named = [...SUBCOMMANDS]
    .filter((c) => c.name.split(' ').every((w, i) => words[i] === w))
    .sort((a, b) => b.name.length - a.name.length)[0];
  if (named !== undefined) return text(named.usage);
  return words[0] === undefined ? null : groupUsage(words[0]);
}

/** `tradedesk db`, `discord`, `slack`: the subcommands under the group (the one's own help), or null for no such group. */
function groupUsage(group: string): Promise<string> | string | null {
  const members = SUBCOMMANDS.filter((c) => c.name.startsWith(`${group} `));
  if (members.length === 0) return null;
  if (members.length === 1) return text(members[0]!.usage);
  return [`usage: tradedesk ${group} <command> [options]`, '', 'commands:', ...listed(members), '', `tradedesk ${group} <command> --help shows its options.`].join('\n');
}

function listed(commands: readonly { name: string; summary: string }[]): string[] {
  const width = Math.max(...commands.map((c) => c.name.length));
  return commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
}

export function usage(): string {
  return [
    'usage: tradedesk <command> [options]',
    '',
    'commands:',
    ...listed(SUBCOMMANDS),
    '',
    'tradedesk <command> --help shows the options of a command.',
  ].join('\n');
}

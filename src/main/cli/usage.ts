/** Subcommands of `tradedesk`, listed by --help in this order. */
export const SUBCOMMANDS = [
  { name: 'start', summary: 'start the desk: status, then the console desk with the scheduler (--speed <x>)' },
  { name: 'console', summary: 'the chat desk in this terminal (/help, /backtest; piped input is read line by line)' },
  { name: 'backtest', summary: 'backtest a strategy on CSV or simulated data' },
  { name: 'strategies', summary: 'list the strategies and their parameters' },
  { name: 'db migrate', summary: 'apply pending database migrations' },
  { name: 'discord commands --json', summary: 'print the Discord slash-command registration payload' },
  { name: 'discord register-commands', summary: 'register the slash commands with Discord (--guild <id>: one server, at once)' },
  { name: 'slack manifest', summary: 'print the Slack app manifest (--http <url> for HTTP mode)' },
  { name: 'mcp', summary: 'the read-only analyst tools over MCP: stdio, or --http 127.0.0.1:<port> (tokens: mcp token)' },
] as const;

export function usage(): string {
  const width = Math.max(...SUBCOMMANDS.map((c) => c.name.length));
  return [
    'usage: tradedesk <command> [options]',
    '',
    'commands:',
    ...SUBCOMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'tradedesk <command> --help shows the options of a command.',
  ].join('\n');
}

// `tradedesk mcp` as Claude Desktop runs it: the bin spawned as a child process, spoken to by an MCP client over
// its stdin/stdout. Nothing but protocol may reach stdout (a stray line would break the client's framing).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, REPO_ROOT, removeDatabase, runInProcess, tempDatabaseUrl } from '../helpers/cli.js';
import { EXAMPLE_DATA_DIR } from '../helpers/real-data.js';

const DATABASE_URL = tempDatabaseUrl();
let client: Client;
const stderr: string[] = [];

beforeAll(async () => {
  const saved = await runInProcess(['backtest', '--strategy', 'trend-following', '--symbols', 'ORCL', '--data', EXAMPLE_DATA_DIR, '--save'], { env: { DATABASE_URL } });
  expect(saved.code).toBe(0);
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, 'mcp'],
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', DATABASE_URL },
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
  client = new Client({ name: 'tradedesk-test-client', version: '1.0.0' });
  await client.connect(transport);
}, 60_000);

afterAll(async () => {
  await client?.close();
  removeDatabase(DATABASE_URL);
});

describe('tradedesk mcp (stdio, a separate process)', () => {
  it('lists the read-only tools with their schemas', async () => {
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['list_runs', 'get_run', 'get_trades']));
    for (const t of tools) {
      expect(t.annotations?.readOnlyHint, t.name).toBe(true);
      expect(t.inputSchema.type, t.name).toBe('object');
      expect(t.outputSchema?.type, t.name).toBe('object');
    }
  });

  it('answers list_runs with the saved backtest of the local workspace', async () => {
    const result = await client.callTool({ name: 'list_runs', arguments: {} });
    expect(result.isError ?? false).toBe(false);
    expect(JSON.stringify(result.structuredContent)).toContain('trend-following');
  });

  it('says on stderr which workspace it serves, never on stdout', () => {
    expect(stderr.join('')).toContain('tradedesk mcp: serving console:local (Local desk) read-only over stdio');
  });
});

describe('tradedesk mcp argument errors', () => {
  it.each([
    [['--workspace', 'teams:1'], "tradedesk mcp: --workspace 'teams:1': expected <platform>:<id>"],
    [['--workspace', 'discord:42'], 'tradedesk mcp: no workspace discord:42 in'],
    [['stray'], "tradedesk mcp: Unexpected argument 'stray'"],
  ])('%j exits 2 with one line', async (args, message) => {
    const run = await runInProcess(['mcp', ...args], { env: { DATABASE_URL } });
    expect(run.code).toBe(2);
    expect(run.err).toHaveLength(1);
    expect(run.err[0]).toContain(message);
  });
});

// `tradedesk mcp --http` as a user runs it: the real bin in a child process on a free port (port 0, read back from its
// first stderr line), called by the SDK client with a bearer token, then stopped with SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, REPO_ROOT, removeDatabase, runInProcess, tempDatabaseUrl } from '../helpers/cli.js';
import { EXAMPLE_DATA_DIR } from '../helpers/real-data.js';
import { httpClient } from '../mcp/http-helpers.js';

const DATABASE_URL = tempDatabaseUrl();
let child: ChildProcess | undefined;
let stderr = '';
let token = '';

/** The parent's env minus tradedesk settings, plus the temp database (as tests/helpers/cli.ts spawnBin does). */
function childEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('TRADEDESK_') && k !== 'DATABASE_URL') env[k] = v;
  return { ...env, DATABASE_URL };
}

beforeAll(async () => {
  const saved = await runInProcess(['backtest', '--strategy', 'trend-following', '--symbols', 'ORCL', '--data', EXAMPLE_DATA_DIR, '--save'], { env: { DATABASE_URL } });
  expect(saved.code).toBe(0);
  const issued = await runInProcess(['mcp', 'token', '--workspace', 'console:local'], { env: { DATABASE_URL } });
  expect(issued.code).toBe(0);
  token = issued.out;
}, 60_000);

afterAll(() => {
  if (child !== undefined && child.exitCode === null) child.kill('SIGKILL');
  removeDatabase(DATABASE_URL);
});

/** Starts the bin and resolves with the URL it says it serves at (or rejects with its stderr if it exits first). */
function startBin(args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    child = spawn(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      const url = /at (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(stderr)?.[1];
      if (url !== undefined) resolve(url);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code} before serving: ${stderr}`)));
  });
}

describe('tradedesk mcp --http (the bin, a separate process)', () => {
  it('serves the tools to a client with the token and exits 0 on SIGTERM, logging requests but never the token', async () => {
    const url = await startBin(['mcp', '--http', '127.0.0.1:0']);
    const client = await httpClient(url, token);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['list_runs', 'get_run']));
    const runs = await client.callTool({ name: 'list_runs', arguments: {} });
    expect(runs.isError ?? false).toBe(false);
    expect(JSON.stringify(runs.structuredContent)).toContain('trend-following');
    await client.close();

    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child!.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('tradedesk mcp: serving console:local read-only over Streamable HTTP');
    expect(stderr).toContain('tradedesk mcp: POST /mcp 200 console:local');
    expect(stderr).toMatch(/tradedesk mcp: stopped\n$/);
    expect(stderr).not.toContain(token);
  }, 60_000);
});

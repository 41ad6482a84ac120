// An independent MCP client: the official inspector CLI (@modelcontextprotocol/inspector-cli 0.15.0, the last
// release for Node 20) spawns `tradedesk mcp` over stdio, lists the tools and calls two of them. Offline: it is a
// devDependency and talks to our bin over pipes only. (It cannot send an Authorization header, so the HTTP mode is
// checked with the SDK client in mcp-http-bin.test.ts instead.)
import { execFile } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BIN, REPO_ROOT, removeDatabase, runInProcess, tempDatabaseUrl } from '../helpers/cli.js';
import { EXAMPLE_DATA_DIR } from '../helpers/real-data.js';

const INSPECTOR = path.join(REPO_ROOT, 'node_modules', '@modelcontextprotocol', 'inspector-cli', 'build', 'cli.js');
const DATABASE_URL = tempDatabaseUrl();

beforeAll(async () => {
  const saved = await runInProcess(['backtest', '--strategy', 'trend-following', '--symbols', 'ORCL', '--data', EXAMPLE_DATA_DIR, '--save'], { env: { DATABASE_URL } });
  expect(saved.code).toBe(0);
}, 60_000);

afterAll(() => removeDatabase(DATABASE_URL));

// What the inspector prints (the MCP results as JSON), checked rather than cast.
const toolList = z.object({
  tools: z.array(z.object({ name: z.string(), annotations: z.object({ readOnlyHint: z.boolean().optional() }).optional(), outputSchema: z.unknown() })),
});
const toolResult = z.object({ isError: z.boolean().optional(), structuredContent: z.unknown() });

/** `mcp-inspector-cli --cli node bin/tradedesk.js mcp <method args>`; resolves with its stdout parsed as JSON. */
function inspect(methodArgs: readonly string[]): Promise<unknown> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('TRADEDESK_')) env[k] = v;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [INSPECTOR, '--cli', '-e', `DATABASE_URL=${DATABASE_URL}`, process.execPath, BIN, 'mcp', ...methodArgs],
      { cwd: REPO_ROOT, env: { ...env, DATABASE_URL }, timeout: 50_000 },
      (error, stdout, stderr) => {
        if (error !== null) reject(new Error(`inspector failed: ${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout));
      },
    );
  });
}

describe('tradedesk mcp checked by the MCP inspector CLI (a separate client process)', () => {
  it('tools/list returns every tool, read-only, with input and output schemas', async () => {
    const listed = toolList.parse(await inspect(['--method', 'tools/list']));
    expect(listed.tools.map((t) => t.name)).toEqual(expect.arrayContaining(['list_runs', 'get_run', 'get_trades', 'analyze_trades']));
    for (const t of listed.tools) {
      expect(t.annotations?.readOnlyHint, t.name).toBe(true);
      expect(t.outputSchema, t.name).toBeDefined();
    }
  }, 60_000);

  it('tools/call list_runs and get_run answer with the saved backtest', async () => {
    const runs = toolResult.parse(await inspect(['--method', 'tools/call', '--tool-name', 'list_runs']));
    expect(runs.isError ?? false).toBe(false);
    expect(runs.structuredContent).toMatchObject({ total: 1, runs: [{ number: 1, mode: 'backtest' }] });
    const run = toolResult.parse(await inspect(['--method', 'tools/call', '--tool-name', 'get_run', '--tool-arg', 'run=1']));
    expect(run.isError ?? false).toBe(false);
    expect(run.structuredContent).toMatchObject({ number: 1, status: 'completed' });
  }, 60_000);
});

// `--speed` is a demo and must not damage real data (issue 10, section 3): a sped-up desk keeps its own database unless
// DATABASE_URL names one, a database written by one kind of clock is refused by the other with one line and nothing
// written, audit entries carry wall-clock time, and a demo's runs are not "in the future" to its own desk or to MCP.
import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, makeTempDir, REPO_ROOT, runInProcess, spawnBin } from '../helpers/cli.js';
import { logMessages } from '../helpers/log-lines.js';
import { rmSync } from 'node:fs';

const dir = makeTempDir('desk-speed');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshUrl = (): string => `file:${path.join(dir, `db-${++n}.db`)}`;

const BACKTEST = '/backtest strategy:trend-following symbols:SIM from:2021-01-01 to:2023-12-31';
const RUN_START = '/run start strategy:mean-reversion symbols:SIM-A timeframe:1d';

/** The wall clock, not the tests' fixed one: the desk's own clock runs on Date.now. */
const desk = (url: string, speed: number | null, stdin: readonly string[], command = 'console') =>
  runInProcess([command, ...(speed === null ? [] : ['--speed', String(speed)])], { env: { DATABASE_URL: url }, stdin, now: Date.now() });

/** Every row of every table, to prove a refused desk wrote nothing. */
function dump(url: string): Record<string, unknown[]> {
  const db = new Database(url.slice('file:'.length), { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
    return Object.fromEntries(tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}"`).all()]));
  } finally {
    db.close();
  }
}

function rows<T>(url: string, sql: string): T[] {
  const db = new Database(url.slice('file:'.length), { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

describe('a sped-up desk without DATABASE_URL', () => {
  it('keeps its own database file, ./data/tradedesk-demo.db, and says so', async () => {
    const cwd = makeTempDir('demo-cwd');
    try {
      const run = await spawnBin(['console', '--speed', '600'], {}, { cwd, stdin: [RUN_START] });
      expect(run.code).toBe(0);
      expect(logMessages(run.stderr)).toContain('--speed 600: a sped-up demo on file:./data/tradedesk-demo.db (its own database; DATABASE_URL chooses another)');
      expect(existsSync(path.join(cwd, 'data', 'tradedesk-demo.db'))).toBe(true);
      expect(existsSync(path.join(cwd, 'data', 'tradedesk.db'))).toBe(false);
      expect(rows(`file:${path.join(cwd, 'data', 'tradedesk-demo.db')}`, 'SELECT number FROM "Run"')).toEqual([{ number: 1 }]);

      const start = await spawnBin(['start', '--speed', '600'], {}, { cwd, stdin: ['/runs'] });
      expect(start.code).toBe(0);
      expect(start.stdout).toContain("database     file:./data/tradedesk-demo.db (the --speed 600 demo's own database, apart from the team's;");
      expect(start.stdout).toContain('clock        sped up 600x: a demo');
      expect(existsSync(path.join(cwd, 'data', 'tradedesk.db'))).toBe(false);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});

describe('one database, one kind of clock', () => {
  it('a real-time desk refuses a demo database with one line and writes nothing (console, start and backtest --save)', async () => {
    const url = freshUrl();
    expect((await desk(url, 600, [RUN_START])).code).toBe(0);
    const before = dump(url);
    expect(before['DeskClock']).toEqual([expect.objectContaining({ id: 1, speed: 600 })]);

    const console = await desk(url, null, ['/run stop run:1 flatten:false']);
    expect(console).toMatchObject({ code: 2, out: '' });
    expect(console.err).toEqual([
      `tradedesk console: ${url} holds a demo: a sped-up demo (--speed 600) wrote it, and its times run ahead of the real clock. ` +
        'A real-time desk does not write into it; nothing was written. Open it with a sped-up desk (--speed <x>), or set DATABASE_URL to the team\'s database.',
    ]);
    const start = await desk(url, null, ['/runs'], 'start');
    expect(start.code).toBe(2);
    expect(start.err).toEqual([expect.stringMatching(/^tradedesk console: .* holds a demo: /)]);
    const saved = await runInProcess(['backtest', '--strategy', 'trend-following', '--symbols', 'SIM', '--from', '2023-01-02', '--to', '2023-06-30', '--save'], { env: { DATABASE_URL: url } });
    expect(saved.code).toBe(1);
    expect(saved.err).toEqual([expect.stringMatching(/^tradedesk backtest: could not save the run: .* holds a demo: /)]);
    expect(dump(url)).toEqual(before);
  });

  it('a sped-up desk refuses a database written in real time with one line and writes nothing', async () => {
    const url = freshUrl();
    expect((await desk(url, null, [RUN_START])).code).toBe(0);
    const before = dump(url);
    const demo = await desk(url, 600, [RUN_START]);
    expect(demo.code).toBe(2);
    expect(demo.err.at(-1)).toBe(
      `tradedesk console: ${url} is written in real time, and a sped-up desk (--speed 600) would put demo times into its history; nothing was written. ` +
        "Leave DATABASE_URL unset for the demo's own file:./data/tradedesk-demo.db, or set it to another file.",
    );
    expect(dump(url)).toEqual(before);
  });

  it('a sped-up desk opens a demo database at another speed', async () => {
    const url = freshUrl();
    expect((await desk(url, 600, [RUN_START])).code).toBe(0);
    const again = await desk(url, 50, ['/runs']);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/#1 +running +mean-reversion/);
    expect(rows(url, 'SELECT speed FROM "DeskClock"')).toEqual([{ speed: 50 }]);
  });

  it('judges a database from before clocks were recorded by its runs\' times: stamped past the real clock is a demo', async () => {
    const url = freshUrl();
    // At 100000x the backtest alone takes the desk's clock hours ahead of the wall clock before the run starts.
    expect((await desk(url, 100_000, [BACKTEST, RUN_START, '/run stop run:2 flatten:false'])).code).toBe(0);
    const db = new Database(url.slice('file:'.length));
    db.prepare('DELETE FROM "DeskClock"').run();
    db.close();
    const before = dump(url);
    const normal = await desk(url, null, ['/runs']);
    expect(normal.code).toBe(2);
    expect(normal.err[0]).toMatch(/holds a demo: its runs are stamped up to \d{4}-\d\d-\d\dT[\d:.]+Z, past the real clock: a sped-up demo wrote them\. /);
    expect(dump(url)).toEqual(before);
    expect((await desk(url, 600, ['/runs'])).code).toBe(0);
  });
});

describe('a sped-up desk', () => {
  it('stamps its audit entries with wall-clock time, though its own clock runs ahead', async () => {
    const url = freshUrl();
    const wallBefore = Date.now();
    const run = await desk(url, 100_000, [BACKTEST, RUN_START, '/halt reason:demo']);
    const wallAfter = Date.now();
    expect(run.code).toBe(0);
    const audit = rows<{ action: string; target: string | null; at: string }>(url, 'SELECT action, target, at FROM "AuditEntry" ORDER BY at, id');
    expect(audit.map((a) => [a.action, a.target])).toEqual(expect.arrayContaining([['command', 'backtest'], ['command', 'run start'], ['workspace.halt', null], ['command', 'halt']]));
    for (const a of audit) expect(Date.parse(a.at), `${a.action} ${a.target}`).toSatisfy((at: number) => at >= wallBefore && at <= wallAfter);
    // The run itself is in the demo's time: the desk clock ran far ahead while the backtest ran.
    const [paper] = rows<{ startedAt: string }>(url, 'SELECT startedAt FROM "Run" WHERE number = 2');
    expect(Date.parse(paper!.startedAt)).toBeGreaterThan(wallAfter);
  });

  it('restarted, answers about its stopped runs instead of "had not started" (its clock resumes where they left off)', async () => {
    const url = freshUrl();
    expect((await desk(url, 100_000, [BACKTEST, RUN_START, '/run stop run:2 flatten:false'])).code).toBe(0);
    const again = await desk(url, 600, ['how is run 2 doing?', '/run show run:2']);
    expect(again.code).toBe(0);
    expect(again.out).not.toContain('had not started');
    expect(again.out).toMatch(/Run #2/);
  });

  it('has its runs listed by tradedesk mcp on its database, not left out as "in the future"', async () => {
    const url = freshUrl();
    expect((await desk(url, 100_000, [BACKTEST, RUN_START, '/run stop run:2 flatten:false'])).code).toBe(0);
    const transport = new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp'], cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', DATABASE_URL: url }, stderr: 'pipe' });
    const client = new Client({ name: 'desk-speed-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      const listed = await client.callTool({ name: 'list_runs', arguments: {} });
      expect(listed.isError ?? false).toBe(false);
      expect(listed.structuredContent).toMatchObject({ total: 2, later: 0, runs: [{ number: 2, mode: 'paper' }, { number: 1, mode: 'backtest' }] });
      const run = await client.callTool({ name: 'get_run', arguments: { run: 2 } });
      expect(run.isError ?? false).toBe(false);
    } finally {
      await client.close();
    }
  }, 60_000);
});

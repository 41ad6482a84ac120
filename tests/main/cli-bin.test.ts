// A handful of runs of the real executable (`node bin/tradedesk.js`), proving the shebang entry, the loader and the
// process exit code / stdout / stderr wiring. Everything else is tested in-process (cli.test.ts): each spawn costs
// about a quarter of a second. The bundle it runs is rebuilt once before the tests (tests/global-setup.ts).
import { spawnSync } from 'node:child_process';
import { accessSync, constants, copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, makeTempDir, removeDatabase, runInProcess, spawnBin, spawnBinClosedStdout, tempDatabaseUrl } from '../helpers/cli.js';
import { EXAMPLE_DATA_DIR } from '../helpers/real-data.js';

const DATABASE_URL = tempDatabaseUrl();
afterAll(() => removeDatabase(DATABASE_URL));

describe('bin/tradedesk.js', () => {
  it('is an executable node script', () => {
    expect(readFileSync(BIN, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(() => accessSync(BIN, constants.X_OK)).not.toThrow();
  });

  it('never builds and never reads the sources: it runs the bundle in dist/ and imports nothing of scripts/ or src/', () => {
    const text = readFileSync(BIN, 'utf8');
    expect(text).not.toMatch(/(?:from|import\()\s*['"][^'"]*(?:scripts|src)\/|['"]esbuild['"]|readdirSync|statSync/);
    expect(text).toContain('../dist/');
  });

  it('without a build (npm ci --ignore-scripts) says so in one line with the command to run, and exits 1', () => {
    // A copy of the bin in a folder with no dist/ beside it: the real dist/ stays untouched for the other tests.
    const dir = makeTempDir('bin-without-dist');
    try {
      mkdirSync(path.join(dir, 'bin'));
      copyFileSync(BIN, path.join(dir, 'bin', 'tradedesk.js'));
      const run = spawnSync(process.execPath, [path.join(dir, 'bin', 'tradedesk.js'), '--help'], { cwd: dir, encoding: 'utf8' });
      expect(run.status).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^tradedesk: no build of the CLI in .*dist.*: run `npm run build` in [^\n]+\n$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--help lists the subcommands and exits 0', async () => {
    const run = await spawnBin(['--help'], { DATABASE_URL });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    for (const name of ['start', 'backtest', 'strategies', 'db migrate']) expect(run.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
  });

  it('prints the same --json backtest as the in-process CLI', async () => {
    const argv = ['backtest', '--strategy', 'trend-following', '--symbols', 'ORCL', '--data', EXAMPLE_DATA_DIR, '--json'];
    const [spawned, inProcess] = await Promise.all([spawnBin(argv, { DATABASE_URL }), runInProcess(argv)]);
    expect(spawned).toMatchObject({ code: 0, stderr: '' });
    expect(spawned.stdout).toBe(`${inProcess.out}\n`);
    expect(JSON.parse(spawned.stdout)).toMatchObject({ bars: 5036, metrics: { endEquity: 159_916.02 } });
  });

  it('exits 2 with one stderr line and no stack trace on bad input', async () => {
    const run = await spawnBin(['backtest', '--strategy', 'nope', '--symbols', 'ORCL', '--data', EXAMPLE_DATA_DIR], { DATABASE_URL });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^tradedesk backtest: unknown strategy 'nope'; valid: [^\n]+\n$/);
  });

  it('db migrate applies the migrations to a fresh temp database, then says up to date', async () => {
    const first = await spawnBin(['db', 'migrate'], { DATABASE_URL });
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toMatch(/^applied \d+ migration\(s\) to file:.*: \d+_init/);
    const again = await spawnBin(['db', 'migrate'], { DATABASE_URL });
    expect(again).toEqual({ code: 0, stdout: `database ${DATABASE_URL} is up to date\n`, stderr: '' });
  });

  it.each([['strategies'], ['backtest', '--strategy', 'trend-following', '--symbols', 'ORCL', '--data', EXAMPLE_DATA_DIR, '--json']])(
    'ends quietly with exit 0 when the reader closes the pipe before the output (%s | head)',
    async (...argv) => {
      // The read end is closed before the child writes anything, so its first write fails with EPIPE every time.
      const run = await spawnBinClosedStdout(argv, { DATABASE_URL });
      expect(run).toEqual({ code: 0, signal: null, stderr: '' });
    },
  );
});

// The real bin's log on a stderr that is not a terminal (a service's, a pipe): JSON lines, each iteration's line
// with its run and workspace ids, and never a token or a key from the environment, even in a message that would
// quote one. Readable text when TRADEDESK_LOG_FORMAT asks for it.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, makeTempDir, spawnBin } from '../helpers/cli.js';
import { logEntries } from '../helpers/log-lines.js';

const dir = makeTempDir('desk-log');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Fake secrets of the shapes the desk reads. The console desk connects no platform and asks no analyst here: nothing
// leaves the machine.
const DISCORD_TOKEN = 'ODk5OTk5OTk5OTk5OTk5OTk5.GfAkEt.fake-discord-token-for-the-log-test';
const ANTHROPIC_API_KEY = 'sk-ant-api03-fake-anthropic-key-for-the-log-test';
/** No known token shape: only the environment says it is a secret. */
const POLYGON_API_KEY = 'fake-polygon-key-for-the-log-test';
const RUN_START = '/run start strategy:mean-reversion symbols:SIM-A timeframe:1m';
const ITERATED = /^Run #1 \(Local desk\) at the \S+ close: committed$/;

/**
 * `tradedesk console --speed 600` with its input open until its stderr shows `until` (or 60 s pass), then closed:
 * the desk finishes its work and exits.
 */
function runDeskUntil(env: Record<string, string>, lines: readonly string[], until: (stderr: string) => boolean): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'console', '--speed', '600'], { cwd: dir, env: { PATH: process.env.PATH ?? '', ...env }, stdio: 'pipe' });
    let stderr = '';
    const giveUp = setTimeout(() => child.stdin.end(), 60_000);
    child.stdout.resume();
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      if (until(stderr)) child.stdin.end();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(giveUp);
      resolve({ code, stderr });
    });
    for (const line of lines) child.stdin.write(`${line}\n`);
  });
}

describe('the desk log of a real desk process', () => {
  it('is JSON lines with the run and workspace ids, and no secret from the environment even where a message quotes one', async () => {
    // The database's file name carries the secrets, so the desk's first line (the sped-up demo's database) quotes them.
    const file = path.join(dir, `desk-${DISCORD_TOKEN}-${ANTHROPIC_API_KEY}-${POLYGON_API_KEY}.db`);
    const env = {
      DATABASE_URL: `file:${file}`, TRADEDESK_DEBUG: '1',
      DISCORD_TOKEN, DISCORD_APPLICATION_ID: '123456789012345678', ANTHROPIC_API_KEY, POLYGON_API_KEY,
    };
    const run = await runDeskUntil(env, [RUN_START], (stderr) => stderr.split('\n').some((l) => l.includes('"debug"') && l.includes('close: committed')));
    expect(run.code).toBe(0);

    const entries = logEntries(run.stderr);
    expect(run.stderr).not.toContain(DISCORD_TOKEN);
    expect(run.stderr).not.toContain(ANTHROPIC_API_KEY);
    expect(run.stderr).not.toContain(POLYGON_API_KEY);
    expect(entries[0]).toMatchObject({ level: 'info', msg: `--speed 600: a sped-up demo on file:${path.join(dir, 'desk-***-***-***.db')}` });
    expect(entries[0]).not.toHaveProperty('runId');

    const db = new Database(file, { readonly: true });
    const [stored] = db.prepare('SELECT id FROM "Run" WHERE number = 1').all() as { id: string }[];
    db.close();
    const iterated = entries.find((e) => e.level === 'debug' && ITERATED.test(e.msg));
    expect(iterated).toMatchObject({ workspaceId: 'console:local', workspace: 'Local desk', runId: stored!.id, run: 1 });
  }, 90_000);

  it('is readable text when TRADEDESK_LOG_FORMAT=text, whatever stderr is', async () => {
    const run = await spawnBin(['console', '--speed', '600'], { DATABASE_URL: `file:${path.join(dir, 'text.db')}`, TRADEDESK_LOG_FORMAT: 'text' }, { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(new RegExp(`^\\d\\d:\\d\\d:\\d\\d info  --speed 600: a sped-up demo on file:${path.join(dir, 'text.db').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n$`));
  });
});

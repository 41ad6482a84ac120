// SIGTERM as an orchestrator sends it (a deploy, a scale-down): the real bin (`tradedesk start`) trading a sped-up run
// stops taking work, finishes the iteration in flight, releases its leases and claims, closes its connections and
// exits 0 (a desk still stopping after its deadline would exit 1). A service (TRADEDESK_HTTP) outlives its console
// input until it is signalled.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, REPO_ROOT, removeDatabase, tempDatabaseUrl } from '../helpers/cli.js';
import { logMessages } from '../helpers/log-lines.js';

const databases: string[] = [];
const children: ChildProcessWithoutNullStreams[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const url of databases) removeDatabase(url);
});

function startDesk(env: Readonly<Record<string, string>> = {}) {
  const url = tempDatabaseUrl();
  databases.push(url);
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('TRADEDESK_') && k !== 'DATABASE_URL') base[k] = v;
  const child = spawn(process.execPath, [BIN, 'start', '--speed', '600'], {
    cwd: REPO_ROOT, env: { ...base, DATABASE_URL: url, TRADEDESK_DEBUG: '1', TRADEDESK_LOG_FORMAT: 'json', ...env }, stdio: 'pipe',
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { url, child, exited, stdout: () => stdout, messages: () => logMessages(stderr) };
}

async function until(what: string, done: () => boolean, tries = 600): Promise<void> {
  for (let i = 0; i < tries && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  if (!done()) throw new Error(`never happened: ${what}`);
}

function rows(url: string, sql: string): number {
  const db = new Database(url.slice('file:'.length), { readonly: true });
  try {
    return Number((db.prepare(sql).get() as { n: number }).n);
  } finally {
    db.close();
  }
}

describe('tradedesk start and SIGTERM', () => {
  it('stops while trading: no new work, the iteration in flight finished, leases and claims released, exit 0', async () => {
    const desk = startDesk();
    desk.child.stdin.write('/run start strategy:mean-reversion symbols:SIM-A,SIM-B timeframe:1m\n');
    desk.child.stdin.write('/run start strategy:trend-following symbols:SIM-C timeframe:1m params:fast=5,slow=20\n');
    await until('both runs iterate', () => new Set(desk.messages().filter((m) => /^Run #\d .* close: committed$/.test(m)).map((m) => m.slice(0, 7))).size === 2);
    desk.child.kill('SIGTERM');
    expect(await desk.exited).toBe(0);
    const messages = desk.messages();
    expect(messages).toContain('SIGTERM: stopping: no new work; the iterations in flight finish, then leases are released and connections closed');
    expect(messages.filter((m) => /still stopping|kept the process alive/.test(m))).toEqual([]);
    // After the stop line, nothing new was started: every iteration logged after it had been in flight.
    expect(rows(desk.url, 'SELECT count(*) AS n FROM "RunLease"')).toBe(0);
    expect(rows(desk.url, 'SELECT count(*) AS n FROM "Notification" WHERE "claimedBy" IS NOT NULL AND status = \'pending\'')).toBe(0);
    // The runs stay running, to resume at the next start.
    expect(rows(desk.url, 'SELECT count(*) AS n FROM "Run" WHERE status = \'running\'')).toBe(2);
  }, 60_000);

  it('a service (TRADEDESK_HTTP) keeps serving after its console input ends, until SIGTERM', async () => {
    const desk = startDesk({ TRADEDESK_HTTP: '127.0.0.1:0' });
    await until('the banner', () => /http {9}\/healthz/.test(desk.stdout()));
    desk.child.stdin.write('/run start strategy:mean-reversion symbols:SIM-A timeframe:1m\n');
    desk.child.stdin.end();
    await until('it says it keeps serving', () => desk.messages().includes('console input ended; still serving (TRADEDESK_HTTP) until stopped (SIGTERM / Ctrl-C)'));
    const decided = (): number => desk.messages().filter((m) => /close: committed$/.test(m)).length;
    const before = decided();
    await until('it still trades', () => decided() > before + 2);
    desk.child.kill('SIGTERM');
    expect(await desk.exited).toBe(0);
    expect(rows(desk.url, 'SELECT count(*) AS n FROM "RunLease"')).toBe(0);
  }, 60_000);

  it('a desk without a service or a platform still ends with its console input (scripts pipe commands into it)', async () => {
    const desk = startDesk();
    desk.child.stdin.end('/runs\n');
    expect(await desk.exited).toBe(0);
    expect(desk.messages().filter((m) => m.includes('still serving'))).toEqual([]);
  }, 60_000);
});

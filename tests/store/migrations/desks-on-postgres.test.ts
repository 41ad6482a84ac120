// Several desk processes on one PostgreSQL database, the way an operator runs them (the `postgresql` test project):
// three real `tradedesk start --speed 600` processes share five running runs; one is killed with SIGKILL in the
// middle, the others stop with SIGTERM. Every (run, close) is committed by one desk only, every notification is
// delivered once and none is left behind, and the runs the killed desk was trading go on. The scale version (1,000
// runs at real time, the takeover time) is `npm run bench -- postgres-desks`.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../helpers/postgres-server.js';
import { BIN } from '../../helpers/cli.js';
import { logEntries } from '../../helpers/log-lines.js';
import { REPO_ROOT, requirePostgresUrl } from '../helpers/repo.js';

const children: ChildProcessWithoutNullStreams[] = [];
const dir = mkdtempSync(path.join(os.tmpdir(), 'tradedesk-desks-pg-'));
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function startDesk(url: string) {
  const base: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('TRADEDESK_') && k !== 'DATABASE_URL') base[k] = v;
  const child = spawn(process.execPath, [BIN, 'start', '--speed', '600'], {
    cwd: dir, env: { ...base, DATABASE_URL: url, TRADEDESK_DEBUG: '1', TRADEDESK_LOG_FORMAT: 'json' }, stdio: 'pipe',
  });
  children.push(child);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdout.resume();
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, log: () => logEntries(stderr) };
}

async function until(what: string, done: () => Promise<boolean> | boolean, tries = 1_200): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await done()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`never happened: ${what}`);
}

const COMMITTED = /^Run #(\d+) \(.*\) at the (\S+) close: committed$/;
const DELIVERED = /^delivered notification (\S+)$/;

describe('three desk processes on one PostgreSQL database', () => {
  it('iterate each run once per close and deliver each notification once, through a kill -9 of one of them', async () => {
    const url = await freshDatabase(requirePostgresUrl(), 'three_desks');
    const migrated = spawnSync(process.execPath, [BIN, 'db', 'migrate'], { cwd: REPO_ROOT, env: { ...process.env, DATABASE_URL: url }, encoding: 'utf8' });
    expect(migrated.status, migrated.stderr).toBe(0);
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      const decisions = async (): Promise<Map<string, number>> => new Map((await db.query<{ runId: string; n: string }>(
        'SELECT "runId", count(*) AS n FROM "DecisionRecord" GROUP BY "runId"')).rows.map((r) => [r.runId, Number(r.n)]));
      const desks = [startDesk(url)];
      const starts = [
        '/run start strategy:mean-reversion symbols:SIM-A,SIM-B timeframe:1m',
        '/run start strategy:trend-following symbols:SIM-C timeframe:1m params:fast=5,slow=20',
        '/run start strategy:bollinger-bands symbols:SIM-D,SIM-E timeframe:1m',
        '/run start strategy:breakout symbols:SIM-F timeframe:1m',
        '/run start strategy:mean-reversion symbols:SIM-G,SIM-H,SIM-A timeframe:1m',
      ];
      for (const line of starts) desks[0]!.child.stdin.write(`${line}\n`);
      await until('the runs exist', async () => (await decisions()).size === starts.length);
      desks.push(startDesk(url), startDesk(url));
      // All three take part before one dies.
      await until('every desk commits', () => desks.every((d) => d.log().some((e) => COMMITTED.test(e.msg))));
      const victim = desks[1]!;
      victim.child.kill('SIGKILL');
      await victim.exited;
      const atKill = await decisions();
      // Every run goes on: several more decisions each, from the two left.
      await until('every run goes on after the kill', async () => {
        const now = await decisions();
        return [...atKill].every(([runId, n]) => (now.get(runId) ?? 0) >= n + 5);
      });
      for (const d of [desks[0]!, desks[2]!]) d.child.kill('SIGTERM');
      expect(await desks[0]!.exited).toBe(0);
      expect(await desks[2]!.exited).toBe(0);

      // No (run, close) committed by two desks, no notification delivered twice.
      const committed = new Map<string, number>();
      const delivered = new Map<string, number>();
      for (const d of desks) {
        for (const e of d.log()) {
          const c = COMMITTED.exec(e.msg);
          if (c !== null) committed.set(`${c[1]}@${c[2]}`, (committed.get(`${c[1]}@${c[2]}`) ?? 0) + 1);
          const n = DELIVERED.exec(e.msg);
          if (n !== null) delivered.set(n[1]!, (delivered.get(n[1]!) ?? 0) + 1);
        }
      }
      expect([...committed.values()].filter((n) => n > 1)).toEqual([]);
      expect([...delivered.values()].filter((n) => n > 1)).toEqual([]);
      expect(committed.size).toBeGreaterThan(starts.length * 5);
      expect(delivered.size).toBeGreaterThan(0);
      // The database agrees: one decision per (run, close), and nothing left to deliver (the killed desk's claims
      // expired and were delivered by the others, or were never taken).
      const doubles = await db.query(`SELECT "runId", inputs->>'barClose' FROM "DecisionRecord" GROUP BY 1, 2 HAVING count(*) > 1`);
      expect(doubles.rows).toEqual([]);
      const left = await db.query<{ id: string; status: string; claimedBy: string | null }>(`SELECT id, status, "claimedBy" FROM "Notification" WHERE status NOT IN ('delivered', 'suppressed')`);
      // A notification the killed desk had claimed is delivered by another once its claim expires (real time, not
      // the desk's sped-up clock): the survivors' final delivery may come before that, so it may still be pending.
      const byVictim = (holder: string | null): boolean => holder !== null && holder.includes(`:${victim.child.pid}:`);
      expect(left.rows.filter((r) => !byVictim(r.claimedBy))).toEqual([]);
      // Leases: none left by the desks that stopped cleanly.
      const leases = await db.query<{ holder: string }>('SELECT holder FROM "RunLease"');
      expect(leases.rows.filter((r) => !byVictim(r.holder))).toEqual([]);
    } finally {
      await db.end();
    }
  }, 120_000);
});

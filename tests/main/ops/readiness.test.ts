// GET /readyz's decision (src/main/ops/readiness.ts): ready only when the database answers, every migration of this
// build is applied and every configured chat platform is connected; otherwise each failing check says why, in one
// line, with no secret, and a check that hangs answers "not ready" at its timeout.
import { describe, expect, it } from 'vitest';
import { fail, ok, type Result } from '../../../src/core/domain/result.js';
import { createReadiness, type PlatformState, type ReadinessOptions } from '../../../src/main/ops/readiness.js';
import type { MigrationStatus } from '../../../src/store/migrations/migration-status.js';

const APPLIED: Result<MigrationStatus> = ok({ applied: 15, pending: [] });
const never = <T>(): Promise<T> => new Promise<T>(() => undefined);

function readiness(over: Partial<ReadinessOptions> = {}) {
  let now = 0;
  const calls = { ping: 0, migrations: 0 };
  const r = createReadiness({
    database: 'postgresql://desk:***@db.internal:5432/tradedesk',
    pingDatabase: async () => (calls.ping++, ok(undefined)),
    migrations: async () => (calls.migrations++, APPLIED),
    platforms: () => [],
    now: () => now,
    timeoutMs: 50,
    ...over,
  });
  return { check: () => r.check(), calls, advance: (ms: number) => (now += ms) };
}

describe('readiness', () => {
  it('is ready when the database answers, nothing is pending and every configured platform is connected', async () => {
    const discord: PlatformState = { name: 'discord', connected: true, detail: 'connected as desk#0001' };
    expect(await readiness({ platforms: () => [discord] }).check()).toEqual({
      ready: true,
      checks: {
        database: { ok: true, reason: 'postgresql://desk:***@db.internal:5432/tradedesk answers' },
        migrations: { ok: true, reason: 'all 15 applied' },
        discord: { ok: true, reason: 'connected as desk#0001' },
      },
    });
  });

  it('is not ready when the database fails, and says why without the password the driver put in its message', async () => {
    const r = readiness({
      pingDatabase: async () => fail('db.unreachable', "Can't reach database server at postgresql://desk:s3cret@db.internal:5432/tradedesk\n(connection refused)"),
      migrations: async () => fail('db.migration_table', 'cannot read the migration history: connection refused'),
    });
    const res = await r.check();
    expect(res.ready).toBe(false);
    expect(res.checks['database']).toEqual({ ok: false, reason: "postgresql://desk:***@db.internal:5432/tradedesk: Can't reach database server at postgresql://desk:***@db.internal:5432/tradedesk (connection refused)" });
    expect(res.checks['migrations']).toEqual({ ok: false, reason: 'cannot read the migration history: connection refused' });
    expect(JSON.stringify(res)).not.toContain('s3cret');
  });

  it('is not ready when the database does not answer within the timeout', async () => {
    const res = await readiness({ pingDatabase: never, migrations: never }).check();
    expect(res).toEqual({
      ready: false,
      checks: {
        database: { ok: false, reason: 'postgresql://desk:***@db.internal:5432/tradedesk did not answer within 0.05 s' },
        migrations: { ok: false, reason: 'the migration history did not answer within 0.05 s' },
      },
    });
  });

  it('is not ready while migrations of this build are pending, and names them', async () => {
    const pending = ['20260601000000_a', '20260602000000_b', '20260603000000_c', '20260604000000_d'];
    const res = await readiness({ migrations: async () => ok({ applied: 15, pending }) }).check();
    expect(res.ready).toBe(false);
    expect(res.checks['migrations']).toEqual({
      ok: false,
      reason: '4 pending (20260601000000_a, 20260602000000_b, 20260603000000_c and 1 more): tradedesk db migrate applies them',
    });
  });

  it('is not ready when the database was migrated by a build this one does not know', async () => {
    const res = await readiness({ migrations: async () => fail('db.migration_unknown', 'The database has migration(s) 20990101000000_x that are not in prisma/migrations') }).check();
    expect(res.checks['migrations']).toEqual({ ok: false, reason: 'The database has migration(s) 20990101000000_x that are not in prisma/migrations' });
  });

  it('is not ready while a configured platform is not connected', async () => {
    const platforms: PlatformState[] = [
      { name: 'discord', connected: true, detail: 'connected as desk#0001' },
      { name: 'slack', connected: false, detail: 'not connected: the Socket Mode connection is down (reconnecting)' },
    ];
    const res = await readiness({ platforms: () => platforms }).check();
    expect(res.ready).toBe(false);
    expect(res.checks['slack']).toEqual({ ok: false, reason: 'not connected: the Socket Mode connection is down (reconnecting)' });
    expect(res.checks['discord']?.ok).toBe(true);
  });

  it('asks the database every time but reuses an answered migration check for its TTL; a failed read is asked again', async () => {
    let answer: Result<MigrationStatus> = fail('db.migration_table', 'cannot read the migration history: busy');
    const r = readiness({ migrations: async () => (r.calls.migrations++, answer), migrationsTtlMs: 10_000 });
    expect((await r.check()).ready).toBe(false);
    answer = APPLIED;
    expect((await r.check()).ready).toBe(true);
    await r.check();
    r.advance(9_999);
    await r.check();
    expect([r.calls.ping, r.calls.migrations]).toEqual([4, 2]);
    r.advance(1);
    await r.check();
    expect([r.calls.ping, r.calls.migrations]).toEqual([5, 3]);
  });

  it('shares one database query among probes that arrive while it is in flight', async () => {
    let release: () => void = () => undefined;
    const r = readiness({
      timeoutMs: 60_000,
      pingDatabase: () => (r.calls.ping++, new Promise<Result<void>>((resolve) => (release = () => resolve(ok(undefined))))),
    });
    const probes = [r.check(), r.check(), r.check()];
    await new Promise((resolve) => setImmediate(resolve));
    release();
    expect((await Promise.all(probes)).map((p) => p.ready)).toEqual([true, true, true]);
    expect(r.calls.ping).toBe(1);
  });
});

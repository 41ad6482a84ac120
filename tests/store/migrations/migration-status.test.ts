// A running desk's readiness asks whether its database still has every migration of this build applied
// (src/store/migrations/migration-status.ts): read through the store's own client, planned as `db migrate` plans.
import { describe, expect, it } from 'vitest';
import { migrationFilesOf, migrationStatus } from '../../../src/store/migrations/migration-status.js';
import { useMigratedStore } from '../helpers/repo.js';

const db = useMigratedStore('migration-status');

async function files() {
  const loaded = await migrationFilesOf(db.store.kind);
  if (!loaded.ok) throw new Error(loaded.error.message);
  return loaded.value;
}

describe('migrationStatus', () => {
  it('finds every migration of this build applied on a migrated database', async () => {
    const all = await files();
    expect(all.length).toBeGreaterThan(0);
    expect(await migrationStatus(db.store, all)).toEqual({ ok: true, value: { applied: all.length, pending: [] } });
  });

  it('names the migrations a newer build brings that the database has not applied', async () => {
    const all = await files();
    const next = { name: '99990101000000_next', script: 'SELECT 1;', checksum: 'a'.repeat(64) };
    expect(await migrationStatus(db.store, [...all, next])).toEqual({ ok: true, value: { applied: all.length, pending: ['99990101000000_next'] } });
  });

  it('refuses as the runner does when an applied migration was edited since', async () => {
    const [first, ...rest] = await files();
    const res = await migrationStatus(db.store, [{ ...first!, script: `${first!.script}\n-- edited`, checksum: 'b'.repeat(64) }, ...rest]);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error).toMatchObject({ code: 'db.migration_modified', message: expect.stringContaining(`Migration ${first!.name} was edited`) });
  });
});

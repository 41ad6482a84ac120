import { describe, expect, it } from 'vitest';
import { planMigrations, sha256Hex, type AppliedMigrationRow, type MigrationFile } from '../../../src/store/migrations/migration-plan.js';

const file = (name: string, script = `CREATE TABLE "${name}" (id TEXT);\n`): MigrationFile => ({
  name,
  script,
  checksum: sha256Hex(script),
});
const row = (f: MigrationFile, over: Partial<AppliedMigrationRow> = {}): AppliedMigrationRow => ({
  migration_name: f.name,
  checksum: f.checksum,
  started_at: '2026-01-01T00:00:00.000+00:00',
  finished_at: '2026-01-01T00:00:01.000+00:00',
  rolled_back_at: null,
  ...over,
});

const a = file('20260101000000_init');
const b = file('20260201000000_more');

describe('planMigrations', () => {
  it.each([
    { case: 'nothing applied yet', rows: [], pending: [a.name, b.name] },
    { case: 'first applied', rows: [row(a)], pending: [b.name] },
    { case: 'all applied', rows: [row(a), row(b)], pending: [] },
    {
      case: 'a rolled-back attempt followed by nothing',
      rows: [row(a), row(b, { finished_at: null, rolled_back_at: '2026-02-02T00:00:00.000+00:00' })],
      pending: [b.name],
    },
    {
      case: 'only line endings differ from the recorded checksum',
      rows: [row(a, { checksum: sha256Hex(a.script.replace(/\n/g, '\r\n')) })],
      pending: [b.name],
    },
  ])('plans the pending migrations in name order when $case', ({ rows, pending }) => {
    const plan = planMigrations([a, b], rows);
    expect(plan.ok && plan.value.map((f) => f.name)).toEqual(pending);
  });

  it.each([
    { case: 'an applied file was edited', rows: [row(a, { checksum: sha256Hex('other') })], code: 'db.migration_modified' },
    { case: 'a migration never finished', rows: [row(a, { finished_at: null })], code: 'db.migration_failed' },
    { case: 'the database knows a migration the folder lacks', rows: [row(a), row(file('20270101000000_future'))], code: 'db.migration_unknown' },
  ])('refuses when $case', ({ rows, code }) => {
    const plan = planMigrations([a, b], rows);
    expect(plan.ok ? 'ok' : plan.error.code).toBe(code);
  });
});

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { copyMigrations, createTempDir, REPO_ROOT, runScript } from '../helpers/repo.js';

// `prisma migrate diff --from-migrations prisma/migrations --to-schema-datamodel prisma/schema.prisma --exit-code`,
// run through scripts/new-migration.mjs (which supplies the shadow-database preload the JS engine needs).
// The two CLI runs are independent, so they run side by side.
describe.concurrent('migrations drift', () => {
  const tmp = createTempDir('drift');
  afterAll(() => tmp.remove());

  it('finds no difference between prisma/schema.prisma and the committed migrations', async ({ expect }) => {
    const res = await runScript('scripts/new-migration.mjs', ['--check']);
    expect(res.output).toContain('prisma/schema.prisma and the migrations agree.');
    // The PostgreSQL twin too: its schema written from this one, and its migrations (on a throwaway PostgreSQL).
    expect(res.output).toContain('prisma/postgresql/schema.prisma and its migrations agree.');
    expect(res.status).toBe(0);
  });

  it('fails with the missing SQL when the schema gains a column no migration adds', async ({ expect }) => {
    const schema = path.join(tmp.dir, 'schema.prisma');
    const original = readFileSync(path.join(REPO_ROOT, 'prisma', 'schema.prisma'), 'utf8');
    const edited = original.replace(/^(\s*haltReason\s+String\?)$/m, '$1\n  motto String?');
    expect(edited).not.toBe(original);
    writeFileSync(schema, edited);
    const migrations = copyMigrations(path.join(tmp.dir, 'migrations'));

    const res = await runScript('scripts/new-migration.mjs', ['--check', '--schema', schema, '--migrations', migrations]);
    expect(res.status).toBe(2);
    expect(res.output).toContain('ALTER TABLE "Workspace" ADD COLUMN "motto" TEXT');
  });
});

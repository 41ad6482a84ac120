// The desk on PostgreSQL, the way a user runs it (the `postgresql` test project): `tradedesk db migrate` with a
// postgresql:// DATABASE_URL applies the PostgreSQL migrations and never prints the password; the console desk then
// starts a paper run, lists it and stops it on that database.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEnv } from '../../../src/config/env.js';
import { freshDatabase } from '../../helpers/postgres-server.js';
import { runInProcess } from '../../helpers/cli.js';
import { REPO_ROOT, requirePostgresUrl } from '../helpers/repo.js';

const server = requirePostgresUrl;

describe('the desk on PostgreSQL', () => {
  it('takes a postgresql:// DATABASE_URL, and refuses other kinds in one line', () => {
    expect(loadEnv({ DATABASE_URL: 'postgresql://u:p@127.0.0.1:5432/desk' }).ok).toBe(true);
    expect(loadEnv({ DATABASE_URL: 'postgres://u:p@127.0.0.1/desk' }).ok).toBe(true);
    const refused = loadEnv({ DATABASE_URL: 'mysql://u:p@127.0.0.1/desk' });
    expect(refused.ok ? null : refused.error.message).toMatch(/DATABASE_URL.*expected a SQLite URL like file:\.\/data\/tradedesk\.db or a PostgreSQL URL/);
  });

  it('migrates with tradedesk db migrate, printing the URL without its password', async () => {
    const url = await freshDatabase(server(), 'cli_migrate');
    const first = await runInProcess(['db', 'migrate'], { env: { DATABASE_URL: url } });
    expect(first.code).toBe(0);
    const names = readdirSync(path.join(REPO_ROOT, 'prisma', 'postgresql', 'migrations')).filter((d) => /^\d{14}_/.test(d)).sort();
    expect(names[0]).toMatch(/^\d{14}_init$/);
    expect(first.out).toMatch(new RegExp(`^applied ${names.length} migration\\(s\\) to postgresql://desk:\\*\\*\\*@127\\.0\\.0\\.1:\\d+/t_cli_migrate_\\d+_\\d+: ${names.join(', ')}$`));
    expect(first.out).not.toContain('desk:desk@');
    const again = await runInProcess(['db', 'migrate'], { env: { DATABASE_URL: url } });
    expect(again.out).toMatch(/is up to date$/);
  });

  it('runs the console desk on it: a paper run started, listed and stopped', async () => {
    const url = await freshDatabase(server(), 'cli_desk');
    const run = await runInProcess(['console'], {
      env: { DATABASE_URL: url },
      stdin: ['/run start strategy:mean-reversion symbols:SIM-A timeframe:1m', '/runs', '/run stop run:1'],
    });
    expect(run.code).toBe(0);
    expect(run.out).toContain('Run #1 started');
    expect(run.out).toContain('Run #1 stopped');
    expect(run.out).not.toContain('desk:desk@');
  });
});

import { defineConfig } from 'vitest/config';

/**
 * The store test files that also run on PostgreSQL (the `postgresql` project: one embedded PostgreSQL for the run,
 * a fresh database per file through useMigratedStore). Not listed yet, so SQLite only for now:
 * - busy-retry: SQLite's file locks;
 */
const ON_POSTGRESQL = [
  'tests/store/account/account-risk.test.ts',
  'tests/store/analyst/analyst-budget.test.ts',
  'tests/store/analyst/conversations.test.ts',
  'tests/store/analyst/llm-usage.test.ts',
  'tests/store/approvals/approvals.test.ts',
  'tests/store/db/desk-clock.test.ts',
  'tests/store/db/service-lease.test.ts',
  'tests/store/outbox/delivery.test.ts',
  'tests/store/reconcile/reconciliations.test.ts',
  'tests/store/rules/proposals.test.ts',
  'tests/store/runs/leases.test.ts',
  'tests/store/runs/queries-decisions.test.ts',
  'tests/store/runs/queries-list.test.ts',
  'tests/store/runs/queries.test.ts',
  'tests/store/workspace/mcp-tokens.test.ts',
  'tests/store/workspace/workspace-settings.test.ts',
  'tests/store/runs/trades.test.ts',
  'tests/store/runs/backtest-runs.test.ts',
  'tests/store/rules/rules.test.ts',
  'tests/store/outbox/outbox-claims.test.ts',
  'tests/store/outbox/outbox.test.ts',
  'tests/store/runs/store.test.ts',
  'tests/store/admin/workspace-admin.test.ts',
  'tests/store/market-data/bar-cache.test.ts',
  'tests/store/migrations/migrate-postgres.test.ts',
  'tests/store/migrations/desk-on-postgres.test.ts',
  'tests/store/db/postgres-transactions.test.ts',
  'tests/store/migrations/db-copy.test.ts',
  'tests/store/migrations/migration-status.test.ts',
  'tests/store/outbox/backlog.test.ts',
  'tests/store/migrations/desks-on-postgres.test.ts',
];

export default defineConfig({
  test: {
    // The bin runs the bundle in dist/: rebuilt once here, so spawned CLIs run the sources under test.
    globalSetup: ['tests/global-setup.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'sqlite', include: ['tests/**/*.test.ts'], exclude: ['tests/store/migrations/migrate-postgres.test.ts', 'tests/store/migrations/desk-on-postgres.test.ts', 'tests/store/db/postgres-transactions.test.ts', 'tests/store/migrations/db-copy.test.ts', 'tests/store/migrations/desks-on-postgres.test.ts'] } },
      { extends: true, test: { name: 'postgresql', include: ON_POSTGRESQL, globalSetup: ['tests/postgres-setup.ts'] } },
    ],
  },
});

// vitest globalSetup of the `postgresql` project: one embedded PostgreSQL for the run; the store tests on it each take
// a fresh database (tests/store/helpers/repo.ts useMigratedStore).
import type { TestProject } from 'vitest/node';
import { startTestPostgres } from './helpers/postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startTestPostgres();
  project.provide('postgresUrl', server.url);
  return () => server.stop();
}

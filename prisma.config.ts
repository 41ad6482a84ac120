// Prisma 6.19 with the driver-adapter JS engine: works offline for generate, migrate deploy/diff and db push.
// (Prisma 7 downloads a native schema engine and cannot run here.)
import { defineConfig } from 'prisma/config';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  async adapter() {
    return new PrismaBetterSQLite3({ url: process.env.DATABASE_URL ?? 'file:./data/tradedesk.db' });
  },
});

// The Prisma CLI on PostgreSQL (prisma/postgresql/schema.prisma, generated from prisma/schema.prisma): generate and
// `migrate diff`. The desk applies the migrations itself (src/store/migrations), never through this CLI.
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'schema.prisma',
  async adapter() {
    return new PrismaPg({ connectionString: process.env.DATABASE_URL ?? 'postgresql://localhost/tradedesk' });
  },
});

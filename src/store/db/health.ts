// What a readiness probe asks the database: the cheapest query that needs a working connection.
import { fail, ok, type Result } from '../../core/domain/result.js';
import type { PrismaClient } from './client.js';
import { errorLine } from './errors.js';

/** `SELECT 1` through the store's client; any failure is one line (a readiness reason, never a stack). */
export async function pingDatabase(prisma: PrismaClient): Promise<Result<void>> {
  try {
    await prisma.$queryRawUnsafe('SELECT 1');
    return ok(undefined);
  } catch (error) {
    return fail('db.unreachable', errorLine(error));
  }
}

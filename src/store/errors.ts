import { fail, type Result } from '../core/domain/result.js';
import { Prisma } from './generated/client.js';

/**
 * Maps a Prisma/driver error to a typed failure (the database is an operational dependency: the caller reports
 * it and carries on or halts). Anything else is a bug and is rethrown.
 */
export function storeFailure(error: unknown, code: string, what: string): Result<never> {
  if (
    error instanceof Prisma.PrismaClientKnownRequestError ||
    error instanceof Prisma.PrismaClientUnknownRequestError ||
    error instanceof Prisma.PrismaClientInitializationError ||
    error instanceof Prisma.PrismaClientRustPanicError
  ) {
    const prismaCode = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
    const detail = error.message.trim().split('\n').at(-1) ?? error.message;
    return fail(code, `${what}: ${detail}`, prismaCode === undefined ? undefined : { prismaCode });
  }
  throw error;
}

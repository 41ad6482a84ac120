import { fail, type Result } from '../../core/domain/result.js';
import { Prisma } from '../generated/client.js';

/**
 * Maps a Prisma/driver error to a typed failure (the database is an operational dependency: the caller reports
 * it and carries on or halts). Anything else is a bug and is rethrown.
 */
export function storeFailure(error: unknown, code: string, what: string): Result<never> {
  if (isPrismaError(error)) {
    const prismaCode = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
    return fail(code, `${what}: ${errorLine(error)}`, prismaCode === undefined ? undefined : { prismaCode });
  }
  throw error;
}

const MAX_LINE = 300;

/**
 * One line for a log or a reply. Prisma's message names the call, shows a code frame over several lines and puts
 * the reason last ("database is locked"): the reason is what a reader needs. Other multi-line text is joined.
 */
export function errorLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // Control characters (ANSI colours, carriage returns) never reach a terminal through a log line.
  const lines = text.split(/\r?\n/).map((l) => l.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim()).filter((l) => l !== '');
  const line = (isPrismaError(error) ? lines.at(-1) : lines.join(' ')) ?? '';
  return line.length > MAX_LINE ? `${line.slice(0, MAX_LINE - 1)}…` : line;
}

function isPrismaError(
  error: unknown,
): error is
  | Prisma.PrismaClientKnownRequestError
  | Prisma.PrismaClientUnknownRequestError
  | Prisma.PrismaClientInitializationError
  | Prisma.PrismaClientRustPanicError {
  return (
    error instanceof Prisma.PrismaClientKnownRequestError ||
    error instanceof Prisma.PrismaClientUnknownRequestError ||
    error instanceof Prisma.PrismaClientInitializationError ||
    error instanceof Prisma.PrismaClientRustPanicError ||
    driverAdapterCause(error) !== null
  );
}

/**
 * What the database reported, for an error the driver adapter raised and Prisma passed on unwrapped: on PostgreSQL,
 * for one, an exception a trigger raises (SQLSTATE P0001) or a serialization failure (40001). Null for any other
 * error. Matched by name: its class lives in Prisma's internal driver-adapter-utils package, not one the desk depends on.
 */
export function driverAdapterCause(error: unknown): { readonly kind?: unknown; readonly originalCode?: unknown } | null {
  if (!(error instanceof Error) || error.name !== 'DriverAdapterError' || !('cause' in error)) return null;
  return typeof error.cause === 'object' && error.cause !== null ? error.cause : null;
}

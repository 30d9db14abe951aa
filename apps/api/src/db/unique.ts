import { Prisma } from '../generated/sqlite/client.js';

/** A unique-constraint violation (P2002), as Prisma reports it for SQLite and PostgreSQL alike. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

/**
 * A transaction PostgreSQL aborted because a concurrent one wrote the same rows: a write conflict
 * or a deadlock (Prisma's P2034; https://www.prisma.io/docs/orm/reference/error-reference#p2034).
 */
export function isWriteConflict(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2034';
}

/**
 * Runs `work` (a whole transaction, so a retry starts clean) again when a concurrent writer won a
 * unique constraint, or PostgreSQL aborted it for a write conflict or deadlock with one: the next
 * attempt sees the winner's rows and takes its update path. A short random pause keeps racing
 * retries from meeting again.
 */
export async function retryOnConflict<T>(work: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (!(isUniqueViolation(error) || isWriteConflict(error)) || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 20 * attempt)));
    }
  }
}

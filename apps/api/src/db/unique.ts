import { Prisma } from '../generated/sqlite/client.js';

/** A unique-constraint violation (P2002), as Prisma reports it for SQLite and PostgreSQL alike. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

/**
 * Runs `work` (a whole transaction, so a retry starts clean) again when a concurrent writer won a
 * unique constraint: the next attempt sees the winner's row and takes its update path.
 */
export async function retryOnUniqueViolation<T>(work: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= attempts) throw error;
    }
  }
}

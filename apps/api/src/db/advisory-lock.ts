import type { Prisma } from '../generated/sqlite/client.js';

/**
 * PostgreSQL: takes the transaction-scoped advisory lock named `key` (hashed to 64 bits), waiting
 * while another session holds it; it is released when `tx` commits or rolls back.
 */
export async function advisoryXactLock(tx: Prisma.TransactionClient, key: string): Promise<void> {
  await tx.$queryRawUnsafe(
    'SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtextextended($1, 0))) AS lock',
    key,
  );
}

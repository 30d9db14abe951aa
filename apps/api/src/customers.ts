import { newId } from './crypto/tokens.js';
import type { PrismaClient } from './generated/sqlite/client.js';
import { gatewayError } from './http/errors.js';
import { isUniqueViolation } from './db/unique.js';

/**
 * The developer's customer by their own `customer_ref`: created on first sight. `name` is written
 * only when the customer is created, or when `rename` says so (the app or the developer, never an
 * anonymous browser). Race-safe: two first sightings at once both get the one row (PostgreSQL
 * answers the loser's insert with a unique violation; it then reads the winner's row).
 */
export async function upsertCustomer(
  prisma: PrismaClient,
  input: { tenantId: string; customerRef: string; name?: string | undefined; rename?: boolean },
) {
  const where = {
    tenantId_customerRef: { tenantId: input.tenantId, customerRef: input.customerRef },
  };
  const update = input.rename === true && input.name !== undefined ? { name: input.name } : {};
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await prisma.customer.upsert({
        where,
        create: {
          id: newId('cus'),
          tenantId: input.tenantId,
          customerRef: input.customerRef,
          name: input.name ?? null,
        },
        update,
      });
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 2) throw error;
    }
  }
}

/**
 * The tenant an internal call acts in: the one named (RESOURCE_NOT_FOUND when unknown), or the
 * `default` tenant, created on first use, for single-tenant set-ups that never name one.
 */
export async function resolveTenantId(
  prisma: PrismaClient,
  tenantId: string | undefined,
): Promise<string> {
  if (tenantId === undefined) {
    for (let attempt = 0; ; attempt += 1) {
      try {
        const tenant = await prisma.tenant.upsert({
          where: { slug: 'default' },
          create: { id: newId('tenant'), name: 'Default', slug: 'default' },
          update: {},
        });
        return tenant.id;
      } catch (error) {
        if (!isUniqueViolation(error) || attempt >= 2) throw error;
      }
    }
  }
  if ((await prisma.tenant.findUnique({ where: { id: tenantId } })) === null)
    throw gatewayError('RESOURCE_NOT_FOUND', 'Unknown tenantId.');
  return tenantId;
}

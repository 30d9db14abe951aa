import { newId } from './crypto/tokens.js';
import type { PrismaClient } from './generated/sqlite/client.js';
import { gatewayError } from './http/errors.js';

/** The developer's customer by their own `customer_ref`: created on first sight, its name kept current. */
export function upsertCustomer(prisma: PrismaClient, input: { tenantId: string; customerRef: string; name?: string | undefined }) {
  return prisma.customer.upsert({
    where: { tenantId_customerRef: { tenantId: input.tenantId, customerRef: input.customerRef } },
    create: { id: newId('cus'), tenantId: input.tenantId, customerRef: input.customerRef, name: input.name ?? null },
    update: input.name === undefined ? {} : { name: input.name },
  });
}

/**
 * The tenant an internal call acts in: the one named (RESOURCE_NOT_FOUND when unknown), or the
 * `default` tenant, created on first use, for single-tenant set-ups that never name one.
 */
export async function resolveTenantId(prisma: PrismaClient, tenantId: string | undefined): Promise<string> {
  if (tenantId === undefined) {
    const tenant = await prisma.tenant.upsert({ where: { slug: 'default' }, create: { id: newId('tenant'), name: 'Default', slug: 'default' }, update: {} });
    return tenant.id;
  }
  if ((await prisma.tenant.findUnique({ where: { id: tenantId } })) === null) throw gatewayError('RESOURCE_NOT_FOUND', 'Unknown tenantId.');
  return tenantId;
}

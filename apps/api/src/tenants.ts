import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { type PrismaClient, type Tenant } from './generated/sqlite/client.js';
import { isUniqueViolation } from './db/unique.js';
import { gatewayError } from './http/errors.js';
import type { GatewayServices } from './services.js';

/** Tenants: slugs, creation and their JSON shape (the admin API and the signup page create them). */

const MAX_SLUG_LENGTH = 48;

/** A tenant slug: lower-case letters, digits and single dashes, not starting or ending with one. */
export const SlugSchema = z
  .string()
  .min(2)
  .max(MAX_SLUG_LENGTH)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lower-case letters, digits and single dashes');

export const CreateTenantSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    slug: SlugSchema.optional(),
  })
  .strict();

/** "Acme Git Insights, Inc." → "acme-git-insights-inc" (accents dropped); "tenant" when nothing is left. */
export function deriveSlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, MAX_SLUG_LENGTH - 8)
    .split('-')
    .filter((part) => part !== '')
    .join('-');
  return slug.length >= 2 ? slug : 'tenant';
}

/** `base`, or `base-2`, `base-3`… whichever is free now (a concurrent insert can still win: retry on conflict). */
export async function availableSlug(prisma: PrismaClient, base: string): Promise<string> {
  const taken = new Set(
    (
      await prisma.tenant.findMany({
        where: { slug: { startsWith: base } },
        select: { slug: true },
      })
    ).map((row) => row.slug),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; n < 1000; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
  return randomSlug(base);
}

export function randomSlug(base: string): string {
  return `${base}-${randomBytes(4).toString('hex')}`;
}

/**
 * Creates a tenant. An explicit slug must be free (INVALID_REQUEST otherwise); a derived one is
 * made unique with a numeric suffix.
 */
export async function createTenant(
  services: GatewayServices,
  input: z.infer<typeof CreateTenantSchema>,
): Promise<Tenant> {
  const { prisma } = services;
  const create = (slug: string): Promise<Tenant> =>
    prisma.tenant.create({ data: { id: services.newId('tenant'), name: input.name, slug } });
  if (input.slug !== undefined) {
    try {
      return await create(input.slug);
    } catch (error) {
      if (isUniqueViolation(error))
        throw gatewayError('INVALID_REQUEST', `The slug "${input.slug}" is already taken.`);
      throw error;
    }
  }
  const base = deriveSlug(input.name);
  let slug = await availableSlug(prisma, base);
  for (let attempt = 0; ; attempt++) {
    try {
      return await create(slug);
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 3) throw error;
      slug = randomSlug(base);
    }
  }
}

export function presentTenant(row: Tenant): {
  id: string;
  name: string;
  slug: string;
  createdAt: string;
} {
  return { id: row.id, name: row.name, slug: row.slug, createdAt: row.createdAt.toISOString() };
}

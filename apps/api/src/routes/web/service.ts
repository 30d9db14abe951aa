import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { PasswordHasher } from '../../crypto/passwords.js';
import { isUniqueViolation } from '../../db/unique.js';
import { gatewayError } from '../../http/errors.js';
import type { GatewayServices } from '../../services.js';
import { availableSlug, deriveSlug, randomSlug } from '../../tenants.js';
import type { LoginSchema, SignupSchema } from './schemas.js';

// Unknown emails still cost one scrypt, so response time does not tell which emails exist.
const dummyHashes = new WeakMap<PasswordHasher, Promise<string>>();
function dummy(passwords: PasswordHasher): Promise<string> {
  let hash = dummyHashes.get(passwords);
  if (hash === undefined) {
    hash = passwords.hash(randomBytes(16).toString('hex'));
    dummyHashes.set(passwords, hash);
  }
  return hash;
}

/**
 * Creates the account; for an email that already has one, does nothing. The caller answers the
 * same either way (README: "Signup does not tell which emails exist"), after the same scrypt.
 */
export async function registerAccount(
  services: GatewayServices,
  input: z.infer<typeof SignupSchema>,
): Promise<void> {
  const { prisma, passwords } = services;
  const passwordHash = await passwords.hash(input.password);
  const taken = async (): Promise<boolean> =>
    (await prisma.user.findUnique({ where: { email: input.email }, select: { id: true } })) !==
    null;
  if (await taken()) return;
  const tenantName =
    input.tenantName ?? input.companyName ?? input.company ?? `${input.name}'s workspace`;
  const base = deriveSlug(tenantName);
  let slug = await availableSlug(prisma, base);
  for (let attempt = 0; ; attempt++) {
    const userId = services.newId('user');
    const tenantId = services.newId('tenant');
    try {
      await prisma.$transaction([
        prisma.user.create({
          data: { id: userId, email: input.email, name: input.name, passwordHash },
        }),
        prisma.tenant.create({ data: { id: tenantId, name: tenantName, slug } }),
        prisma.membership.create({
          data: { id: services.newId('mem'), userId, tenantId, role: 'owner' },
        }),
      ]);
      return;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Lost a race: to the same email (the account exists: the same answer), or to the slug (take another).
      if (await taken()) return;
      if (attempt >= 3) throw error;
      slug = randomSlug(base);
    }
  }
}

/** The user of a sign-in and the membership it signs into; INVALID_CREDENTIALS or INSUFFICIENT_SCOPE. */
export async function authenticate(services: GatewayServices, input: z.infer<typeof LoginSchema>) {
  const { prisma, passwords } = services;
  const user = await prisma.user.findUnique({
    where: { email: input.email },
    include: { memberships: { orderBy: { createdAt: 'asc' }, include: { tenant: true } } },
  });
  const ok =
    user === null
      ? (await passwords.verify(input.password, await dummy(passwords)), false)
      : await passwords.verify(input.password, user.passwordHash);
  // One message for an unknown email and a wrong password: the form must not confirm accounts.
  if (user === null || !ok)
    throw gatewayError('INVALID_CREDENTIALS', 'The email or password is incorrect.');
  const membership =
    input.tenantId === undefined
      ? user.memberships[0]
      : user.memberships.find((m) => m.tenantId === input.tenantId);
  if (membership === undefined)
    throw gatewayError('INSUFFICIENT_SCOPE', 'This account is not a member of that tenant.');
  return { user, membership };
}

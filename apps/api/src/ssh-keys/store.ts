import { newId } from '../crypto/tokens.js';
import { isUniqueViolation } from '../db/unique.js';
import { gatewayError } from '../http/errors.js';
import type { GatewayServices } from '../services.js';
import { fingerprintsOf } from './fingerprint.js';

// The SSH keys on a user's account (Scalingo's keys). A key is stored once per user, by its SHA-256
// fingerprint: importing the same keys again finds the stored ones instead of adding copies.

export interface SshKeyOwner {
  id: string;
  email: string;
  name: string | null;
}

export interface NewSshKey {
  name: string;
  /** The OpenSSH public key line. */
  content: string;
}

const byUser = (userId: string) => ({
  where: { userId },
  include: { user: true },
  orderBy: [{ createdAt: 'asc' as const }, { id: 'asc' as const }],
});

type SshKeyRow = Awaited<ReturnType<GatewayServices['prisma']['sshKey']['findFirstOrThrow']>> & {
  user: SshKeyOwner;
};

/** Scalingo's key object: the MD5 colon fingerprint; the owner as Scalingo's `owner`. */
export function presentSshKey(row: SshKeyRow) {
  return {
    id: row.id,
    name: row.name,
    content: row.content,
    fingerprint: row.fingerprintMd5,
    created_at: row.createdAt.toISOString(),
    owner: presentOwner(row.user),
  };
}

/** A user as Scalingo's `owner { id, email, username }` (the name, or the email without one). */
export function presentOwner(user: SshKeyOwner) {
  return { id: user.id, email: user.email, username: user.name ?? user.email };
}

/**
 * Adds keys to the user's account, skipping lines that are not OpenSSH public keys; a key already
 * there (same fingerprint) is kept as it is. Returns the stored record of every key given.
 */
export async function addSshKeys(services: GatewayServices, userId: string, keys: NewSshKey[]) {
  const { prisma } = services;
  const ids: string[] = [];
  for (const key of keys) {
    const fingerprints = fingerprintsOf(key.content);
    if (fingerprints === null) continue;
    const where = {
      userId_fingerprintSha256: { userId, fingerprintSha256: fingerprints.sha256 },
    };
    const existing = await prisma.sshKey.findUnique({ where });
    if (existing !== null) {
      ids.push(existing.id);
      continue;
    }
    try {
      const created = await prisma.sshKey.create({
        data: {
          id: newId('key'),
          userId,
          name: key.name.slice(0, 200),
          content: fingerprints.content,
          fingerprintMd5: fingerprints.md5,
          fingerprintSha256: fingerprints.sha256,
        },
      });
      ids.push(created.id);
    } catch (error) {
      // The same key imported by two requests at once: the other one's row is the key.
      if (!isUniqueViolation(error)) throw error;
      ids.push((await prisma.sshKey.findUniqueOrThrow({ where })).id);
    }
  }
  const rows = await prisma.sshKey.findMany({
    ...byUser(userId),
    where: { userId, id: { in: [...new Set(ids)] } },
  });
  return rows.map(presentSshKey);
}

export async function listSshKeys(services: GatewayServices, userId: string) {
  return (await services.prisma.sshKey.findMany(byUser(userId))).map(presentSshKey);
}

export async function getSshKey(services: GatewayServices, userId: string, id: string) {
  const row = await services.prisma.sshKey.findFirst({
    where: { id, userId },
    include: { user: true },
  });
  if (row === null) throw gatewayError('RESOURCE_NOT_FOUND', 'No such SSH key.');
  return presentSshKey(row);
}

/** Deletes one of the user's keys; another user's key is RESOURCE_NOT_FOUND. */
export async function deleteSshKey(services: GatewayServices, userId: string, id: string) {
  const { count } = await services.prisma.sshKey.deleteMany({ where: { id, userId } });
  if (count === 0) throw gatewayError('RESOURCE_NOT_FOUND', 'No such SSH key.');
}

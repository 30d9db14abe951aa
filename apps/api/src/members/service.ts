import { requireRole, type Role } from '../auth/roles.js';
import type { SessionUser } from '../auth/sessions.js';
import { hashSecret, newSecret } from '../crypto/tokens.js';
import { isUniqueViolation, retryOnConflict } from '../db/unique.js';
import type { Prisma } from '../generated/sqlite/client.js';
import { gatewayError } from '../http/errors.js';
import { KEYSET_ORDER, type KeysetPage } from '../http/keyset-page.js';
import type { GatewayServices } from '../services.js';
import type { Accept, Invite } from './schemas.js';

/**
 * The user's role in the tenant now, or null when they are not (or no longer) one of its members.
 * Flows that run across a browser round trip check it again at their end (up to 30 minutes later).
 */
export async function currentRole(
  services: GatewayServices,
  who: { userId: string; tenantId: string },
): Promise<Role | null> {
  const member = await services.prisma.membership.findUnique({
    where: { userId_tenantId: { userId: who.userId, tenantId: who.tenantId } },
    select: { role: true },
  });
  return member === null ? null : (member.role as Role);
}

/** How long an invitation link works. */
export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;

type Page = { after?: KeysetPage['after']; take?: number };
type Member = Prisma.MembershipGetPayload<{ include: { user: true } }>;
type InvitationRow = Prisma.InvitationGetPayload<object>;

export interface MemberView {
  user_id: string;
  email: string;
  name: string | null;
  role: string;
  joined_at: string;
}

export interface InvitationView {
  id: string;
  tenant_id: string;
  email: string;
  role: string;
  invited_by: string | null;
  expires_at: string;
  created_at: string;
}

export const presentMember = (row: Member): MemberView => ({
  user_id: row.userId,
  email: row.user.email,
  name: row.user.name,
  role: row.role,
  joined_at: row.createdAt.toISOString(),
});

/** An invitation as lists show it: never its token (which is stored only as a hash anyway). */
export const presentInvitation = (row: InvitationRow): InvitationView => ({
  id: row.id,
  tenant_id: row.tenantId,
  email: row.email,
  role: row.role,
  invited_by: row.invitedByUserId,
  expires_at: row.expiresAt.toISOString(),
  created_at: row.createdAt.toISOString(),
});

const notAMember = () =>
  gatewayError('RESOURCE_NOT_FOUND', 'No member with this user id in this tenant.');

/** One keyset page of the tenant's members, newest first. */
export function listMembers(services: GatewayServices, tenantId: string, page: Page = {}) {
  return services.prisma.membership.findMany({
    where: { tenantId, ...page.after },
    include: { user: true },
    orderBy: KEYSET_ORDER,
    ...(page.take === undefined ? {} : { take: page.take }),
  });
}

/** One keyset page of the tenant's pending invitations (not accepted, revoked or expired). */
export function listPendingInvitations(
  services: GatewayServices,
  session: SessionUser,
  page: Page = {},
) {
  requireRole(session, ['owner', 'admin'], 'list invitations');
  return services.prisma.invitation.findMany({
    where: {
      tenantId: session.tenantId,
      acceptedAt: null,
      revokedAt: null,
      expiresAt: { gt: new Date(services.now()) },
      ...page.after,
    },
    orderBy: KEYSET_ORDER,
    ...(page.take === undefined ? {} : { take: page.take }),
  });
}

/** The roles a session may hand out: an owner any, an admin `member` only, a member none. */
export function invitableRoles(session: SessionUser): Role[] {
  if (session.role === 'owner') return ['owner', 'admin', 'member'];
  if (session.role === 'admin') return ['member'];
  return [];
}

/**
 * Invites an email into the session's tenant. The token is returned this once, with its link, and
 * stored as its SHA-256; an earlier pending invitation of the same email is revoked (one link works).
 */
export async function createInvitation(
  services: GatewayServices,
  session: SessionUser,
  input: Invite,
) {
  requireRole(session, ['owner', 'admin'], 'invite members');
  if (!invitableRoles(session).includes(input.role))
    throw gatewayError(
      'INSUFFICIENT_SCOPE',
      `Role owner is required to invite an ${input.role}; this user is ${session.role} (an admin may invite members only).`,
    );
  const { prisma } = services;
  const existing = await prisma.membership.findFirst({
    where: { tenantId: session.tenantId, user: { email: input.email } },
    select: { id: true },
  });
  if (existing !== null)
    throw gatewayError(
      'INVALID_REQUEST',
      `${input.email} is already a member of this tenant; change their role instead.`,
    );
  const token = newSecret('sggiv');
  const now = new Date(services.now());
  const [, row] = await prisma.$transaction([
    prisma.invitation.updateMany({
      where: { tenantId: session.tenantId, email: input.email, acceptedAt: null, revokedAt: null },
      data: { revokedAt: now },
    }),
    prisma.invitation.create({
      data: {
        id: services.newId('inv'),
        tenantId: session.tenantId,
        email: input.email,
        role: input.role,
        tokenHash: hashSecret(token),
        invitedByUserId: session.user.id,
        expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
      },
    }),
  ]);
  return {
    ...presentInvitation(row),
    token,
    accept_url: acceptUrl(services, token),
  };
}

export function acceptUrl(services: GatewayServices, token: string): string {
  return `${services.config.publicUrl}/app/invitations/accept?token=${encodeURIComponent(token)}`;
}

/** Revokes one pending invitation of the session's tenant (RESOURCE_NOT_FOUND for any other). */
export async function revokeInvitation(
  services: GatewayServices,
  session: SessionUser,
  invitationId: string,
) {
  requireRole(session, ['owner', 'admin'], 'revoke invitations');
  const { prisma } = services;
  const row = await prisma.invitation.findFirst({
    where: { id: invitationId, tenantId: session.tenantId },
  });
  if (row === null)
    throw gatewayError('RESOURCE_NOT_FOUND', 'No invitation with this id in this tenant.');
  if (row.acceptedAt !== null)
    throw gatewayError(
      'INVALID_REQUEST',
      'This invitation has already been accepted; remove the member instead.',
    );
  if (row.revokedAt === null) {
    await prisma.invitation.updateMany({
      where: { id: row.id, acceptedAt: null, revokedAt: null },
      data: { revokedAt: new Date(services.now()) },
    });
  }
  const revoked = await prisma.invitation.findUniqueOrThrow({ where: { id: row.id } });
  return { ...presentInvitation(revoked), revoked_at: revoked.revokedAt?.toISOString() ?? null };
}

/**
 * Locks the tenant's owner memberships (an UPDATE holds the rows until the transaction ends) and
 * counts them: two owners demoting or removing each other at once then run one after the other on
 * PostgreSQL, and the second sees that it would leave none. SQLite runs one write transaction at a
 * time anyway.
 */
async function lockOwners(tx: Prisma.TransactionClient, tenantId: string): Promise<number> {
  const locked = await tx.membership.updateMany({
    where: { tenantId, role: 'owner' },
    data: { role: 'owner' },
  });
  return locked.count;
}

const LAST_OWNER =
  'A tenant must keep at least one owner: make another member owner first, then change or remove this one.';

/** Changes a member's role (owners only); the last owner cannot be demoted. */
export async function changeMemberRole(
  services: GatewayServices,
  session: SessionUser,
  userId: string,
  role: Role,
): Promise<MemberView> {
  requireRole(session, ['owner'], 'change roles');
  const tenantId = session.tenantId;
  return retryOnConflict(() =>
    services.prisma.$transaction(async (tx) => {
      const owners = await lockOwners(tx, tenantId);
      const member = await tx.membership.findUnique({
        where: { userId_tenantId: { userId, tenantId } },
      });
      if (member === null) throw notAMember();
      if (member.role === 'owner' && role !== 'owner' && owners <= 1)
        throw gatewayError('INVALID_REQUEST', LAST_OWNER);
      return presentMember(
        await tx.membership.update({
          where: { id: member.id },
          data: { role },
          include: { user: true },
        }),
      );
    }),
  );
}

/**
 * Removes a member (owners only; never the last owner) and revokes their sessions that act in this
 * tenant. A session of theirs pointing elsewhere keeps working, and no longer reaches this tenant
 * either way: a session acts only in a tenant its user is a member of (auth/sessions.ts).
 */
export async function removeMember(
  services: GatewayServices,
  session: SessionUser,
  userId: string,
): Promise<MemberView & { sessions_revoked: number }> {
  requireRole(session, ['owner'], 'remove members');
  const tenantId = session.tenantId;
  return retryOnConflict(() =>
    services.prisma.$transaction(async (tx) => {
      const owners = await lockOwners(tx, tenantId);
      const member = await tx.membership.findUnique({
        where: { userId_tenantId: { userId, tenantId } },
        include: { user: true },
      });
      if (member === null) throw notAMember();
      if (member.role === 'owner' && owners <= 1) throw gatewayError('INVALID_REQUEST', LAST_OWNER);
      await tx.membership.delete({ where: { id: member.id } });
      const revoked = await tx.session.updateMany({
        where: { userId, tenantId, revokedAt: null },
        data: { revokedAt: new Date(services.now()) },
      });
      // Their personal API tokens of this workspace end too.
      await tx.personalToken.updateMany({
        where: { userId, tenantId, revokedAt: null },
        data: { revokedAt: new Date(services.now()) },
      });
      return { ...presentMember(member), sessions_revoked: revoked.count };
    }),
  );
}

/** What the accept page shows about a token, or why it cannot be used (an INVALID_REQUEST). */
export async function describeInvitation(services: GatewayServices, token: string) {
  const row = await usableInvitation(services, token);
  const [tenant, user] = await Promise.all([
    services.prisma.tenant.findUnique({ where: { id: row.tenantId } }),
    services.prisma.user.findUnique({ where: { email: row.email }, select: { id: true } }),
  ]);
  return {
    email: row.email,
    role: row.role,
    tenantName: tenant?.name ?? row.tenantId,
    expiresAt: row.expiresAt,
    accountExists: user !== null,
  };
}

async function usableInvitation(services: GatewayServices, token: string) {
  const row = await services.prisma.invitation.findUnique({
    where: { tokenHash: hashSecret(token) },
  });
  if (row === null)
    throw gatewayError(
      'INVALID_REQUEST',
      'This invitation link is not valid: check that it was copied whole, or ask for a new one.',
    );
  if (row.revokedAt !== null)
    throw gatewayError('INVALID_REQUEST', 'This invitation has been revoked; ask for a new one.');
  if (row.acceptedAt !== null)
    throw gatewayError('INVALID_REQUEST', 'This invitation has already been used.');
  if (row.expiresAt.getTime() <= services.now())
    throw gatewayError('INVALID_REQUEST', 'This invitation has expired; ask for a new one.');
  return row;
}

/**
 * Accepts an invitation, once. Signed in: the session's user must have the invitation's email.
 * Signed out: a new account is made for the email (name and password as on the signup form);
 * an email that already has an account must sign in first (AUTH_REQUIRED). The invitation is
 * claimed by a conditional update in the same transaction as the membership, so of two concurrent
 * accepts exactly one wins; the unique index on (user, tenant) refuses a second membership.
 * Returns the user and the tenant joined; the caller issues the session.
 */
export async function acceptInvitation(
  services: GatewayServices,
  session: SessionUser | null,
  input: Accept,
) {
  const { prisma } = services;
  const invitation = await usableInvitation(services, input.token);
  let account: { id: string } | { create: { name: string; passwordHash: string } };
  if (session !== null) {
    if (session.user.email.toLowerCase() !== invitation.email)
      throw gatewayError(
        'INSUFFICIENT_SCOPE',
        `This invitation is for ${invitation.email}; you are signed in as ${session.user.email}. Sign in with the invited email to accept it.`,
      );
    account = { id: session.user.id };
  } else {
    const existing = await prisma.user.findUnique({ where: { email: invitation.email } });
    if (existing !== null) throw signInFirst(invitation.email);
    if (input.password === undefined)
      throw gatewayError(
        'INVALID_REQUEST',
        'Invalid request. body.password: a password is required to create the account.',
      );
    account = {
      create: {
        name: input.name ?? invitation.email.split('@')[0] ?? invitation.email,
        passwordHash: await services.passwords.hash(input.password),
      },
    };
  }

  const now = new Date(services.now());
  try {
    const result = await prisma.$transaction(async (tx) => {
      const claimed = await tx.invitation.updateMany({
        where: { id: invitation.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
        data: { acceptedAt: now },
      });
      if (claimed.count === 0)
        throw gatewayError('INVALID_REQUEST', 'This invitation has already been used.');
      const userId = 'id' in account ? account.id : services.newId('user');
      if (!('id' in account)) {
        await tx.user.create({
          data: { id: userId, email: invitation.email, ...account.create },
        });
      }
      const membership = await tx.membership.create({
        data: {
          id: services.newId('mem'),
          userId,
          tenantId: invitation.tenantId,
          role: invitation.role,
        },
        include: { user: true, tenant: true },
      });
      return membership;
    });
    return {
      user: { id: result.user.id, email: result.user.email, name: result.user.name },
      tenant: {
        id: result.tenant.id,
        name: result.tenant.name,
        slug: result.tenant.slug,
        role: result.role,
      },
    };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Lost a race: to another accept of this token, to a signup of the same email, or the user
    // already joined this tenant another way. The transaction left nothing behind.
    const again = await prisma.invitation.findUnique({ where: { id: invitation.id } });
    if (again?.acceptedAt != null)
      throw gatewayError('INVALID_REQUEST', 'This invitation has already been used.');
    if (session === null) throw signInFirst(invitation.email);
    throw gatewayError('INVALID_REQUEST', 'You are already a member of this tenant.');
  }
}

const signInFirst = (email: string) =>
  gatewayError(
    'AUTH_REQUIRED',
    `An account with the email ${email} exists: sign in with it, then open the invitation link again.`,
  );

/** What the hosted team page shows: the tenant's name, its members and, to owners and admins, pending invitations. */
export async function loadTeam(services: GatewayServices, session: SessionUser) {
  const manages = session.role === 'owner' || session.role === 'admin';
  const [tenant, members, invitations] = await Promise.all([
    services.prisma.tenant.findUnique({ where: { id: session.tenantId } }),
    listMembers(services, session.tenantId, { take: 500 }),
    manages ? listPendingInvitations(services, session, { take: 100 }) : Promise.resolve([]),
  ]);
  return {
    tenantName: tenant?.name ?? session.tenantId,
    members: members.map(presentMember),
    invitations: invitations.map(presentInvitation),
  };
}

import { z } from 'zod';
import type { MemberView, InvitationView } from '../members/service.js';
import type {
  changeMemberRole,
  createInvitation,
  removeMember,
  revokeInvitation,
} from '../members/service.js';
import type {
  accountMe,
  listAccountConnections,
  listAccountRepositories,
} from '../routes/account/service.js';
import type { describeToken } from '../routes/oauth/service.js';
import type { presentConnection } from '../routes/connections/service.js';
import type { AppView } from '../oauth-clients/service.js';
import type { presentTenant } from '../tenants.js';
import { answers } from './route-doc.js';

// Answers of the session and operator routes, each checked against what its service returns.

type Answer<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;

export const Member = answers<MemberView>()(
  z.object({
    user_id: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    role: z.string(),
    joined_at: z.string(),
  }),
);

export const Invitation = answers<InvitationView>()(
  z.object({
    id: z.string(),
    tenant_id: z.string(),
    email: z.string(),
    role: z.string(),
    invited_by: z.string().nullable(),
    expires_at: z.string(),
    created_at: z.string(),
  }),
);

export const InvitationCreated = answers<Answer<typeof createInvitation>>()(
  Invitation.extend({
    token: z.string().describe('Shown once: the invitee accepts with it.'),
    accept_url: z.string(),
  }),
);

export const InvitationRevoked = answers<Answer<typeof revokeInvitation>>()(
  Invitation.extend({ revoked_at: z.string().nullable() }),
);

export const MemberChanged = answers<Answer<typeof changeMemberRole>>()(Member);
export const MemberRemoved = answers<Answer<typeof removeMember>>()(
  Member.extend({ sessions_revoked: z.number().int() }),
);

export const Connection = answers<ReturnType<typeof presentConnection>>()(
  z.object({
    id: z.string(),
    tenantId: z.string(),
    customerId: z.string().nullable(),
    provider: z.string(),
    host: z.string(),
    providerHostId: z.string(),
    accountId: z.string(),
    accountLogin: z.string(),
    accountName: z.string().nullable(),
    tokenType: z.string(),
    scopes: z.array(z.string()),
    status: z.string(),
    expiresAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  }),
);

export const Tenant = answers<ReturnType<typeof presentTenant>>()(
  z.object({ id: z.string(), name: z.string(), slug: z.string(), createdAt: z.string() }),
);

export const AccountMe = answers<Answer<typeof accountMe>>()(
  z.object({
    user: z.object({ id: z.string(), email: z.string(), name: z.string().nullable() }),
    memberships: z.array(
      z.object({
        tenantId: z.string(),
        tenantName: z.string().nullable(),
        tenantSlug: z.string().nullable(),
        role: z.string(),
      }),
    ),
    session: z.object({
      id: z.string(),
      expiresAt: z.string(),
      tenantId: z.string(),
      role: z.string(),
    }),
  }),
);

export const AccountConnection = answers<Answer<typeof listAccountConnections>[number]>()(
  Connection.pick({
    id: true,
    tenantId: true,
    customerId: true,
    provider: true,
    host: true,
    accountId: true,
    accountLogin: true,
    accountName: true,
    scopes: true,
    status: true,
    expiresAt: true,
    createdAt: true,
  }),
);

export const App = answers<AppView>()(
  z.object({
    id: z.string(),
    clientId: z.string(),
    tenantId: z.string(),
    ownerUserId: z.string().nullable(),
    name: z.string(),
    description: z.string().nullable(),
    allowedRedirectUris: z.array(z.string()),
    defaultPermissions: z.array(z.string()),
    status: z.enum(['active', 'deleted']),
    authorizeUrl: z.string(),
    tokenUrl: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    deletedAt: z.string().nullable(),
  }),
);

/** 201 of creating an app (developer or admin): the app, again under `client`, and its secret once. */
export const CreatedApp = App.extend({
  client: App.describe('The same app, where the contract reads `client.id`.'),
  clientSecret: z.string().describe('The client secret: shown this once, stored as its hash.'),
});

export const AccountRepository = answers<Answer<typeof listAccountRepositories>[number]>()(
  z.object({
    id: z.string(),
    tenantId: z.string(),
    authorizationId: z.string(),
    clientId: z.string(),
    customerId: z.string().nullable(),
    connectionId: z.string(),
    provider: z.string(),
    host: z.string(),
    accountLogin: z.string(),
    connectionStatus: z.string(),
    repositoryId: z.string(),
    fullName: z.string(),
  }),
);

export const TokenDescription = answers<Answer<typeof describeToken>>()(
  z.object({
    token: z.object({
      id: z.string(),
      issuedBy: z.string(),
      permissions: z.array(z.string()),
      expiresAt: z.string(),
      authorizationId: z.string().nullable(),
      connectionIds: z.array(z.string()),
    }),
    client: z.object({ id: z.string(), name: z.string(), description: z.string().nullable() }),
    tenant: z.object({ id: z.string(), name: z.string(), slug: z.string() }),
  }),
);

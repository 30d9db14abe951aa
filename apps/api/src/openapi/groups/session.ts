import type { z } from 'zod';
import {
  ConnectionsQuery,
  LogsQuery,
  RepositoriesQuery,
  SummaryQuery,
} from '../../routes/account/schemas.js';
import {
  ClientIdParams,
  CreateAppSchema,
  ListQuery as AppsQuery,
  UpdateAppSchema,
} from '../../routes/developer/schemas.js';
import {
  AcceptSchema,
  InvitationIdParams,
  InviteSchema,
  ListQuery as MembersQuery,
  RoleChangeSchema,
  UserIdParams,
} from '../../members/schemas.js';
import {
  AppDeleted,
  InvitationAccepted,
  offsetCollectionOf,
  UsageLogs,
  UsageSummary,
} from '../account-views.js';
import { collectionOf } from '../components.js';
import {
  AccountConnection,
  AccountRepository,
  AccountMe,
  App,
  CreatedApp,
  Invitation,
  InvitationCreated,
  InvitationRevoked,
  Member,
  MemberChanged,
  MemberRemoved,
} from '../views.js';
import type { ResponseDoc, RouteGroup } from '../route-doc.js';

// What a signed-in user (developer) reaches with a session: the account, the developer apps and
// the tenant's members.

const SESSION = { kind: 'session' } as const;
const PAGING = ['INVALID_LIMIT', 'INVALID_CURSOR', 'CURSOR_EXPIRED'] as const;

function json(status: number, description: string, schema: z.ZodType) {
  return { status, kind: 'json', description, schema } satisfies ResponseDoc;
}

export const ACCOUNT_GROUP: RouteGroup = {
  name: 'Session account',
  audience: 'Authorization: Bearer USER_SESSION_TOKEN or the session cookie',
  description: "The signed-in user's account, connections, repositories and API usage.",
  routes: [
    {
      method: 'get',
      path: '/v1/account/me',
      summary: 'The user, the tenant and its memberships.',
      auth: SESSION,
      responses: [json(200, 'The account.', AccountMe)],
    },
    {
      method: 'get',
      path: '/v1/account/connections',
      summary: "The tenant's provider connections (offset paging).",
      auth: SESSION,
      query: ConnectionsQuery,
      responses: [json(200, 'One page.', offsetCollectionOf(AccountConnection))],
      errors: ['INVALID_LIMIT', 'INSUFFICIENT_SCOPE'],
    },
    {
      method: 'get',
      path: '/v1/account/repositories',
      summary: 'The repositories of those connections (offset paging).',
      auth: SESSION,
      query: RepositoriesQuery,
      responses: [json(200, 'One page.', offsetCollectionOf(AccountRepository))],
      errors: ['INVALID_LIMIT', 'INSUFFICIENT_SCOPE', 'UNSUPPORTED_PROVIDER'],
    },
    {
      method: 'get',
      path: '/v1/account/usage/summary',
      summary: 'Unified API usage of the tenant: totals, by endpoint, by app.',
      auth: SESSION,
      query: SummaryQuery,
      responses: [json(200, 'The summary.', UsageSummary)],
    },
    {
      method: 'get',
      path: '/v1/account/usage/logs',
      summary: 'The usage log, newest first.',
      auth: SESSION,
      query: LogsQuery,
      responses: [json(200, 'One page of log lines (offset paging).', UsageLogs)],
      errors: ['INVALID_LIMIT'],
    },
  ],
};

export const DEVELOPER_GROUP: RouteGroup = {
  name: 'Developer apps',
  audience: 'developer session',
  description: "The tenant's OAuth apps.",
  routes: [
    {
      method: 'get',
      path: '/v1/developer/apps',
      summary: "The tenant's live apps.",
      auth: SESSION,
      query: AppsQuery,
      responses: [json(200, 'One page.', collectionOf(App))],
      errors: PAGING,
    },
    {
      method: 'post',
      path: '/v1/developer/apps',
      summary: 'Creates an app; its client secret is answered once.',
      auth: SESSION,
      body: { schema: CreateAppSchema, type: 'json' },
      responses: [json(201, 'Created, with `clientSecret`.', CreatedApp)],
    },
    {
      method: 'patch',
      path: '/v1/developer/apps/:clientId',
      summary: 'Changes an app.',
      auth: SESSION,
      params: ClientIdParams,
      body: { schema: UpdateAppSchema, type: 'json' },
      responses: [json(200, 'Changed.', App)],
      errors: ['RESOURCE_NOT_FOUND'],
    },
    {
      method: 'delete',
      path: '/v1/developer/apps/:clientId',
      summary: 'Deletes an app, revoking its grants and tokens.',
      auth: SESSION,
      params: ClientIdParams,
      responses: [json(200, 'Deleted, with what it revoked.', AppDeleted)],
      errors: ['RESOURCE_NOT_FOUND'],
    },
  ],
};

export const MEMBERS_GROUP: RouteGroup = {
  name: 'Users and roles',
  audience: 'user session; invitations and role changes need owner (admins invite members)',
  description: "The tenant's members and invitations.",
  routes: [
    {
      method: 'get',
      path: '/v1/tenant/members',
      summary: "The tenant's members.",
      auth: SESSION,
      query: MembersQuery,
      responses: [json(200, 'One page.', collectionOf(Member))],
      errors: PAGING,
    },
    {
      method: 'patch',
      path: '/v1/tenant/members/:userId',
      summary: "Changes a member's role.",
      auth: SESSION,
      params: UserIdParams,
      body: { schema: RoleChangeSchema, type: 'json' },
      responses: [json(200, 'Changed.', MemberChanged)],
      errors: ['INSUFFICIENT_SCOPE', 'RESOURCE_NOT_FOUND'],
    },
    {
      method: 'delete',
      path: '/v1/tenant/members/:userId',
      summary: 'Removes a member.',
      auth: SESSION,
      params: UserIdParams,
      responses: [json(200, 'Removed; their sessions in the tenant end.', MemberRemoved)],
      errors: ['INSUFFICIENT_SCOPE', 'RESOURCE_NOT_FOUND'],
    },
    {
      method: 'get',
      path: '/v1/tenant/invitations',
      summary: 'Pending invitations.',
      auth: SESSION,
      query: MembersQuery,
      responses: [json(200, 'One page.', collectionOf(Invitation))],
      errors: PAGING,
    },
    {
      method: 'post',
      path: '/v1/tenant/invitations',
      summary: 'Invites someone by email; the answer holds the invitation link once.',
      auth: SESSION,
      body: { schema: InviteSchema, type: 'json' },
      responses: [json(201, 'Invited.', InvitationCreated)],
      errors: ['INSUFFICIENT_SCOPE'],
    },
    {
      method: 'delete',
      path: '/v1/tenant/invitations/:id',
      summary: 'Revokes an invitation.',
      auth: SESSION,
      params: InvitationIdParams,
      responses: [json(200, 'Revoked.', InvitationRevoked)],
      errors: ['INSUFFICIENT_SCOPE', 'RESOURCE_NOT_FOUND'],
    },
    {
      method: 'post',
      path: '/v1/tenant/invitations/accept',
      summary: 'Accepts an invitation (signing up when the email has no account yet).',
      auth: { kind: 'public' },
      body: { schema: AcceptSchema, type: 'json' },
      responses: [json(201, 'Joined, with a session token.', InvitationAccepted)],
      errors: ['RESOURCE_NOT_FOUND', 'INVALID_CREDENTIALS'],
    },
  ],
};

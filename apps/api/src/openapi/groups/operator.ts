import { z } from 'zod';
import { PROVIDER_IDS } from '../../providers/catalogue.js';
import {
  ClientsQuery,
  CreateClientBody,
  CreateGrantBody,
  CreateTenantSchema,
  FirewallSettingsSchema,
  GrantIdParams,
  GrantsQuery,
  IntrospectBody,
  TenantsQuery,
  TokenIdParams,
  TokensQuery,
} from '../../routes/admin/schemas.js';
import {
  ConnectionIdParams as CompanyConnectionParams,
  FormSchema as CompanyForm,
  PageQuery as CompanyPageQuery,
} from '../../routes/company/schemas.js';
import {
  BeginQuerySchema,
  CallbackQuerySchema,
  ConnectionIdParams,
  ListQuerySchema,
  ManualSchema,
  StartQuerySchema,
} from '../../routes/connections/schemas.js';
import { ClientIdParams, LoginSchema, SignupSchema } from '../../routes/web/schemas.js';
import { MAX_WEBHOOK_BYTES } from '../../routes/webhooks/limits.js';
import { DOCS_PAGES } from '../../routes/web/docs-pages.js';
import { ASSET_NAMES } from '../../http/assets.js';
import {
  AcceptQuery,
  AcceptSchema,
  InvitationIdParams,
  InviteSchema,
  RoleChangeSchema,
  UserIdParams,
} from '../../members/schemas.js';
import { collectionOf } from '../components.js';
import { SessionAnswer } from '../account-views.js';
import {
  AuthStart,
  OpenApiDocumentAnswer,
  WebhookAccepted,
  WebhookDuplicate,
} from '../operator-views.js';
import {
  AdminIntrospection,
  FirewallSettings,
  Grant,
  GrantListed,
  GrantRevoked,
  PlatformToken,
  TokenRevoked,
} from '../platform-views.js';
import { App, Connection, CreatedApp, Tenant } from '../views.js';
import type { ResponseDoc, RouteDoc, RouteGroup } from '../route-doc.js';

// Provider connections, the platform admin API, provider webhooks and the server-rendered pages.

const ADMIN = { kind: 'admin' } as const;
const BROWSER = { kind: 'browser' } as const;
const PAGING = ['INVALID_LIMIT', 'INVALID_CURSOR', 'CURSOR_EXPIRED'] as const;
const ProviderParams = z.object({ provider: z.enum(PROVIDER_IDS) });

function json(status: number, description: string, schema: z.ZodType) {
  return { status, kind: 'json', description, schema } satisfies ResponseDoc;
}
const PAGE = { status: 200, kind: 'html', description: 'The page.' } as const;
const INTERNAL =
  'Internal: behind the platform admin key (`x-admin-api-key`), open without it only when the deployment sets ENFORCE_PLATFORM_AUTH=false.';
const SEE_OTHER = { status: 303, kind: 'redirect', description: 'On to the next page.' } as const;

export const CONNECTIONS_GROUP: RouteGroup = {
  name: 'Provider connections',
  audience: 'session / internal',
  description: 'Connecting provider accounts (OAuth with PKCE, or a token) and the connections.',
  routes: [
    {
      method: 'get',
      path: '/v1/auth/:provider/start',
      summary: "Starts the provider's OAuth flow: the URL to open, or a redirect (`web=true`).",
      auth: { kind: 'sessionOrAdmin' },
      params: ProviderParams,
      query: StartQuerySchema,
      responses: [
        json(200, 'The authorization URL to open (a JSON start).', AuthStart),
        { ...SEE_OTHER, status: 302 },
      ],
      errors: ['UNSUPPORTED_PROVIDER', 'INSUFFICIENT_SCOPE'],
      // A browser start with only the consent page's company cookie (auth_start_ip).
      throttled: true,
    },
    {
      method: 'get',
      path: '/v1/auth/:provider/begin',
      summary: 'The browser step that binds the flow to the browser, then goes to the provider.',
      auth: BROWSER,
      params: ProviderParams,
      query: BeginQuerySchema,
      responses: [{ ...SEE_OTHER, status: 302 }],
      errors: ['UNSUPPORTED_PROVIDER'],
    },
    {
      method: 'get',
      path: '/v1/auth/:provider/callback',
      summary: "The provider's OAuth redirect: stores the connection.",
      auth: BROWSER,
      params: ProviderParams,
      query: CallbackQuerySchema,
      responses: [json(200, 'The connection.', Connection), PAGE, SEE_OTHER],
      // INSUFFICIENT_SCOPE: the developer who started it has left the workspace since.
      errors: [
        'UNSUPPORTED_PROVIDER',
        'INSUFFICIENT_SCOPE',
        'UPSTREAM_UNAVAILABLE',
        'UPSTREAM_TIMEOUT',
      ],
    },
    {
      method: 'get',
      path: '/v1/connections',
      summary: 'Connections of a tenant.',
      description: INTERNAL,
      auth: ADMIN,
      query: ListQuerySchema,
      responses: [json(200, 'One page.', collectionOf(Connection))],
      errors: PAGING,
    },
    {
      method: 'post',
      path: '/v1/connections/manual',
      summary: 'Stores a connection from a provider token.',
      description: INTERNAL,
      auth: ADMIN,
      body: { schema: ManualSchema, type: 'json' },
      responses: [json(201, 'The connection.', Connection)],
      errors: ['UNSUPPORTED_PROVIDER', 'RESOURCE_NOT_FOUND', 'UPSTREAM_UNAVAILABLE'],
    },
    {
      method: 'get',
      path: '/v1/connections/:connectionId',
      summary: 'One connection.',
      description: INTERNAL,
      auth: ADMIN,
      params: ConnectionIdParams,
      responses: [json(200, 'It.', Connection)],
      errors: ['RESOURCE_NOT_FOUND'],
    },
    {
      method: 'delete',
      path: '/v1/connections/:connectionId',
      summary: 'Deletes a connection.',
      description: INTERNAL,
      auth: ADMIN,
      params: ConnectionIdParams,
      responses: [json(200, 'Deleted.', Connection.extend({ status: z.literal('deleted') }))],
      errors: ['RESOURCE_NOT_FOUND'],
    },
  ],
};

const admin = (route: Omit<RouteDoc, 'auth'>): RouteDoc => ({
  ...route,
  auth: ADMIN,
  throttled: true,
});

export const ADMIN_GROUP: RouteGroup = {
  name: 'Platform admin',
  audience: 'x-admin-api-key',
  description: 'Tenants, apps, grants, tokens and the diff firewall, for the operator.',
  routes: [
    admin({
      method: 'get',
      path: '/v1/platform/tenants',
      summary: 'Tenants.',
      query: TenantsQuery,
      responses: [json(200, 'One page.', collectionOf(Tenant))],
      errors: PAGING,
    }),
    admin({
      method: 'post',
      path: '/v1/platform/tenants',
      summary: 'Creates a tenant.',
      body: { schema: CreateTenantSchema, type: 'json' },
      responses: [json(201, 'Created.', Tenant)],
    }),
    admin({
      method: 'get',
      path: '/v1/platform/clients',
      summary: 'Developer apps (OAuth clients).',
      query: ClientsQuery,
      responses: [json(200, 'One page.', collectionOf(App))],
      errors: PAGING,
    }),
    admin({
      method: 'post',
      path: '/v1/platform/clients',
      summary: 'Creates an app; its client secret is answered once.',
      body: { schema: CreateClientBody, type: 'json' },
      responses: [json(201, 'Created, with `clientSecret`.', CreatedApp)],
      errors: ['RESOURCE_NOT_FOUND'],
    }),
    admin({
      method: 'get',
      path: '/v1/platform/grants',
      summary: 'Grants (authorizations) of apps to connections.',
      query: GrantsQuery,
      responses: [json(200, 'One page.', collectionOf(GrantListed))],
      errors: PAGING,
    }),
    admin({
      method: 'post',
      path: '/v1/platform/grants',
      summary: 'Grants an app access to connections.',
      body: { schema: CreateGrantBody, type: 'json' },
      responses: [json(201, 'Granted.', Grant)],
      errors: ['RESOURCE_NOT_FOUND'],
    }),
    admin({
      method: 'delete',
      path: '/v1/platform/grants/:grantId',
      summary: 'Revokes a grant and its tokens.',
      params: GrantIdParams,
      responses: [json(200, 'Revoked, with what this call revoked.', GrantRevoked)],
      errors: ['RESOURCE_NOT_FOUND'],
    }),
    admin({
      method: 'get',
      path: '/v1/platform/tokens',
      summary: 'Access tokens (never their secrets).',
      query: TokensQuery,
      responses: [json(200, 'One page.', collectionOf(PlatformToken))],
      errors: PAGING,
    }),
    admin({
      method: 'post',
      path: '/v1/platform/tokens/introspect',
      summary: 'Describes a token (RFC 7662 style: `active` and its claims).',
      body: { schema: IntrospectBody, type: 'json' },
      responses: [json(200, 'The description.', AdminIntrospection)],
    }),
    admin({
      method: 'delete',
      path: '/v1/platform/tokens/:tokenId',
      summary: 'Revokes a token.',
      params: TokenIdParams,
      responses: [json(200, 'Revoked.', TokenRevoked)],
      errors: ['RESOURCE_NOT_FOUND'],
    }),
    admin({
      method: 'get',
      path: '/v1/security/firewall/config',
      summary: "The diff firewall's settings.",
      responses: [json(200, 'The settings.', FirewallSettings)],
    }),
    admin({
      method: 'post',
      path: '/v1/security/firewall/config',
      summary: "Changes the diff firewall's settings.",
      body: { schema: FirewallSettingsSchema, type: 'json' },
      responses: [json(200, 'The settings, as now applied.', FirewallSettings)],
    }),
  ],
};

export const WEBHOOKS_GROUP: RouteGroup = {
  name: 'Provider webhooks',
  audience: "the provider, signed with the integration's secret",
  description:
    'Deliveries from the providers: verified, stored once, normalized and fanned out to the subscriptions.',
  routes: [
    {
      method: 'post',
      path: '/v1/webhooks/:provider',
      summary: "Receives a provider's webhook delivery (raw body, any content type).",
      auth: { kind: 'signature' },
      params: ProviderParams,
      responses: [
        json(202, 'Accepted: stored, and queued to the matching subscriptions.', WebhookAccepted),
        json(200, 'A redelivery of a stored delivery (`status: duplicate`).', WebhookDuplicate),
      ],
      errors: ['UNSUPPORTED_PROVIDER', 'INVALID_REQUEST', 'INVALID_CREDENTIALS'],
      bodyLimitBytes: MAX_WEBHOOK_BYTES,
      // Past WEBHOOK_BUFFER_MB of bodies held at once: RATE_LIMITED, retry after a second.
      throttled: true,
    },
  ],
};

const page = (path: string, summary: string, extra: Partial<RouteDoc> = {}): RouteDoc => ({
  method: 'get',
  path,
  summary,
  auth: BROWSER,
  responses: [PAGE],
  ...extra,
});
const form = (path: string, summary: string, extra: Partial<RouteDoc> = {}): RouteDoc => ({
  method: 'post',
  path,
  summary,
  auth: BROWSER,
  responses: [SEE_OTHER, PAGE],
  ...extra,
});

const SignupAnswer = z.object({
  status: z.literal('accepted'),
  email: z.string(),
  message: z.string(),
});

const signup = (path: string, deprecated = false): RouteDoc[] => [
  page(path, 'The signup form.', deprecated ? { deprecated: true } : {}),
  form(path, 'Signs up (the form, or JSON); the answer is the same for a known email.', {
    auth: { kind: 'public' },
    body: { schema: SignupSchema, type: 'json-or-form' },
    responses: [json(202, 'Accepted (JSON).', SignupAnswer), SEE_OTHER, PAGE],
    throttled: true,
  }),
];
const login = (path: string): RouteDoc[] => [
  page(path, 'The sign-in form.'),
  form(path, 'Signs in: JSON answers a session token, the form sets the session cookie.', {
    auth: { kind: 'public' },
    body: { schema: LoginSchema, type: 'json-or-form' },
    responses: [json(200, 'Signed in (JSON).', SessionAnswer), SEE_OTHER, PAGE],
    errors: ['INVALID_CREDENTIALS'],
    throttled: true,
  }),
];

export const WEB_GROUP: RouteGroup = {
  name: 'Web pages',
  audience: 'public / session cookie',
  description:
    'Server-rendered pages that work without JavaScript (scripts in `/assets` only enhance them), forms with CSRF tokens. `/openapi.json` is this document.',
  routes: [
    page('/', 'The landing page.', { auth: { kind: 'public' } }),
    ...DOCS_PAGES.map((docs) => page(docs.path, docs.summary, { auth: { kind: 'public' } })),
    page('/docs/api', 'The API reference, rendered from this document.', {
      auth: { kind: 'public' },
    }),
    {
      method: 'get',
      path: '/openapi.json',
      summary: 'This OpenAPI 3.1 document.',
      auth: { kind: 'public' },
      responses: [json(200, 'The document.', OpenApiDocumentAnswer)],
    },
    page('/zero-trust', 'How the gateway keeps provider data and secrets safe.', {
      auth: { kind: 'public' },
    }),
    {
      method: 'get',
      path: '/assets/:file',
      summary: "The pages' stylesheet, scripts and logo (cached for a year with the current `v`).",
      auth: { kind: 'public' },
      params: z.object({ file: z.enum(ASSET_NAMES) }),
      query: z.object({ v: z.string().optional().describe('The content hash the pages link.') }),
      responses: [
        {
          status: 200,
          kind: 'text',
          contentType: '*/*',
          description:
            'The file (text/css, text/javascript or image/svg+xml), with an ETag (304 on If-None-Match).',
        },
      ],
      errors: ['RESOURCE_NOT_FOUND'],
    },
    ...signup('/app/signup'),
    ...signup('/app/developer/signup'),
    ...login('/app/login'),
    ...login('/app/developer/login'),
    ...(['/app/customer/signup', '/app/customer/login'] as const).flatMap((path) => [
      page(path, 'Deprecated: customers connect through the hosted consent flow.', {
        deprecated: true,
        responses: [{ status: 410, kind: 'html', description: 'Gone.' }],
      }),
      form(path, 'Deprecated: customers connect through the hosted consent flow.', {
        deprecated: true,
        responses: [{ status: 410, kind: 'html', description: 'Gone.' }],
      }),
    ]),
    page('/app/logout', 'Asks before signing out.', { responses: [PAGE, SEE_OTHER] }),
    form('/app/logout', 'Signs out (CSRF token, or a bearer session token).'),
    page('/app/dashboard', 'The developer dashboard: apps with usage, customers, webhooks; team.', {
      responses: [PAGE, SEE_OTHER],
    }),
    form('/app/developer/apps', 'Creates an app from the dashboard form.', {
      responses: [{ status: 201, kind: 'html', description: "The app's page, with the secret." }],
    }),
    page('/app/dashboard/apps/:clientId', "An app's usage charts, customers, settings.", {
      params: ClientIdParams,
      query: z.object({ range: z.enum(['24h', '7d', '30d']).optional().describe('Default 7d.') }),
      responses: [PAGE, SEE_OTHER],
      errors: ['RESOURCE_NOT_FOUND'],
    }),
    form('/app/developer/apps/:clientId/update', 'Changes an app from the dashboard.', {
      params: ClientIdParams,
    }),
    form('/app/developer/apps/:clientId/rotate-secret', 'A new client secret, shown once.', {
      params: ClientIdParams,
    }),
    page('/app/developer/apps/:clientId/delete', 'Asks to type the app name before deleting.', {
      params: ClientIdParams,
      responses: [PAGE, SEE_OTHER],
      errors: ['RESOURCE_NOT_FOUND'],
    }),
    form('/app/developer/apps/:clientId/delete', 'Deletes an app (its name typed as `confirm`).', {
      params: ClientIdParams,
    }),
    page('/app/team', 'Members and invitations.', { responses: [PAGE, SEE_OTHER] }),
    form('/app/team/invitations', 'Invites a member.', {
      body: { schema: InviteSchema, type: 'form' },
    }),
    form('/app/team/invitations/:id/revoke', 'Revokes an invitation.', {
      params: InvitationIdParams,
    }),
    form('/app/team/members/:userId/role', "Changes a member's role.", {
      params: UserIdParams,
      body: { schema: RoleChangeSchema, type: 'form' },
    }),
    form('/app/team/members/:userId/remove', 'Removes a member.', { params: UserIdParams }),
    page('/app/invitations/accept', 'The invitation page.', {
      auth: { kind: 'public' },
      query: AcceptQuery,
    }),
    form('/app/invitations/accept', 'Accepts an invitation.', {
      auth: { kind: 'public' },
      body: { schema: AcceptSchema, type: 'form' },
    }),
    page('/app/subscriptions', "The tenant's webhook subscriptions and their last deliveries.", {
      responses: [PAGE, SEE_OTHER],
    }),
  ],
};

export const COMPANY_GROUP: RouteGroup = {
  name: 'Company access pages',
  audience: "the customer's company session (cookie), optionally inside the app's iframe",
  description: 'Where a customer manages what an app may read.',
  routes: [
    page('/app/company/apps/:clientId', "The customer's access to an app.", {
      params: ClientIdParams,
      query: CompanyPageQuery,
      errors: ['RESOURCE_NOT_FOUND'],
    }),
    form('/app/company/apps/:clientId/update', 'Changes the approved scopes and repositories.', {
      params: ClientIdParams,
      body: { schema: CompanyForm, type: 'form' },
    }),
    page(
      '/app/company/apps/:clientId/revoke',
      "Asks before revoking all of the app's access: what it would lose, and the confirming form.",
      { params: ClientIdParams },
    ),
    form(
      '/app/company/apps/:clientId/revoke',
      "Revokes the app's access (with the confirmation page's token).",
      {
        params: ClientIdParams,
        body: { schema: CompanyForm, type: 'form' },
      },
    ),
    form(
      '/app/company/apps/:clientId/connections/:connectionId/disconnect',
      'Disconnects one provider account from the app.',
      { params: ClientIdParams.extend(CompanyConnectionParams.shape) },
    ),
  ],
};

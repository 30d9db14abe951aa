import { z } from 'zod';
import {
  CallbackUrlView,
  CapabilitiesView,
  HealthView,
  ProviderView,
  ReadyView,
} from '../../routes/discovery/schemas.js';
import type { Introspection } from '../../routes/oauth/introspection.js';
import type { authorizationServerMetadata } from '../../routes/oauth/metadata.js';
import {
  ApproveSchema,
  ConsentPageSchema,
  AuthorizeQuerySchema,
  PlatformTokenSchema,
  TokenQuerySchema,
  TokenRequestSchema,
} from '../../routes/oauth/schemas.js';
import type { IssuedToken as IssuedTokenView } from '../../routes/oauth/tokens.js';
import {
  DeliveryParams,
  SubscriptionIdParams,
  UpdateSubscriptionBody,
} from '../../routes/subscriptions/schemas.js';
import type {
  callbackUrls,
  health,
  platformCapabilities,
  providerList,
} from '../../routes/discovery/service.js';
import type { DeliveryView } from '../../webhooks/subscription-views.js';
import type { SubscriptionView } from '../../webhooks/subscriptions.js';
import { collectionOf, PageQuery } from '../components.js';
import { answers, type RouteGroup } from '../route-doc.js';
import { TokenDescription } from '../views.js';

// Discovery, the OAuth endpoints of developer apps, and an app's webhook subscriptions.

const IssuedToken = answers<IssuedTokenView>()(
  z.object({
    access_token: z.string().describe('`sggat_…`: send it as `Authorization: Bearer`.'),
    token_type: z.literal('Bearer'),
    expires_in: z.number().int(),
    scope: z.string().describe('The granted scopes, space-separated.'),
    refresh_token: z
      .string()
      .optional()
      .describe('authorization_code and refresh_token grants: single use, rotated on every use.'),
    id: z.string(),
    accessToken: z.string(),
    tokenType: z.literal('Bearer'),
    expiresAt: z.string(),
    expiresInSeconds: z.number().int(),
    tenantId: z.string(),
    clientId: z.string(),
    authorizationId: z.string().nullable(),
    issuedBy: z.enum(['authorization_code', 'client_credentials', 'refresh_token']),
    permissions: z.array(z.string()),
    connectionIds: z.array(z.string()),
    refreshToken: z.string().optional(),
  }),
);

const IntrospectionAnswer = answers<Introspection>()(
  z.union([
    z.object({ active: z.literal(false) }),
    z.object({
      active: z.literal(true),
      scope: z.string(),
      client_id: z.string(),
      token_type: z.literal('Bearer').optional(),
      exp: z.number().int(),
      iat: z.number().int(),
      sub: z.string(),
      iss: z.string(),
      tenant_id: z.string(),
      authorization_id: z.string().nullable(),
      token_kind: z.enum(['access_token', 'refresh_token']),
    }),
  ]),
);

const Metadata = answers<ReturnType<typeof authorizationServerMetadata>>()(
  z.object({
    issuer: z.string(),
    authorization_endpoint: z.string(),
    token_endpoint: z.string(),
    revocation_endpoint: z.string(),
    introspection_endpoint: z.string(),
    response_types_supported: z.array(z.string()),
    response_modes_supported: z.array(z.string()),
    grant_types_supported: z.array(z.string()),
    code_challenge_methods_supported: z.array(z.string()),
    token_endpoint_auth_methods_supported: z.array(z.string()),
    revocation_endpoint_auth_methods_supported: z.array(z.string()),
    introspection_endpoint_auth_methods_supported: z.array(z.string()),
    scopes_supported: z.array(z.string()),
    authorization_response_iss_parameter_supported: z.boolean(),
    service_documentation: z.string(),
  }),
);

const Subscription = answers<SubscriptionView>()(
  z.object({
    id: z.string(),
    provider: z.string(),
    repositoryId: z.string(),
    providerSubscriptionId: z.string().nullable(),
    callbackUrl: z.string(),
    events: z.array(z.string()),
    active: z.boolean(),
    disabledReason: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string().nullable(),
  }),
);

const Delivery = answers<DeliveryView>()(
  z.object({
    id: z.string().describe('The `webhook-id` the subscriber received.'),
    eventId: z.string(),
    eventType: z.string().nullable().describe('The normalized type, `scm.push`…'),
    providerEvent: z.string().nullable(),
    status: z.string(),
    attempts: z.number().int(),
    lastStatus: z.number().int().nullable(),
    lastError: z.string().nullable(),
    latencyMs: z.number().int().nullable(),
    createdAt: z.string(),
    lastAttemptAt: z.string().nullable(),
    deliveredAt: z.string().nullable(),
  }),
);

const SUBSCRIPTIONS = { kind: 'accessToken', scope: 'events:subscribe' } as const;

export const DISCOVERY_GROUP: RouteGroup = {
  name: 'Discovery',
  audience: 'public',
  description: 'Liveness, readiness, the providers and what each supports.',
  routes: [
    {
      method: 'get',
      path: '/health',
      summary: 'Liveness: the process answers (no database check).',
      auth: { kind: 'public' },
      responses: [
        {
          status: 200,
          kind: 'json',
          description: 'Alive.',
          schema: answers<ReturnType<typeof health>>()(HealthView),
        },
      ],
    },
    {
      method: 'get',
      path: '/ready',
      summary: 'Readiness: the database answers, migrations are applied, the job engine runs.',
      auth: { kind: 'public' },
      responses: [{ status: 200, kind: 'json', description: 'Ready.', schema: ReadyView }],
      errors: ['UPSTREAM_UNAVAILABLE'],
    },
    {
      method: 'get',
      path: '/metrics',
      summary: 'Prometheus metrics (only when METRICS_TOKEN is set).',
      description:
        'Requests by route pattern and status, errors by code, upstream calls by provider with latency and rate limit.',
      auth: { kind: 'metricsToken' },
      responses: [
        {
          status: 200,
          kind: 'text',
          contentType: 'text/plain; version=0.0.4',
          description: 'The Prometheus text format.',
        },
      ],
    },
    {
      method: 'get',
      path: '/v1/providers',
      summary: 'The providers of the catalogue and their configured hosts.',
      auth: { kind: 'public' },
      responses: [
        {
          status: 200,
          kind: 'json',
          description: 'Every provider.',
          schema: answers<{ data: ReturnType<typeof providerList> }>()(
            z.object({ data: z.array(ProviderView) }),
          ),
        },
      ],
    },
    {
      method: 'get',
      path: '/v1/auth/callback-urls',
      summary: 'The OAuth callback URL to register at each provider.',
      auth: { kind: 'public' },
      responses: [
        {
          status: 200,
          kind: 'json',
          description: 'One per provider.',
          schema: answers<{ data: ReturnType<typeof callbackUrls> }>()(
            z.object({ data: z.array(CallbackUrlView) }),
          ),
        },
      ],
    },
    {
      method: 'get',
      path: '/v1/platform/capabilities',
      summary: 'Scopes, OAuth endpoints, paging, the firewall and per-provider endpoint support.',
      auth: { kind: 'public' },
      responses: [
        {
          status: 200,
          kind: 'json',
          description: 'Capabilities.',
          schema: answers<ReturnType<typeof platformCapabilities>>()(CapabilitiesView),
        },
      ],
    },
  ],
};

export const OAUTH_GROUP: RouteGroup = {
  name: 'OAuth and tokens',
  audience: 'hosted consent / client credentials',
  description:
    'The hosted consent flow (authorization code with PKCE S256) and the token endpoint of developer apps.',
  routes: [
    {
      method: 'get',
      path: '/oauth/authorize',
      summary: 'The hosted consent page for a customer (RFC 6749 §4.1.1).',
      description:
        'Errors after the redirect URI is trusted go back to it as `error` and `error_description` (RFC 6749 §4.1.2.1). With `request` (the form sent back by its paging, search or select-all buttons), the consent form again with what is ticked so far.',
      auth: { kind: 'public' },
      query: AuthorizeQuerySchema.extend({
        ...ConsentPageSchema.partial().omit({ client_id: true }).shape,
        scope: z
          .union([z.string().max(2000), z.array(z.string()).max(50)])
          .optional()
          .describe(
            'The requested scopes, space-separated; with `request`, the scopes ticked on the form (repeated).',
          ),
      }),
      responses: [
        { status: 200, kind: 'html', description: 'The consent page.' },
        { status: 303, kind: 'redirect', description: 'An OAuth error, to the redirect URI.' },
      ],
      errors: ['RESOURCE_NOT_FOUND'],
    },
    {
      method: 'post',
      path: '/oauth/authorize/approve',
      summary: "The consent form's approval: redirects to the app with `code` and `state`.",
      auth: { kind: 'browser' },
      body: { schema: ApproveSchema, type: 'form' },
      responses: [{ status: 303, kind: 'redirect', description: 'To the redirect URI.' }],
    },
    {
      method: 'get',
      path: '/oauth/authorize/deny',
      summary: "The consent page's refusal: redirects with `error=access_denied`.",
      auth: { kind: 'browser' },
      query: z.object({ request: z.string().min(1).max(4096) }),
      responses: [{ status: 303, kind: 'redirect', description: 'To the redirect URI.' }],
    },
    {
      method: 'get',
      path: '/.well-known/oauth-authorization-server',
      summary: 'RFC 8414 authorization server metadata.',
      auth: { kind: 'public' },
      responses: [{ status: 200, kind: 'json', description: 'The metadata.', schema: Metadata }],
    },
    {
      method: 'post',
      path: '/oauth/token',
      summary:
        'Exchanges an authorization code, a refresh token, or client credentials for an access token.',
      description:
        'RFC 6749 §4.1.3, §6 and §4.4. Refresh tokens rotate on every use; a spent one presented again revokes its whole family.',
      auth: { kind: 'clientCredentials' },
      body: { schema: TokenRequestSchema, type: 'json-or-form' },
      responses: [{ status: 200, kind: 'json', description: 'The token.', schema: IssuedToken }],
      errorForm: 'oauth',
      throttled: true,
    },
    {
      method: 'post',
      path: '/oauth/introspect',
      summary: "RFC 7662 introspection of the calling app's own access and refresh tokens.",
      auth: { kind: 'clientCredentials' },
      body: { schema: TokenQuerySchema, type: 'json-or-form' },
      responses: [
        {
          status: 200,
          kind: 'json',
          description:
            'The token, or `{ "active": false }` for any token that is not its own and live.',
          schema: IntrospectionAnswer,
        },
      ],
      errorForm: 'oauth',
    },
    {
      method: 'post',
      path: '/oauth/revoke',
      summary:
        "RFC 7009 revocation of the calling app's own token (a refresh token revokes its family).",
      auth: { kind: 'clientCredentials' },
      body: { schema: TokenQuerySchema, type: 'json-or-form' },
      responses: [
        {
          status: 200,
          kind: 'empty',
          description: 'Revoked, or it was not a live token of the app.',
        },
      ],
      errorForm: 'oauth',
    },
    {
      method: 'post',
      path: '/v1/platform/tokens',
      summary: 'Issues an access token to an app from its client id and secret (JSON).',
      auth: { kind: 'public' },
      body: { schema: PlatformTokenSchema, type: 'json' },
      responses: [{ status: 201, kind: 'json', description: 'The token.', schema: IssuedToken }],
      errors: ['INVALID_CREDENTIALS', 'INSUFFICIENT_SCOPE', 'APPROVAL_REQUIRED'],
      throttled: true,
    },
    {
      method: 'get',
      path: '/v1/platform/client/me',
      summary: 'The calling access token: its app, tenant, scopes and connections.',
      auth: { kind: 'accessToken', scope: 'read:profile' },
      responses: [
        { status: 200, kind: 'json', description: 'The token.', schema: TokenDescription },
      ],
    },
  ],
};

export const SUBSCRIPTIONS_GROUP: RouteGroup = {
  name: 'Subscriptions and deliveries',
  audience:
    'Authorization: Bearer ACCESS_TOKEN with events:subscribe; an app sees its own only, while its approvals cover them',
  description:
    'The webhook subscriptions an app created with `events/subscribe`, and their delivery logs.',
  routes: [
    {
      method: 'get',
      path: '/v1/subscriptions',
      summary: "The app's subscriptions.",
      auth: SUBSCRIPTIONS,
      query: PageQuery,
      responses: [
        {
          status: 200,
          kind: 'json',
          description: 'One page.',
          schema: collectionOf(Subscription),
        },
      ],
      errors: ['INVALID_LIMIT', 'INVALID_CURSOR', 'CURSOR_EXPIRED'],
    },
    {
      method: 'get',
      path: '/v1/subscriptions/:id',
      summary: 'One subscription.',
      auth: SUBSCRIPTIONS,
      params: SubscriptionIdParams,
      responses: [{ status: 200, kind: 'json', description: 'It.', schema: Subscription }],
      errors: ['RESOURCE_NOT_FOUND'],
    },
    {
      method: 'patch',
      path: '/v1/subscriptions/:id',
      summary: 'Changes its callback URL, events or whether it delivers.',
      auth: SUBSCRIPTIONS,
      params: SubscriptionIdParams,
      body: { schema: UpdateSubscriptionBody, type: 'json' },
      responses: [{ status: 200, kind: 'json', description: 'Changed.', schema: Subscription }],
      errors: ['RESOURCE_NOT_FOUND', 'UPSTREAM_UNAVAILABLE'],
    },
    {
      method: 'delete',
      path: '/v1/subscriptions/:id',
      summary: 'Deletes it and its provider webhook.',
      auth: SUBSCRIPTIONS,
      params: SubscriptionIdParams,
      responses: [
        {
          status: 200,
          kind: 'json',
          description: 'Deleted.',
          schema: z.object({ id: z.string(), deleted: z.literal(true) }),
        },
      ],
      errors: ['RESOURCE_NOT_FOUND', 'UPSTREAM_UNAVAILABLE'],
    },
    {
      method: 'get',
      path: '/v1/subscriptions/:id/deliveries',
      summary: 'Its delivery log, newest first.',
      auth: SUBSCRIPTIONS,
      params: SubscriptionIdParams,
      query: PageQuery,
      responses: [
        { status: 200, kind: 'json', description: 'One page.', schema: collectionOf(Delivery) },
      ],
      errors: ['RESOURCE_NOT_FOUND', 'INVALID_LIMIT', 'INVALID_CURSOR', 'CURSOR_EXPIRED'],
    },
    {
      method: 'post',
      path: '/v1/subscriptions/:id/deliveries/:deliveryId/redeliver',
      summary: 'Queues the delivery again.',
      auth: SUBSCRIPTIONS,
      params: DeliveryParams,
      responses: [{ status: 202, kind: 'json', description: 'Queued.', schema: Delivery }],
      errors: ['RESOURCE_NOT_FOUND'],
    },
  ],
};

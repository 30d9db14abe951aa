import { ERROR_CODES, SCM_ERROR_CODES, type ErrorBody, type ScmErrorCode } from '@scm/core';
import { z } from 'zod';
import type { OAuthErrorCode } from '../routes/oauth/oauth-errors.js';
import { answers } from './route-doc.js';
import { DEFAULT_LIMIT, MAX_LIMIT } from '../http/collections.js';
import { SERVICE_NAME } from '../http/errors.js';
import { SCOPES } from '../scopes.js';

// The schemas and security schemes every route of the document shares.

export const ErrorCodeSchema = z.enum(SCM_ERROR_CODES as [ScmErrorCode, ...ScmErrorCode[]]).meta({
  id: 'ErrorCode',
  description: `The canonical error code; each has one HTTP status: ${SCM_ERROR_CODES.map((code) => `${code} ${ERROR_CODES[code].status}`).join(', ')}.`,
});

/**
 * The canonical error body every route answers on failure (`@scm/core` `toErrorBody`); `answers`
 * fails to compile if the body the gateway sends stops fitting it.
 */
export const ErrorBodySchema = answers<ErrorBody>()(
  z
    .object({
      error: z.object({
        code: ErrorCodeSchema,
        message: z.string().describe('What went wrong and what to do, for a person.'),
        source: z
          .string()
          .describe(
            `Who raised it: \`${SERVICE_NAME}\` (the gateway, including a bad cursor or the request's own input) or \`provider\`.`,
          ),
        provider: z.string().nullable().describe('The provider involved, if any.'),
        retryable: z.boolean(),
        user_action_required: z.boolean(),
        suggested_action: z.string().nullable(),
        upstream_status: z
          .number()
          .int()
          .nullable()
          .describe("The provider's HTTP status, if any."),
        request_id: z.string().nullable().describe('The `x-request-id` of this response.'),
        provider_request_id: z.string().nullable(),
        retry_after_seconds: z
          .number()
          .int()
          .nullable()
          .describe('Also sent as `Retry-After` when set.'),
      }),
    })
    // `id`: zod-to-openapi puts it in components.schemas and refers to it (no `.openapi()` patching).
    .meta({ id: 'ErrorBody', description: 'The canonical error body.' }),
);

/** The body `code` answers, as an example (what `toErrorBody` sends for that code). */
export function errorExample(code: ScmErrorCode): z.infer<typeof ErrorBodySchema> {
  const definition = ERROR_CODES[code];
  return {
    error: {
      code,
      message: definition.message,
      source: SERVICE_NAME,
      provider: null,
      retryable: definition.retryable,
      user_action_required: definition.userActionRequired,
      suggested_action: definition.suggestedAction,
      upstream_status: null,
      request_id: 'req_3c1d2a9f0b7e4c55',
      provider_request_id: null,
      retry_after_seconds: code === 'RATE_LIMITED' ? 30 : null,
    },
  };
}

// Every OAuth error code, once: a missing or extra key fails to compile.
const OAUTH_ERROR_CODES = Object.keys({
  invalid_request: true,
  invalid_client: true,
  invalid_grant: true,
  unauthorized_client: true,
  unsupported_grant_type: true,
  invalid_scope: true,
  unsupported_token_type: true,
  temporarily_unavailable: true,
} satisfies Record<OAuthErrorCode, true>) as [OAuthErrorCode, ...OAuthErrorCode[]];

/** The RFC 6749 §5.2 error body of `/oauth/token`, `/oauth/revoke` and `/oauth/introspect`. */
export const OAuthErrorSchema = z
  .object({
    error: z.enum(OAUTH_ERROR_CODES),
    error_description: z.string(),
    error_code: ErrorCodeSchema.describe('The canonical code it stands for on other routes.'),
    request_id: z.string().nullable(),
    retry_after_seconds: z.number().int().optional(),
  })
  .meta({ id: 'OAuthError', description: 'An RFC 6749 §5.2 error body.' });

export const PageInfoSchema = z
  .object({
    limit: z.number().int().min(1).max(MAX_LIMIT),
    has_next_page: z.boolean(),
    next_cursor: z
      .string()
      .nullable()
      .describe('Pass it back as `cursor`, unchanged, for the next page; null on the last page.'),
  })
  .meta({ id: 'PageInfo' });

/** The collections envelope `{ data, page_info }`. */
export function collectionOf<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), page_info: PageInfoSchema });
}

/** `limit` and `cursor` of a cursor-paged collection. */
export const PageQuery = z.object({
  limit: z
    .string()
    .regex(/^[0-9]{1,3}$/)
    .optional()
    .describe(`Items per page, 1–${MAX_LIMIT} (default ${DEFAULT_LIMIT}).`),
  cursor: z
    .string()
    .min(1)
    .optional()
    .describe("The previous page's `page_info.next_cursor`, unchanged."),
});

export const SECURITY_SCHEMES = {
  accessToken: {
    type: 'oauth2',
    description:
      'An access token of a developer app (`Authorization: Bearer sggat_…`), issued by `POST /oauth/token` (authorization code with PKCE, or client credentials) or `POST /v1/platform/tokens`. Each unified route needs one scope, approved by the customer.',
    flows: {
      authorizationCode: {
        authorizationUrl: '/oauth/authorize',
        tokenUrl: '/oauth/token',
        scopes: Object.fromEntries(SCOPES.map((entry) => [entry.scope, entry.description])),
      },
      clientCredentials: {
        tokenUrl: '/oauth/token',
        scopes: Object.fromEntries(SCOPES.map((entry) => [entry.scope, entry.description])),
      },
    },
  },
  sessionToken: {
    type: 'http',
    scheme: 'bearer',
    description:
      'A user (developer) session token, `sggst_…`, answered by `POST /app/login` with `Content-Type: application/json`; or a personal API token, `sggpt_…` (`POST /v1/tokens`), which acts as its user in one workspace.',
  },
  sessionCookie: {
    type: 'apiKey',
    in: 'cookie',
    name: 'sgg_session',
    description:
      'The session cookie the sign-in form sets: `sgg_session`, named `__Host-sgg_session` when the gateway is served over https. State-changing JSON routes need `Content-Type: application/json` with it.',
  },
  adminApiKey: {
    type: 'apiKey',
    in: 'header',
    name: 'x-admin-api-key',
    description: "The platform admin key (the deployment's ADMIN_API_KEY).",
  },
  metricsToken: {
    type: 'http',
    scheme: 'bearer',
    description:
      "The deployment's METRICS_TOKEN, for the Prometheus scraper; without the setting `/metrics` is not served.",
  },
  clientCredentials: {
    type: 'http',
    scheme: 'basic',
    description:
      "The app's `client_id` and `client_secret` (RFC 6749 §2.3.1), or the same two as form fields of the body.",
  },
} as const;

export type SecuritySchemeName = keyof typeof SECURITY_SCHEMES;

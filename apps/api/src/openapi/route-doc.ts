import type { ScmErrorCode } from '@scm/core';
import type { z } from 'zod';
import type { Scope } from '../scopes.js';

/**
 * How the gateway's routes are documented: one `RouteDoc` per mounted method and path, grouped the
 * way `/docs` lists them. The OpenAPI document (`/openapi.json`), the rendered reference
 * (`/docs/api`) and the `/docs` route list are all built from these groups; a test walks the
 * Express router stack and fails when a mounted route has no entry here, or an entry is not mounted.
 */

export type RouteMethod = 'get' | 'post' | 'patch' | 'delete';

/**
 * Who may call a route, which picks its security requirements and the errors that come with them:
 * - `public`: nobody needs a credential;
 * - `accessToken`: an app's access token (`Authorization: Bearer sggat_…`) holding `scope`;
 * - `session`: a signed-in user (`Authorization: Bearer sggst_…` or the `sgg_session` cookie,
 *   `__Host-sgg_session` on https);
 * - `sessionOrAdmin`: a session, else the platform admin key;
 * - `admin`: the platform admin key (`x-admin-api-key`);
 * - `clientCredentials`: the app's client id and secret (HTTP Basic or the form body);
 * - `browser`: a page or form step of a browser flow, bound to its cookies (consent, company);
 * - `signature`: a provider's signed webhook delivery;
 * - `metricsToken`: the operator's scraper (`Authorization: Bearer METRICS_TOKEN`).
 */
export type RouteAuth =
  | { kind: 'public' }
  | { kind: 'accessToken'; scope: Scope }
  | { kind: 'session' }
  | { kind: 'sessionOrAdmin' }
  | { kind: 'admin' }
  | { kind: 'clientCredentials' }
  | { kind: 'browser' }
  | { kind: 'signature' }
  | { kind: 'metricsToken' };

/** What a success answers: JSON (with its schema), an HTML page, a redirect, or nothing. */
export type ResponseDoc =
  | {
      status: number;
      description: string;
      kind: 'json';
      schema: z.ZodType;
      example?: unknown;
      headers?: Readonly<Record<string, string>>;
    }
  | { status: number; description: string; kind: 'html' }
  | { status: number; description: string; kind: 'text'; contentType: string }
  | { status: 200 | 204; description: string; kind: 'empty' }
  | { status: 302 | 303; description: string; kind: 'redirect' };

export interface RouteDoc {
  method: RouteMethod;
  /** The Express path as mounted (`:name` segments). */
  path: string;
  summary: string;
  description?: string;
  auth: RouteAuth;
  /** Path parameters; absent: each `:name` is a plain string. */
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** The request body: JSON, an HTML form, or either (the router reads both). */
  body?: { schema: z.ZodType; type: 'json' | 'form' | 'json-or-form' };
  responses: readonly ResponseDoc[];
  /**
   * The error codes this route answers besides those its auth and input imply (see
   * `errorCodesOf`). Every error is the canonical body with the code's status.
   */
  errors?: readonly ScmErrorCode[];
  /** This route answers INVALID_REQUEST with 422 instead of 400 (Scalingo's and the workspace's documents). */
  invalidStatus?: 422;
  /**
   * `oauth`: errors are RFC 6749 §5.2 bodies (`{ error, error_description, error_code, … }`; 401
   * with `WWW-Authenticate: Basic`), as the OAuth JSON endpoints answer them; 5xx stay canonical.
   */
  errorForm?: 'oauth';
  /** The route is throttled: RATE_LIMITED with `Retry-After`. */
  throttled?: boolean;
  /**
   * The route refuses a body over this many bytes with INVALID_REQUEST and 413 (the webhooks'
   * raw body); other routes' parsers answer an oversized body with a plain 400.
   */
  bodyLimitBytes?: number;
  /** Kept for compatibility; do not use in new code. */
  deprecated?: boolean;
}

export interface RouteGroup {
  /** The tag of its operations and the heading in `/docs`. */
  name: string;
  /** Who may call the group's routes, as `/docs` says it. */
  audience: string;
  description: string;
  routes: readonly RouteDoc[];
}

/** Every error code a route may answer: those of its auth, its input, its own, and INTERNAL_ERROR. */
export function errorCodesOf(route: RouteDoc): ScmErrorCode[] {
  const codes = new Set<ScmErrorCode>();
  const hasInput =
    route.params !== undefined || route.query !== undefined || route.body !== undefined;
  if (hasInput) codes.add('INVALID_REQUEST');
  switch (route.auth.kind) {
    case 'public':
      break;
    case 'signature':
      // No known sender or no signature (AUTH_REQUIRED), a signature that does not verify.
      codes.add('AUTH_REQUIRED').add('INVALID_CREDENTIALS');
      break;
    case 'accessToken':
      codes.add('AUTH_REQUIRED').add('INVALID_CREDENTIALS').add('INSUFFICIENT_SCOPE');
      break;
    case 'session':
    case 'sessionOrAdmin':
    case 'admin':
    case 'clientCredentials':
    case 'metricsToken':
      codes.add('AUTH_REQUIRED').add('INVALID_CREDENTIALS');
      break;
    case 'browser':
      codes.add('AUTH_REQUIRED');
      break;
  }
  if (route.throttled === true) codes.add('RATE_LIMITED');
  for (const code of route.errors ?? []) codes.add(code);
  codes.add('INTERNAL_ERROR');
  return [...codes];
}

/** `/v1/repositories/:provider/:repoId` → `/v1/repositories/{provider}/{repoId}`. */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/** The `:name` segments of an Express path, in order. */
export function pathParamNames(expressPath: string): string[] {
  return [...expressPath.matchAll(/:([A-Za-z0-9_]+)/g)].map((match) => match[1] ?? '');
}

/**
 * A response schema checked against what the service answers, at compile time:
 * `answers<DeliveryView>()(DeliverySchema)` fails to compile when a `DeliveryView` does not fit
 * the schema (a field renamed, added as required, or of another type).
 */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- View is given, never inferred
export function answers<View>() {
  return <S extends z.ZodType>(schema: S & (View extends z.infer<S> ? unknown : never)): S =>
    schema;
}

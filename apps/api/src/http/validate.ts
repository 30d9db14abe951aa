import type { Request } from 'express';
import type { z } from 'zod';
import { bearerToken } from '../auth/bearer.js';
import { gatewayError, invalidRequest } from './errors.js';

/** Parses request input with a zod schema; failure is INVALID_REQUEST naming the fields. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  where: 'query' | 'body' | 'params',
): z.infer<S> {
  const result = schema.safeParse(input ?? {});
  if (!result.success) throw invalidRequest(result.error, where);
  return result.data;
}

/**
 * For routes a cookie session may reach: a JSON body is the one thing a cross-site form cannot send
 * (the session cookie is SameSite=Lax besides).
 */
export function requireJsonBody(req: Request): void {
  if (typeof req.is('application/json') !== 'string')
    throw gatewayError('INVALID_REQUEST', 'Send the request body as application/json.');
}

/**
 * `requireJsonBody` for a route whose fields are all optional: a bearer caller may also send no body
 * at all (`curl -X POST`: no type, no length), read as `{}`. A body of another type is refused, and a
 * cookie session still needs JSON, the one thing a cross-site form cannot send. Returns the body.
 */
export function jsonBodyOrNone(req: Request): unknown {
  const length = req.get('content-length');
  const none =
    req.get('content-type') === undefined &&
    req.get('transfer-encoding') === undefined &&
    (length === undefined || length === '0');
  if (none && bearerToken(req) !== undefined) return {};
  requireJsonBody(req);
  return req.body;
}

/**
 * For the state-changing POST routes a cookie session may reach with no JSON body (nothing that
 * makes a cross-origin page ask first): a browser names the page that sent a POST in `Origin`, and
 * one from another origin is refused — a sibling subdomain is same-site, so the SameSite=Lax
 * session cookie goes along with its requests. A bearer token is never added by a browser on its
 * own (and adding one makes the page ask first), and clients other than browsers send no `Origin`.
 */
export function requireOwnOriginForCookie(req: Request, publicUrl: string): void {
  if (bearerToken(req) !== undefined) return;
  const origin = req.get('origin');
  if (origin === undefined || origin === new URL(publicUrl).origin) return;
  throw gatewayError(
    'INVALID_REQUEST',
    "A page of another origin sent this with the session cookie: refused. Use the gateway's own pages, or send Authorization: Bearer.",
  );
}

/**
 * For a POST only the gateway's own page may send (a confirmation button): the browser says where
 * it came from — `Sec-Fetch-Site: same-origin`, or `Origin` naming this gateway (the page must then
 * not be under `Referrer-Policy: no-referrer`, which makes a form's `Origin` null) — and anything
 * else (another origin or site, `null`, neither header) is refused.
 */
export function requireOwnOrigin(req: Request, publicUrl: string): void {
  if (req.get('sec-fetch-site') === 'same-origin') return;
  if (req.get('origin') === new URL(publicUrl).origin && req.get('sec-fetch-site') === undefined)
    return;
  throw gatewayError(
    'INVALID_REQUEST',
    "Only the gateway's own page may send this; open the link again in your browser.",
  );
}

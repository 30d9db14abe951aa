import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { hashSecret, safeEqual } from '../crypto/tokens.js';
import { cookieName, cookiePath, secureCookies } from '../http/cookies.js';
import type { GatewayServices } from '../services.js';
import { readCookie } from './bearer.js';

/**
 * Binding of a provider OAuth round trip to the browser that started it (RFC 9700 §4.7.1): the
 * start sets a short-lived HttpOnly cookie with a random value, the state row keeps only its hash,
 * and the callback is refused unless the browser that comes back carries it. A link to the
 * provider's authorize page (or to the callback) sent to someone else is then useless: their
 * browser has no such cookie, so their provider account can never land in the sender's tenant.
 * Used by the consent flow (`/v1/auth/:provider/callback`) and the integrations flows (GitHub App
 * manifest, GitLab OAuth), each with the path of the callback that reads it.
 */

/** One cookie per flow in flight, so two tabs connecting two accounts do not overwrite each other. */
const COOKIE_PREFIX = 'sgg_oauth_';

export function bindingCookieName(services: GatewayServices, stateId: string): string {
  return cookieName(services.config, `${COOKIE_PREFIX}${stateId}`);
}

/** A fresh binding: the value for the cookie, and the hash the state row keeps. */
export function newBinding(): { value: string; hash: string } {
  const value = randomBytes(32).toString('base64url');
  return { value, hash: hashSecret(value) };
}

function cookieAttributes(services: GatewayServices, path: string, maxAgeSeconds: number): string {
  // Only the callback reads it (on https its path is `/`, as the `__Host-` prefix needs). Like the
  // company cookie, SameSite=None (with Secure) where the hosted pages may be framed, Lax
  // otherwise: a provider's redirect back is a top-level GET.
  const secure = secureCookies(services.config);
  return `Path=${cookiePath(services.config, path)}; HttpOnly; Max-Age=${maxAgeSeconds}; ${secure ? 'SameSite=None; Secure' : 'SameSite=Lax'}`;
}

export function setBindingCookie(
  services: GatewayServices,
  res: Response,
  input: { stateId: string; path: string; value: string; maxAgeSeconds: number },
): void {
  res.append(
    'set-cookie',
    `${bindingCookieName(services, input.stateId)}=${input.value}; ${cookieAttributes(services, input.path, input.maxAgeSeconds)}`,
  );
}

export function clearBindingCookie(
  services: GatewayServices,
  res: Response,
  input: { stateId: string; path: string },
): void {
  res.append(
    'set-cookie',
    `${bindingCookieName(services, input.stateId)}=; ${cookieAttributes(services, input.path, 0)}`,
  );
}

/** Whether this request carries the cookie whose hash the state row holds (constant time). */
export function carriesBinding(
  services: GatewayServices,
  req: Request,
  input: { stateId: string; bindingHash: unknown },
): boolean {
  if (typeof input.bindingHash !== 'string' || input.bindingHash === '') return false;
  const value = readCookie(req, bindingCookieName(services, input.stateId));
  return value !== undefined && value !== '' && safeEqual(hashSecret(value), input.bindingHash);
}

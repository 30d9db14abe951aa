import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { hashSecret, safeEqual } from '../crypto/tokens.js';
import { cookieLine, readGatewayCookie } from '../http/cookies.js';
import type { GatewayServices } from '../services.js';

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

const bindingCookie = (stateId: string): string => `${COOKIE_PREFIX}${stateId}`;

/** The binding cookie of this flow state, as the request carries it. */
export function readBinding(services: GatewayServices, req: Request, stateId: string) {
  return readGatewayCookie(req, services.config, bindingCookie(stateId));
}

/** A fresh binding: the value for the cookie, and the hash the state row keeps. */
export function newBinding(): { value: string; hash: string } {
  const value = randomBytes(32).toString('base64url');
  return { value, hash: hashSecret(value) };
}

// Only the callback reads it (its path on http). Like the company cookie, framable: the hosted
// pages may run in an iframe; a provider's redirect back is a top-level GET either way.
const bindingLine = (
  services: GatewayServices,
  input: { stateId: string; path: string; value: string; maxAgeSeconds: number },
): string =>
  cookieLine(services.config, {
    name: bindingCookie(input.stateId),
    value: input.value,
    path: input.path,
    maxAgeSeconds: input.maxAgeSeconds,
    sameSite: 'framable',
  });

export function setBindingCookie(
  services: GatewayServices,
  res: Response,
  input: { stateId: string; path: string; value: string; maxAgeSeconds: number },
): void {
  res.append('set-cookie', bindingLine(services, input));
}

export function clearBindingCookie(
  services: GatewayServices,
  res: Response,
  input: { stateId: string; path: string },
): void {
  res.append('set-cookie', bindingLine(services, { ...input, value: '', maxAgeSeconds: 0 }));
}

/** Whether this request carries the cookie whose hash the state row holds (constant time). */
export function carriesBinding(
  services: GatewayServices,
  req: Request,
  input: { stateId: string; bindingHash: unknown },
): boolean {
  if (typeof input.bindingHash !== 'string' || input.bindingHash === '') return false;
  const value = readBinding(services, req, input.stateId);
  return value !== undefined && value !== '' && safeEqual(hashSecret(value), input.bindingHash);
}

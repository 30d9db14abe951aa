import type { Request, RequestHandler } from 'express';
import { safeEqual } from '../crypto/tokens.js';
import { gatewayError } from '../http/errors.js';

/** Throws AUTH_REQUIRED / INVALID_CREDENTIALS unless `x-admin-api-key` matches (constant time). */
export function assertAdminKey(req: Request, adminApiKey: string): void {
  const given = req.get('x-admin-api-key');
  if (given === undefined || given === '')
    throw gatewayError('AUTH_REQUIRED', 'Send the platform admin key in x-admin-api-key.');
  if (!safeEqual(given, adminApiKey))
    throw gatewayError('INVALID_CREDENTIALS', 'The admin key is not valid.');
}

/**
 * `x-admin-api-key`, compared in constant time. Wrong keys are throttled per client address on
 * every route, before any of them runs (`adminKey` in src/http/throttle.ts).
 */
export function requireAdminKey(adminApiKey: string): RequestHandler {
  return (req, _res, next) => {
    assertAdminKey(req, adminApiKey);
    next();
  };
}

import type { RequestHandler } from 'express';
import { safeEqual } from '../crypto/tokens.js';
import { gatewayError } from '../http/errors.js';

/** `x-admin-api-key`, compared in constant time. */
export function requireAdminKey(adminApiKey: string): RequestHandler {
  return (req, _res, next) => {
    const given = req.get('x-admin-api-key');
    if (given === undefined || given === '') {
      next(gatewayError('AUTH_REQUIRED', 'Send the platform admin key in x-admin-api-key.'));
      return;
    }
    if (!safeEqual(given, adminApiKey)) {
      next(gatewayError('INVALID_CREDENTIALS', 'The admin key is not valid.'));
      return;
    }
    next();
  };
}

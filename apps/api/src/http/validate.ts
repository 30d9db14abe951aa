import type { Request } from 'express';
import type { z } from 'zod';
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

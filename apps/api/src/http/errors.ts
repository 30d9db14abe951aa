import { ScmError, toErrorBody, type ScmErrorCode } from '@scm/core';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { ZodError } from 'zod';
import type { Logger } from '@scm/core';

export const SERVICE_NAME = 'gitflare';

/** Shorthand for the errors the gateway itself raises. */
export function gatewayError(code: ScmErrorCode, message?: string, options: { provider?: string | null } = {}): ScmError {
  return new ScmError(code, { ...(message === undefined ? {} : { message }), source: 'gateway', provider: options.provider ?? null });
}

/** A zod failure on request input → INVALID_REQUEST naming the fields (never their values). */
export function invalidRequest(error: ZodError, where: string): ScmError {
  const fields = error.issues.map((issue) => `${[where, ...issue.path].join('.')}: ${issue.message}`);
  return gatewayError('INVALID_REQUEST', `Invalid request. ${fields.slice(0, 5).join('; ')}`);
}

export function sendError(res: Response, error: unknown): void {
  const body = toErrorBody(error, { requestId: res.locals.requestId as string, serviceName: SERVICE_NAME });
  const scm = ScmError.isInstance(error) ? error : null;
  res.locals.errorCode = body.error.code;
  if (scm?.retryAfterSeconds != null) res.setHeader('retry-after', String(scm.retryAfterSeconds));
  res.status(scm?.status ?? 500).type('application/json').send(JSON.stringify(body));
}

/** Anything that reaches the end of the routes. */
export const notFound: RequestHandler = (req, _res, next) => {
  next(gatewayError('RESOURCE_NOT_FOUND', `No route for ${req.method} ${req.path}.`));
};

/**
 * The one terminal handler (after backstage's MiddlewareFactory.error): one body shape, only
 * 5xx logged with their cause, `headersSent` respected.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    const normalized = normalize(error);
    if (res.headersSent) {
      next(error);
      return;
    }
    const status = ScmError.isInstance(normalized) ? normalized.status : 500;
    if (status >= 500) {
      logger.error('request failed', {
        requestId: res.locals.requestId,
        method: req.method,
        path: req.path,
        code: ScmError.isInstance(normalized) ? normalized.code : 'INTERNAL_ERROR',
        error: normalized instanceof Error ? { name: normalized.name, message: normalized.message, stack: normalized.stack } : String(normalized),
      });
    }
    sendError(res, normalized);
  };
}

// Express's own body-parser errors and zod errors become canonical codes.
function normalize(error: unknown): unknown {
  if (ScmError.isInstance(error)) return error;
  if (error instanceof ZodError) return invalidRequest(error, 'body');
  if (typeof error === 'object' && error !== null && 'type' in error) {
    const type = (error).type;
    if (type === 'entity.parse.failed') return gatewayError('INVALID_REQUEST', 'The request body is not valid JSON.');
    if (type === 'entity.too.large') return gatewayError('INVALID_REQUEST', 'The request body is too large.');
    if (typeof type === 'string' && type.startsWith('encoding.')) return gatewayError('INVALID_REQUEST', 'Unsupported request body encoding.');
    if (type === 'charset.unsupported') return gatewayError('INVALID_REQUEST', 'Unsupported request body charset.');
  }
  return error;
}

import { ScmError, toErrorBody, type ScmErrorCode } from '@scm/core';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import type { Logger } from '@scm/core';
import { sendJson } from './collections.js';
import { answersHtmlErrors, sendErrorPage } from './error-page.js';
import { requestContextOf, type WithLocals } from './request-context.js';

export const SERVICE_NAME = 'gitflare';

/** Shorthand for the errors the gateway itself raises. */
export function gatewayError(
  code: ScmErrorCode,
  message?: string,
  options: { provider?: string | null } = {},
): ScmError {
  return new ScmError(code, {
    ...(message === undefined ? {} : { message }),
    source: 'gateway',
    provider: options.provider ?? null,
  });
}

/**
 * Work the gateway has no room for now (a throttle, the password-hash queue, the webhook body
 * budget): RATE_LIMITED, with when to retry (at least 1 s).
 */
export function gatewayBusy(message: string, retryAfterSeconds = 1): ScmError {
  return new ScmError('RATE_LIMITED', {
    source: 'gateway',
    message,
    retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)),
  });
}

/** A zod failure on request input → INVALID_REQUEST naming the fields (never their values). */
export function invalidRequest(error: ZodError, where: string): ScmError {
  const fields = error.issues.map(
    (issue) => `${[where, ...issue.path].join('.')}: ${issue.message}`,
  );
  return gatewayError('INVALID_REQUEST', `Invalid request. ${fields.slice(0, 5).join('; ')}`);
}

/** The canonical error body; `status` overrides the code's (a webhook body over the limit is 413). */
export function sendError(res: WithLocals, error: unknown, status?: number): void {
  const body = toErrorBody(error, {
    requestId: requestContextOf(res).requestId,
    serviceName: SERVICE_NAME,
  });
  const scm = ScmError.isInstance(error) ? error : null;
  requestContextOf(res).errorCode = body.error.code;
  if (scm?.retryAfterSeconds != null) res.setHeader('retry-after', String(scm.retryAfterSeconds));
  sendJson(res, status ?? scm?.status ?? 500, body);
}

/** A 5xx is logged with its cause (and the request id); a 4xx is the caller's and is not. */
export function logServerError(
  logger: Logger,
  request: { method: string; path: string; requestId: string },
  normalized: unknown,
): void {
  const status = ScmError.isInstance(normalized) ? normalized.status : 500;
  if (status < 500) return;
  logger.error('request failed', {
    requestId: request.requestId,
    method: request.method,
    path: request.path,
    code: ScmError.isInstance(normalized) ? normalized.code : 'INTERNAL_ERROR',
    error:
      normalized instanceof Error
        ? { name: normalized.name, message: normalized.message, stack: normalized.stack }
        : String(normalized),
  });
}

/** Anything that reaches the end of the routes (a browser gets the HTML 404 page, see errorHandler). */
export const notFound: RequestHandler = (req, _res, next) => {
  next(
    gatewayError(
      'RESOURCE_NOT_FOUND',
      `No route for ${req.method} ${req.path.slice(0, 400)}: check the path (GET /docs lists the routes, GET /openapi.json describes them).`,
    ),
  );
};

/**
 * The one terminal handler (after backstage's MiddlewareFactory.error): one body shape, only
 * 5xx logged with their cause, `headersSent` respected. A browser asking for HTML on a page or an
 * unknown path gets the same error as an HTML page (src/http/error-page.ts: message, request id,
 * what to do); API paths (`/v1/*`, `/oauth/token`…) and JSON callers get the canonical body.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    const normalized = normalize(error);
    if (res.headersSent) {
      next(error);
      return;
    }
    logServerError(
      logger,
      { method: req.method, path: req.path, requestId: requestContextOf(res).requestId },
      normalized,
    );
    if (answersHtmlErrors(req)) sendErrorPage(req, res, normalized);
    else sendError(res, normalized);
  };
}

// Messages for the body parser's error types (body-parser / raw-body / http-errors `type`).
const BODY_ERRORS: Record<string, string> = {
  'entity.parse.failed': 'The request body is not valid JSON.',
  'entity.too.large': 'The request body is too large.',
  'entity.verify.failed': 'The request body could not be verified.',
  'encoding.unsupported': 'Unsupported request body encoding.',
  'charset.unsupported': 'Unsupported request body charset.',
  'parameters.too.many': 'The request body has too many form fields.',
  'request.size.invalid': 'The request body does not match its Content-Length.',
  'request.aborted': 'The request body was aborted.',
  'stream.encoding.set': 'The request body could not be read.',
  'stream.not.readable': 'The request body could not be read.',
};

/**
 * Express's own errors, the body parser's and zod's become canonical codes. Malformed input is
 * the caller's INVALID_REQUEST (400), never a 500: a path parameter with broken percent-encoding
 * (Express throws a URIError, as does any `decodeURIComponent` of request input), a body the
 * parser refused (bad JSON, a broken gzip/br/deflate stream, too many form fields, too large),
 * and any other client error Express marks with a 4xx `status`. The canonical list has no
 * "payload too large" code: those are INVALID_REQUEST with a message that says so.
 */
export function normalize(error: unknown): unknown {
  if (ScmError.isInstance(error)) return error;
  if (error instanceof ZodError) return invalidRequest(error, 'body');
  if (error instanceof URIError)
    return gatewayError('INVALID_REQUEST', 'The request has malformed percent-encoding.');
  if (typeof error === 'object' && error !== null) {
    const { type, status, statusCode } = error as {
      type?: unknown;
      status?: unknown;
      statusCode?: unknown;
    };
    if (typeof type === 'string' && Object.hasOwn(BODY_ERRORS, type))
      return gatewayError('INVALID_REQUEST', BODY_ERRORS[type]);
    if (typeof type === 'string' && type.startsWith('encoding.'))
      return gatewayError('INVALID_REQUEST', 'Unsupported request body encoding.');
    // http-errors' client errors (a body stream that failed to decompress is a 400 without a type).
    const httpStatus =
      typeof status === 'number' ? status : typeof statusCode === 'number' ? statusCode : undefined;
    if (httpStatus !== undefined && httpStatus >= 400 && httpStatus < 500) {
      return gatewayError(
        'INVALID_REQUEST',
        httpStatus === 413 ? 'The request body is too large.' : 'The request could not be read.',
      );
    }
  }
  return error;
}

import type { RequestHandler } from 'express';
import { gatewayError } from './errors.js';

// C0 controls but tab, line feed and carriage return, and DEL. PostgreSQL refuses NUL in text (a
// 500 deep in a query) while SQLite stores it: refuse them all at the door, on both databases.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
// The same characters percent-encoded in a path or query string.
const ENCODED_CONTROL = /%(?:0[0-8BCEF]|1[0-9A-F]|7F)/i;
const MAX_DEPTH = 32;

function findControl(value: unknown, depth: number): boolean {
  if (typeof value === 'string') return CONTROL.test(value);
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((item) => findControl(item, depth + 1));
  return Object.entries(value as Record<string, unknown>).some(
    ([key, item]) => CONTROL.test(key) || findControl(item, depth + 1),
  );
}

/** Whether a value (a header's decoded part, say) holds one of the refused control characters. */
export function hasControl(value: string): boolean {
  return CONTROL.test(value);
}

/** Whether a request's URL (path and query, as sent) holds a control character, raw or encoded. */
export function urlHasControl(url: string): boolean {
  return ENCODED_CONTROL.test(url) || CONTROL.test(url);
}

/**
 * Refuses a request whose path, query or parsed body holds a control character (INVALID_REQUEST),
 * before any handler sees it. Mounted after the body parsers.
 */
export const refuseControlCharacters: RequestHandler = (req, _res, next) => {
  const body: unknown = req.body;
  if (urlHasControl(req.originalUrl)) {
    next(
      gatewayError(
        'INVALID_REQUEST',
        'The URL holds a control character (such as NUL); remove it.',
      ),
    );
  } else if (findControl(body, 0)) {
    next(
      gatewayError(
        'INVALID_REQUEST',
        'The request body holds a control character (such as NUL) in a field; remove it.',
      ),
    );
  } else {
    next();
  }
};

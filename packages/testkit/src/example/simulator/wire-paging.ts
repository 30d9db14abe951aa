import { createHash } from 'node:crypto';
import type { SimulatorRequest, SimulatorResponse } from '../../server/simulator-server.js';

const DEFAULT_PAGE_SIZE = 30;
const MAX_PAGE_SIZE = 100;

export function wireError(status: number, type: string, message: string): SimulatorResponse {
  return { status, json: { error: { type, message } } };
}

/** The list's identity: a token is only good for the list (path and filters) that issued it. */
function listKey(request: SimulatorRequest): string {
  const { page_token: _token, page_size: _size, ...filters } = request.query;
  const sorted = Object.keys(filters)
    .sort()
    .map((key) => `${key}=${filters[key] ?? ''}`)
    .join('&');
  return createHash('sha256').update(`${request.path}?${sorted}`).digest('hex').slice(0, 12);
}

/**
 * The example API's pagination: `page_size` (1–100, default 30) and an opaque `page_token`
 * answered in the body's `next_page_token`.
 */
export function pageOf(request: SimulatorRequest, items: readonly unknown[]): SimulatorResponse {
  const sizeParam = request.query.page_size;
  const size = sizeParam === undefined ? DEFAULT_PAGE_SIZE : Number(sizeParam);
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    return wireError(400, 'invalid_request', 'page_size must be 1-100');
  }
  const key = listKey(request);
  let offset = 0;
  const token = request.query.page_token;
  if (token !== undefined) {
    const decoded = decodeToken(token);
    if (decoded?.k !== key)
      return wireError(400, 'invalid_page_token', 'page_token is not valid for this list');
    offset = decoded.o;
  }
  const end = offset + size;
  return {
    json: {
      items: items.slice(offset, end),
      next_page_token:
        end < items.length
          ? Buffer.from(JSON.stringify({ o: end, k: key })).toString('base64url')
          : null,
    },
  };
}

function decodeToken(token: string): { o: number; k: string } | undefined {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
    if (typeof value !== 'object' || value === null) return undefined;
    const { o, k } = value as { o?: unknown; k?: unknown };
    return typeof o === 'number' && Number.isInteger(o) && o >= 0 && typeof k === 'string'
      ? { o, k }
      : undefined;
  } catch {
    return undefined;
  }
}

import type { ServerResponse } from 'node:http';
import { gatewayError } from './errors.js';

export const DEFAULT_LIMIT = 25;
export const MAX_LIMIT = 100;

/** `limit`: 1–100, default 25; anything else (0, 101, 2.5, "ten", repeated) → INVALID_LIMIT. */
export function parseLimit(value: unknown): number {
  if (value === undefined) return DEFAULT_LIMIT;
  if (typeof value !== 'string' || !/^[0-9]{1,3}$/.test(value)) throw gatewayError('INVALID_LIMIT');
  const limit = Number(value);
  if (limit < 1 || limit > MAX_LIMIT) throw gatewayError('INVALID_LIMIT');
  return limit;
}

export interface PageInfo {
  limit: number;
  has_next_page: boolean;
  next_cursor: string | null;
}

/** The collections envelope: `{ data, page_info }`, serialised once. */
export function sendCollection(
  res: ServerResponse,
  data: readonly unknown[],
  pageInfo: PageInfo,
): void {
  sendJson(res, 200, { data, page_info: pageInfo });
}

/**
 * Serialises once and writes the answer without Express's `res.send` (its content-type lookup,
 * ETag hashing and freshness check cost CPU on every read and API answers are not revalidated).
 */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(text));
  res.end(res.req.method === 'HEAD' ? undefined : text);
}

import { assertLimit, ScmError, type Page, type PageQuery } from '@scm/core';
import type { WirePage } from './example-schemas.js';
import { EXAMPLE_PROVIDER_ID } from './map-common.js';

// The API's page tokens are base64url; anything else was not issued by it.
const PAGE_TOKEN = /^[A-Za-z0-9_-]{1,512}$/;

/**
 * `PageQuery` → the example API's `page_size` / `page_token`. The adapter's cursor is the API's
 * own token, checked for shape: it only ever becomes a query value, never a URL.
 */
export function pageParams(query: PageQuery): { page_size: number; page_token?: string } {
  assertLimit(query.limit);
  if (query.cursor === undefined) return { page_size: query.limit };
  if (!PAGE_TOKEN.test(query.cursor))
    throw new ScmError('INVALID_CURSOR', { provider: EXAMPLE_PROVIDER_ID });
  return { page_size: query.limit, page_token: query.cursor };
}

export function toPage<W, T>(wire: WirePage<W>, map: (item: W) => T): Page<T> {
  return { items: wire.items.map(map), nextCursor: wire.next_page_token };
}

import { assertLimit, pageFromLink, parseLinkHeader, ScmError, type PageQuery } from '@scm/core';
import { GITHUB_PROVIDER_ID } from './map-common.js';

// Page numbers GitHub issues in its Link headers; nothing else is a cursor of ours.
const PAGE_NUMBER = /^[1-9][0-9]{0,6}$/;

function invalidCursor(): ScmError {
  return new ScmError('INVALID_CURSOR', { provider: GITHUB_PROVIDER_ID, source: 'client' });
}

/**
 * `PageQuery` → GitHub's `per_page` / `page`. The cursor is the page number GitHub's `Link`
 * header pointed at, checked for shape: it only ever becomes a query value, never a URL.
 */
export function pageParams(query: PageQuery): { per_page: number; page: number } {
  assertLimit(query.limit);
  if (query.cursor === undefined) return { per_page: query.limit, page: 1 };
  if (!PAGE_NUMBER.test(query.cursor)) throw invalidCursor();
  return { per_page: query.limit, page: Number(query.cursor) };
}

/**
 * The next page number from a response's `Link` header, or null on the last page. Only the
 * `page` parameter is kept from GitHub's URL; the host and path are never followed.
 * https://docs.github.com/rest/using-the-rest-api/using-pagination-in-the-rest-api
 */
export function nextPage(headers: Readonly<Record<string, string>>): string | null {
  const link = headers.link;
  if (link === undefined) return null;
  const next = parseLinkHeader(link).next;
  if (next === undefined) return null;
  const page = pageFromLink(next, 'page');
  return page !== null && PAGE_NUMBER.test(page) ? page : null;
}

/**
 * A cursor made of a tag and a number (`r:2`, `s:1`, `5`), for listings the adapter pages itself
 * (two sources in turn, an offset into one response).
 */
export function parseTaggedCursor<T extends string>(
  cursor: string | undefined,
  tags: readonly T[],
): { tag: T; value: number } | undefined {
  if (cursor === undefined) return undefined;
  const colon = cursor.indexOf(':');
  const tag = cursor.slice(0, colon) as T;
  const value = cursor.slice(colon + 1);
  if (colon === -1 || !tags.includes(tag) || !/^(0|[1-9][0-9]{0,8})$/.test(value))
    throw invalidCursor();
  return { tag, value: Number(value) };
}

export { invalidCursor };

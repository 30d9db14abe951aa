import { assertLimit, parseLinkHeader, ScmError, type PageQuery } from '@scm/core';
import { GITLAB_PROVIDER_ID } from './map-common.js';

/**
 * The adapter's cursors, all its own and never a URL
 * (https://docs.gitlab.com/api/rest/#pagination):
 * - `p:<page>` — offset pagination: the `X-Next-Page` number.
 * - `k:<param>:<value>` — keyset pagination: the one query value GitLab's `Link: rel="next"`
 *   carries (`id_after` for projects, `page_token` for the repository tree).
 * A cursor is checked against the form the endpoint issues before it becomes a query value.
 */
const PAGE_CURSOR = /^p:([1-9][0-9]{0,6})$/;
const KEYSET_CURSOR = /^k:([a-z_]{1,32}):([A-Za-z0-9_+/=.-]{1,512})$/;
const PAGE_NUMBER = /^[1-9][0-9]{0,6}$/;

export function invalidCursor(): ScmError {
  return new ScmError('INVALID_CURSOR', { provider: GITLAB_PROVIDER_ID });
}

/** `PageQuery` → `per_page` and `page`. */
export function offsetParams(query: PageQuery): { per_page: number; page?: number } {
  assertLimit(query.limit);
  if (query.cursor === undefined) return { per_page: query.limit };
  return { per_page: query.limit, page: pageOfCursor(query.cursor) };
}

export function pageOfCursor(cursor: string): number {
  const match = PAGE_CURSOR.exec(cursor);
  if (match === null) throw invalidCursor();
  return Number(match[1]);
}

export function pageCursor(page: number): string {
  return `p:${page}`;
}

/** `PageQuery` → `pagination=keyset`, `per_page` and the keyset value a previous page issued. */
export function keysetParams(
  query: PageQuery,
  param: string,
): { pagination: 'keyset'; per_page: number } & Record<string, string | number> {
  assertLimit(query.limit);
  const params: { pagination: 'keyset'; per_page: number } & Record<string, string | number> = {
    pagination: 'keyset',
    per_page: query.limit,
  };
  if (query.cursor === undefined) return params;
  const match = KEYSET_CURSOR.exec(query.cursor);
  if (match?.[1] !== param || match[2] === undefined) throw invalidCursor();
  params[param] = match[2];
  return params;
}

/** The next page from `X-Next-Page` (empty on the last page), or null. */
export function nextOffsetCursor(headers: Readonly<Record<string, string>>): string | null {
  const next = headers['x-next-page']?.trim();
  if (next === undefined || next === '') return null;
  if (!PAGE_NUMBER.test(next)) throw unexpectedPaging('X-Next-Page is not a page number');
  return pageCursor(Number(next));
}

/**
 * The next keyset page from `Link: <…>; rel="next"`. Only the named query value is kept; a link to
 * another origin than the API's is refused rather than followed or trusted.
 */
export function nextKeysetCursor(
  headers: Readonly<Record<string, string>>,
  param: string,
  apiOrigin: string,
): string | null {
  const link = headers.link;
  if (link === undefined || link.length > 16_384) return null;
  const next = parseLinkHeader(link).next;
  if (next === undefined) return null;
  let url: URL;
  try {
    url = new URL(next);
  } catch {
    throw unexpectedPaging('The next link is not an absolute URL');
  }
  if (url.origin !== apiOrigin) throw unexpectedPaging('The next link points to another host');
  const value = url.searchParams.get(param);
  if (value === null || value === '') return null;
  const cursor = `k:${param}:${value}`;
  if (!KEYSET_CURSOR.test(cursor)) throw unexpectedPaging(`The next link's ${param} is malformed`);
  return cursor;
}

function unexpectedPaging(message: string): ScmError {
  return new ScmError('UPSTREAM_UNAVAILABLE', {
    provider: GITLAB_PROVIDER_ID,
    source: 'provider',
    message,
  });
}

import { assertLimit, ScmError, type Page, type PageQuery } from '@scm/core';
import { unexpectedShape } from './bitbucket-errors.js';
import type { WirePage } from './bitbucket-schemas.js';
import { BITBUCKET_PROVIDER_ID } from './map-common.js';

// Bitbucket's page tokens: page numbers, or opaque hashes on commit listings. A cursor holds
// nothing else, so it can only ever become the `page` query value.
const PAGE_TOKEN = /^[A-Za-z0-9_.=-]{1,512}$/;
/** Separates the parts of a composite cursor (`s~2`: phase and page); never in a page token. */
export const CURSOR_SEPARATOR = '~';

export function invalidCursor(): ScmError {
  return new ScmError('INVALID_CURSOR', { provider: BITBUCKET_PROVIDER_ID });
}

/** A page token from a cursor, checked for shape. */
export function checkPageToken(token: string): string {
  if (!PAGE_TOKEN.test(token)) throw invalidCursor();
  return token;
}

/**
 * `PageQuery` → Bitbucket's `pagelen` / `page`. `maxPagelen` is the endpoint's cap (50 for pull
 * requests); a smaller page than `limit` is still a valid page.
 */
export function pageParams(query: PageQuery, maxPagelen = 100): { pagelen: number; page?: string } {
  assertLimit(query.limit);
  const pagelen = Math.min(query.limit, maxPagelen);
  if (query.cursor === undefined) return { pagelen };
  return { pagelen, page: checkPageToken(query.cursor) };
}

/**
 * The cursor for Bitbucket's `next` URL: only its `page` value. A `next` on another origin, or
 * outside the API's path, is refused rather than followed.
 */
export function nextCursor(next: string | null | undefined, apiBase: URL): string | null {
  if (next === null || next === undefined || next === '') return null;
  let url: URL;
  try {
    url = new URL(next);
  } catch {
    throw unexpectedShape('next', 'Bitbucket answered with a malformed next-page URL.');
  }
  const prefix = apiBase.pathname.replace(/\/+$/, '');
  if (url.origin !== apiBase.origin || !url.pathname.startsWith(`${prefix}/`))
    throw unexpectedShape('next', 'Bitbucket answered with a next-page URL on another host.');
  const page = url.searchParams.get('page');
  if (page === null || !PAGE_TOKEN.test(page))
    throw unexpectedShape('next', 'Bitbucket answered with a next-page URL without a page token.');
  return page;
}

export function toPage<W, T>(wire: WirePage<W>, map: (item: W) => T, apiBase: URL): Page<T> {
  return { items: wire.values.map(map), nextCursor: nextCursor(wire.next, apiBase) };
}

/** `phase~token` → its parts; the token may be empty (the phase's first page). */
export function splitCursor(cursor: string): { phase: string; token: string | undefined } {
  const index = cursor.indexOf(CURSOR_SEPARATOR);
  if (index <= 0) throw invalidCursor();
  const token = cursor.slice(index + 1);
  return { phase: cursor.slice(0, index), token: token === '' ? undefined : checkPageToken(token) };
}

const FULL_SHA = /^[0-9a-f]{40}$/;

/** A page token and the commit its walk is pinned to: `token~sha` (the token may be empty). */
export function pinnedCursor(token: string | null, sha: string): string {
  return `${token ?? ''}${CURSOR_SEPARATOR}${sha}`;
}

/**
 * `token~sha` → its parts; undefined for a cursor without a pinned commit (an older cursor, whose
 * ref is then resolved again).
 */
export function splitPinned(
  cursor: string,
): { token: string | undefined; sha: string } | undefined {
  const index = cursor.lastIndexOf(CURSOR_SEPARATOR);
  if (index < 0) return undefined;
  const sha = cursor.slice(index + 1);
  if (!FULL_SHA.test(sha)) return undefined;
  const token = cursor.slice(0, index);
  return { token: token === '' ? undefined : checkPageToken(token), sha };
}

import { assertLimit, ScmError, type PageQuery } from '@scm/core';
import { AZURE_PROVIDER_ID } from './map-common.js';

/**
 * Azure DevOps pages two ways (https://learn.microsoft.com/rest/api/azure/devops/?view=azure-devops-rest-7.1):
 * `$top`/`$skip` on most lists, and an opaque `x-ms-continuationtoken` response header, sent back
 * as `continuationToken`, on refs, projects and builds. The adapter's cursor is the skip count or
 * that token, checked for shape: it only ever becomes a query value, never a URL or a host.
 */

const SKIP = /^[0-9]{1,9}$/;
// Continuation tokens are base64 or decimal; nothing else was issued by Azure.
const CONTINUATION = /^[A-Za-z0-9+/=_.~-]{1,2048}$/;
export const CONTINUATION_HEADER = 'x-ms-continuationtoken';

export function invalidCursor(): ScmError {
  return new ScmError('INVALID_CURSOR', { provider: AZURE_PROVIDER_ID });
}

/** The skip count a `$top`/`$skip` cursor carries; 0 on the first page. */
export function skipOf(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  if (!SKIP.test(cursor)) throw invalidCursor();
  return Number(cursor);
}

/**
 * `PageQuery` → `$top`/`$skip`. One more item than the limit is asked for: Azure does not say
 * whether more follow, the extra item does (and is not returned).
 */
export function offsetParams(query: PageQuery): { $top: number; $skip: number } {
  assertLimit(query.limit);
  return { $top: query.limit + 1, $skip: skipOf(query.cursor) };
}

/** The page of a `$top`/`$skip` answer fetched with `offsetParams`, and the next cursor. */
export function offsetPage<T>(
  items: readonly T[],
  query: PageQuery,
): { items: T[]; nextCursor: string | null } {
  const skip = skipOf(query.cursor);
  const more = items.length > query.limit;
  return {
    items: items.slice(0, query.limit),
    nextCursor: more ? String(skip + query.limit) : null,
  };
}

/** A continuation token given back as a cursor, checked for shape. */
export function continuationOf(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  if (!CONTINUATION.test(cursor)) throw invalidCursor();
  return cursor;
}

/** The next cursor of a continuation-token list: the token Azure sent, when it has that shape. */
export function nextContinuation(headers: Readonly<Record<string, string>>): string | null {
  const token = headers[CONTINUATION_HEADER]?.trim();
  if (token === undefined || token === '') return null;
  // A token we would refuse when given back is no token: end the listing rather than loop.
  return CONTINUATION.test(token) ? token : null;
}

/**
 * Cursors of listings made of several Azure lists walked in turn (checks: statuses then builds;
 * pull request search: project after project): `<phase>:<inner cursor>`, the inner cursor one of
 * the two kinds above.
 */
export function splitCursor(
  cursor: string | undefined,
  phases: readonly string[],
): { phase: string; inner: string | undefined } | undefined {
  if (cursor === undefined) return undefined;
  const colon = cursor.indexOf(':');
  if (colon === -1) throw invalidCursor();
  const phase = cursor.slice(0, colon);
  if (!phases.includes(phase)) throw invalidCursor();
  const inner = cursor.slice(colon + 1);
  return { phase, inner: inner === '' ? undefined : inner };
}

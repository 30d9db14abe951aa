import type { SimulatorRequest, SimulatorResponse } from '../server/simulator-server.js';

/** Bitbucket's error body (developer.atlassian.com/cloud/bitbucket/rest/intro/#standardized-error-responses). */
export function bitbucketError(
  status: number,
  message: string,
  headers?: Record<string, string>,
): SimulatorResponse {
  return {
    status,
    json: { type: 'error', error: { message } },
    ...(headers === undefined ? {} : { headers }),
  };
}

export interface PageOptions {
  /** The API origin plus `/2.0`, for the `next` URL. */
  apiBase: string;
  /** Largest `pagelen` the endpoint accepts; Bitbucket allows 50 for pull requests, 100 elsewhere. */
  maxPagelen?: number;
  defaultPagelen?: number;
  /**
   * Commit listings page with opaque tokens instead of numbers and carry no `size`
   * (developer.atlassian.com/cloud/bitbucket/rest/intro/#pagination).
   */
  opaque?: boolean;
}

function opaqueToken(offset: number): string {
  return Buffer.from(`o:${offset}`).toString('base64url');
}

function fromOpaque(token: string): number | undefined {
  const match = /^o:(\d{1,9})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : undefined;
}

/**
 * Bitbucket's body pagination: `values`, `pagelen`, `page`, `size` and a `next` URL that repeats
 * the request's own query with the next page.
 */
export function pageOf(
  request: SimulatorRequest,
  items: readonly unknown[],
  options: PageOptions,
): SimulatorResponse {
  const maxPagelen = options.maxPagelen ?? 100;
  const pagelenParam = request.query.pagelen;
  const pagelen =
    pagelenParam === undefined ? (options.defaultPagelen ?? 10) : Number(pagelenParam);
  if (!Number.isInteger(pagelen) || pagelen < 1 || pagelen > maxPagelen)
    return bitbucketError(400, `Invalid pagelen: must be between 1 and ${maxPagelen}`);
  const pageParam = request.query.page;
  let offset = 0;
  let page = 1;
  if (pageParam !== undefined) {
    if (options.opaque === true) {
      const decoded = fromOpaque(pageParam);
      if (decoded === undefined) return bitbucketError(400, 'Invalid page');
      offset = decoded;
    } else {
      page = Number(pageParam);
      if (!Number.isInteger(page) || page < 1) return bitbucketError(400, 'Invalid page');
      offset = (page - 1) * pagelen;
    }
  }
  const end = offset + pagelen;
  const body: Record<string, unknown> = { pagelen, values: items.slice(offset, end) };
  if (options.opaque !== true) {
    body.page = page;
    body.size = items.length;
  }
  if (end < items.length) {
    const query = new URLSearchParams(request.rawQuery);
    query.set('page', options.opaque === true ? opaqueToken(end) : String(page + 1));
    const path = request.path.replace(/^\/2\.0/, '');
    body.next = `${options.apiBase}${path}?${query.toString()}`;
  }
  return { json: body };
}

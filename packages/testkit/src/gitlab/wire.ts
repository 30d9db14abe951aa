import type { SimulatorRequest, SimulatorResponse } from '../server/simulator-server.js';

const DEFAULT_PER_PAGE = 20;
const MAX_PER_PAGE = 100;

/** GitLab's error body: `{ "message": "404 Project Not Found" }`. */
export function gitlabError(status: number, message: string): SimulatorResponse {
  return { status, json: { message } };
}

/**
 * The origin of a public URL: the request path already carries the path prefix and `/api/v4`,
 * so links are the origin plus the path the client requested.
 */
function originOf(publicUrl: string): string {
  return new URL(publicUrl).origin;
}

function perPageOf(request: SimulatorRequest): number | undefined {
  const raw = request.query.per_page;
  if (raw === undefined) return DEFAULT_PER_PAGE;
  const value = Number(raw);
  // GitLab clamps per_page to 1..100 rather than failing.
  if (!Number.isInteger(value)) return undefined;
  return Math.min(Math.max(value, 1), MAX_PER_PAGE);
}

function linkTo(
  publicUrl: string,
  request: SimulatorRequest,
  changes: Record<string, string>,
): string {
  const query = new URLSearchParams({ ...request.query, ...changes });
  return `${originOf(publicUrl)}${request.path}?${query.toString()}`;
}

/**
 * Offset pagination as GitLab answers it (https://docs.gitlab.com/api/rest/#offset-based-pagination):
 * `page`, `per_page` and the `X-Page`, `X-Per-Page`, `X-Next-Page`, `X-Prev-Page`, `X-Total`,
 * `X-Total-Pages` and `Link` headers.
 */
export function offsetPage(
  request: SimulatorRequest,
  items: readonly unknown[],
  publicUrl: string,
): SimulatorResponse {
  const perPage = perPageOf(request);
  const page = request.query.page === undefined ? 1 : Number(request.query.page);
  if (perPage === undefined || !Number.isInteger(page) || page < 1)
    return gitlabError(400, '400 Bad request - page is invalid');
  const totalPages = Math.max(1, Math.ceil(items.length / perPage));
  const next = page < totalPages ? String(page + 1) : '';
  const prev = page > 1 ? String(page - 1) : '';
  const links = [
    next === ''
      ? null
      : `<${linkTo(publicUrl, request, { page: next, per_page: String(perPage) })}>; rel="next"`,
    prev === ''
      ? null
      : `<${linkTo(publicUrl, request, { page: prev, per_page: String(perPage) })}>; rel="prev"`,
    `<${linkTo(publicUrl, request, { page: '1', per_page: String(perPage) })}>; rel="first"`,
    `<${linkTo(publicUrl, request, { page: String(totalPages), per_page: String(perPage) })}>; rel="last"`,
  ].filter((link) => link !== null);
  return {
    headers: {
      'x-page': String(page),
      'x-per-page': String(perPage),
      'x-next-page': next,
      'x-prev-page': prev,
      'x-total': String(items.length),
      'x-total-pages': String(totalPages),
      link: links.join(', '),
    },
    json: items.slice((page - 1) * perPage, page * perPage),
  };
}

/**
 * Keyset pagination (https://docs.gitlab.com/api/rest/#keyset-based-pagination): the items after
 * the one `after` names, and a `Link: rel="next"` carrying the next key in `param`. Items must be
 * in key order.
 */
export function keysetPage<T>(
  request: SimulatorRequest,
  items: readonly T[],
  options: {
    publicUrl: string;
    param: string;
    keyOf: (item: T) => string;
    /** Index of the first item after `value`, or undefined when `value` is not a valid key. */
    startAfter: (value: string) => number | undefined;
    render: (item: T) => unknown;
  },
): SimulatorResponse {
  const perPage = perPageOf(request);
  if (perPage === undefined) return gitlabError(400, '400 Bad request - per_page is invalid');
  const after = request.query[options.param];
  let start = 0;
  if (after !== undefined) {
    const index = options.startAfter(after);
    if (index === undefined)
      return gitlabError(400, `400 Bad request - ${options.param} is invalid`);
    start = index;
  }
  const slice = items.slice(start, start + perPage);
  const last = slice[slice.length - 1];
  const headers: Record<string, string> = {};
  if (start + perPage < items.length && last !== undefined) {
    const { page: _page, ...rest } = request.query;
    const query = new URLSearchParams({ ...rest, per_page: String(perPage) });
    query.set(options.param, options.keyOf(last));
    headers.link = `<${originOf(options.publicUrl)}${request.path}?${query.toString()}>; rel="next"`;
  }
  return { headers, json: slice.map(options.render) };
}

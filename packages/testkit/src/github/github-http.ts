import { createHash } from 'node:crypto';
import type { SimulatorRequest, SimulatorResponse } from '../server/simulator-server.js';
import type { Hosts } from './render/common.js';

/** GHES serves the REST API under this prefix and the web (OAuth) routes on the root. */
export const GHES_API_PREFIX = '/api/v3';
const DEFAULT_PER_PAGE = 30;
const MAX_PER_PAGE = 100;

export const DOCS = 'https://docs.github.com/rest';

/** GitHub's error body: `{ message, documentation_url, status }`. */
export function githubError(
  status: number,
  message: string,
  documentationUrl = DOCS,
  headers: Record<string, string> = {},
): SimulatorResponse {
  return {
    status,
    headers,
    json: { message, documentation_url: documentationUrl, status: String(status) },
  };
}

export const notFound = (): SimulatorResponse => githubError(404, 'Not Found');

/** The API and web roots as the client reached them: GitHub renders URLs for its own host. */
export function hostsOf(request: SimulatorRequest): Hosts {
  const hostHeader = request.headers.host;
  const host = typeof hostHeader === 'string' && hostHeader !== '' ? hostHeader : '127.0.0.1';
  const web = `http://${host}`;
  return {
    web,
    api: request.path.startsWith(`${GHES_API_PREFIX}/`) ? `${web}${GHES_API_PREFIX}` : web,
  };
}

export interface PageOptions {
  /** Wraps one page of items into the body (search results, check runs); default: the array. */
  wrap?: (items: unknown[], total: number) => unknown;
  maxPerPage?: number;
}

function queryString(query: Readonly<Record<string, string>>, page: number): string {
  const params = new URLSearchParams({ ...query, page: String(page) });
  return params.toString();
}

/**
 * GitHub's pagination: `per_page` (default 30, at most 100) and `page` (from 1), answered with an
 * RFC 8288 `Link` header (`next`, `last`, `first`, `prev`) of absolute URLs on the API host.
 * https://docs.github.com/rest/using-the-rest-api/using-pagination-in-the-rest-api
 */
export function pageOf(
  request: SimulatorRequest,
  items: readonly unknown[],
  options: PageOptions = {},
): SimulatorResponse {
  const maxPerPage = options.maxPerPage ?? MAX_PER_PAGE;
  const perPageParam = request.query.per_page;
  const pageParam = request.query.page;
  let perPage = perPageParam === undefined ? DEFAULT_PER_PAGE : Number(perPageParam);
  let page = pageParam === undefined ? 1 : Number(pageParam);
  // GitHub clamps rather than refuses out-of-range values.
  if (!Number.isInteger(perPage) || perPage < 1) perPage = DEFAULT_PER_PAGE;
  perPage = Math.min(perPage, maxPerPage);
  if (!Number.isInteger(page) || page < 1) page = 1;
  const start = (page - 1) * perPage;
  const slice = items.slice(start, start + perPage);
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  const base = `http://${String(request.headers.host)}${request.path}`;
  const link = (n: number, rel: string): string =>
    `<${base}?${queryString(request.query, n)}>; rel="${rel}"`;
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, 'prev'));
  if (page < lastPage) links.push(link(page + 1, 'next'), link(lastPage, 'last'));
  if (page > 1) links.push(link(1, 'first'));
  return {
    headers: links.length > 0 ? { link: links.join(', ') } : {},
    json: options.wrap === undefined ? slice : options.wrap(slice, items.length),
  };
}

/** A weak validator over the body, as GitHub sends on GETs. */
export function etagOf(body: unknown): string {
  return `W/"${createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 40)}"`;
}

/** The media type the client asked for: `diff` for `application/vnd.github.diff` (or `.v3.diff`). */
export function wantsDiff(request: SimulatorRequest): boolean {
  const accept = request.headers.accept;
  const value = Array.isArray(accept) ? accept.join(',') : (accept ?? '');
  return /application\/vnd\.github(\.v3)?\.diff/.test(value);
}

import { findRepository } from '../dataset/queries.js';
import type {
  Dataset,
  DatasetCheck,
  DatasetPullRequest,
  DatasetRepository,
} from '../dataset/types.js';
import type { Route, SimulatorRequest, SimulatorResponse } from '../server/simulator-server.js';
import { notFound } from './github-http.js';
import {
  apiRoute,
  type ApiHandler,
  type ApiRouteOptions,
  type Caller,
  type GitHubState,
} from './github-state.js';

/** User endpoints need a user: GitHub refuses installation tokens there. */
export const USER_ONLY = { callers: ['personal', 'oauth'] } as const;

export type RepoHandler = (
  request: SimulatorRequest,
  repo: DatasetRepository,
  caller: Caller,
) => SimulatorResponse | Promise<SimulatorResponse>;

/** What every `routes/*.ts` file builds its routes with. */
export interface RouteKit {
  state: GitHubState;
  dataset: Dataset;
  /** The current time as GitHub writes it (UTC, whole seconds). */
  iso: () => string;
  /** A REST route under `/` and `/api/v3`, with GitHub's auth, scopes and rate limits. */
  on: (method: string, path: string, handler: ApiHandler, options?: ApiRouteOptions) => Route[];
  get: (path: string, handler: ApiHandler, options?: ApiRouteOptions) => Route[];
  /**
   * A repository route under both of GitHub's forms: `/repos/:owner/:repo…` and the
   * (undocumented, long-stable) `/repositories/:id…`.
   */
  repoRoute: (
    method: string,
    rest: string,
    handler: RepoHandler,
    options?: ApiRouteOptions,
  ) => Route[];
  /** The repository's pull request by its number (a path parameter). */
  pullOf: (repo: DatasetRepository, number: string | undefined) => DatasetPullRequest | undefined;
  /** The labels added to a pull request through the API. */
  labelsOf: (repo: DatasetRepository, number: number) => string[];
  /** The repository's commit statuses: the dataset's, then those set through the API. */
  allStatuses: (repo: DatasetRepository) => { check: DatasetCheck; targetUrl: string | null }[];
}

export function createRouteKit(state: GitHubState): RouteKit {
  const { dataset } = state;
  const on: RouteKit['on'] = (method, path, handler, options) =>
    apiRoute(state, method, path, handler, options);
  return {
    state,
    dataset,
    iso: () => new Date(Math.floor(state.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
    on,
    get: (path, handler, options) => on('GET', path, handler, options),
    repoRoute: (method, rest, handler, options) => {
      const byName: ApiHandler = (request, caller) => {
        const repo = findRepository(
          dataset,
          `${request.params.owner ?? ''}/${request.params.repo ?? ''}`,
        );
        return repo === undefined ? notFound() : handler(request, repo, caller);
      };
      const byId: ApiHandler = (request, caller) => {
        const id = request.params.id ?? '';
        const repo = /^\d+$/.test(id) ? findRepository(dataset, id) : undefined;
        return repo === undefined ? notFound() : handler(request, repo, caller);
      };
      return [
        ...on(method, `/repos/:owner/:repo${rest}`, byName, options),
        ...on(method, `/repositories/:id${rest}`, byId, options),
      ];
    },
    pullOf: (repo, number) => repo.pullRequests.find((pr) => String(pr.number) === number),
    labelsOf: (repo, number) => state.labels.get(`${repo.id}#${number}`) ?? [],
    allStatuses: (repo) => [
      ...repo.checks
        .filter((check) => check.kind === 'commit_status')
        .map((check) => ({
          check,
          targetUrl: `http://ci.example.test/${repo.fullName}/${check.id}`,
        })),
      ...state.statuses.filter((entry) => entry.repo === repo.id),
    ],
  };
}

export const byNewest = (a: { createdAt: string }, b: { createdAt: string }): number =>
  a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0;

/** A diff in the `application/vnd.github.diff` media type. */
export function diffText(text: string): SimulatorResponse {
  return { headers: { 'content-type': 'application/vnd.github.diff; charset=utf-8' }, text };
}

export interface SearchQuery {
  terms: string[];
  qualifiers: Partial<
    Record<'repo' | 'user' | 'org' | 'author' | 'state' | 'type' | 'in' | 'fork', string>
  >;
  /** `is:pr`, `is:merged`, `draft:true`… */
  flags: Set<string>;
}

/** GitHub search syntax, as far as the simulator needs it: words and `key:value` qualifiers. */
export function parseSearch(q: string): SearchQuery | undefined {
  if (q.length > 256) return undefined;
  const query: SearchQuery = { terms: [], qualifiers: {}, flags: new Set() };
  for (const token of q.split(/\s+/).filter((part) => part !== '')) {
    const colon = token.indexOf(':');
    if (colon <= 0) {
      query.terms.push(token);
      continue;
    }
    const key = token.slice(0, colon);
    const value = token.slice(colon + 1);
    if (key === 'is' || key === 'draft') query.flags.add(`${key}:${value}`);
    else if (['repo', 'user', 'org', 'author', 'state', 'type', 'in', 'fork'].includes(key))
      query.qualifiers[key as keyof SearchQuery['qualifiers']] = value;
  }
  return query;
}

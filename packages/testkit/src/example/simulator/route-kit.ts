import type { Dataset, DatasetCheck, DatasetRepository } from '../../dataset/types.js';
import { findRepository } from '../../dataset/queries.js';
import type {
  Route,
  RouteHandler,
  SimulatorRequest,
  SimulatorResponse,
} from '../../server/simulator-server.js';
import { wireError } from './wire-paging.js';

/** The tokens the simulated API knows: the one it accepts, and those it has expired. */
export interface ExampleTokens {
  current: string;
  expired: Set<string>;
}

/** What write calls leave behind, so later reads see them as the real API would. */
export interface WriteState {
  hooks: Map<string, { repo: number; id: string }>;
  statuses: { repo: number; check: DatasetCheck }[];
  nextId: number;
}

export interface ExampleRoutesOptions {
  dataset: Dataset;
  /** The bearer tokens the API accepts (`current`) and answers `token_expired` for. */
  tokens: ExampleTokens;
  now: () => number;
}

/** What every `routes/*.ts` file builds its routes with. */
export interface RouteKit {
  dataset: Dataset;
  state: WriteState;
  /** The current time as the API writes it (UTC, whole seconds). */
  iso: () => string;
  get: (path: string, handler: RouteHandler) => Route;
  post: (path: string, handler: RouteHandler) => Route;
  del: (path: string, handler: RouteHandler) => Route;
  /** Resolves `:repo` (an id or a full path) or answers `404 repo_not_found`. */
  withRepo: (
    handler: (request: SimulatorRequest, repo: DatasetRepository) => SimulatorResponse,
  ) => RouteHandler;
  /** The repository's checks, with the statuses set through the API. */
  allChecks: (repo: DatasetRepository) => DatasetCheck[];
}

export function createRouteKit(options: ExampleRoutesOptions): RouteKit {
  const { dataset, tokens, now } = options;
  const state: WriteState = { hooks: new Map(), statuses: [], nextId: 9_000_000 };

  const authed =
    (handler: RouteHandler): RouteHandler =>
    (request) => {
      const presented = request.headers.authorization;
      if (presented === `Bearer ${tokens.current}`) return handler(request);
      if (
        typeof presented === 'string' &&
        presented.startsWith('Bearer ') &&
        tokens.expired.has(presented.slice('Bearer '.length))
      )
        return wireError(401, 'token_expired', 'The token has expired');
      return wireError(401, 'unauthorized', 'A valid bearer token is required');
    };

  const route =
    (method: string) =>
    (path: string, handler: RouteHandler): Route => ({ method, path, handler: authed(handler) });

  return {
    dataset,
    state,
    iso: () => new Date(Math.floor(now() / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
    get: route('GET'),
    post: route('POST'),
    del: route('DELETE'),
    withRepo: (handler) => (request) => {
      const repo = findRepository(dataset, request.params.repo ?? '');
      if (repo === undefined) return wireError(404, 'repo_not_found', 'No such repository');
      return handler(request, repo);
    },
    allChecks: (repo) => [
      ...repo.checks,
      ...state.statuses.filter((entry) => entry.repo === repo.id).map((entry) => entry.check),
    ],
  };
}

import { findRepository } from '../dataset/queries.js';
import type { Dataset, DatasetCheck, DatasetRepository, DatasetUser } from '../dataset/types.js';
import type {
  Route,
  RouteHandler,
  SimulatorRequest,
  SimulatorResponse,
} from '../server/simulator-server.js';
import type { GitLabCaller, GitLabOAuthState, NeededScope } from './gitlab-auth.js';
import type { GitLabGroup } from './gitlab-dataset.js';
import type { GitLabRenderer } from './render.js';
import { gitlabError } from './wire.js';

export interface GitLabRoutesOptions {
  dataset: Dataset;
  groups: readonly GitLabGroup[];
  render: GitLabRenderer;
  oauth: GitLabOAuthState;
  /** `''` or a path prefix such as `/gitlab`. */
  prefix: string;
  /** The instance root as clients reach it (origin + prefix), for links. */
  publicUrl: () => string;
  now: () => number;
  /** Where created project hooks are kept; shared with the simulator's deliveries. */
  hooks: Map<number, GitLabProjectHook>;
}

/** A project hook created through the API; the simulator delivers events to it. */
export interface GitLabProjectHook {
  id: number;
  repo: number;
  /** The create request's body: `url`, `token`, `signing_token`, event flags. */
  body: Record<string, unknown>;
  createdAt: string;
}

/** What write calls leave behind, so later reads see them as the real API would. */
export interface WriteState {
  hooks: Map<number, GitLabProjectHook>;
  statuses: { repo: number; check: DatasetCheck }[];
  labels: Map<string, string[]>;
  nextId: number;
}

/**
 * The scope a route needs: `read_user` for `/user`, `read_api` to read, `api` to write, `any` for
 * the token-self endpoints every token may call.
 */
export type Scope = NeededScope;

/** What every `routes/*.ts` file builds its routes with. */
export interface RouteKit {
  dataset: Dataset;
  groups: readonly GitLabGroup[];
  render: GitLabRenderer;
  state: WriteState;
  /** The current time as GitLab writes it (UTC, whole seconds). */
  iso: () => string;
  /** `<publicUrl>/api/v4`, for pagination links. */
  api: () => string;
  /** A route under `<prefix>/api/v4`, refused unless the token covers `needs`. */
  route: (method: string, path: string, needs: Scope, handler: RouteHandler) => Route;
  /** A read (`read_api`). */
  get: (path: string, handler: RouteHandler) => Route;
  /** A write (`api`). */
  write: (method: string, path: string, handler: RouteHandler) => Route;
  /** Resolves `:repo` (an id or a URL-encoded full path) or answers `404 Project Not Found`. */
  withRepo: (
    handler: (request: SimulatorRequest, repo: DatasetRepository) => SimulatorResponse,
  ) => RouteHandler;
  /** The project's checks, with the statuses set through the API. */
  allChecks: (repo: DatasetRepository) => DatasetCheck[];
  /** Who an authenticated request acts as (the viewer unless a token names another user). */
  caller: (request: SimulatorRequest) => GitLabCaller & { user: DatasetUser };
  oauth: GitLabOAuthState;
}

export function createRouteKit(options: GitLabRoutesOptions): RouteKit {
  const { dataset, groups, render, oauth, prefix, publicUrl, now } = options;
  const state: WriteState = {
    hooks: options.hooks,
    statuses: [],
    labels: new Map(),
    nextId: 50_000_000,
  };
  const route: RouteKit['route'] = (method, path, needs, handler) => ({
    method,
    path: `${prefix}/api/v4${path}`,
    handler: (request) => oauth.check(request, needs) ?? handler(request),
  });
  return {
    dataset,
    groups,
    render,
    state,
    iso: () => new Date(Math.floor(now() / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
    api: () => `${publicUrl()}/api/v4`,
    route,
    get: (path, handler) => route('GET', path, 'read_api', handler),
    write: (method, path, handler) => route(method, path, 'api', handler),
    withRepo: (handler) => (request) => {
      const repo = findRepository(dataset, request.params.repo ?? '');
      if (repo === undefined) return gitlabError(404, '404 Project Not Found');
      return handler(request, repo);
    },
    oauth,
    caller: (request) => {
      const caller = oauth.callerOf(request) ?? { login: dataset.viewer.login, pat: null };
      const user = dataset.users.find((candidate) => candidate.login === caller.login);
      return { ...caller, user: user ?? dataset.viewer };
    },
    allChecks: (repo) => [
      ...repo.checks,
      ...state.statuses.filter((entry) => entry.repo === repo.id).map((entry) => entry.check),
    ],
  };
}

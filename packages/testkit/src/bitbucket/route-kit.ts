import { findCommit } from '../dataset/queries.js';
import type { Dataset, DatasetCheck, DatasetRepository } from '../dataset/types.js';
import type {
  Route,
  RouteHandler,
  SimulatorRequest,
  SimulatorResponse,
} from '../server/simulator-server.js';
import type { AuthState } from './bitbucket-auth.js';
import { BbqlError, compileBbql } from './bbql.js';
import { uuidFor } from './bitbucket-dataset.js';
import type { Hosts } from './render/common.js';
import type { StoredHook } from './render/hooks.js';
import { bitbucketError, type PageOptions } from './wire-paging.js';

export interface BitbucketRoutesOptions {
  dataset: Dataset;
  hosts: Hosts;
  auth: AuthState;
  now: () => number;
}

/** What write calls leave behind, so later reads see them as Bitbucket would. */
export interface WriteState {
  hooks: Map<string, StoredHook>;
  statuses: { repo: DatasetRepository; check: DatasetCheck; key: string; state: string }[];
  nextId: number;
}

export type RepoHandler = (
  request: SimulatorRequest,
  repo: DatasetRepository,
) => SimulatorResponse | Promise<SimulatorResponse>;

/**
 * A GET whose last parameter holds slashes (`/src/{commit}/{path}`, `/diff/ws/slug:a%0Db`), which
 * the router cannot match: `rest` is everything after `/<kind>/`, decoded.
 */
export type TailHandler = (
  request: SimulatorRequest,
  repo: DatasetRepository,
  rest: string,
) => SimulatorResponse;

/** What every `routes/*.ts` file builds its routes with. */
export interface RouteKit {
  dataset: Dataset;
  /** Read when a request is served: the port (and so the host) is known only once listening. */
  hosts: Hosts;
  state: WriteState;
  /** `pageOf`'s options for a 100-item endpoint (the `next` URL on the API host). */
  paging: PageOptions;
  /** The current time as Bitbucket writes it (UTC, whole seconds). */
  iso: () => string;
  /** A route under `/2.0`, with Bitbucket's credentials and the scope the endpoint needs. */
  route: (method: string, path: string, handler: RouteHandler) => Route;
  /** A route under `/2.0/repositories/:workspace/:slug`, answering 404 for an unknown repository. */
  repoRoute: (method: string, path: string, handler: RepoHandler) => Route;
  /** A repository by workspace (slug or UUID, `{}` for any) and slug (or UUID). */
  findRepo: (workspace: string, slug: string) => DatasetRepository | undefined;
  /** Bitbucket's 401 for a request without valid credentials. */
  authed: (handler: RouteHandler) => RouteHandler;
  /** Bitbucket's 403 for credentials without a scope the endpoint needs. */
  missingScope: (request: SimulatorRequest, scope: string) => SimulatorResponse | undefined;
  commitOf: (repo: DatasetRepository, sha: string) => ReturnType<typeof findCommit>;
}

/**
 * The scope each endpoint needs (developer.atlassian.com/cloud/bitbucket/rest/intro/#scopes);
 * `repository` when not listed.
 */
const SCOPES: Readonly<Record<string, string>> = {
  '/user': 'account',
  '/user/workspaces': 'account',
  '/users/:user/ssh-keys': 'account',
  '/workspaces/:workspace/pullrequests/:user': 'pullrequest',
  '/pullrequests': 'pullrequest',
  '/pullrequests/:id': 'pullrequest',
  '/pullrequests/:id/diff': 'pullrequest',
  '/pullrequests/:id/diffstat': 'pullrequest',
  '/pullrequests/:id/comments': 'pullrequest',
  '/pipelines': 'pipeline',
  '/environments': 'pipeline',
  '/deployments': 'pipeline',
  '/hooks': 'webhook',
  '/hooks/:uid': 'webhook',
};

export function notFound(message: string): SimulatorResponse {
  return bitbucketError(404, message);
}

/** Items whose rendering matches the request's BBQL `q`, or Bitbucket's 400 for a bad query. */
export function filterBbql<T>(
  request: SimulatorRequest,
  items: readonly T[],
  render: (item: T) => unknown,
): T[] | SimulatorResponse {
  const query = request.query.q;
  if (query === undefined) return [...items];
  try {
    const predicate = compileBbql(query);
    return items.filter((item) => predicate(render(item)));
  } catch (error) {
    if (error instanceof BbqlError) return bitbucketError(400, `Invalid query: ${error.message}`);
    throw error;
  }
}

export function createRouteKit(options: BitbucketRoutesOptions): RouteKit {
  const { dataset, hosts, auth, now } = options;
  const state: WriteState = { hooks: new Map(), statuses: [], nextId: 50_000_000 };
  // Read when a request is served: the port (and so the host) is known only once listening.
  const paging: PageOptions = {
    get apiBase() {
      return hosts.api;
    },
  };

  const findRepo = (workspace: string, slug: string): DatasetRepository | undefined =>
    dataset.repositories.find((repo) => {
      // `{}` stands for "any workspace" when the repository is named by its UUID.
      const workspaceMatches =
        workspace === '{}' ||
        repo.owner === workspace ||
        uuidFor('workspace', repo.owner) === workspace;
      return workspaceMatches && (repo.name === slug || repo.uuid === slug);
    });

  const authed =
    (handler: RouteHandler): RouteHandler =>
    (request) =>
      auth.check(request) ?? handler(request);

  const missingScope = (
    request: SimulatorRequest,
    scope: string,
  ): SimulatorResponse | undefined => {
    const granted = auth.scopesOf(request);
    if (granted.includes(scope)) return undefined;
    return {
      status: 403,
      json: {
        type: 'error',
        error: {
          message: 'Your credentials lack one or more required privilege scopes.',
          detail: { granted, required: [scope] },
        },
      },
    };
  };

  const withRepo =
    (handler: RepoHandler): RouteHandler =>
    (request) => {
      const repo = findRepo(request.params.workspace ?? '', request.params.slug ?? '');
      if (repo === undefined)
        return notFound(
          'The requested repository either does not exist or you do not have access.',
        );
      return handler(request, repo);
    };

  const route = (method: string, path: string, handler: RouteHandler): Route => {
    const scope = SCOPES[path.replace('/repositories/:workspace/:slug', '')] ?? 'repository';
    return {
      method,
      path: `/2.0${path}`,
      handler: authed((request) => missingScope(request, scope) ?? handler(request)),
    };
  };

  return {
    dataset,
    hosts,
    state,
    paging,
    iso: () => new Date(Math.floor(now() / 1000) * 1000).toISOString(),
    route,
    repoRoute: (method, path, handler) =>
      route(method, `/repositories/:workspace/:slug${path}`, withRepo(handler)),
    findRepo,
    authed,
    missingScope,
    commitOf: (repo, sha) => findCommit(repo, sha),
  };
}

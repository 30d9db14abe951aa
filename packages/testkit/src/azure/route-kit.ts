import { findCommit } from '../dataset/queries.js';
import type { Dataset, DatasetCheck, DatasetRepository } from '../dataset/types.js';
import type {
  Route,
  RouteHandler,
  SimulatorRequest,
  SimulatorResponse,
} from '../server/simulator-server.js';
import type { AzureAuthState } from './azure-auth.js';
import { repositoryGuid, type AzureProject, type AzureWorld } from './azure-dataset.js';
import { azureError, isoSeconds } from './azure-wire.js';

/** A service-hook subscription created through the API. */
export interface StoredSubscription {
  id: string;
  eventType: string;
  publisherId: string;
  resourceVersion: string;
  consumerId: string;
  consumerActionId: string;
  publisherInputs: Record<string, string>;
  /** As given: `url`, `basicAuthUsername`, `basicAuthPassword`, `httpHeaders`. */
  consumerInputs: Record<string, string>;
  createdDate: string;
}

/** What write calls leave behind, so later reads see them as Azure would. */
export interface WriteState {
  subscriptions: Map<string, StoredSubscription>;
  statuses: { repo: DatasetRepository; check: DatasetCheck; genre: string; creator: string }[];
  pullRequestStatuses: Map<number, Record<string, unknown>[]>;
  threads: Map<number, Record<string, unknown>[]>;
  labels: Map<number, string[]>;
  nextId: number;
}

export type ProjectHandler = (
  request: SimulatorRequest,
  project: AzureProject,
) => SimulatorResponse | Promise<SimulatorResponse>;

export type RepoHandler = (
  request: SimulatorRequest,
  repo: DatasetRepository,
  project: AzureProject,
) => SimulatorResponse | Promise<SimulatorResponse>;

/** What every `routes/*.ts` file builds its routes with. */
export interface AzureRouteKit {
  world: AzureWorld;
  dataset: Dataset;
  state: WriteState;
  /** `http://127.0.0.1:<port>`, read when a request is served. */
  origin: () => string;
  /** `<origin>[<pathPrefix>]/<organization>`: the organization or collection URL. */
  collectionUrl: () => string;
  /** Azure DevOps Server (a path prefix was given): no profile service, `onPremises`. */
  server: boolean;
  iso: () => string;
  /** A route under `/{organization}` with Azure's credentials and `api-version` checks. */
  orgRoute: (method: string, path: string, handler: RouteHandler) => Route;
  /** A route under `/{organization}/{project}`, answering 404 for an unknown project. */
  projectRoute: (method: string, path: string, handler: ProjectHandler) => Route;
  /**
   * A route under `…/_apis/git/repositories/{repositoryId}` (a GUID, or a name within its
   * project), with and without the project segment, answering 404 for an unknown repository.
   */
  repoRoutes: (method: string, path: string, handler: RepoHandler) => Route[];
  /** A route at the host root (the profile service), credentials and version checked. */
  rootRoute: (method: string, path: string, handler: RouteHandler) => Route;
  projectOf: (repo: DatasetRepository) => AzureProject;
  findProject: (nameOrId: string) => AzureProject | undefined;
  repositoriesOf: (project: AzureProject) => DatasetRepository[];
  userByLogin: (login: string) => Dataset['users'][number] | undefined;
  commitOf: (repo: DatasetRepository, sha: string) => ReturnType<typeof findCommit>;
}

const VERSION = /^(\d{1,2})\.(\d{1,2})(-preview(\.\d{1,2})?)?$/;
const LATEST = [7, 2] as const;

/** The requested `api-version` (query or `Accept: application/json;api-version=…`). */
function requestedVersion(request: SimulatorRequest): string | undefined {
  const fromQuery = request.query['api-version'];
  if (fromQuery !== undefined) return fromQuery;
  const accept = request.headers.accept;
  const match = /api-version=([0-9A-Za-z.-]{1,20})/.exec(typeof accept === 'string' ? accept : '');
  return match?.[1];
}

/**
 * Azure answers 400 to a call without `api-version`, and to one newer than it serves
 * (https://learn.microsoft.com/en-us/azure/devops/integrate/concepts/rest-api-versioning).
 */
export function checkVersion(request: SimulatorRequest): SimulatorResponse | undefined {
  const version = requestedVersion(request);
  if (version === undefined)
    return azureError(
      400,
      `No api-version was supplied for the "${request.method}" request. The version must be supplied either as part of the Accept header (e.g. "application/json; api-version=1.0") or as query parameter (e.g. '?api-version=1.0').`,
      'VssVersionNotSpecifiedException',
      'Microsoft.VisualStudio.Services.WebApi',
    );
  const match = VERSION.exec(version);
  const major = Number(match?.[1]);
  const minor = Number(match?.[2]);
  if (match === null)
    return azureError(
      400,
      `The requested version "${version}" of the resource is not valid.`,
      'VssInvalidApiVersionException',
      'Microsoft.VisualStudio.Services.WebApi',
    );
  if (major > LATEST[0] || (major === LATEST[0] && minor > LATEST[1]))
    return azureError(
      400,
      `The requested REST API version of ${version} is out of range for this server. The latest REST API version for this server is ${LATEST.join('.')}.`,
      'VssVersionOutOfRangeException',
      'Microsoft.VisualStudio.Services.WebApi',
    );
  return undefined;
}

export function repositoryNotFound(name: string): SimulatorResponse {
  return azureError(
    404,
    `TF401019: The Git repository with name or identifier ${name} does not exist or you do not have permissions for the operation you are attempting.`,
    'GitRepositoryNotFoundException',
    'Microsoft.TeamFoundation.Git.Server',
  );
}

export function projectNotFound(name: string): SimulatorResponse {
  return azureError(
    404,
    `TF200016: The following project does not exist: ${name}. Verify that the name of the project is correct and that the project exists on the specified Azure DevOps Server.`,
    'ProjectDoesNotExistWithNameException',
    'Microsoft.TeamFoundation.Core.WebApi',
  );
}

export function createAzureRouteKit(options: {
  world: AzureWorld;
  auth: AzureAuthState;
  origin: () => string;
  now: () => number;
  /** Azure DevOps Server's virtual directory (`/tfs`); empty for Services. */
  pathPrefix: string;
}): AzureRouteKit {
  const { world, auth, origin, now, pathPrefix } = options;
  const { dataset, organization } = world;
  const state: WriteState = {
    subscriptions: new Map(),
    statuses: [],
    pullRequestStatuses: new Map(),
    threads: new Map(),
    labels: new Map(),
    nextId: 50_000_000,
  };
  const projectByName = new Map(world.projects.map((project) => [project.name, project]));
  const projectOf = (repo: DatasetRepository): AzureProject => {
    const project = projectByName.get(repo.owner.slice(organization.length + 1));
    if (project === undefined) throw new Error(`no project for ${repo.fullName}`);
    return project;
  };
  const findProject = (nameOrId: string): AzureProject | undefined =>
    world.projects.find(
      (project) => project.name.toLowerCase() === nameOrId.toLowerCase() || project.id === nameOrId,
    );
  const repositoriesOf = (project: AzureProject): DatasetRepository[] =>
    dataset.repositories.filter((repo) => projectOf(repo).id === project.id);

  const guarded =
    (handler: RouteHandler): RouteHandler =>
    (request) =>
      auth.check(request) ?? checkVersion(request) ?? handler(request);

  const inOrganization =
    (handler: RouteHandler): RouteHandler =>
    (request) =>
      request.params.organization?.toLowerCase() === organization.toLowerCase()
        ? handler(request)
        : azureError(
            404,
            `The organization '${request.params.organization ?? ''}' could not be found.`,
            'HostNotFoundException',
            'Microsoft.VisualStudio.Services.Common',
          );

  const orgRoute = (method: string, path: string, handler: RouteHandler): Route => ({
    method,
    path: `${pathPrefix}/:organization${path}`,
    handler: inOrganization(guarded(handler)),
  });

  const withProject =
    (handler: ProjectHandler): RouteHandler =>
    (request) => {
      const project = findProject(request.params.project ?? '');
      return project === undefined
        ? projectNotFound(request.params.project ?? '')
        : handler(request, project);
    };

  const withRepo =
    (handler: RepoHandler, scoped: boolean): RouteHandler =>
    (request) => {
      const wanted = request.params.repositoryId ?? '';
      let project: AzureProject | undefined;
      if (scoped) {
        project = findProject(request.params.project ?? '');
        if (project === undefined) return projectNotFound(request.params.project ?? '');
      }
      const repo = dataset.repositories.find(
        (candidate) =>
          (project === undefined || projectOf(candidate).id === project.id) &&
          (repositoryGuid(candidate.uuid) === wanted.toLowerCase() ||
            // Only a project-scoped call may name the repository instead of its GUID.
            (project !== undefined && candidate.name.toLowerCase() === wanted.toLowerCase())),
      );
      return repo === undefined
        ? repositoryNotFound(wanted)
        : handler(request, repo, projectOf(repo));
    };

  return {
    world,
    dataset,
    state,
    origin,
    collectionUrl: () => `${origin()}${pathPrefix}/${organization}`,
    server: pathPrefix !== '',
    iso: () => isoSeconds(now()),
    orgRoute,
    projectRoute: (method, path, handler) =>
      orgRoute(method, `/:project${path}`, withProject(handler)),
    repoRoutes: (method, path, handler) => [
      orgRoute(
        method,
        `/:project/_apis/git/repositories/:repositoryId${path}`,
        withRepo(handler, true),
      ),
      orgRoute(method, `/_apis/git/repositories/:repositoryId${path}`, withRepo(handler, false)),
    ],
    rootRoute: (method, path, handler) => ({ method, path, handler: guarded(handler) }),
    projectOf,
    findProject,
    repositoriesOf,
    userByLogin: (login) => dataset.users.find((user) => user.login === login),
    commitOf: (repo, sha) => findCommit(repo, sha),
  };
}

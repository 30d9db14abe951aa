import { randomUUID } from 'node:crypto';
import { renderUnifiedDiff } from '../dataset/diff.js';
import { commitsOnBranch, findCommit, resolveRef, treeEntries } from '../dataset/queries.js';
import type {
  Dataset,
  DatasetCheck,
  DatasetDiffFile,
  DatasetRepository,
} from '../dataset/types.js';
import type {
  Route,
  RouteHandler,
  SimulatorRequest,
  SimulatorResponse,
} from '../server/simulator-server.js';
import type { AuthState } from './bitbucket-auth.js';
import { BbqlError, compileBbql } from './bbql.js';
import { uuidFor } from './bitbucket-dataset.js';
import {
  renderBranch,
  renderCommit,
  renderCommitStatus,
  renderDeployment,
  renderDiffstat,
  renderEnvironment,
  renderHook,
  renderPipeline,
  renderPullRequest,
  renderRepository,
  renderSshKey,
  renderTag,
  renderTreeEntry,
  renderViewer,
  renderWorkspaceAccess,
  shortHash,
  type Hosts,
  type StoredHook,
} from './render.js';
import { bitbucketError, pageOf, type PageOptions } from './wire-paging.js';

export interface BitbucketRoutesOptions {
  dataset: Dataset;
  hosts: Hosts;
  auth: AuthState;
  now: () => number;
}

interface WriteState {
  hooks: Map<string, StoredHook>;
  statuses: { repo: DatasetRepository; check: DatasetCheck; key: string; state: string }[];
  nextId: number;
}

const PR_STATES = new Set(['OPEN', 'MERGED', 'DECLINED', 'SUPERSEDED']);
const STATUS_STATES = new Set(['SUCCESSFUL', 'FAILED', 'INPROGRESS', 'STOPPED']);
const MAX_DEPTH = 100;

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

function notFound(message: string): SimulatorResponse {
  return bitbucketError(404, message);
}

/** Every value of a repeatable query parameter (`state=OPEN&state=MERGED`). */
function allValues(request: SimulatorRequest, name: string): string[] {
  return new URLSearchParams(request.rawQuery).getAll(name);
}

function filterBbql<T>(
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

/** The simulated Bitbucket Cloud 2.0 API over a dataset. */
export function bitbucketRoutes(options: BitbucketRoutesOptions): {
  routes: Route[];
  tail: RouteHandler;
  /** Webhooks created through the API, by UUID. */
  hooks: ReadonlyMap<string, StoredHook>;
} {
  const { dataset, hosts, auth, now } = options;
  const state: WriteState = { hooks: new Map(), statuses: [], nextId: 50_000_000 };
  // Read when a request is served: the port (and so the host) is known only once listening.
  const paging: PageOptions = {
    get apiBase() {
      return hosts.api;
    },
  };
  const iso = (): string => new Date(Math.floor(now() / 1000) * 1000).toISOString();

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

  /** Bitbucket's 403 for credentials without a scope the endpoint needs. */
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

  type RepoHandler = (
    request: SimulatorRequest,
    repo: DatasetRepository,
  ) => SimulatorResponse | Promise<SimulatorResponse>;
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
  const repoRoute = (method: string, path: string, handler: RepoHandler): Route =>
    route(method, `/repositories/:workspace/:slug${path}`, withRepo(handler));

  const renderRepo = (repo: DatasetRepository): unknown => renderRepository(hosts, dataset, repo);
  const allChecks = (repo: DatasetRepository): DatasetCheck[] => repo.checks;
  const commitOf = (repo: DatasetRepository, sha: string) => findCommit(repo, sha);

  function listRepositories(
    request: SimulatorRequest,
    repos: readonly DatasetRepository[],
  ): SimulatorResponse {
    const role = request.query.role;
    if (role !== undefined && !['member', 'contributor', 'admin', 'owner'].includes(role))
      return bitbucketError(400, `Invalid role: ${role}`);
    const filtered = filterBbql(request, repos, renderRepo);
    if (!Array.isArray(filtered)) return filtered;
    return pageOf(request, filtered.map(renderRepo), paging);
  }

  function pullRequestsResponse(
    request: SimulatorRequest,
    entries: { repo: DatasetRepository; pr: DatasetRepository['pullRequests'][number] }[],
  ): SimulatorResponse {
    const states = allValues(request, 'state');
    for (const value of states)
      if (!PR_STATES.has(value)) return bitbucketError(400, `Invalid state: ${value}`);
    const wanted = new Set(states.length === 0 ? ['OPEN'] : states);
    const rendered = entries
      .map(({ repo, pr }) => renderPullRequest(hosts, dataset, repo, pr))
      .filter((pr) => wanted.has(pr.state as string));
    const filtered = filterBbql(request, rendered, (pr) => pr);
    if (!Array.isArray(filtered)) return filtered;
    return pageOf(request, filtered, { ...paging, maxPagelen: 50 });
  }

  /** `{spec}` of the diff endpoints: one commit, `a..b`, or the pull request form `ws/slug:a%0Db`. */
  function resolveSpec(
    repo: DatasetRepository,
    spec: string,
    query: Readonly<Record<string, string>>,
  ): { files: DatasetDiffFile[]; newSha: string; oldSha: string | null } | undefined {
    const pullRequestId = query.from_pullrequest_id;
    if (pullRequestId !== undefined) {
      const pr = repo.pullRequests.find((candidate) => String(candidate.number) === pullRequestId);
      if (pr === undefined) return undefined;
      const [, hashes = ''] = spec.split(':');
      const [head = '', base = ''] = hashes.split(/\r|\.\./);
      if (!pr.headSha.startsWith(head) || !pr.baseSha.startsWith(base)) return undefined;
      return { files: pr.files, newSha: pr.headSha, oldSha: pr.baseSha };
    }
    if (spec.includes('..')) return undefined;
    const sha = resolveRef(repo, spec);
    const commit = sha === undefined ? undefined : commitOf(repo, sha);
    if (commit === undefined) return undefined;
    return { files: commit.files, newSha: commit.sha, oldSha: commit.parents[0] ?? null };
  }

  function srcListing(
    request: SimulatorRequest,
    repo: DatasetRepository,
    ref: string,
    path: string,
  ): SimulatorResponse {
    const sha = resolveRef(repo, ref);
    const commit = sha === undefined ? undefined : commitOf(repo, sha);
    if (commit === undefined) return notFound(`Commit not found: ${ref}`);
    const depthParam = request.query.max_depth;
    const depth = depthParam === undefined ? 1 : Number(depthParam);
    if (!Number.isInteger(depth) || depth < 1 || depth > MAX_DEPTH)
      return bitbucketError(400, 'Invalid max_depth');
    const entries = treeEntries(commit, { path, recursive: depth > 1 });
    if (entries === undefined) return notFound(`No such file or directory: ${path}`);
    const base = path.replace(/^\/+|\/+$/g, '');
    const within = entries.filter((entry) => {
      const rest = base === '' ? entry.path : entry.path.slice(base.length + 1);
      return rest.split('/').length <= depth;
    });
    return pageOf(
      request,
      within.map((entry) => renderTreeEntry(hosts, repo, commit.sha, entry)),
      paging,
    );
  }

  const TAIL = /^\/2\.0\/repositories\/([^/]+)\/([^/]+)\/(diff|diffstat|src)\/(.+)$/;

  /** Paths whose last parameter holds slashes (`/src/{commit}/{path}`, `/diff/ws/slug:a%0Db`). */
  const tail: RouteHandler = authed((request) => {
    const denied = missingScope(request, 'repository');
    if (denied !== undefined) return denied;
    const match = request.method === 'GET' ? TAIL.exec(request.path) : null;
    if (match === null) return notFound('Resource not found');
    const [, rawWorkspace = '', rawSlug = '', kind, rawRest = ''] = match;
    let workspace: string;
    let slug: string;
    let rest: string;
    try {
      workspace = decodeURIComponent(rawWorkspace);
      slug = decodeURIComponent(rawSlug);
      rest = decodeURIComponent(rawRest);
    } catch {
      return bitbucketError(400, 'Malformed path');
    }
    const repo = findRepo(workspace, slug);
    if (repo === undefined)
      return notFound('The requested repository either does not exist or you do not have access.');
    if (kind === 'src') {
      const separator = rest.indexOf('/');
      const ref = separator === -1 ? rest : rest.slice(0, separator);
      const path = separator === -1 ? '' : rest.slice(separator + 1);
      return srcListing(request, repo, ref, path);
    }
    const resolved = resolveSpec(repo, rest, request.query);
    if (resolved === undefined) return notFound(`Revision not found: ${rest}`);
    if (kind === 'diff') {
      return {
        headers: { 'content-type': 'text/plain' },
        text: renderUnifiedDiff(resolved.files),
      };
    }
    return pageOf(
      request,
      renderDiffstat(hosts, repo, resolved.files, resolved.newSha, resolved.oldSha),
      { ...paging, maxPagelen: 500, defaultPagelen: 500 },
    );
  });

  const routes: Route[] = [
    route('GET', '/user', () => ({ json: renderViewer(hosts, dataset) })),
    route('GET', '/user/workspaces', (request) =>
      pageOf(
        request,
        dataset.organizations
          .filter((org) => dataset.viewer.organizations.includes(org.login))
          .map((org) => renderWorkspaceAccess(hosts, org, org.members[0] === dataset.viewer.login)),
        paging,
      ),
    ),
    route('GET', '/repositories', (request) => listRepositories(request, dataset.repositories)),
    route('GET', '/repositories/:workspace', (request) =>
      listRepositories(
        request,
        dataset.repositories.filter((repo) => repo.owner === request.params.workspace),
      ),
    ),
    repoRoute('GET', '', (_request, repo) => ({ json: renderRepo(repo) })),
    repoRoute('GET', '/refs/branches', (request, repo) => {
      const branches = [...repo.branches].sort((a, b) => a.name.localeCompare(b.name));
      const rendered = branches.map((branch) =>
        renderBranch(hosts, dataset, repo, branch, commitOf(repo, branch.sha)),
      );
      const filtered = filterBbql(request, rendered, (branch) => branch);
      if (!Array.isArray(filtered)) return filtered;
      return pageOf(request, filtered, paging);
    }),
    repoRoute('GET', '/refs/branches/:name', (request, repo) => {
      const branch = repo.branches.find((candidate) => candidate.name === request.params.name);
      if (branch === undefined) return notFound(`Branch not found: ${request.params.name ?? ''}`);
      return { json: renderBranch(hosts, dataset, repo, branch, commitOf(repo, branch.sha)) };
    }),
    repoRoute('GET', '/refs/tags', (request, repo) =>
      pageOf(
        request,
        repo.tags.map((tag) => renderTag(hosts, dataset, repo, tag, commitOf(repo, tag.sha))),
        paging,
      ),
    ),
    repoRoute('GET', '/refs/tags/:name', (request, repo) => {
      const tag = repo.tags.find((candidate) => candidate.name === request.params.name);
      if (tag === undefined) return notFound(`Tag not found: ${request.params.name ?? ''}`);
      return { json: renderTag(hosts, dataset, repo, tag, commitOf(repo, tag.sha)) };
    }),
    repoRoute('GET', '/commits/:revision', (request, repo) => {
      const revision = request.params.revision ?? '';
      const sha = resolveRef(repo, revision);
      const branch = repo.branches.find((candidate) => candidate.sha === sha);
      const commits =
        branch !== undefined && branch.name === revision
          ? commitsOnBranch(repo, branch.name)
          : sha === undefined
            ? undefined
            : commitsFrom(repo, sha);
      if (commits === undefined) return notFound(`Revision not found: ${revision}`);
      return pageOf(
        request,
        commits.map((commit) => renderCommit(hosts, dataset, repo, commit)),
        { ...paging, opaque: true, defaultPagelen: 30 },
      );
    }),
    repoRoute('GET', '/commit/:sha', (request, repo) => {
      const sha = resolveRef(repo, request.params.sha ?? '');
      const commit = sha === undefined ? undefined : commitOf(repo, sha);
      if (commit === undefined) return notFound(`Commit not found: ${request.params.sha ?? ''}`);
      return { json: renderCommit(hosts, dataset, repo, commit) };
    }),
    repoRoute('GET', '/commit/:sha/statuses', (request, repo) => {
      const sha = resolveRef(repo, request.params.sha ?? '');
      if (sha === undefined || commitOf(repo, sha) === undefined)
        return notFound('Commit not found');
      const rendered = [
        ...allChecks(repo)
          .filter((check) => check.kind === 'commit_status' && check.sha === sha)
          .map((check) => renderCommitStatus(hosts, repo, check)),
        ...state.statuses
          .filter((entry) => entry.repo.id === repo.id && entry.check.sha === sha)
          .map((entry) => renderCommitStatus(hosts, repo, entry.check, entry.state, entry.key)),
      ];
      return pageOf(request, rendered, paging);
    }),
    repoRoute('POST', '/commit/:sha/statuses/build', (request, repo) => {
      const sha = resolveRef(repo, request.params.sha ?? '');
      if (sha === undefined || commitOf(repo, sha) === undefined)
        return notFound('Commit not found');
      const body = request.body as Record<string, unknown> | undefined;
      const key = body?.key;
      const statusState = body?.state;
      if (
        typeof key !== 'string' ||
        key === '' ||
        typeof statusState !== 'string' ||
        !STATUS_STATES.has(statusState)
      )
        return bitbucketError(400, 'key and a valid state are required');
      if (key.length > 40)
        return bitbucketError(
          400,
          `key: Ensure this value has at most 40 characters (it has ${String(key.length)}).`,
        );
      const completed = statusState !== 'INPROGRESS';
      const check: DatasetCheck = {
        id: (state.nextId += 1),
        kind: 'commit_status',
        name: typeof body?.name === 'string' ? body.name : key,
        sha,
        status: completed ? 'completed' : 'in_progress',
        conclusion:
          statusState === 'SUCCESSFUL'
            ? 'success'
            : statusState === 'FAILED'
              ? 'failure'
              : statusState === 'STOPPED'
                ? 'cancelled'
                : null,
        description: typeof body?.description === 'string' ? body.description : null,
        startedAt: iso(),
        completedAt: completed ? iso() : null,
      };
      // Posting the same key again updates that status, as Bitbucket does.
      state.statuses = state.statuses.filter(
        (entry) => !(entry.repo.id === repo.id && entry.check.sha === sha && entry.key === key),
      );
      state.statuses.push({ repo, check, key, state: statusState });
      return { status: 201, json: renderCommitStatus(hosts, repo, check, statusState, key) };
    }),
    repoRoute('GET', '/pipelines', (request, repo) => {
      const hash = request.query['target.commit.hash'];
      const branchName = request.query['target.branch'];
      const pipelines = allChecks(repo)
        .filter((check) => check.kind === 'check_run')
        .filter((check) => hash === undefined || check.sha === hash)
        .map((check) => ({
          check,
          branch: repo.branches.find((branch) => branch.sha === check.sha)?.name ?? null,
        }))
        .filter(({ branch }) => branchName === undefined || branch === branchName)
        .map(({ check, branch }) => renderPipeline(hosts, dataset, repo, check, branch));
      return pageOf(request, pipelines, paging);
    }),
    repoRoute('GET', '/environments', (request, repo) =>
      pageOf(
        request,
        repo.environments.map((environment) => renderEnvironment(repo, environment)),
        paging,
      ),
    ),
    repoRoute('GET', '/deployments', (request, repo) =>
      pageOf(
        request,
        repo.deployments.map((deployment) => renderDeployment(hosts, dataset, repo, deployment)),
        paging,
      ),
    ),
    repoRoute('GET', '/pullrequests', (request, repo) =>
      pullRequestsResponse(
        request,
        [...repo.pullRequests].sort((a, b) => b.number - a.number).map((pr) => ({ repo, pr })),
      ),
    ),
    repoRoute('GET', '/pullrequests/:id', (request, repo) => {
      const pr = repo.pullRequests.find(
        (candidate) => String(candidate.number) === request.params.id,
      );
      if (pr === undefined) return notFound('Pull request not found');
      return { json: renderPullRequest(hosts, dataset, repo, pr) };
    }),
    ...(['diff', 'diffstat'] as const).map((kind) =>
      repoRoute('GET', `/pullrequests/:id/${kind}`, (request, repo) => {
        const pr = repo.pullRequests.find(
          (candidate) => String(candidate.number) === request.params.id,
        );
        if (pr === undefined) return notFound('Pull request not found');
        // Bitbucket redirects to the repository diff with the pull request's revspec.
        const spec = `${repo.fullName}:${shortHash(pr.headSha)}%0D${shortHash(pr.baseSha)}`;
        return {
          status: 302,
          headers: {
            location: `${hosts.api}/repositories/${repo.fullName}/${kind}/${spec}?from_pullrequest_id=${pr.number}&topic=true`,
          },
        };
      }),
    ),
    repoRoute('POST', '/pullrequests/:id/comments', (request, repo) => {
      const pr = repo.pullRequests.find(
        (candidate) => String(candidate.number) === request.params.id,
      );
      if (pr === undefined) return notFound('Pull request not found');
      const body = request.body as { content?: { raw?: unknown } } | undefined;
      const raw = body?.content?.raw;
      if (typeof raw !== 'string' || raw === '')
        return bitbucketError(400, 'content.raw is required');
      const id = (state.nextId += 1);
      const base = `${hosts.api}/repositories/${repo.fullName}/pullrequests/${pr.number}`;
      return {
        status: 201,
        json: {
          type: 'pullrequest_comment',
          id,
          content: { type: 'rendered', raw, markup: 'markdown', html: '' },
          user: renderViewer(hosts, dataset),
          created_on: iso(),
          updated_on: iso(),
          deleted: false,
          pending: false,
          pullrequest: { type: 'pullrequest', id: pr.number, title: pr.title },
          links: {
            self: { href: `${base}/comments/${id}` },
            html: {
              href: `${hosts.web}/${repo.fullName}/pull-requests/${pr.number}/_/diff#comment-${id}`,
            },
          },
        },
      };
    }),
    repoRoute('GET', '/hooks', (request, repo) =>
      pageOf(
        request,
        [...state.hooks.values()]
          .filter((hook) => hook.repo.id === repo.id)
          .map((hook) => renderHook(hosts, hook)),
        paging,
      ),
    ),
    repoRoute('POST', '/hooks', (request, repo) => {
      const body = request.body as Record<string, unknown> | undefined;
      const events = body?.events;
      if (
        typeof body?.url !== 'string' ||
        !Array.isArray(events) ||
        events.length === 0 ||
        !events.every((event) => typeof event === 'string' && event.includes(':'))
      )
        return bitbucketError(400, 'url and events are required');
      const hook: StoredHook = {
        uuid: `{${randomUUID()}}`,
        repo,
        url: body.url,
        description: typeof body.description === 'string' ? body.description : '',
        events: events as string[],
        active: body.active !== false,
        secretSet: typeof body.secret === 'string' && body.secret !== '',
        secret: typeof body.secret === 'string' && body.secret !== '' ? body.secret : null,
        createdAt: iso(),
      };
      state.hooks.set(hook.uuid, hook);
      return { status: 201, json: renderHook(hosts, hook) };
    }),
    repoRoute('GET', '/hooks/:uid', (request, repo) => {
      const hook = state.hooks.get(request.params.uid ?? '');
      if (hook?.repo.id !== repo.id) return notFound('Webhook not found');
      return { json: renderHook(hosts, hook) };
    }),
    repoRoute('DELETE', '/hooks/:uid', (request, repo) => {
      const hook = state.hooks.get(request.params.uid ?? '');
      if (hook?.repo.id !== repo.id) return notFound('Webhook not found');
      state.hooks.delete(hook.uuid);
      return { status: 204 };
    }),
    route('GET', '/workspaces/:workspace/pullrequests/:user', (request) => {
      const workspace = request.params.workspace ?? '';
      const user = request.params.user ?? '';
      const author = dataset.users.find(
        (candidate) =>
          candidate.login === user ||
          uuidFor('user', candidate.id) === user ||
          `557058:${uuidFor('user', candidate.id).slice(1, -1)}` === user,
      );
      if (author === undefined) return notFound(`User not found: ${user}`);
      const entries = dataset.repositories
        .filter((repo) => repo.owner === workspace)
        .flatMap((repo) =>
          [...repo.pullRequests]
            .sort((a, b) => b.number - a.number)
            .filter((pr) => pr.author === author.login)
            .map((pr) => ({ repo, pr })),
        );
      return pullRequestsResponse(request, entries);
    }),
    route('GET', '/users/:user/ssh-keys', (request) => {
      const user = request.params.user ?? '';
      const viewerUuid = uuidFor('user', dataset.viewer.id);
      if (user !== viewerUuid && user !== dataset.viewer.login)
        return bitbucketError(403, "You may not access this user's keys");
      return pageOf(
        request,
        dataset.viewer.sshKeys.map((key) => renderSshKey(hosts, dataset, key)),
        paging,
      );
    }),
  ];
  return { routes, tail, hooks: state.hooks };
}

/** Commits reachable from a sha by first parents, newest first. */
function commitsFrom(
  repo: DatasetRepository,
  sha: string,
): DatasetRepository['commits'] | undefined {
  const bySha = new Map(repo.commits.map((commit) => [commit.sha, commit]));
  if (!bySha.has(sha)) return undefined;
  const out: DatasetRepository['commits'] = [];
  for (let current = bySha.get(sha); current !== undefined;) {
    out.push(current);
    const parent = current.parents[0];
    current = parent === undefined ? undefined : bySha.get(parent);
  }
  return out;
}

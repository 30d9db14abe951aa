import { randomUUID } from 'node:crypto';
import type { Dataset, DatasetCheck, DatasetRepository } from '../../dataset/types.js';
import {
  checksForRef,
  commitsOnBranch,
  deploymentsFor,
  findCommit,
  findRepository,
  pullRequestsByState,
  repositoriesFor,
  resolveRef,
  searchPullRequests,
  treeEntries,
} from '../../dataset/queries.js';
import type {
  Route,
  RouteHandler,
  SimulatorRequest,
  SimulatorResponse,
} from '../../server/simulator-server.js';
import {
  EXAMPLE_WEB,
  renderBranch,
  renderChange,
  renderCheck,
  renderCommit,
  renderContributor,
  renderDeployment,
  renderDiff,
  renderOrganization,
  renderRelease,
  renderRepository,
  renderTag,
  renderTreeEntry,
  renderUser,
} from './render.js';
import { pageOf, wireError } from './wire-paging.js';

export interface ExampleRoutesOptions {
  dataset: Dataset;
  /** The bearer token the API accepts. */
  token: string;
  now: () => number;
}

/** What write calls leave behind, so later reads see them as the real API would. */
interface WriteState {
  hooks: Map<string, { repo: number; id: string }>;
  statuses: { repo: number; check: DatasetCheck }[];
  nextId: number;
}

const STATES = new Set(['open', 'closed', 'merged', 'all']);
const STATUS_STATES: Record<string, Pick<DatasetCheck, 'status' | 'conclusion'>> = {
  pending: { status: 'in_progress', conclusion: null },
  success: { status: 'completed', conclusion: 'success' },
  failure: { status: 'completed', conclusion: 'failure' },
  error: { status: 'completed', conclusion: 'failure' },
};

/** The example API's routes over a dataset. */
export function exampleRoutes(options: ExampleRoutesOptions): Route[] {
  const { dataset, token, now } = options;
  const state: WriteState = { hooks: new Map(), statuses: [], nextId: 9_000_000 };
  const iso = (): string =>
    new Date(Math.floor(now() / 1000) * 1000).toISOString().replace('.000Z', 'Z');

  const authed =
    (handler: RouteHandler): RouteHandler =>
    (request) => {
      if (request.headers.authorization !== `Bearer ${token}`) {
        return wireError(401, 'unauthorized', 'A valid bearer token is required');
      }
      return handler(request);
    };

  const withRepo =
    (
      handler: (request: SimulatorRequest, repo: DatasetRepository) => SimulatorResponse,
    ): RouteHandler =>
    (request) => {
      const repo = findRepository(dataset, request.params.repo ?? '');
      if (repo === undefined) return wireError(404, 'repo_not_found', 'No such repository');
      return handler(request, repo);
    };

  const get = (path: string, handler: RouteHandler): Route => ({
    method: 'GET',
    path,
    handler: authed(handler),
  });
  const post = (path: string, handler: RouteHandler): Route => ({
    method: 'POST',
    path,
    handler: authed(handler),
  });

  const allChecks = (repo: DatasetRepository): DatasetCheck[] => [
    ...repo.checks,
    ...state.statuses.filter((entry) => entry.repo === repo.id).map((entry) => entry.check),
  ];

  return [
    get('/me', () => ({ json: { user: renderUser(dataset.viewer) } })),
    get('/orgs', (request) =>
      pageOf(
        request,
        dataset.organizations
          .filter((org) => dataset.viewer.organizations.includes(org.login))
          .map(renderOrganization),
      ),
    ),
    get('/repos', (request) =>
      pageOf(
        request,
        repositoriesFor(dataset, { owner: request.query.owner, search: request.query.q }).map(
          renderRepository,
        ),
      ),
    ),
    get(
      '/repos/:repo',
      withRepo((_request, repo) => ({ json: renderRepository(repo) })),
    ),
    get(
      '/repos/:repo/branches',
      withRepo((request, repo) =>
        pageOf(
          request,
          [...repo.branches]
            .sort((a, b) => a.name.localeCompare(b.name))
            .map((branch) => renderBranch(repo, branch)),
        ),
      ),
    ),
    get(
      '/repos/:repo/commits',
      withRepo((request, repo) => {
        const commits = commitsOnBranch(repo, request.query.branch ?? repo.defaultBranch);
        if (commits === undefined) return wireError(404, 'not_found', 'No such branch');
        return pageOf(
          request,
          commits.map((commit) => renderCommit(repo, commit)),
        );
      }),
    ),
    get(
      '/repos/:repo/commits/:sha/diff',
      withRepo((request, repo) => {
        const commit = findCommit(repo, request.params.sha ?? '');
        if (commit === undefined) return wireError(404, 'not_found', 'No such commit');
        return { json: renderDiff(commit.sha, commit.parents[0] ?? null, commit.files) };
      }),
    ),
    post(
      '/repos/:repo/commits/:sha/statuses',
      withRepo((request, repo) => {
        const commit = findCommit(repo, request.params.sha ?? '');
        const body = request.body as
          { state?: unknown; context?: unknown; description?: unknown } | undefined;
        if (commit === undefined) return wireError(404, 'not_found', 'No such commit');
        const mapped = typeof body?.state === 'string' ? STATUS_STATES[body.state] : undefined;
        if (mapped === undefined || typeof body?.context !== 'string') {
          return wireError(422, 'invalid_request', 'state and context are required');
        }
        const check: DatasetCheck = {
          id: (state.nextId += 1),
          kind: 'commit_status',
          name: body.context,
          sha: commit.sha,
          ...mapped,
          description: typeof body.description === 'string' ? body.description : null,
          startedAt: iso(),
          completedAt: mapped.status === 'completed' ? iso() : null,
        };
        state.statuses.push({ repo: repo.id, check });
        return { status: 201, json: renderCheck(repo, check) };
      }),
    ),
    get(
      '/repos/:repo/changes',
      withRepo((request, repo) => {
        const filter = request.query.status ?? 'open';
        if (!STATES.has(filter))
          return wireError(400, 'invalid_request', 'status must be open, closed, merged or all');
        const changes = pullRequestsByState(repo, filter as 'open').sort(
          (a, b) => b.number - a.number,
        );
        return pageOf(
          request,
          changes.map((pr) => renderChange(repo, pr)),
        );
      }),
    ),
    get(
      '/repos/:repo/changes/:number/diff',
      withRepo((request, repo) => {
        const pr = repo.pullRequests.find(
          (candidate) => String(candidate.number) === request.params.number,
        );
        if (pr === undefined) return wireError(404, 'not_found', 'No such change request');
        return { json: renderDiff(pr.headSha, pr.baseSha, pr.files) };
      }),
    ),
    post(
      '/repos/:repo/changes/:number/comments',
      withRepo((request, repo) => {
        const pr = repo.pullRequests.find(
          (candidate) => String(candidate.number) === request.params.number,
        );
        const body = request.body as { body?: unknown } | undefined;
        if (pr === undefined) return wireError(404, 'not_found', 'No such change request');
        if (typeof body?.body !== 'string' || body.body === '')
          return wireError(422, 'invalid_request', 'body is required');
        const id = (state.nextId += 1);
        return {
          status: 201,
          json: {
            id,
            web_url: `${EXAMPLE_WEB}/${repo.fullName}/changes/${pr.number}#comment-${id}`,
          },
        };
      }),
    ),
    get(
      '/repos/:repo/contributors',
      withRepo((request, repo) => pageOf(request, repo.contributors.map(renderContributor))),
    ),
    get(
      '/repos/:repo/tags',
      withRepo((request, repo) => pageOf(request, repo.tags.map(renderTag))),
    ),
    get(
      '/repos/:repo/releases',
      withRepo((request, repo) =>
        pageOf(
          request,
          repo.releases.map((release) => renderRelease(repo, release)),
        ),
      ),
    ),
    get(
      '/repos/:repo/checks',
      withRepo((request, repo) => {
        const sha = resolveRef(repo, request.query.ref ?? repo.defaultBranch);
        if (sha === undefined || checksForRef(repo, sha) === undefined)
          return wireError(404, 'not_found', 'No such ref');
        const checks = allChecks(repo).filter((check) => check.sha === sha);
        return pageOf(
          request,
          checks.map((check) => renderCheck(repo, check)),
        );
      }),
    ),
    get(
      '/repos/:repo/deployments',
      withRepo((request, repo) =>
        pageOf(
          request,
          deploymentsFor(repo, {
            environment: request.query.environment,
            state: request.query.state,
          }).map((deployment) => renderDeployment(repo, deployment)),
        ),
      ),
    ),
    get(
      '/repos/:repo/tree',
      withRepo((request, repo) => {
        const sha = resolveRef(repo, request.query.ref ?? repo.defaultBranch);
        const commit = sha === undefined ? undefined : findCommit(repo, sha);
        if (commit === undefined) return wireError(404, 'not_found', 'No such ref');
        const entries = treeEntries(commit, {
          path: request.query.path,
          recursive: request.query.recursive === 'true',
        });
        if (entries === undefined) return wireError(404, 'not_found', 'No such path');
        return pageOf(request, entries.map(renderTreeEntry));
      }),
    ),
    get('/search/changes', (request) => {
      const filter = request.query.status ?? 'all';
      if (!STATES.has(filter))
        return wireError(400, 'invalid_request', 'status must be open, closed, merged or all');
      const found = searchPullRequests(dataset, {
        state: filter as 'all',
        repo: request.query.repo,
        author: request.query.author,
      });
      return pageOf(
        request,
        found.map(({ repository, pullRequest }) => renderChange(repository, pullRequest)),
      );
    }),
    post(
      '/repos/:repo/hooks',
      withRepo((request, repo) => {
        const body = request.body as
          { url?: unknown; events?: unknown; active?: unknown } | undefined;
        if (typeof body?.url !== 'string' || !Array.isArray(body.events)) {
          return wireError(422, 'invalid_request', 'url and events are required');
        }
        const id = randomUUID();
        state.hooks.set(id, { repo: repo.id, id });
        return {
          status: 201,
          json: {
            id,
            url: body.url,
            events: body.events,
            active: body.active !== false,
            created_at: iso(),
          },
        };
      }),
    ),
    {
      method: 'DELETE',
      path: '/repos/:repo/hooks/:id',
      handler: authed(
        withRepo((request, repo) => {
          const hook = state.hooks.get(request.params.id ?? '');
          if (hook?.repo !== repo.id) return wireError(404, 'not_found', 'No such hook');
          state.hooks.delete(hook.id);
          return { status: 204 };
        }),
      ),
    },
  ];
}

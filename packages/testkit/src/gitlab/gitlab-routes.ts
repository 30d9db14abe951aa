import type { DatasetTreeEntry } from '../dataset/queries.js';
import {
  commitsOnBranch,
  findCommit,
  findRepository,
  resolveRef,
  treeEntries,
} from '../dataset/queries.js';
import type {
  Dataset,
  DatasetCheck,
  DatasetPullRequest,
  DatasetRepository,
} from '../dataset/types.js';
import type {
  Route,
  RouteHandler,
  SimulatorRequest,
  SimulatorResponse,
} from '../server/simulator-server.js';
import type { GitLabOAuthState } from './gitlab-auth.js';
import type { GitLabGroup } from './gitlab-dataset.js';
import { deploymentStatus, type GitLabRenderer } from './render.js';
import { gitlabError, keysetPage, offsetPage } from './wire.js';

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
type Hook = GitLabProjectHook;

/** What write calls leave behind, so later reads see them as the real API would. */
interface WriteState {
  hooks: Map<number, Hook>;
  statuses: { repo: number; check: DatasetCheck }[];
  labels: Map<string, string[]>;
  nextId: number;
}

const MR_STATES: Readonly<Record<string, DatasetPullRequest['state'] | 'all' | 'none'>> = {
  opened: 'open',
  closed: 'closed',
  merged: 'merged',
  locked: 'none',
  all: 'all',
};

// `POST /projects/:id/statuses/:sha` states (https://docs.gitlab.com/api/commits/#set-the-pipeline-status-of-a-commit).
const STATUS_STATES: Readonly<Record<string, Pick<DatasetCheck, 'status' | 'conclusion'>>> = {
  pending: { status: 'queued', conclusion: null },
  running: { status: 'in_progress', conclusion: null },
  success: { status: 'completed', conclusion: 'success' },
  failed: { status: 'completed', conclusion: 'failure' },
  canceled: { status: 'completed', conclusion: 'cancelled' },
  skipped: { status: 'completed', conclusion: 'skipped' },
};

const HOOK_FLAGS = [
  'push_events',
  'tag_push_events',
  'merge_requests_events',
  'note_events',
  'pipeline_events',
  'job_events',
  'deployment_events',
  'releases_events',
  'issues_events',
  'confidential_issues_events',
  'wiki_page_events',
] as const;

function byPath(a: DatasetTreeEntry, b: DatasetTreeEntry): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/** GitLab REST v4 routes over a dataset, under `<prefix>/api/v4`. */
export function gitlabRoutes(options: GitLabRoutesOptions): Route[] {
  const { dataset, groups, render, oauth, prefix, publicUrl, now } = options;
  const state: WriteState = {
    hooks: options.hooks,
    statuses: [],
    labels: new Map(),
    nextId: 50_000_000,
  };
  const iso = (): string =>
    new Date(Math.floor(now() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  const api = (): string => `${publicUrl()}/api/v4`;

  const route = (
    method: string,
    path: string,
    needs: 'read_user' | 'read_api' | 'api',
    handler: RouteHandler,
  ): Route => ({
    method,
    path: `${prefix}/api/v4${path}`,
    handler: (request) => oauth.check(request, needs) ?? handler(request),
  });
  const get = (path: string, handler: RouteHandler): Route =>
    route('GET', path, 'read_api', handler);
  const write = (method: string, path: string, handler: RouteHandler): Route =>
    route(method, path, 'api', handler);

  const withRepo =
    (
      handler: (request: SimulatorRequest, repo: DatasetRepository) => SimulatorResponse,
    ): RouteHandler =>
    (request) => {
      const repo = findRepository(dataset, request.params.repo ?? '');
      if (repo === undefined) return gitlabError(404, '404 Project Not Found');
      return handler(request, repo);
    };

  const mergeRequestOf = (
    repo: DatasetRepository,
    iid: string | undefined,
  ): DatasetPullRequest | undefined => repo.pullRequests.find((pr) => String(pr.number) === iid);

  const renderMergeRequest = (
    repo: DatasetRepository,
    pr: DatasetPullRequest,
  ): Record<string, unknown> => {
    const added = state.labels.get(`${repo.id}!${pr.number}`) ?? [];
    return render.mergeRequest(repo, { ...pr, labels: [...new Set([...pr.labels, ...added])] });
  };

  const mergeRequestFilter = (
    request: SimulatorRequest,
  ): DatasetPullRequest['state'] | 'all' | 'none' | undefined =>
    MR_STATES[request.query.state ?? 'all'];

  const allChecks = (repo: DatasetRepository): DatasetCheck[] => [
    ...repo.checks,
    ...state.statuses.filter((entry) => entry.repo === repo.id).map((entry) => entry.check),
  ];

  const projectsOf = (
    repos: DatasetRepository[],
    request: SimulatorRequest,
  ): DatasetRepository[] => {
    const search = request.query.search?.toLowerCase();
    return repos
      .filter((repo) => search === undefined || repo.name.toLowerCase().includes(search))
      .sort((a, b) => a.id - b.id);
  };

  const treeRef = (request: SimulatorRequest, repo: DatasetRepository): string | undefined =>
    resolveRef(repo, request.query.ref ?? repo.defaultBranch);

  return [
    {
      method: 'GET',
      path: `${prefix}/oauth/authorize`,
      handler: (request) => oauth.authorize(request),
    },
    { method: 'POST', path: `${prefix}/oauth/token`, handler: (request) => oauth.token(request) },

    route('GET', '/user', 'read_user', () => {
      const user = dataset.users.find((candidate) => candidate.login === dataset.viewer.login);
      return { json: render.user(user ?? dataset.viewer) };
    }),
    get('/user/keys', (request) =>
      offsetPage(request, dataset.viewer.sshKeys.map(render.sshKey), api()),
    ),
    get('/groups', (request) =>
      offsetPage(
        request,
        groups
          .filter((group) => dataset.viewer.organizations.includes(group.fullPath))
          .sort((a, b) => a.id - b.id)
          .map(render.group),
        api(),
      ),
    ),
    get('/groups/:group/projects', (request) => {
      const key = request.params.group ?? '';
      const group = groups.find(
        (candidate) => candidate.fullPath === key || String(candidate.id) === key,
      );
      if (group === undefined) return gitlabError(404, '404 Group Not Found');
      const nested = request.query.include_subgroups === 'true';
      const repos = dataset.repositories.filter(
        (repo) =>
          repo.owner === group.fullPath || (nested && repo.owner.startsWith(`${group.fullPath}/`)),
      );
      return offsetPage(request, projectsOf(repos, request).map(render.project), api());
    }),
    get('/users/:user/projects', (request) => {
      const key = request.params.user ?? '';
      const user = dataset.users.find(
        (candidate) => candidate.login === key || String(candidate.id) === key,
      );
      if (user === undefined) return gitlabError(404, '404 User Not Found');
      const repos = dataset.repositories.filter((repo) => repo.owner === user.login);
      return offsetPage(request, projectsOf(repos, request).map(render.project), api());
    }),
    get('/projects', (request) => {
      const repos = projectsOf(dataset.repositories, request);
      if (request.query.pagination !== 'keyset')
        return offsetPage(request, repos.map(render.project), api());
      if (request.query.order_by !== undefined && request.query.order_by !== 'id')
        return gitlabError(
          405,
          '405 Method Not Allowed - keyset pagination is only supported for order_by=id',
        );
      return keysetPage(request, repos, {
        publicUrl: api(),
        param: 'id_after',
        keyOf: (repo) => String(repo.id),
        startAfter: (value) => {
          if (!/^\d{1,15}$/.test(value)) return undefined;
          const index = repos.findIndex((repo) => repo.id > Number(value));
          return index === -1 ? repos.length : index;
        },
        render: render.project,
      });
    }),
    get(
      '/projects/:repo',
      withRepo((_request, repo) => ({ json: render.project(repo) })),
    ),
    get(
      '/projects/:repo/repository/branches',
      withRepo((request, repo) =>
        offsetPage(
          request,
          [...repo.branches]
            .sort((a, b) => a.name.localeCompare(b.name))
            .map((branch) => render.branch(repo, branch)),
          api(),
        ),
      ),
    ),
    get(
      '/projects/:repo/repository/commits',
      withRepo((request, repo) => {
        const commits = commitsOnBranch(repo, request.query.ref_name ?? repo.defaultBranch);
        if (commits === undefined) return gitlabError(404, '404 Reference Not Found');
        return offsetPage(
          request,
          commits.map((commit) => render.commit(repo, commit)),
          api(),
        );
      }),
    ),
    get(
      '/projects/:repo/repository/commits/:sha',
      withRepo((request, repo) => {
        const sha = resolveRef(repo, request.params.sha ?? '');
        const commit = sha === undefined ? undefined : findCommit(repo, sha);
        if (commit === undefined) return gitlabError(404, '404 Commit Not Found');
        return { json: render.commit(repo, commit) };
      }),
    ),
    get(
      '/projects/:repo/repository/commits/:sha/diff',
      withRepo((request, repo) => {
        const sha = resolveRef(repo, request.params.sha ?? '');
        const commit = sha === undefined ? undefined : findCommit(repo, sha);
        if (commit === undefined) return gitlabError(404, '404 Commit Not Found');
        return offsetPage(request, commit.files.map(render.diff), api());
      }),
    ),
    get(
      '/projects/:repo/repository/commits/:sha/statuses',
      withRepo((request, repo) => {
        const sha = resolveRef(repo, request.params.sha ?? '');
        if (sha === undefined) return gitlabError(404, '404 Commit Not Found');
        const statuses = allChecks(repo).filter(
          (check) => check.kind === 'commit_status' && check.sha === sha,
        );
        return offsetPage(
          request,
          statuses.map((check) => render.commitStatus(repo, check)),
          api(),
        );
      }),
    ),
    write(
      'POST',
      '/projects/:repo/statuses/:sha',
      withRepo((request, repo) => {
        const commit = findCommit(repo, request.params.sha ?? '');
        if (commit === undefined) return gitlabError(404, '404 Commit Not Found');
        const body = (request.body ?? {}) as {
          state?: unknown;
          name?: unknown;
          context?: unknown;
          description?: unknown;
        };
        const mapped = typeof body.state === 'string' ? STATUS_STATES[body.state] : undefined;
        if (mapped === undefined)
          return gitlabError(400, '400 Bad request - state does not have a valid value');
        const name =
          typeof body.name === 'string'
            ? body.name
            : typeof body.context === 'string'
              ? body.context
              : 'default';
        const check: DatasetCheck = {
          id: (state.nextId += 1),
          kind: 'commit_status',
          name,
          sha: commit.sha,
          ...mapped,
          description: typeof body.description === 'string' ? body.description : null,
          startedAt: iso(),
          completedAt: mapped.status === 'completed' ? iso() : null,
        };
        state.statuses.push({ repo: repo.id, check });
        return { status: 201, json: render.commitStatus(repo, check) };
      }),
    ),
    get(
      '/projects/:repo/pipelines',
      withRepo((request, repo) => {
        const ref = request.query.ref;
        const sha = request.query.sha;
        const pipelines = repo.checks.filter(
          (check) =>
            check.kind === 'check_run' &&
            (sha === undefined || check.sha === sha) &&
            (ref === undefined || resolveRef(repo, ref) === check.sha),
        );
        return offsetPage(
          request,
          pipelines.map((check) => render.pipeline(repo, check)),
          api(),
        );
      }),
    ),
    get(
      '/projects/:repo/merge_requests',
      withRepo((request, repo) => {
        const filter = mergeRequestFilter(request);
        if (filter === undefined)
          return gitlabError(400, '400 Bad request - state does not have a valid value');
        const author = request.query.author_username;
        const found = repo.pullRequests
          .filter((pr) => filter === 'all' || pr.state === filter)
          .filter((pr) => author === undefined || pr.author === author)
          .sort((a, b) => b.number - a.number);
        return offsetPage(
          request,
          found.map((pr) => renderMergeRequest(repo, pr)),
          api(),
        );
      }),
    ),
    get('/merge_requests', (request) => {
      const filter = mergeRequestFilter(request);
      if (filter === undefined)
        return gitlabError(400, '400 Bad request - state does not have a valid value');
      const author = request.query.author_username;
      // Without scope=all, GitLab lists only the merge requests the viewer created.
      const scopeAll = request.query.scope === 'all';
      const found: Record<string, unknown>[] = [];
      for (const repo of dataset.repositories) {
        for (const pr of [...repo.pullRequests].sort((a, b) => b.number - a.number)) {
          if (filter !== 'all' && pr.state !== filter) continue;
          if (author !== undefined && pr.author !== author) continue;
          if (!scopeAll && pr.author !== dataset.viewer.login) continue;
          found.push(renderMergeRequest(repo, pr));
        }
      }
      return offsetPage(request, found, api());
    }),
    get(
      '/projects/:repo/merge_requests/:iid',
      withRepo((request, repo) => {
        const pr = mergeRequestOf(repo, request.params.iid);
        if (pr === undefined) return gitlabError(404, '404 Not found');
        return { json: renderMergeRequest(repo, pr) };
      }),
    ),
    write(
      'PUT',
      '/projects/:repo/merge_requests/:iid',
      withRepo((request, repo) => {
        const pr = mergeRequestOf(repo, request.params.iid);
        if (pr === undefined) return gitlabError(404, '404 Not found');
        const body = (request.body ?? {}) as { add_labels?: unknown };
        if (typeof body.add_labels === 'string') {
          const key = `${repo.id}!${pr.number}`;
          const added = body.add_labels
            .split(',')
            .map((label) => label.trim())
            .filter((label) => label !== '');
          state.labels.set(key, [...new Set([...(state.labels.get(key) ?? []), ...added])]);
        }
        return { json: renderMergeRequest(repo, pr) };
      }),
    ),
    get(
      '/projects/:repo/merge_requests/:iid/diffs',
      withRepo((request, repo) => {
        const pr = mergeRequestOf(repo, request.params.iid);
        if (pr === undefined) return gitlabError(404, '404 Not found');
        return offsetPage(request, pr.files.map(render.diff), api());
      }),
    ),
    write(
      'POST',
      '/projects/:repo/merge_requests/:iid/notes',
      withRepo((request, repo) => {
        const pr = mergeRequestOf(repo, request.params.iid);
        if (pr === undefined) return gitlabError(404, '404 Not found');
        const body = (request.body ?? {}) as { body?: unknown };
        if (typeof body.body !== 'string' || body.body === '')
          return gitlabError(400, '400 Bad request - body is missing');
        const id = (state.nextId += 1);
        return {
          status: 201,
          json: {
            id,
            type: null,
            body: body.body,
            author: render.userBasic(dataset.viewer.login),
            created_at: iso(),
            updated_at: iso(),
            system: false,
            noteable_id: pr.id,
            noteable_type: 'MergeRequest',
            noteable_iid: pr.number,
            project_id: repo.id,
          },
        };
      }),
    ),
    get(
      '/projects/:repo/repository/contributors',
      withRepo((request, repo) =>
        offsetPage(
          request,
          [...repo.contributors]
            .sort((a, b) => b.contributions - a.contributions)
            .map(render.contributor),
          api(),
        ),
      ),
    ),
    get(
      '/projects/:repo/repository/tags',
      withRepo((request, repo) =>
        offsetPage(
          request,
          repo.tags.map((tag) => render.tag(repo, tag)),
          api(),
        ),
      ),
    ),
    get(
      '/projects/:repo/releases',
      withRepo((request, repo) =>
        offsetPage(
          request,
          repo.releases.map((release) => render.release(repo, release)),
          api(),
        ),
      ),
    ),
    get(
      '/projects/:repo/deployments',
      withRepo((request, repo) => {
        const { environment, status } = request.query;
        const found = repo.deployments
          .filter(
            (deployment) => environment === undefined || deployment.environment === environment,
          )
          .filter(
            (deployment) => status === undefined || deploymentStatus(deployment.state) === status,
          )
          .sort((a, b) => a.id - b.id);
        return offsetPage(
          request,
          found.map((deployment) => render.deployment(repo, deployment)),
          api(),
        );
      }),
    ),
    get(
      '/projects/:repo/repository/tree',
      withRepo((request, repo) => {
        const sha = treeRef(request, repo);
        const commit = sha === undefined ? undefined : findCommit(repo, sha);
        if (commit === undefined) return gitlabError(404, '404 Tree Not Found');
        const entries = treeEntries(commit, {
          path: request.query.path,
          recursive: request.query.recursive === 'true',
        })?.sort(byPath);
        if (entries === undefined) return gitlabError(404, '404 Tree Not Found');
        if (request.query.pagination !== 'keyset')
          return offsetPage(request, entries.map(render.treeEntry), api());
        return keysetPage(request, entries, {
          publicUrl: api(),
          param: 'page_token',
          // GitLab's page token is opaque; here it is the last path, base64-encoded.
          keyOf: (entry) => Buffer.from(entry.path, 'utf8').toString('base64'),
          startAfter: (value) => {
            const path = Buffer.from(value, 'base64').toString('utf8');
            const index = entries.findIndex((entry) => entry.path === path);
            return index === -1 ? undefined : index + 1;
          },
          render: render.treeEntry,
        });
      }),
    ),
    write(
      'POST',
      '/projects/:repo/hooks',
      withRepo((request, repo) => {
        const body = (request.body ?? {}) as Record<string, unknown>;
        if (typeof body.url !== 'string' || !/^https?:\/\//.test(body.url))
          return gitlabError(400, '400 Bad request - url is invalid');
        const id = (state.nextId += 1);
        const hook: Hook = { id, repo: repo.id, body, createdAt: iso() };
        state.hooks.set(id, hook);
        return { status: 201, json: renderHook(hook) };
      }),
    ),
    get(
      '/projects/:repo/hooks/:id',
      withRepo((request, repo) => {
        const hook = state.hooks.get(Number(request.params.id));
        if (hook?.repo !== repo.id) return gitlabError(404, '404 Not found');
        return { json: renderHook(hook) };
      }),
    ),
    write(
      'DELETE',
      '/projects/:repo/hooks/:id',
      withRepo((request, repo) => {
        const hook = state.hooks.get(Number(request.params.id));
        if (hook?.repo !== repo.id) return gitlabError(404, '404 Not found');
        state.hooks.delete(hook.id);
        return { status: 204 };
      }),
    ),
  ];
}

/** Whether a hook subscribed to a flag (`push_events` is on unless turned off, as on GitLab). */
export function hookWants(hook: GitLabProjectHook, flag: string): boolean {
  const value = hook.body[flag];
  return typeof value === 'boolean' ? value : flag === 'push_events';
}

/** A project hook as GitLab shows it: the secret token is never echoed back. */
function renderHook(hook: Hook): Record<string, unknown> {
  const flags: Record<string, boolean> = {};
  for (const flag of HOOK_FLAGS) {
    // GitLab's default for push_events is true; every other event is opt-in.
    flags[flag] = typeof hook.body[flag] === 'boolean' ? hook.body[flag] : flag === 'push_events';
  }
  return {
    id: hook.id,
    url: hook.body.url,
    project_id: hook.repo,
    ...flags,
    enable_ssl_verification: hook.body.enable_ssl_verification !== false,
    token_present: typeof hook.body.token === 'string' && hook.body.token !== '',
    signing_token_present:
      typeof hook.body.signing_token === 'string' && hook.body.signing_token !== '',
    alert_status: 'executable',
    disabled_until: null,
    created_at: hook.createdAt,
  };
}

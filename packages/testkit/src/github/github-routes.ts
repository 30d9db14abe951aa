import { renderUnifiedDiff } from '../dataset/diff.js';
import {
  deploymentsFor,
  findCommit,
  findRepository,
  pullRequestsByState,
  repositoriesFor,
  resolveRef,
  treeEntries,
} from '../dataset/queries.js';
import type { DatasetCheck, DatasetPullRequest, DatasetRepository } from '../dataset/types.js';
import type { Route, SimulatorRequest, SimulatorResponse } from '../server/simulator-server.js';
import { githubError, hostsOf, notFound, pageOf, wantsDiff } from './github-http.js';
import {
  apiRoute,
  type ApiHandler,
  type ApiRouteOptions,
  type Caller,
  type GitHubState,
} from './github-state.js';
import {
  accountFor,
  commitStatusState,
  renderBranch,
  renderCheckRun,
  renderCommit,
  renderCommitWithFiles,
  renderContributor,
  renderDeployment,
  renderDeploymentStatus,
  renderDiffEntry,
  renderFullRepository,
  renderHook,
  renderIssueComment,
  renderIssueSearchItem,
  renderKey,
  renderLabels,
  renderMinimalRepository,
  renderOrganizationSimple,
  renderPrivateUser,
  renderPublicUser,
  renderPullRequest,
  renderPullRequestSimple,
  renderRelease,
  renderRepoSearchItem,
  renderRepository,
  renderStatus,
  renderTag,
  renderTreeEntry,
  treeSha,
} from './render.js';

type RepoHandler = (
  request: SimulatorRequest,
  repo: DatasetRepository,
  caller: Caller,
) => SimulatorResponse | Promise<SimulatorResponse>;

const STATUS_STATES: Record<string, Pick<DatasetCheck, 'status' | 'conclusion'>> = {
  pending: { status: 'in_progress', conclusion: null },
  success: { status: 'completed', conclusion: 'success' },
  failure: { status: 'completed', conclusion: 'failure' },
  error: { status: 'completed', conclusion: 'failure' },
};

const byNewest = (a: { createdAt: string }, b: { createdAt: string }): number =>
  a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0;

/** GitHub's REST routes over the dataset, each under `/` and `/api/v3`. */
export function githubRoutes(state: GitHubState): Route[] {
  const { dataset } = state;
  const iso = (): string =>
    new Date(Math.floor(state.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  const routes: Route[] = [];
  const get = (path: string, handler: ApiHandler, options?: ApiRouteOptions): void => {
    routes.push(...apiRoute(state, 'GET', path, handler, options));
  };
  const on = (
    method: string,
    path: string,
    handler: ApiHandler,
    options?: ApiRouteOptions,
  ): void => {
    routes.push(...apiRoute(state, method, path, handler, options));
  };
  /**
   * A repository route under both of GitHub's forms: `/repos/:owner/:repo…` and the
   * (undocumented, long-stable) `/repositories/:id…`.
   */
  const repoRoute = (
    method: string,
    rest: string,
    handler: RepoHandler,
    options?: ApiRouteOptions,
  ): void => {
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
    on(method, `/repos/:owner/:repo${rest}`, byName, options);
    on(method, `/repositories/:id${rest}`, byId, options);
  };
  const pullOf = (
    repo: DatasetRepository,
    number: string | undefined,
  ): DatasetPullRequest | undefined => repo.pullRequests.find((pr) => String(pr.number) === number);
  const labelsOf = (repo: DatasetRepository, number: number): string[] =>
    state.labels.get(`${repo.id}#${number}`) ?? [];
  const allStatuses = (
    repo: DatasetRepository,
  ): { check: DatasetCheck; targetUrl: string | null }[] => [
    ...repo.checks
      .filter((check) => check.kind === 'commit_status')
      .map((check) => ({
        check,
        targetUrl: `http://ci.example.test/${repo.fullName}/${check.id}`,
      })),
    ...state.statuses.filter((entry) => entry.repo === repo.id),
  ];

  // Account.
  // User endpoints need a user: GitHub refuses installation tokens there.
  const USER_ONLY = { callers: ['personal', 'oauth'] } as const;
  get(
    '/user',
    (request) => ({ json: renderPrivateUser(hostsOf(request), dataset.viewer, dataset) }),
    USER_ONLY,
  );
  // Organizations are accounts too: `GET /users/:org` answers with `type: "Organization"`.
  get('/users/:username', (request) => {
    const login = request.params.username;
    const user = dataset.users.find((candidate) => candidate.login === login);
    if (user !== undefined) return { json: renderPublicUser(hostsOf(request), user) };
    const org = dataset.organizations.find((candidate) => candidate.login === login);
    if (org === undefined) return notFound();
    return {
      json: {
        ...renderPublicUser(hostsOf(request), {
          id: org.id,
          login: org.login,
          name: org.name,
          email: '',
          createdAt: org.createdAt,
        }),
        ...accountFor(dataset, hostsOf(request), org.login),
      },
    };
  });
  get(
    '/user/orgs',
    (request) =>
      pageOf(
        request,
        dataset.organizations
          .filter((org) => dataset.viewer.organizations.includes(org.login))
          .map((org) => renderOrganizationSimple(hostsOf(request), org)),
      ),
    { ...USER_ONLY, scopes: ['read:org', 'user'] },
  );
  get(
    '/user/keys',
    (request) =>
      pageOf(
        request,
        dataset.viewer.sshKeys.map((key) => renderKey(hostsOf(request), key)),
      ),
    { ...USER_ONLY, scopes: ['read:public_key'] },
  );

  // Repositories.
  const listed = (request: SimulatorRequest, repos: DatasetRepository[]): SimulatorResponse =>
    pageOf(
      request,
      [...repos]
        .sort((a, b) => a.fullName.localeCompare(b.fullName))
        .map((repo) => renderRepository(dataset, hostsOf(request), repo)),
    );
  get(
    '/user/repos',
    (request) => {
      const affiliation = request.query.affiliation ?? 'owner,collaborator,organization_member';
      // The dataset makes every repository visible to the viewer (as a collaborator at least).
      const repos = affiliation.split(',').includes('collaborator')
        ? repositoriesFor(dataset)
        : dataset.repositories.filter(
            (repo) =>
              (affiliation.includes('owner') && repo.owner === dataset.viewer.login) ||
              (affiliation.includes('organization_member') &&
                dataset.viewer.organizations.includes(repo.owner)),
          );
      return listed(request, repos);
    },
    USER_ONLY,
  );
  get('/users/:username/repos', (request) => {
    const login = request.params.username ?? '';
    if (
      !dataset.users.some((user) => user.login === login) &&
      !dataset.organizations.some((org) => org.login === login)
    )
      return notFound();
    // Only public repositories, as GitHub lists another account's repositories.
    return listed(
      request,
      repositoriesFor(dataset, { owner: login }).filter((repo) => repo.visibility === 'public'),
    );
  });
  get('/orgs/:org/repos', (request) => {
    const login = request.params.org ?? '';
    if (!dataset.organizations.some((org) => org.login === login)) return notFound();
    return listed(request, repositoriesFor(dataset, { owner: login }));
  });
  get(
    '/search/repositories',
    (request) => {
      const query = parseSearch(request.query.q ?? '');
      if (query === undefined) return githubError(422, 'Validation Failed');
      const owner = query.qualifiers.user ?? query.qualifiers.org;
      const text = query.terms.join(' ');
      const found = repositoriesFor(dataset, {
        owner,
        search: text === '' ? undefined : text,
      }).sort((a, b) => a.fullName.localeCompare(b.fullName));
      return pageOf(
        request,
        found.map((repo) => renderRepoSearchItem(dataset, hostsOf(request), repo)),
        { wrap: (items, total) => ({ total_count: total, incomplete_results: false, items }) },
      );
    },
    { resource: 'search' },
  );
  repoRoute('GET', '', (request, repo) => ({
    json: renderFullRepository(dataset, hostsOf(request), repo),
  }));
  repoRoute('GET', '/branches', (request, repo) =>
    pageOf(
      request,
      [...repo.branches]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((branch) =>
          renderBranch(hostsOf(request), repo, branch.name, branch.sha, branch.protected),
        ),
    ),
  );
  // `sha` names a branch, tag or commit; the list walks first parents from there.
  repoRoute('GET', '/commits', (request, repo) => {
    const ref = request.query.sha ?? repo.defaultBranch;
    const sha = resolveRef(repo, ref);
    if (sha === undefined) return githubError(404, `No commit found for SHA: ${ref}`);
    return pageOf(
      request,
      firstParentChain(repo, sha).map((commit) =>
        renderCommit(dataset, hostsOf(request), repo, commit),
      ),
    );
  });
  repoRoute('GET', '/commits/:ref', (request, repo) => {
    const sha = resolveRef(repo, request.params.ref ?? '');
    const commit = sha === undefined ? undefined : findCommit(repo, sha);
    if (commit === undefined)
      return githubError(422, `No commit found for SHA: ${request.params.ref ?? ''}`);
    if (wantsDiff(request)) return diffText(renderUnifiedDiff(commit.files));
    // Past `commitFilesPerPage` files GitHub paginates the file list with Link headers.
    // https://docs.github.com/rest/commits/commits#get-a-commit
    const perPage = request.query.per_page ?? String(state.commitFilesPerPage);
    const page = pageOf(
      { ...request, query: { ...request.query, per_page: perPage } },
      commit.files,
      { maxPerPage: state.commitFilesPerPage },
    );
    return {
      ...(page.headers === undefined ? {} : { headers: page.headers }),
      json: renderCommitWithFiles(
        dataset,
        hostsOf(request),
        repo,
        commit,
        page.json as typeof commit.files,
      ),
    };
  });
  repoRoute('GET', '/pulls', (request, repo) => {
    const filter = request.query.state ?? 'open';
    if (!['open', 'closed', 'all'].includes(filter)) return githubError(422, 'Validation Failed');
    // GitHub's `closed` includes merged pull requests.
    const prs = pullRequestsByState(repo, 'all')
      .filter(
        (pr) => filter === 'all' || (filter === 'open' ? pr.state === 'open' : pr.state !== 'open'),
      )
      .sort((a, b) => b.number - a.number);
    return pageOf(
      request,
      prs.map((pr) =>
        renderPullRequestSimple(dataset, hostsOf(request), repo, pr, labelsOf(repo, pr.number)),
      ),
    );
  });
  repoRoute('GET', '/pulls/:number', (request, repo) => {
    const pr = pullOf(repo, request.params.number);
    if (pr === undefined) return notFound();
    if (wantsDiff(request)) return diffText(renderUnifiedDiff(pr.files));
    return {
      json: renderPullRequest(dataset, hostsOf(request), repo, pr, labelsOf(repo, pr.number)),
    };
  });
  repoRoute('GET', '/pulls/:number/files', (request, repo) => {
    const pr = pullOf(repo, request.params.number);
    if (pr === undefined) return notFound();
    return pageOf(
      request,
      pr.files.map((file) => renderDiffEntry(hostsOf(request), repo, pr.headSha, file)),
    );
  });
  repoRoute('GET', '/contributors', (request, repo) =>
    pageOf(
      request,
      [...repo.contributors]
        .sort((a, b) => b.contributions - a.contributions)
        .map((contributor) => renderContributor(hostsOf(request), contributor)),
    ),
  );
  repoRoute('GET', '/tags', (request, repo) =>
    pageOf(
      request,
      repo.tags.map((tag) => renderTag(hostsOf(request), repo, tag)),
    ),
  );
  repoRoute('GET', '/releases', (request, repo) =>
    pageOf(
      request,
      [...repo.releases]
        .sort(byNewest)
        .map((release) => renderRelease(dataset, hostsOf(request), repo, release)),
    ),
  );
  repoRoute('GET', '/commits/:ref/check-runs', (request, repo) => {
    const sha = resolveRef(repo, request.params.ref ?? '');
    if (sha === undefined)
      return githubError(422, `No commit found for SHA: ${request.params.ref ?? ''}`);
    const runs = repo.checks.filter((check) => check.kind === 'check_run' && check.sha === sha);
    return pageOf(
      request,
      runs.map((check) => renderCheckRun(hostsOf(request), repo, check)),
      { wrap: (items, total) => ({ total_count: total, check_runs: items }) },
    );
  });
  repoRoute('GET', '/commits/:ref/status', (request, repo) => {
    const sha = resolveRef(repo, request.params.ref ?? '');
    if (sha === undefined)
      return githubError(422, `No commit found for SHA: ${request.params.ref ?? ''}`);
    // The combined status keeps the latest status of each context.
    const latest = new Map<string, { check: DatasetCheck; targetUrl: string | null }>();
    for (const entry of allStatuses(repo))
      if (entry.check.sha === sha) latest.set(entry.check.name, entry);
    const statuses = [...latest.values()];
    const states = statuses.map((entry) => commitStatusState(entry.check));
    const combined = states.some((value) => value === 'failure' || value === 'error')
      ? 'failure'
      : states.some((value) => value === 'pending') || states.length === 0
        ? 'pending'
        : 'success';
    const hosts = hostsOf(request);
    return pageOf(
      request,
      statuses.map((entry) =>
        renderStatus(dataset, hosts, repo, entry.check, entry.targetUrl, false),
      ),
      {
        wrap: (items, total) => ({
          state: combined,
          statuses: items,
          sha,
          total_count: total,
          repository: renderMinimalRepository(dataset, hosts, repo),
          commit_url: `${hosts.api}/repos/${repo.fullName}/commits/${sha}`,
          url: `${hosts.api}/repos/${repo.fullName}/commits/${sha}/status`,
        }),
      },
    );
  });
  repoRoute('GET', '/commits/:ref/statuses', (request, repo) => {
    const sha = resolveRef(repo, request.params.ref ?? '');
    if (sha === undefined)
      return githubError(422, `No commit found for SHA: ${request.params.ref ?? ''}`);
    return pageOf(
      request,
      allStatuses(repo)
        .filter((entry) => entry.check.sha === sha)
        .reverse()
        .map((entry) =>
          renderStatus(dataset, hostsOf(request), repo, entry.check, entry.targetUrl, true),
        ),
    );
  });
  repoRoute(
    'POST',
    '/statuses/:sha',
    (request, repo) => {
      const commit = findCommit(repo, request.params.sha ?? '');
      if (commit === undefined)
        return githubError(422, `No commit found for SHA: ${request.params.sha ?? ''}`);
      const body = request.body as
        | { state?: unknown; context?: unknown; description?: unknown; target_url?: unknown }
        | undefined;
      const mapped = typeof body?.state === 'string' ? STATUS_STATES[body.state] : undefined;
      if (mapped === undefined) return githubError(422, 'Validation Failed');
      const check: DatasetCheck = {
        id: state.nextId(),
        kind: 'commit_status',
        name: typeof body?.context === 'string' ? body.context : 'default',
        sha: commit.sha,
        ...mapped,
        // GitHub keeps `error` apart from `failure`; the dataset has no such conclusion.
        description: typeof body?.description === 'string' ? body.description : null,
        startedAt: iso(),
        completedAt: iso(),
      };
      const targetUrl = typeof body?.target_url === 'string' ? body.target_url : null;
      state.statuses.push({ repo: repo.id, check, targetUrl });
      const rendered = renderStatus(dataset, hostsOf(request), repo, check, targetUrl, true);
      return { status: 201, json: { ...rendered, state: body?.state } };
    },
    { scopes: ['repo:status'] },
  );
  repoRoute('GET', '/deployments', (request, repo) => {
    const found = deploymentsFor(repo, { environment: request.query.environment })
      .filter(
        (deployment) => request.query.ref === undefined || deployment.ref === request.query.ref,
      )
      .filter(
        (deployment) => request.query.sha === undefined || deployment.sha === request.query.sha,
      )
      .sort(byNewest);
    return pageOf(
      request,
      found.map((deployment) => renderDeployment(dataset, hostsOf(request), repo, deployment)),
    );
  });
  repoRoute('GET', '/deployments/:deployment/statuses', (request, repo) => {
    const deployment = repo.deployments.find(
      (candidate) => String(candidate.id) === request.params.deployment,
    );
    if (deployment === undefined) return notFound();
    return pageOf(
      request,
      [...deployment.statuses]
        .reverse()
        .map((status) =>
          renderDeploymentStatus(dataset, hostsOf(request), repo, deployment, status),
        ),
    );
  });
  repoRoute('GET', '/git/trees/:sha', (request, repo) => {
    const ref = request.params.sha ?? '';
    const commit =
      repo.commits.find((candidate) => treeSha(candidate) === ref) ??
      (() => {
        const sha = resolveRef(repo, ref);
        return sha === undefined ? undefined : findCommit(repo, sha);
      })();
    if (commit === undefined) return notFound();
    const recursive =
      request.query.recursive !== undefined &&
      request.query.recursive !== '0' &&
      request.query.recursive !== 'false';
    const entries = treeEntries(commit, { recursive }) ?? [];
    const hosts = hostsOf(request);
    return {
      json: {
        sha: treeSha(commit),
        url: `${hosts.api}/repos/${repo.fullName}/git/trees/${treeSha(commit)}`,
        tree: entries.map((entry) => renderTreeEntry(hosts, repo, entry)),
        truncated: false,
      },
    };
  });
  get(
    '/search/issues',
    (request) => {
      const query = parseSearch(request.query.q ?? '');
      if (query === undefined) return githubError(422, 'Validation Failed');
      const { qualifiers, flags } = query;
      if (!flags.has('is:pr') && qualifiers.type !== 'pr')
        return pageOf(request, [], {
          wrap: (items, total) => ({
            total_count: total,
            incomplete_results: false,
            search_type: 'lexical',
            items,
          }),
        });
      const found: { repo: DatasetRepository; pr: DatasetPullRequest }[] = [];
      for (const repo of dataset.repositories) {
        if (qualifiers.repo !== undefined && repo.fullName !== qualifiers.repo) continue;
        if (qualifiers.user !== undefined && repo.owner !== qualifiers.user) continue;
        if (qualifiers.org !== undefined && repo.owner !== qualifiers.org) continue;
        for (const pr of repo.pullRequests) {
          if (qualifiers.author !== undefined && pr.author !== qualifiers.author) continue;
          if ((flags.has('is:open') || qualifiers.state === 'open') && pr.state !== 'open')
            continue;
          if ((flags.has('is:closed') || qualifiers.state === 'closed') && pr.state === 'open')
            continue;
          if (flags.has('is:merged') && pr.state !== 'merged') continue;
          if (flags.has('is:unmerged') && pr.state === 'merged') continue;
          if (flags.has('draft:true') && !pr.draft) continue;
          found.push({ repo, pr });
        }
      }
      found.sort(
        (a, b) =>
          byNewest(a.pr, b.pr) ||
          a.repo.fullName.localeCompare(b.repo.fullName) ||
          b.pr.number - a.pr.number,
      );
      return pageOf(
        request,
        found.map(({ repo, pr }) =>
          renderIssueSearchItem(dataset, hostsOf(request), repo, pr, labelsOf(repo, pr.number)),
        ),
        {
          wrap: (items, total) => ({
            total_count: total,
            incomplete_results: false,
            search_type: 'lexical',
            items,
          }),
        },
      );
    },
    { resource: 'search' },
  );

  // Writes.
  repoRoute(
    'POST',
    '/hooks',
    (request, repo) => {
      const body = request.body as
        | { name?: unknown; events?: unknown; active?: unknown; config?: Record<string, unknown> }
        | undefined;
      const url = body?.config?.url;
      if (typeof url !== 'string' || !/^https?:\/\//.test(url))
        return githubError(
          422,
          'Validation Failed',
          'https://docs.github.com/rest/repos/webhooks#create-a-repository-webhook',
        );
      const events = Array.isArray(body?.events)
        ? body.events.filter((event): event is string => typeof event === 'string')
        : ['push'];
      const hook = {
        id: state.nextId(),
        repo: repo.id,
        url,
        events: events.length === 0 ? ['push'] : events,
        active: body?.active !== false,
        contentType:
          typeof body?.config?.content_type === 'string' ? body.config.content_type : 'form',
        insecureSsl:
          typeof body?.config?.insecure_ssl === 'string' ? body.config.insecure_ssl : '0',
        hasSecret: typeof body?.config?.secret === 'string' && body.config.secret !== '',
        createdAt: iso(),
      };
      state.hooks.set(hook.id, hook);
      return { status: 201, json: renderHook(hostsOf(request), repo, hook) };
    },
    { scopes: ['write:repo_hook'] },
  );
  repoRoute(
    'GET',
    '/hooks',
    (request, repo) =>
      pageOf(
        request,
        [...state.hooks.values()]
          .filter((hook) => hook.repo === repo.id)
          .map((hook) => renderHook(hostsOf(request), repo, hook)),
      ),
    { scopes: ['read:repo_hook'] },
  );
  repoRoute(
    'DELETE',
    '/hooks/:hook',
    (request, repo) => {
      const hook = state.hooks.get(Number(request.params.hook));
      if (hook?.repo !== repo.id) return notFound();
      state.hooks.delete(hook.id);
      return { status: 204 };
    },
    { scopes: ['admin:repo_hook'] },
  );
  repoRoute(
    'POST',
    '/issues/:number/comments',
    (request, repo) => {
      const pr = pullOf(repo, request.params.number);
      if (pr === undefined) return notFound();
      const body = request.body as { body?: unknown } | undefined;
      if (typeof body?.body !== 'string' || body.body === '')
        return githubError(422, 'Validation Failed');
      const comment = { id: state.nextId(), body: body.body, createdAt: iso() };
      return {
        status: 201,
        json: renderIssueComment(dataset, hostsOf(request), repo, pr.number, comment),
      };
    },
    { scopes: ['repo', 'public_repo'] },
  );
  repoRoute(
    'POST',
    '/issues/:number/labels',
    (request, repo) => {
      const pr = pullOf(repo, request.params.number);
      if (pr === undefined) return notFound();
      const body = request.body as { labels?: unknown } | unknown[] | undefined;
      const requested = Array.isArray(body) ? body : body?.labels;
      if (!Array.isArray(requested) || !requested.every((label) => typeof label === 'string'))
        return githubError(422, 'Validation Failed');
      const key = `${repo.id}#${pr.number}`;
      const added = requested.filter(
        (label) => !pr.labels.includes(label) && !(state.labels.get(key) ?? []).includes(label),
      );
      state.labels.set(key, [...(state.labels.get(key) ?? []), ...added]);
      return {
        json: renderLabels(hostsOf(request), repo, [...pr.labels, ...labelsOf(repo, pr.number)]),
      };
    },
    { scopes: ['repo', 'public_repo'] },
  );

  return routes;
}

function diffText(text: string): SimulatorResponse {
  return { headers: { 'content-type': 'application/vnd.github.diff; charset=utf-8' }, text };
}

function firstParentChain(repo: DatasetRepository, sha: string): DatasetRepository['commits'] {
  const bySha = new Map(repo.commits.map((commit) => [commit.sha, commit]));
  const out: DatasetRepository['commits'] = [];
  for (let current = bySha.get(sha); current !== undefined;) {
    out.push(current);
    const parent = current.parents[0];
    current = parent === undefined ? undefined : bySha.get(parent);
  }
  return out;
}

interface SearchQuery {
  terms: string[];
  qualifiers: Partial<Record<'repo' | 'user' | 'org' | 'author' | 'state' | 'type' | 'in', string>>;
  /** `is:pr`, `is:merged`, `draft:true`… */
  flags: Set<string>;
}

/** GitHub search syntax, as far as the simulator needs it: words and `key:value` qualifiers. */
function parseSearch(q: string): SearchQuery | undefined {
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
    else if (['repo', 'user', 'org', 'author', 'state', 'type', 'in'].includes(key))
      query.qualifiers[key as keyof SearchQuery['qualifiers']] = value;
  }
  return query;
}

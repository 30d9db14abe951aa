import { createHash } from 'node:crypto';
import {
  createHttpClient,
  createRefreshingToken,
  defineCapabilities,
  parseRepoRef,
  redirectWithinApi,
  ScmError,
  systemClock,
  transportOptions,
  type CheckQuery,
  type HttpRequest,
  type HttpResponse,
  type Page,
  type PageQuery,
  type PullRequestStateFilter,
  type RefreshingToken,
  type RepoRef,
  type ScmProvider,
} from '@scm/core';
import type { z } from 'zod';
import {
  createBitbucketErrorMapper,
  invalidRequest,
  unexpectedShape,
  unsupported,
} from './bitbucket-errors.js';
import { createBitbucketOAuth } from './bitbucket-oauth.js';
import {
  CURSOR_SEPARATOR,
  checkPageToken,
  invalidCursor,
  nextCursor,
  pageParams,
  splitCursor,
  toPage,
} from './bitbucket-pagination.js';
import {
  WireAccountSchema,
  WireBranchSchema,
  WireCommentSchema,
  WireCommitSchema,
  WireCommitStatusSchema,
  WireDeploymentSchema,
  WireDiffstatSchema,
  WireEnvironmentSchema,
  WireHookSchema,
  WirePipelineSchema,
  WirePullRequestSchema,
  WireRepositorySchema,
  WireSshKeySchema,
  WireTagSchema,
  WireTreeEntrySchema,
  WireWorkspaceAccessSchema,
  wirePageSchema,
  type WireDiffstat,
  type WirePage,
} from './bitbucket-schemas.js';
import {
  BITBUCKET_DEFAULT_BASE_URL,
  BITBUCKET_DEFAULT_WEB_URL,
  type BitbucketProviderSettings,
} from './bitbucket-settings.js';
import { createBitbucketWebhooks } from './bitbucket-webhooks.js';
import { mapOrganization, mapSshKey, mapViewer } from './map-account.js';
import { mapCommitStatus, mapDeployment, mapEventSubscription, mapPipeline } from './map-ci.js';
import { mapCommit, mapDiff } from './map-commit.js';
import { BITBUCKET_PROVIDER_ID, type MapContext } from './map-common.js';
import { mapFileTreeEntry } from './map-file-tree.js';
import { mapPullRequest } from './map-pull-request.js';
import { mapBranch, mapTag } from './map-refs.js';
import { mapRepository } from './map-repository.js';

export const bitbucketCapabilities = defineCapabilities({
  listContributors: {
    supported: false,
    notes: 'Bitbucket Cloud’s REST API 2.0 has no contributors endpoint.',
  },
  listReleases: {
    supported: false,
    notes: 'Bitbucket Cloud has no releases (only tags and file downloads).',
  },
  addLabels: { supported: false, notes: 'Bitbucket Cloud pull requests have no labels.' },
  searchPullRequests: {
    supported: true,
    notes:
      'Needs an author or a repository: Bitbucket searches a workspace’s pull requests by author, so a search by author walks the workspaces of the repositories the user is a member of.',
  },
  listDeployments: {
    supported: true,
    notes:
      'Environment and state filters apply per page, so a page may hold fewer items than the limit. Deployments record a commit, not a ref.',
  },
  listChecks: {
    supported: true,
    notes: 'Build statuses first, then Pipelines runs for the same commit.',
  },
});

const Pages = {
  workspaces: wirePageSchema(WireWorkspaceAccessSchema),
  repositories: wirePageSchema(WireRepositorySchema),
  branches: wirePageSchema(WireBranchSchema),
  commits: wirePageSchema(WireCommitSchema),
  pullRequests: wirePageSchema(WirePullRequestSchema),
  diffstat: wirePageSchema(WireDiffstatSchema),
  tags: wirePageSchema(WireTagSchema),
  statuses: wirePageSchema(WireCommitStatusSchema),
  pipelines: wirePageSchema(WirePipelineSchema),
  environments: wirePageSchema(WireEnvironmentSchema),
  deployments: wirePageSchema(WireDeploymentSchema),
  tree: wirePageSchema(WireTreeEntrySchema),
  sshKeys: wirePageSchema(WireSshKeySchema),
};

const SHA = /^[0-9a-f]{7,40}$/i;
const FULL_SHA = /^[0-9a-f]{40}$/i;
const WORKSPACE = /^[A-Za-z0-9_.-]{1,100}$/;
/** Pull request listings accept at most 50 per page. */
const PULL_REQUEST_PAGELEN = 50;
const DIFFSTAT_PAGELEN = 500;
const MAX_DIFFSTAT_PAGES = 20;
/** Deep enough for any repository layout; Bitbucket answers 555 when a listing takes too long. */
const RECURSIVE_MAX_DEPTH = 100;
/** Bounded walks of small collections (environments, SSH keys, the user's workspaces). */
const MAX_WALK_PAGES = 50;

const PULL_REQUEST_STATES: Record<PullRequestStateFilter, string[]> = {
  open: ['OPEN'],
  merged: ['MERGED'],
  closed: ['DECLINED', 'SUPERSEDED'],
  all: ['OPEN', 'MERGED', 'DECLINED', 'SUPERSEDED'],
};

/** Core event names → Bitbucket event keys (developer.atlassian.com/cloud/bitbucket/manage-webhooks/#event-payloads). */
const WEBHOOK_EVENTS: Readonly<Record<string, readonly string[]>> = {
  push: ['repo:push'],
  tag: ['repo:push'],
  branch: ['repo:push'],
  pull_request: [
    'pullrequest:created',
    'pullrequest:updated',
    'pullrequest:fulfilled',
    'pullrequest:rejected',
  ],
  pull_request_comment: ['pullrequest:comment_created'],
  comment: ['pullrequest:comment_created'],
  check: ['repo:commit_status_created', 'repo:commit_status_updated'],
  status: ['repo:commit_status_created', 'repo:commit_status_updated'],
};

const COMMIT_STATUS_STATE = {
  pending: 'INPROGRESS',
  success: 'SUCCESSFUL',
  failure: 'FAILED',
  error: 'FAILED',
} as const;

function shaSegment(sha: string): string {
  if (!SHA.test(sha)) throw invalidRequest('sha must be a hexadecimal commit hash');
  return sha.toLowerCase();
}

function numberSegment(value: number): string {
  if (!Number.isSafeInteger(value) || value < 0)
    throw invalidRequest('number must be a non-negative integer');
  return String(value);
}

function bbqlString(value: string): string {
  return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

function isNotFound(error: unknown): error is ScmError {
  return (
    ScmError.isInstance(error) &&
    error.code === 'RESOURCE_NOT_FOUND' &&
    error.upstreamStatus === 404
  );
}

/**
 * Bitbucket refuses status keys over 40 characters ("key: Ensure this value has at most 40
 * characters", github.com/buildbot/buildbot/issues/7049). Longer contexts keep a readable prefix
 * and a hash of the whole, so two long contexts still get two statuses.
 */
function statusKey(context: string): string {
  if (context.length <= 40) return context;
  return `${context.slice(0, 23)}-${createHash('sha256').update(context).digest('hex').slice(0, 16)}`;
}

/**
 * The Bitbucket Cloud adapter: REST API 2.0 with OAuth 2 (refreshed before expiry), access tokens
 * or API tokens / app passwords. See README.md for what it supports and why.
 */
export function createBitbucketProvider(settings: BitbucketProviderSettings): ScmProvider {
  const clock = settings.clock ?? systemClock;
  const context: MapContext = { includeRaw: settings.includeRaw ?? false };
  const baseUrl = settings.baseUrl ?? BITBUCKET_DEFAULT_BASE_URL;
  const apiBase = new URL(baseUrl);
  const apiPrefix = apiBase.pathname.replace(/\/+$/, '');
  const webBaseUrl = settings.webBaseUrl ?? BITBUCKET_DEFAULT_WEB_URL;
  const auth = settings.auth;
  const oauthClient =
    auth?.type === 'oauth'
      ? { clientId: auth.clientId, clientSecret: auth.clientSecret }
      : settings.oauthClient;
  const oauth =
    oauthClient === undefined
      ? undefined
      : createBitbucketOAuth({ ...settings, ...oauthClient, webBaseUrl });

  let refreshing: RefreshingToken | undefined;
  if (auth?.type === 'oauth' && oauth !== undefined) {
    refreshing = createRefreshingToken({
      tokens: auth.tokens,
      refresh: (refreshToken) => oauth.refresh(refreshToken),
      provider: BITBUCKET_PROVIDER_ID,
      clock,
      refreshBeforeMs: auth.refreshBeforeMs,
      onRefresh: auth.onRefresh,
    });
  }

  async function authorization(): Promise<Record<string, string>> {
    switch (auth?.type) {
      case 'oauth':
        return { authorization: `Bearer ${await (refreshing as RefreshingToken).get()}` };
      case 'access-token':
        return { authorization: `Bearer ${auth.token}` };
      case 'basic':
        return {
          authorization: `Basic ${Buffer.from(`${auth.username}:${auth.token}`).toString('base64')}`,
        };
      case undefined:
        throw new ScmError('AUTH_REQUIRED', {
          provider: BITBUCKET_PROVIDER_ID,
          message: 'The Bitbucket provider was created without credentials (settings.auth).',
        });
    }
  }

  const http = createHttpClient({
    ...transportOptions(settings),
    baseUrl,
    provider: BITBUCKET_PROVIDER_ID,
    headers: authorization,
    clock,
    mapError: createBitbucketErrorMapper({ oauth: auth?.type === 'oauth' }),
  });

  /** One request; with OAuth, a 401 refreshes the token once and tries again. */
  async function send<T>(request: HttpRequest): Promise<HttpResponse<T>> {
    try {
      return await http.request<T>(request);
    } catch (error) {
      if (refreshing === undefined || !ScmError.isInstance(error) || error.upstreamStatus !== 401)
        throw error;
      await refreshing.refreshNow();
      return http.request<T>(request);
    }
  }

  async function call<S extends z.ZodType>(schema: S, request: HttpRequest): Promise<z.infer<S>> {
    const response = await send(request);
    const parsed = schema.safeParse(response.body);
    if (!parsed.success) throw unexpectedShape(request.path);
    return parsed.data;
  }

  async function listPage<W, T>(
    schema: z.ZodType<WirePage<W>>,
    request: HttpRequest,
    map: (wire: W, context: MapContext) => T,
  ): Promise<Page<T>> {
    return toPage(await call(schema, request), (wire) => map(wire, context), apiBase);
  }

  /** Walks a small collection to its end (bounded). */
  async function walk<W>(
    schema: z.ZodType<WirePage<W>>,
    path: string,
    query: HttpRequest['query'] = {},
  ): Promise<W[]> {
    const items: W[] = [];
    let page: string | null = null;
    for (let count = 0; count < MAX_WALK_PAGES; count++) {
      const wire: WirePage<W> = await call(schema, {
        path,
        query: { ...query, pagelen: 100, page: page ?? undefined },
      });
      items.push(...wire.values);
      page = nextCursor(wire.next, apiBase);
      if (page === null) return items;
    }
    return items;
  }

  function repoPath(repo: RepoRef, rest = ''): string {
    if (repo.kind === 'path') {
      if (repo.owner.includes('/'))
        throw invalidRequest('A Bitbucket repository is named workspace/slug.');
      return `/repositories/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.name)}${rest}`;
    }
    if (!repo.id.startsWith('{'))
      throw invalidRequest('Bitbucket repositories are identified by a {uuid} or workspace/slug.');
    // `{}` in place of the workspace lets Bitbucket find a repository by its UUID alone.
    return `/repositories/${encodeURIComponent('{}')}/${encodeURIComponent(repo.id)}${rest}`;
  }
  const repoName = (repo: RepoRef): string => (repo.kind === 'path' ? repo.fullPath : repo.id);

  /**
   * Runs a call on a repository's sub-resource. Bitbucket answers 404 both for a missing
   * repository and a missing resource; asking for the repository tells them apart.
   */
  async function inRepo<T>(repo: RepoRef, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (!isNotFound(error)) throw error;
      try {
        await send({ path: repoPath(repo) });
      } catch (probe) {
        if (isNotFound(probe)) throw repositoryNotFound(probe);
        throw probe;
      }
      throw error;
    }
  }

  function repositoryNotFound(error: ScmError): ScmError {
    return new ScmError('REPOSITORY_NOT_FOUND', {
      provider: BITBUCKET_PROVIDER_ID,
      upstreamStatus: error.upstreamStatus,
      providerRequestId: error.providerRequestId,
      message: error.message,
      cause: error,
    });
  }

  async function getRepositoryWire(repo: RepoRef) {
    try {
      return await call(WireRepositorySchema, { path: repoPath(repo) });
    } catch (error) {
      if (isNotFound(error)) throw repositoryNotFound(error);
      throw error;
    }
  }

  async function defaultBranch(repo: RepoRef): Promise<string> {
    const wire = await getRepositoryWire(repo);
    if (wire.mainbranch === null || wire.mainbranch === undefined)
      throw new ScmError('RESOURCE_NOT_FOUND', {
        provider: BITBUCKET_PROVIDER_ID,
        message: 'The repository is empty: it has no main branch.',
      });
    return wire.mainbranch.name;
  }

  /** A ref (full sha, short sha, branch or tag) → a full commit hash; the main branch by default. */
  async function resolveCommit(repo: RepoRef, ref: string | undefined): Promise<string> {
    const name = ref ?? (await defaultBranch(repo));
    if (FULL_SHA.test(name)) return name.toLowerCase();
    if (SHA.test(name)) {
      try {
        return (await call(WireCommitSchema, { path: repoPath(repo, `/commit/${name}`) })).hash;
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
    for (const kind of ['branches', 'tags'] as const) {
      try {
        const wire = await call(kind === 'branches' ? WireBranchSchema : WireTagSchema, {
          path: repoPath(repo, `/refs/${kind}/${encodeURIComponent(name)}`),
        });
        return wire.target.hash;
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
    return inRepo(repo, () =>
      Promise.reject(
        new ScmError('RESOURCE_NOT_FOUND', {
          provider: BITBUCKET_PROVIDER_ID,
          upstreamStatus: 404,
          message: `No branch, tag or commit named ${name.slice(0, 200)}.`,
        }),
      ),
    );
  }

  /** Follows one redirect, and only within the API: the pull request diff endpoints redirect. */
  async function followRedirect<T>(request: HttpRequest): Promise<HttpResponse<T>> {
    try {
      return await send<T>(request);
    } catch (error) {
      const location = ScmError.isInstance(error) ? error.details?.location : undefined;
      if (typeof location !== 'string') throw error;
      const path = redirectWithinApi(location, apiBase);
      if (path === null) {
        throw unexpectedShape(request.path, 'Bitbucket redirected to another host; not followed.');
      }
      return send<T>({ ...request, path });
    }
  }

  async function diffstatAll(
    first: HttpResponse,
  ): Promise<{ files: WireDiffstat[]; truncated: boolean }> {
    const files: WireDiffstat[] = [];
    let response = first;
    for (let count = 0; ; count++) {
      const parsed = Pages.diffstat.safeParse(response.body);
      if (!parsed.success) throw unexpectedShape('diffstat');
      files.push(...parsed.data.values);
      const next = nextCursor(parsed.data.next, apiBase);
      if (next === null) return { files, truncated: false };
      if (count + 1 >= MAX_DIFFSTAT_PAGES) return { files, truncated: true };
      const url = new URL(parsed.data.next as string);
      response = await send({
        path: `${url.pathname.slice(apiPrefix.length)}?${url.searchParams.toString()}`,
      });
    }
  }

  async function pullRequestsPage(
    path: string,
    query: PageQuery,
    states: readonly string[],
    q: string | undefined,
  ): Promise<Page<ReturnType<typeof mapPullRequest>>> {
    // `state` is repeated for several states (developer.atlassian.com/cloud/bitbucket/rest/api-group-pullrequests/).
    const stateQuery = states.map((state) => `state=${state}`).join('&');
    return listPage(
      Pages.pullRequests,
      {
        path: `${path}?${stateQuery}`,
        query: { ...pageParams(query, PULL_REQUEST_PAGELEN), q },
      },
      mapPullRequest,
    );
  }

  /** The workspaces holding repositories the user is a member of, sorted. */
  async function memberWorkspaces(): Promise<string[]> {
    const repositories = await walk(Pages.repositories, '/repositories', { role: 'member' });
    return [
      ...new Set(repositories.map((repo) => repo.full_name.slice(0, repo.full_name.indexOf('/')))),
    ].sort();
  }

  async function checksPage(repo: RepoRef, query: CheckQuery) {
    const sha = await resolveCommit(repo, query.ref ?? query.branch);
    const { phase, token } =
      query.cursor === undefined ? { phase: 's', token: undefined } : splitCursor(query.cursor);
    const paged = { limit: query.limit, cursor: token };
    if (phase === 's') {
      const page = await listPage(
        Pages.statuses,
        { path: repoPath(repo, `/commit/${sha}/statuses`), query: pageParams(paged) },
        (wire, ctx) => mapCommitStatus(wire, sha, ctx),
      );
      return {
        items: page.items,
        nextCursor: `${page.nextCursor === null ? 'p' : 's'}${CURSOR_SEPARATOR}${page.nextCursor ?? ''}`,
      };
    }
    if (phase !== 'p') throw invalidCursor();
    const page = await listPage(
      Pages.pipelines,
      {
        path: repoPath(repo, '/pipelines'),
        query: { ...pageParams(paged), 'target.commit.hash': sha },
      },
      (wire, ctx) => mapPipeline(wire, sha, ctx),
    );
    return {
      items: page.items,
      nextCursor: page.nextCursor === null ? null : `p${CURSOR_SEPARATOR}${page.nextCursor}`,
    };
  }

  return {
    id: BITBUCKET_PROVIDER_ID,
    capabilities: bitbucketCapabilities,

    async getViewer() {
      return mapViewer(await call(WireAccountSchema, { path: '/user' }), context);
    },

    async listRepositories(query) {
      if (query.owner !== undefined && !WORKSPACE.test(query.owner))
        throw invalidRequest('owner must be a Bitbucket workspace slug');
      return listPage(
        Pages.repositories,
        {
          path: query.owner === undefined ? '/repositories' : `/repositories/${query.owner}`,
          query: {
            ...pageParams(query),
            role: 'member',
            q: query.search === undefined ? undefined : `name ~ ${bbqlString(query.search)}`,
          },
        },
        mapRepository,
      );
    },

    async getRepository(repo) {
      return mapRepository(await getRepositoryWire(repo), context);
    },

    async listBranches(repo, query) {
      const params = pageParams(query);
      return inRepo(repo, () =>
        listPage(
          Pages.branches,
          { path: repoPath(repo, '/refs/branches'), query: params },
          mapBranch,
        ),
      );
    },

    async listCommits(repo, query) {
      const params = pageParams(query);
      const branch = query.branch ?? (await defaultBranch(repo));
      return inRepo(repo, () =>
        listPage(
          Pages.commits,
          { path: repoPath(repo, `/commits/${encodeURIComponent(branch)}`), query: params },
          mapCommit,
        ),
      );
    },

    async getCommitDiff(repo, sha) {
      const segment = shaSegment(sha);
      return inRepo(repo, async () => {
        const [commit, diffstat, diff] = await Promise.all([
          call(WireCommitSchema, { path: repoPath(repo, `/commit/${segment}`) }),
          send({
            path: repoPath(repo, `/diffstat/${segment}`),
            query: { pagelen: DIFFSTAT_PAGELEN },
          }).then(diffstatAll),
          send<string>({ path: repoPath(repo, `/diff/${segment}`), responseType: 'text' }),
        ]);
        return mapDiff(
          {
            sha: commit.hash,
            baseSha: commit.parents[0]?.hash ?? null,
            diffstat: diffstat.files,
            diff: diff.body,
            truncated: diffstat.truncated,
          },
          context,
        );
      });
    },

    async listPullRequests(repo, query) {
      return inRepo(repo, () =>
        pullRequestsPage(
          repoPath(repo, '/pullrequests'),
          query,
          PULL_REQUEST_STATES[query.state ?? 'open'],
          undefined,
        ),
      );
    },

    async getPullRequestDiff(repo, number) {
      const id = numberSegment(number);
      return inRepo(repo, async () => {
        const pr = await call(WirePullRequestSchema, {
          path: repoPath(repo, `/pullrequests/${id}`),
        });
        const full = async (hash: string | undefined): Promise<string | null> =>
          hash === undefined ? null : FULL_SHA.test(hash) ? hash : resolveCommit(repo, hash);
        const [head, baseSha, diffstat, diff] = await Promise.all([
          full(pr.source.commit?.hash),
          full(pr.destination.commit?.hash),
          followRedirect({ path: repoPath(repo, `/pullrequests/${id}/diffstat`) }).then(
            diffstatAll,
          ),
          followRedirect<string>({
            path: repoPath(repo, `/pullrequests/${id}/diff`),
            responseType: 'text',
          }),
        ]);
        return mapDiff(
          {
            sha: head,
            baseSha,
            diffstat: diffstat.files,
            diff: diff.body,
            truncated: diffstat.truncated,
          },
          context,
        );
      });
    },

    listContributors() {
      return Promise.reject(unsupported('listContributors'));
    },

    async listTags(repo, query) {
      const params = pageParams(query);
      return inRepo(repo, () =>
        listPage(Pages.tags, { path: repoPath(repo, '/refs/tags'), query: params }, mapTag),
      );
    },

    listReleases() {
      return Promise.reject(unsupported('listReleases'));
    },

    async listChecks(repo, query) {
      pageParams({ limit: query.limit });
      return inRepo(repo, () => checksPage(repo, query));
    },

    async listDeployments(repo, query) {
      const params = pageParams(query);
      return inRepo(repo, async () => {
        const environments = new Map(
          (await walk(Pages.environments, repoPath(repo, '/environments'))).map((env) => [
            env.uuid,
            env.name,
          ]),
        );
        const page = await listPage(
          Pages.deployments,
          { path: repoPath(repo, '/deployments'), query: params },
          (wire, ctx) => mapDeployment(wire, environments, ctx),
        );
        return {
          items: page.items.filter(
            (deployment) =>
              (query.environment === undefined || deployment.environment === query.environment) &&
              (query.state === undefined || deployment.state === query.state),
          ),
          nextCursor: page.nextCursor,
        };
      });
    },

    async listFileTree(repo, query) {
      const params = pageParams(query);
      const path = (query.path ?? '')
        .split('/')
        .filter((segment) => segment !== '')
        .map((segment) => encodeURIComponent(segment))
        .join('/');
      return inRepo(repo, async () => {
        const sha = await resolveCommit(repo, query.ref ?? query.branch);
        return listPage(
          Pages.tree,
          {
            path: repoPath(repo, `/src/${sha}/${path === '' ? '' : `${path}/`}`),
            query: {
              ...params,
              max_depth: query.recursive === true ? RECURSIVE_MAX_DEPTH : undefined,
            },
          },
          mapFileTreeEntry,
        );
      });
    },

    async listOrganizations(query) {
      return listPage(
        Pages.workspaces,
        { path: '/user/workspaces', query: pageParams(query) },
        (wire, ctx) => mapOrganization(wire.workspace, ctx),
      );
    },

    async searchPullRequests(query) {
      const states = PULL_REQUEST_STATES[query.state ?? 'all'];
      pageParams({ limit: query.limit });
      if (query.author === undefined) {
        if (query.repo === undefined)
          throw invalidRequest(
            'Bitbucket has no search across workspaces: give an author or a repository.',
          );
        const ref = parseRepoRef(encodeURIComponent(query.repo));
        return inRepo(ref, () =>
          pullRequestsPage(repoPath(ref, '/pullrequests'), query, states, undefined),
        );
      }
      const author = encodeURIComponent(query.author);
      if (query.repo !== undefined) {
        const workspace = query.repo.slice(0, query.repo.indexOf('/'));
        if (!WORKSPACE.test(workspace)) throw invalidRequest('repo must be workspace/slug');
        return pullRequestsPage(
          `/workspaces/${workspace}/pullrequests/${author}`,
          query,
          states,
          `destination.repository.full_name = ${bbqlString(query.repo)}`,
        );
      }
      // Across workspaces: the cursor is `<workspace>~<page>`, the workspace checked against the
      // user's own list so a cursor cannot point the search anywhere else.
      const workspaces = await memberWorkspaces();
      let index = 0;
      let token: string | undefined;
      if (query.cursor !== undefined) {
        const parts = splitCursor(query.cursor);
        index = workspaces.indexOf(parts.phase);
        if (index === -1) throw invalidCursor();
        token = parts.token;
      }
      const workspace = workspaces[index];
      if (workspace === undefined) return { items: [], nextCursor: null };
      const page = await pullRequestsPage(
        `/workspaces/${encodeURIComponent(workspace)}/pullrequests/${author}`,
        { limit: query.limit, cursor: token },
        states,
        undefined,
      );
      const following = workspaces[index + 1];
      return {
        items: page.items,
        nextCursor:
          page.nextCursor !== null
            ? `${workspace}${CURSOR_SEPARATOR}${checkPageToken(page.nextCursor)}`
            : following === undefined
              ? null
              : `${following}${CURSOR_SEPARATOR}`,
      };
    },

    async listSshKeys() {
      const viewer = await call(WireAccountSchema, { path: '/user' });
      if (viewer.uuid === undefined) throw unexpectedShape('/user');
      const keys = await walk(Pages.sshKeys, `/users/${encodeURIComponent(viewer.uuid)}/ssh-keys`);
      return keys.map((key) => mapSshKey(key, context));
    },

    async createWebhook(repo, input) {
      const events = new Set<string>();
      for (const event of input.events) {
        const keys = event.includes(':') ? [event] : WEBHOOK_EVENTS[event];
        if (keys === undefined)
          throw invalidRequest(`Bitbucket has no webhook event for ${event.slice(0, 100)}`);
        for (const key of keys) events.add(key);
      }
      if (events.size === 0) throw invalidRequest('events must name at least one event');
      const hook = await inRepo(repo, () =>
        call(WireHookSchema, {
          method: 'POST',
          path: repoPath(repo, '/hooks'),
          body: {
            description: 'SCM Gateway',
            url: input.callbackUrl,
            active: input.active,
            events: [...events],
            secret: input.secret,
          },
        }),
      );
      return mapEventSubscription(hook, repoName(repo), context);
    },

    async deleteWebhook(repo, id) {
      if (!id.startsWith('{') || !id.endsWith('}') || id.length > 40)
        throw invalidRequest('A Bitbucket webhook id is a {uuid}.');
      await inRepo(repo, () =>
        send({
          method: 'DELETE',
          path: repoPath(repo, `/hooks/${encodeURIComponent(id)}`),
          responseType: 'text',
        }),
      );
    },

    async createComment(repo, input) {
      const comment = await inRepo(repo, () =>
        call(WireCommentSchema, {
          method: 'POST',
          path: repoPath(repo, `/pullrequests/${numberSegment(input.number)}/comments`),
          body: { content: { raw: input.body } },
        }),
      );
      return { id: String(comment.id), webUrl: comment.links?.html?.href ?? null };
    },

    addLabels() {
      return Promise.reject(unsupported('addLabels'));
    },

    async setCommitStatus(repo, input) {
      const sha = shaSegment(input.sha);
      const status = await inRepo(repo, () =>
        call(WireCommitStatusSchema, {
          method: 'POST',
          path: repoPath(repo, `/commit/${sha}/statuses/build`),
          body: {
            key: statusKey(input.context),
            name: input.context,
            state: COMMIT_STATUS_STATE[input.state],
            description: input.description,
            url: input.targetUrl,
          },
        }),
      );
      return mapCommitStatus(status, sha, context);
    },

    webhooks: createBitbucketWebhooks({ secrets: settings.webhookSecrets ?? [], clock }),

    oauth,

    close: async () => {
      await http.close();
      await oauth?.close();
    },
  };
}

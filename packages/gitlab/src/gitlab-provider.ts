import {
  assertLimit,
  createHttpClient,
  createRefreshingToken,
  defineCapabilities,
  formatRepoRef,
  parseRepoRef,
  ScmError,
  systemClock,
  transportOptions,
  type HttpClientOptions,
  type HttpRequest,
  type HttpResponse,
  type Page,
  type PageQuery,
  type RefreshingToken,
  type RepoRef,
  type ScmProvider,
} from '@scm/core';
import { z } from 'zod';
import { invalidRequest, mapGitLabError, unexpectedShape } from './gitlab-errors.js';
import { createGitLabOAuth, type GitLabOAuth } from './gitlab-oauth.js';
import {
  invalidCursor,
  keysetParams,
  nextKeysetCursor,
  nextOffsetCursor,
  offsetParams,
  pageOfCursor,
} from './gitlab-pagination.js';
import {
  WireBranchSchema,
  WireCommitSchema,
  WireCommitStatusSchema,
  WireContributorSchema,
  WireDeploymentSchema,
  WireDiffFileSchema,
  WireGroupSchema,
  WireHookSchema,
  WireMergeRequestSchema,
  WireNoteSchema,
  WirePipelineSchema,
  WireProjectSchema,
  WireReleaseSchema,
  WireSshKeySchema,
  WireTagSchema,
  WireTreeEntrySchema,
  WireUserSchema,
} from './gitlab-schemas.js';
import { GITLAB_DEFAULT_BASE_URL, type GitLabProviderSettings } from './gitlab-settings.js';
import { createGitLabWebhooks } from './gitlab-webhooks.js';
import { mapOrganization, mapSshKey, mapViewer } from './map-account.js';
import {
  DEPLOYMENT_STATUS_FILTER,
  HOOK_EVENT_FLAGS,
  mapCommitStatus,
  mapDeployment,
  mapEventSubscription,
  mapPipeline,
} from './map-ci.js';
import { mapCommit, mapDiff } from './map-commit.js';
import { GITLAB_PROVIDER_ID, type MapContext } from './map-common.js';
import { mapFileTreeEntry } from './map-file-tree.js';
import { mapPullRequest } from './map-pull-request.js';
import { mapBranch, mapContributor, mapRelease, mapTag } from './map-refs.js';
import { mapRepository } from './map-repository.js';

export const gitlabCapabilities = defineCapabilities({
  listContributors: {
    supported: true,
    notes: 'GitLab counts contributors by git name and email: id and login are null.',
  },
  listReleases: {
    supported: true,
    notes: 'A GitLab release is identified by its tag name (its id here); GitLab has no drafts.',
  },
  listChecks: {
    supported: true,
    notes: 'Commit statuses first, then pipelines for the same commit (kind pipeline).',
  },
  createWebhook: {
    supported: true,
    notes: 'GitLab project hooks have no on/off switch: active must be true.',
  },
});

// A sha or a number goes into a path segment: refuse anything else instead of encoding it.
const SHA = /^[0-9a-f]{7,64}$/i;
const FULL_SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;
const CHECKS_CURSOR = /^(s|l):([1-9][0-9]{0,6}):([0-9a-f]{40}(?:[0-9a-f]{24})?)$/;
/** Diffs are read whole, 100 files a page, up to this many pages; beyond that `truncated`. */
const MAX_DIFF_PAGES = 30;
const MAX_KEY_PAGES = 20;

function shaSegment(sha: string): string {
  if (!SHA.test(sha)) throw invalidRequest('sha must be hexadecimal');
  return sha;
}

function numberSegment(value: number): string {
  if (!Number.isSafeInteger(value) || value < 0)
    throw invalidRequest('number must be a non-negative integer');
  return String(value);
}

/** GitLab's `state` filter for merge requests. */
const MR_STATE_FILTER = { open: 'opened', closed: 'closed', merged: 'merged', all: 'all' } as const;

/** Core commit status states → GitLab's (`error` has no GitLab counterpart but `failed`). */
const STATUS_STATE = {
  pending: 'pending',
  success: 'success',
  failure: 'failed',
  error: 'failed',
} as const;

/**
 * The GitLab adapter for gitlab.com and self-managed instances (REST API v4). See README.md for
 * settings, auth modes and limits.
 */
export function createGitLabProvider(settings: GitLabProviderSettings): ScmProvider {
  const clock = settings.clock ?? systemClock;
  const root = (settings.baseUrl ?? GITLAB_DEFAULT_BASE_URL).replace(/\/+$/, '');
  let apiOrigin: string;
  try {
    apiOrigin = new URL(root).origin;
  } catch {
    throw new ScmError('INVALID_REQUEST', {
      provider: GITLAB_PROVIDER_ID,
      message: 'baseUrl is not an absolute URL',
    });
  }
  const context: MapContext = { includeRaw: settings.includeRaw ?? false, webBase: root };
  const transport = transportOptions(settings);
  const auth = settings.auth;

  const oauthFor = (client: {
    clientId: string;
    clientSecret: string;
    redirectUri?: string | undefined;
  }): GitLabOAuth =>
    createGitLabOAuth({
      ...transport,
      baseUrl: root,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      redirectUri: client.redirectUri,
    });
  const tokenOAuth = auth.type === 'oauth' ? oauthFor(auth) : undefined;
  const appOAuth = settings.oauthApp === undefined ? tokenOAuth : oauthFor(settings.oauthApp);

  // The header follows the configured token kind, never the token's shape.
  let bearer: RefreshingToken | undefined;
  let headers: HttpClientOptions['headers'];
  if (auth.type === 'private-token') {
    headers = { 'private-token': auth.token };
  } else {
    const refresher = tokenOAuth ?? oauthFor(auth);
    const token = createRefreshingToken({
      tokens: auth.tokens,
      refresh: (refreshToken) => refresher.refresh(refreshToken),
      provider: GITLAB_PROVIDER_ID,
      clock,
      refreshBeforeMs: auth.refreshBeforeMs,
      onRefresh: auth.onRefresh,
    });
    bearer = token;
    headers = async () => ({ authorization: `Bearer ${await token.get()}` });
  }

  const http = createHttpClient({
    ...transport,
    baseUrl: `${root}/api/v4`,
    provider: GITLAB_PROVIDER_ID,
    headers,
    clock,
    mapError: mapGitLabError,
  });

  async function send(request: HttpRequest): Promise<HttpResponse> {
    const used = bearer?.current().accessToken;
    try {
      return await http.request(request);
    } catch (error) {
      // GitLab may expire or revoke a token before our clock says so (clock skew, a revoked
      // grant): refresh once, shared with concurrent callers, and try again. When another call
      // already replaced the token meanwhile, its new token is tried without another refresh.
      if (bearer !== undefined && ScmError.isInstance(error) && error.code === 'AUTH_EXPIRED') {
        if (bearer.current().accessToken === used) await bearer.refreshNow();
        return http.request(request);
      }
      throw error;
    }
  }

  async function call<S extends z.ZodType>(schema: S, request: HttpRequest): Promise<z.infer<S>> {
    const response = await send(request);
    const parsed = schema.safeParse(response.body);
    if (!parsed.success) throw unexpectedShape(request.path);
    return parsed.data;
  }

  async function fetchList<S extends z.ZodType>(
    schema: S,
    request: HttpRequest,
  ): Promise<{ items: z.infer<S>[]; headers: Readonly<Record<string, string>> }> {
    const response = await send(request);
    const parsed = z.array(schema).safeParse(response.body);
    if (!parsed.success) throw unexpectedShape(request.path);
    return { items: parsed.data, headers: response.headers };
  }

  /** One page of an offset-paginated list (`page`, `per_page`, `X-Next-Page`). */
  async function offsetPage<S extends z.ZodType, T>(
    schema: S,
    request: HttpRequest,
    query: PageQuery,
    map: (wire: z.infer<S>, context: MapContext) => T,
  ): Promise<Page<T>> {
    const { items, headers } = await fetchList(schema, {
      ...request,
      query: { ...request.query, ...offsetParams(query) },
    });
    return {
      items: items.map((item) => map(item, context)),
      nextCursor: nextOffsetCursor(headers),
    };
  }

  /** One page of a keyset-paginated list (`pagination=keyset`, `Link: rel="next"`). */
  async function keysetPage<S extends z.ZodType, T>(
    schema: S,
    request: HttpRequest,
    query: PageQuery,
    param: string,
    map: (wire: z.infer<S>, context: MapContext) => T,
  ): Promise<Page<T>> {
    const { items, headers } = await fetchList(schema, {
      ...request,
      query: { ...request.query, ...keysetParams(query, param) },
    });
    return {
      items: items.map((item) => map(item, context)),
      nextCursor: nextKeysetCursor(headers, param, apiOrigin),
    };
  }

  /** Every page of a list, up to `maxPages`; `complete` is false when more were left. */
  async function allPages<S extends z.ZodType>(
    schema: S,
    request: HttpRequest,
    maxPages: number,
  ): Promise<{ items: z.infer<S>[]; complete: boolean }> {
    const items: z.infer<S>[] = [];
    let page = 1;
    for (let count = 0; count < maxPages; count++) {
      const result = await fetchList(schema, {
        ...request,
        query: { ...request.query, per_page: 100, page },
      });
      items.push(...result.items);
      const next = nextOffsetCursor(result.headers);
      if (next === null) return { items, complete: true };
      page = pageOfCursor(next);
    }
    return { items, complete: false };
  }

  const projectPath = (repo: RepoRef, rest = ''): string =>
    `/projects/${formatRepoRef(repo)}${rest}`;
  const repoName = (repo: RepoRef): string => (repo.kind === 'path' ? repo.fullPath : repo.id);

  async function resolveSha(repo: RepoRef, ref: string | undefined): Promise<string> {
    let name = ref;
    if (name === undefined || name === '') {
      const project = await call(WireProjectSchema, { path: projectPath(repo) });
      if (project.default_branch === undefined || project.default_branch === null)
        throw new ScmError('RESOURCE_NOT_FOUND', {
          provider: GITLAB_PROVIDER_ID,
          message: 'The project has no default branch (an empty repository).',
        });
      name = project.default_branch;
    }
    if (FULL_SHA.test(name)) return name;
    const commit = await call(WireCommitSchema, {
      path: projectPath(repo, `/repository/commits/${encodeURIComponent(name)}`),
    });
    return commit.id;
  }

  async function diffOf(
    request: HttpRequest,
    heads: { sha: string | null; baseSha: string | null },
  ): Promise<ReturnType<typeof mapDiff>> {
    const files = await allPages(WireDiffFileSchema, request, MAX_DIFF_PAGES);
    return mapDiff(files.items, { ...heads, truncated: !files.complete }, context);
  }

  function hookFlags(events: readonly string[]): Record<string, boolean> {
    const flags: Record<string, boolean> = {};
    for (const names of Object.values(HOOK_EVENT_FLAGS))
      for (const flag of names) flags[flag] = false;
    for (const event of events) {
      const names = (HOOK_EVENT_FLAGS as Record<string, readonly string[] | undefined>)[event];
      if (names === undefined)
        throw invalidRequest(
          `Unknown webhook event ${event.slice(0, 64)}; use ${Object.keys(HOOK_EVENT_FLAGS).join(', ')}`,
        );
      for (const flag of names) flags[flag] = true;
    }
    return flags;
  }

  const provider: ScmProvider = {
    id: GITLAB_PROVIDER_ID,
    capabilities: gitlabCapabilities,

    async getViewer() {
      return mapViewer(await call(WireUserSchema, { path: '/user' }), context);
    },

    async listRepositories(query) {
      if (query.owner === undefined || query.owner === '') {
        // Keyset pagination (order_by=id) keeps deep pages cheap and stable under inserts.
        return keysetPage(
          WireProjectSchema,
          {
            path: '/projects',
            query: { membership: true, order_by: 'id', sort: 'asc', search: query.search },
          },
          query,
          'id_after',
          mapRepository,
        );
      }
      const owner = query.owner;
      const filters = { order_by: 'id', sort: 'asc', search: query.search };
      try {
        // A group's own projects, not those shared with it or in its subgroups, so every
        // repository's owner is the group asked for.
        return await offsetPage(
          WireProjectSchema,
          {
            path: `/groups/${encodeURIComponent(owner)}/projects`,
            query: { ...filters, with_shared: false, include_subgroups: false },
          },
          query,
          mapRepository,
        );
      } catch (error) {
        const notFound =
          ScmError.isInstance(error) &&
          (error.code === 'RESOURCE_NOT_FOUND' || error.code === 'REPOSITORY_NOT_FOUND');
        if (!notFound || owner.includes('/')) throw error;
      }
      return offsetPage(
        WireProjectSchema,
        { path: `/users/${encodeURIComponent(owner)}/projects`, query: filters },
        query,
        mapRepository,
      );
    },

    async getRepository(repo) {
      return mapRepository(await call(WireProjectSchema, { path: projectPath(repo) }), context);
    },

    async listBranches(repo, query) {
      return offsetPage(
        WireBranchSchema,
        { path: projectPath(repo, '/repository/branches') },
        query,
        mapBranch,
      );
    },

    async listCommits(repo, query) {
      return offsetPage(
        WireCommitSchema,
        { path: projectPath(repo, '/repository/commits'), query: { ref_name: query.branch } },
        query,
        mapCommit,
      );
    },

    async getCommitDiff(repo, sha) {
      const path = projectPath(repo, `/repository/commits/${shaSegment(sha)}`);
      const commit = await call(WireCommitSchema, { path });
      return diffOf(
        { path: `${path}/diff` },
        { sha: commit.id, baseSha: commit.parent_ids?.[0] ?? null },
      );
    },

    async listPullRequests(repo, query) {
      return offsetPage(
        WireMergeRequestSchema,
        {
          path: projectPath(repo, '/merge_requests'),
          query: {
            state: MR_STATE_FILTER[query.state ?? 'open'],
            order_by: 'created_at',
            sort: 'desc',
          },
        },
        query,
        mapPullRequest,
      );
    },

    async getPullRequestDiff(repo, number) {
      const path = projectPath(repo, `/merge_requests/${numberSegment(number)}`);
      const mergeRequest = await call(WireMergeRequestSchema, { path });
      return diffOf(
        { path: `${path}/diffs` },
        {
          sha: mergeRequest.diff_refs?.head_sha ?? mergeRequest.sha ?? null,
          baseSha: mergeRequest.diff_refs?.base_sha ?? null,
        },
      );
    },

    async listContributors(repo, query) {
      return offsetPage(
        WireContributorSchema,
        {
          path: projectPath(repo, '/repository/contributors'),
          query: { order_by: 'commits', sort: 'desc' },
        },
        query,
        mapContributor,
      );
    },

    async listTags(repo, query) {
      return offsetPage(
        WireTagSchema,
        { path: projectPath(repo, '/repository/tags') },
        query,
        mapTag,
      );
    },

    async listReleases(repo, query) {
      return offsetPage(
        WireReleaseSchema,
        { path: projectPath(repo, '/releases') },
        query,
        mapRelease,
      );
    },

    async listChecks(repo, query) {
      assertLimit(query.limit);
      let phase: 's' | 'l' = 's';
      let page = 1;
      let sha: string;
      if (query.cursor === undefined) {
        sha = await resolveSha(repo, query.ref ?? query.branch);
      } else {
        const match = CHECKS_CURSOR.exec(query.cursor);
        if (match === null) throw invalidCursor();
        phase = match[1] === 'l' ? 'l' : 's';
        page = Number(match[2]);
        sha = match[3] ?? '';
      }
      if (phase === 's') {
        // `all=true`: every status, not only the latest per name.
        const { items, headers } = await fetchList(WireCommitStatusSchema, {
          path: projectPath(repo, `/repository/commits/${sha}/statuses`),
          query: { all: true, per_page: query.limit, page },
        });
        const next = nextOffsetCursor(headers);
        if (next !== null || items.length > 0)
          return {
            items: items.map((item) => mapCommitStatus(item, context)),
            nextCursor: next === null ? `l:1:${sha}` : `s:${pageOfCursor(next)}:${sha}`,
          };
        page = 1;
      }
      const { items, headers } = await fetchList(WirePipelineSchema, {
        path: projectPath(repo, '/pipelines'),
        query: { sha, per_page: query.limit, page },
      });
      const next = nextOffsetCursor(headers);
      return {
        items: items.map((item) => mapPipeline(item, context)),
        nextCursor: next === null ? null : `l:${pageOfCursor(next)}:${sha}`,
      };
    },

    async listDeployments(repo, query) {
      let status: string | undefined;
      if (query.state !== undefined) {
        status = DEPLOYMENT_STATUS_FILTER[query.state];
        if (status === undefined)
          throw invalidRequest(
            `GitLab cannot filter deployments by ${query.state.slice(0, 32)}; use ${Object.keys(DEPLOYMENT_STATUS_FILTER).join(', ')}`,
          );
      }
      return offsetPage(
        WireDeploymentSchema,
        {
          path: projectPath(repo, '/deployments'),
          query: { environment: query.environment, status, order_by: 'id', sort: 'asc' },
        },
        query,
        mapDeployment,
      );
    },

    async listFileTree(repo, query) {
      return keysetPage(
        WireTreeEntrySchema,
        {
          path: projectPath(repo, '/repository/tree'),
          query: {
            ref: query.ref ?? query.branch,
            path: query.path === undefined || query.path === '' ? undefined : query.path,
            recursive: query.recursive === true ? true : undefined,
          },
        },
        query,
        'page_token',
        mapFileTreeEntry,
      );
    },

    async listOrganizations(query) {
      // min_access_level=10 (Guest): the groups the viewer is a member of, subgroups included.
      return offsetPage(
        WireGroupSchema,
        { path: '/groups', query: { min_access_level: 10, order_by: 'id', sort: 'asc' } },
        query,
        mapOrganization,
      );
    },

    async searchPullRequests(query) {
      const filters = {
        state: query.state === undefined ? undefined : MR_STATE_FILTER[query.state],
        author_username: query.author,
        order_by: 'created_at',
        sort: 'desc',
      };
      if (query.repo !== undefined && query.repo !== '') {
        return offsetPage(
          WireMergeRequestSchema,
          { path: projectPath(parseRepoRef(query.repo), '/merge_requests'), query: filters },
          query,
          mapPullRequest,
        );
      }
      // scope=all: every merge request the viewer can see, not only those created by them.
      return offsetPage(
        WireMergeRequestSchema,
        { path: '/merge_requests', query: { ...filters, scope: 'all' } },
        query,
        mapPullRequest,
      );
    },

    async listSshKeys() {
      const { items } = await allPages(WireSshKeySchema, { path: '/user/keys' }, MAX_KEY_PAGES);
      return items.map((key) => mapSshKey(key, context));
    },

    async createWebhook(repo, input) {
      if (!input.active) throw invalidRequest('GitLab project hooks cannot be created inactive');
      const hook = await call(WireHookSchema, {
        method: 'POST',
        path: projectPath(repo, '/hooks'),
        body: {
          url: input.callbackUrl,
          token: input.secret,
          enable_ssl_verification: true,
          ...hookFlags(input.events),
        },
      });
      return mapEventSubscription(hook, repoName(repo), context);
    },

    async deleteWebhook(repo, id) {
      if (!/^[0-9]{1,20}$/.test(id)) throw invalidRequest('A GitLab hook id is a number');
      await send({
        method: 'DELETE',
        path: projectPath(repo, `/hooks/${id}`),
        responseType: 'text',
      });
    },

    async createComment(repo, input) {
      const iid = numberSegment(input.number);
      const note = await call(WireNoteSchema, {
        method: 'POST',
        path: projectPath(repo, `/merge_requests/${iid}/notes`),
        body: { body: input.body },
      });
      return {
        id: String(note.id),
        webUrl:
          repo.kind === 'path'
            ? `${root}/${repo.fullPath}/-/merge_requests/${iid}#note_${note.id}`
            : null,
      };
    },

    async addLabels(repo, input) {
      if (input.labels.some((label) => label.includes(',') || label.trim() === ''))
        throw invalidRequest('GitLab label names cannot be empty or contain commas');
      const mergeRequest = await call(WireMergeRequestSchema, {
        method: 'PUT',
        path: projectPath(repo, `/merge_requests/${numberSegment(input.number)}`),
        body: { add_labels: input.labels.join(',') },
      });
      return { labels: mapPullRequest(mergeRequest, context).labels };
    },

    async setCommitStatus(repo, input) {
      const status = await call(WireCommitStatusSchema, {
        method: 'POST',
        path: projectPath(repo, `/statuses/${shaSegment(input.sha)}`),
        body: {
          state: STATUS_STATE[input.state],
          name: input.context,
          description: input.description,
          target_url: input.targetUrl,
        },
      });
      return mapCommitStatus(status, context);
    },

    webhooks: createGitLabWebhooks({
      secrets: settings.webhookSecrets ?? [],
      signingTokens: settings.webhookSigningTokens ?? [],
      toleranceSeconds: settings.webhookToleranceSeconds,
      clock,
    }),

    oauth: appOAuth,

    close: async () => {
      await http.close();
      await tokenOAuth?.close();
      if (appOAuth !== tokenOAuth) await appOAuth?.close();
    },
  };
  return provider;
}

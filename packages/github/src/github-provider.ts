import {
  createHttpClient,
  createRefreshingToken,
  defineCapabilities,
  redirectWithinApi,
  ScmError,
  splitUnifiedDiff,
  systemClock,
  transportOptions,
  type Diff,
  type HttpRequest,
  type HttpResponse,
  type Page,
  type RateLimitInfo,
  type RepoRef,
  type ScmProvider,
} from '@scm/core';
import { z } from 'zod';
import { createGitHubAppAuth } from './github-app-auth.js';
import { createGitHubErrorMapper, invalidInput, unexpectedShape } from './github-errors.js';
import { createGitHubOAuth } from './github-oauth.js';
import { invalidCursor, nextPage, pageParams, parseTaggedCursor } from './github-pagination.js';
import {
  WireBranchSchema,
  WireCheckRunsSchema,
  WireCombinedStatusSchema,
  WireCommitSchema,
  WireCommitWithFilesSchema,
  WireContributorSchema,
  WireDeploymentSchema,
  WireDeploymentStatusSchema,
  WireDiffEntrySchema,
  WireHookSchema,
  WireIssueCommentSchema,
  WireInstallationRepositoriesSchema,
  WireIssueSearchItemSchema,
  WireKeySchema,
  WireLabelsSchema,
  WireOrganizationSchema,
  WirePullRequestSchema,
  WireReleaseSchema,
  WireRepositorySchema,
  WireSearchSchema,
  WireStatusSchema,
  WireTagSchema,
  WireTreeSchema,
  WireUserSchema,
} from './github-schemas.js';
import {
  deriveWebUrl,
  GITHUB_API_VERSION,
  GITHUB_DEFAULT_BASE_URL,
  type GitHubProviderSettings,
} from './github-settings.js';
import { createGitHubWebhooks } from './github-webhooks.js';
import { mapOrganization, mapSshKey, mapViewer } from './map-account.js';
import { mapCheckRun, mapCommitStatus, mapDeployment, mapEventSubscription } from './map-ci.js';
import { mapCommit, mapDiffEntry } from './map-commit.js';
import { GITHUB_PROVIDER_ID, base, type MapContext } from './map-common.js';
import { mapFileTreeEntry } from './map-file-tree.js';
import { mapIssueSearchItem, mapPullRequest } from './map-pull-request.js';
import { mapBranch, mapContributor, mapRelease, mapTag } from './map-refs.js';
import { mapRepository } from './map-repository.js';

/** Every operation is served; these notes say where GitHub differs from the other providers. */
export const githubCapabilities = defineCapabilities({
  listTags: {
    supported: true,
    notes: 'GitHub’s tag list carries no annotation or date: message and createdAt are null.',
  },
  listChecks: {
    supported: true,
    notes: 'Check runs first, then the latest commit status of each context.',
  },
  searchPullRequests: {
    supported: true,
    notes:
      'Through the issue search API (30 requests a minute); results carry no branches or head sha.',
  },
  listSshKeys: { supported: true, notes: 'GitHub returns no key fingerprint.' },
});

/** The GitHub adapter: the core contract plus the last rate-limit headers seen and the web root. */
export interface GitHubProvider extends ScmProvider {
  /** `https://github.com`, or the GHES host root: where web links and OAuth pages live. */
  readonly webUrl: string;
  /** `x-ratelimit-*` of the latest response, or null before the first one. */
  rateLimit(): RateLimitInfo | null;
}

interface Credential {
  /** The `authorization` header value for the next request. */
  header: () => Promise<string>;
  /** Renews a credential GitHub refused; null when nothing can be renewed. */
  renew: (() => Promise<void>) | null;
  close: () => Promise<void>;
}

const DEFAULT_USER_AGENT = 'scm-gateway-github';
const SHA = /^[0-9a-f]{7,64}$/i;
const NUMERIC_ID = /^[1-9][0-9]{0,19}$/;
// A resolved tree sha and an offset into its (filtered) entries.
const TREE_CURSOR = /^([0-9a-f]{40}):(0|[1-9][0-9]{0,8})$/;
// GitHub's commit and pull-request file lists stop at 3000 files.
const MAX_DIFF_FILE_PAGES = 30;
const SSH_KEY_PAGE_LIMIT = 10;

function shaSegment(sha: string): string {
  if (!SHA.test(sha)) throw invalidInput('sha must be a hexadecimal commit sha');
  return sha;
}

function numberSegment(value: number): string {
  if (!Number.isSafeInteger(value) || value < 1)
    throw invalidInput('number must be a positive integer');
  return String(value);
}

/**
 * A branch, tag or sha as one path segment: `/` in a branch name is percent-encoded, as octokit's
 * URL templates do, and GitHub decodes it.
 */
function refSegment(ref: string): string {
  if (ref === '' || ref.length > 255 || ref.includes('..'))
    throw invalidInput('ref is not a valid git ref');
  return encodeURIComponent(ref);
}

/** Creates the adapter for GitHub.com or GitHub Enterprise Server. */
export function createGitHubProvider(settings: GitHubProviderSettings): GitHubProvider {
  const clock = settings.clock ?? systemClock;
  const baseUrl = (settings.baseUrl ?? GITHUB_DEFAULT_BASE_URL).replace(/\/+$/, '');
  const webUrl = (settings.webUrl ?? deriveWebUrl(baseUrl)).replace(/\/+$/, '');
  const context: MapContext = { includeRaw: settings.includeRaw ?? false };
  const { auth } = settings;
  const transport = transportOptions(settings);

  const oauth =
    auth.type === 'oauth'
      ? createGitHubOAuth({
          ...transport,
          clientId: auth.clientId,
          clientSecret: auth.clientSecret,
          baseUrl,
          webBaseUrl: webUrl,
        })
      : undefined;

  const credential = ((): Credential => {
    switch (auth.type) {
      case 'token': {
        const header = `Bearer ${auth.token}`;
        return {
          header: () => Promise.resolve(header),
          renew: null,
          close: () => Promise.resolve(),
        };
      }
      case 'oauth': {
        const refreshing = createRefreshingToken({
          tokens: auth.tokens,
          provider: GITHUB_PROVIDER_ID,
          clock,
          refresh: (refreshToken) => (oauth as NonNullable<typeof oauth>).refresh(refreshToken),
          onRefresh: auth.onRefresh,
        });
        return {
          header: async () => `Bearer ${await refreshing.get()}`,
          // A token GitHub refused before its recorded expiry can still be refreshed once.
          renew:
            auth.tokens.refreshToken === null
              ? null
              : async () => {
                  await refreshing.refreshNow();
                },
          close: () => Promise.resolve(),
        };
      }
      case 'app': {
        const { installationId, owner } = auth;
        if (installationId === undefined && owner === undefined)
          throw invalidInput('GitHub App auth needs an installationId or an owner');
        const appAuth = createGitHubAppAuth({
          ...transport,
          appId: auth.appId,
          privateKey: auth.privateKey,
          baseUrl,
        });
        const target =
          installationId === undefined ? { owner: owner as string } : { installationId };
        return {
          header: async () => `Bearer ${await appAuth.tokenFor(target)}`,
          renew: async () => {
            appAuth.invalidate(
              installationId ?? (await appAuth.installationIdForOwner(owner as string)),
            );
          },
          close: () => appAuth.close(),
        };
      }
    }
  })();

  const http = createHttpClient({
    ...transport,
    userAgent: settings.userAgent ?? DEFAULT_USER_AGENT,
    baseUrl,
    provider: GITHUB_PROVIDER_ID,
    clock,
    headers: async () => ({
      accept: 'application/vnd.github+json',
      'x-github-api-version': GITHUB_API_VERSION,
      authorization: await credential.header(),
    }),
    mapError: createGitHubErrorMapper(auth.type),
  });

  let lastRateLimit: RateLimitInfo | null = null;

  // Counts renewals, so a request refused with a credential already replaced only retries.
  let generation = 0;
  let renewing: Promise<void> | null = null;

  /**
   * Sends a request, following one redirect within the API: GitHub moves a renamed or transferred
   * repository with a 301 (307 for writes) to `/repositories/:id`, repeated verbatim.
   * https://docs.github.com/rest/using-the-rest-api/troubleshooting-the-rest-api#moved-repositories
   */
  async function send<T>(request: HttpRequest): Promise<HttpResponse<T>> {
    try {
      return await sendOnce<T>(request);
    } catch (error) {
      const location = ScmError.isInstance(error) ? error.details?.location : undefined;
      if (typeof location !== 'string') throw error;
      const path = redirectWithinApi(location, baseUrl);
      if (path === null) throw error;
      // The location carries the query when it has one; otherwise the request's own is kept.
      const { query, ...rest } = request;
      return sendOnce<T>(
        path.includes('?') || query === undefined ? { ...rest, path } : { ...rest, path, query },
      );
    }
  }

  async function sendOnce<T>(request: HttpRequest): Promise<HttpResponse<T>> {
    const used = generation;
    let response: HttpResponse<T>;
    try {
      response = await http.request<T>(request);
    } catch (error) {
      // An expiring credential refused early (revoked installation token, user token rotated
      // elsewhere): renew it once, shared by every request it failed, and try again.
      if (!ScmError.isInstance(error) || error.code !== 'AUTH_EXPIRED' || credential.renew === null)
        throw error;
      if (generation === used && renewing === null) {
        generation += 1;
        renewing = credential.renew().finally(() => {
          renewing = null;
        });
      }
      if (renewing !== null) await renewing;
      response = await http.request<T>(request);
    }
    if (response.rateLimit !== null) lastRateLimit = response.rateLimit;
    return response;
  }

  async function call<S extends z.ZodType>(
    schema: S,
    request: HttpRequest,
  ): Promise<{ body: z.infer<S>; headers: Readonly<Record<string, string>> }> {
    const response = await send(request);
    const parsed = schema.safeParse(response.body);
    if (!parsed.success) throw unexpectedShape(request.path);
    return { body: parsed.data, headers: response.headers };
  }

  /** One page of a Link-paginated GitHub list, mapped. */
  async function listPage<W, T>(
    itemSchema: z.ZodType<W>,
    request: HttpRequest,
    map: (wire: W) => T,
  ): Promise<Page<T>> {
    const { body, headers } = await call(z.array(itemSchema), request);
    return { items: body.map(map), nextCursor: nextPage(headers) };
  }

  function repoPath(repo: RepoRef, rest = ''): string {
    if (repo.kind === 'id') {
      if (!NUMERIC_ID.test(repo.id)) throw invalidInput('A GitHub repository id is numeric');
      // GitHub serves every repository route under /repositories/:id as well.
      return `/repositories/${repo.id}${rest}`;
    }
    if (repo.owner.includes('/')) throw invalidInput('A GitHub repository is named owner/name');
    return `/repos/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.name)}${rest}`;
  }
  const repoName = (repo: RepoRef): string => (repo.kind === 'path' ? repo.fullPath : repo.id);

  /**
   * GitHub answers a missing repository and a missing item inside it with the same 404. When a
   * repository sub-resource is not found, one look at the repository itself tells them apart.
   */
  async function inRepo<T>(repo: RepoRef, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (!ScmError.isInstance(error) || error.code !== 'RESOURCE_NOT_FOUND') throw error;
      await send({ path: repoPath(repo) });
      throw error;
    }
  }

  async function defaultBranch(repo: RepoRef): Promise<string> {
    const { body } = await call(WireRepositorySchema, { path: repoPath(repo) });
    if (body.default_branch === undefined) throw unexpectedShape(repoPath(repo));
    return body.default_branch;
  }

  let viewerLogin: Promise<string> | undefined;
  const viewer = (): Promise<string> => {
    viewerLogin ??= call(WireUserSchema, { path: '/user' }).then(
      ({ body }) => body.login,
      (error: unknown) => {
        viewerLogin = undefined;
        throw error;
      },
    );
    return viewerLogin;
  };

  /** Every file of a commit or pull request, with the diff media type filling what JSON left out. */
  async function completeDiff(
    files: Diff['files'],
    truncatedList: boolean,
    diffPath: string,
  ): Promise<{ files: Diff['files']; truncated: boolean }> {
    const missingPatch = files.some(
      (file) => file.patch === null && !file.binary && file.additions + file.deletions > 0,
    );
    if (!truncatedList && !missingPatch) return { files, truncated: false };
    try {
      // https://docs.github.com/rest/using-the-rest-api/media-types#commits-commit-comparison-and-pull-requests
      const response = await send<string>({
        path: diffPath,
        headers: { accept: 'application/vnd.github.diff' },
        responseType: 'text',
      });
      const split = splitUnifiedDiff(response.body);
      const byPath = new Map(files.map((file) => [file.path, file]));
      return {
        // The JSON's counts and binary flags win where it has the file; the diff fills patches
        // and the files past the list's cap.
        files: split.map((file) => {
          const listed = byPath.get(file.path);
          return listed === undefined ? file : { ...listed, patch: listed.patch ?? file.patch };
        }),
        truncated: false,
      };
    } catch (error) {
      // GitHub refuses diffs past its size limits (406/422): keep what the JSON gave.
      if (ScmError.isInstance(error) && error.code === 'INVALID_REQUEST')
        return { files, truncated: true };
      throw error;
    }
  }

  const provider: GitHubProvider = {
    id: GITHUB_PROVIDER_ID,
    capabilities: githubCapabilities,
    webUrl,
    rateLimit: () => lastRateLimit,

    async getViewer() {
      const { body } = await call(WireUserSchema, { path: '/user' });
      return mapViewer(body, context);
    },

    async listRepositories(query) {
      const map = (wire: z.infer<typeof WireRepositorySchema>) => mapRepository(wire, context);
      if (query.search !== undefined && query.search !== '') {
        // https://docs.github.com/search-github/searching-on-github/searching-for-repositories
        const q = [query.search, 'in:name', query.owner === undefined ? '' : `user:${query.owner}`]
          .filter((part) => part !== '')
          .join(' ');
        const { body, headers } = await call(WireSearchSchema(WireRepositorySchema), {
          path: '/search/repositories',
          query: { q, ...pageParams(query) },
        });
        return { items: body.items.map(map), nextCursor: nextPage(headers) };
      }
      if (query.owner === undefined && auth.type === 'app') {
        // An installation has no user: its repositories are the ones it was granted.
        // https://docs.github.com/rest/apps/installations#list-repositories-accessible-to-the-app-installation
        const { body, headers } = await call(WireInstallationRepositoriesSchema, {
          path: '/installation/repositories',
          query: pageParams(query),
        });
        return { items: body.repositories.map(map), nextCursor: nextPage(headers) };
      }
      if (query.owner === undefined) {
        return listPage(
          WireRepositorySchema,
          { path: '/user/repos', query: { sort: 'full_name', ...pageParams(query) } },
          map,
        );
      }
      // An owner is an organization (every repository the viewer may see, private ones too), the
      // viewer (their own, private ones too), or another user (their public repositories).
      const owner = encodeURIComponent(query.owner);
      const tagged = parseTaggedCursor(query.cursor, ['org', 'me', 'user'] as const);
      const params = pageParams({ limit: query.limit });
      const page = tagged?.value ?? 1;
      const fetch = async (kind: 'org' | 'me' | 'user'): Promise<Page<ReturnType<typeof map>>> => {
        const path =
          kind === 'org'
            ? `/orgs/${owner}/repos`
            : kind === 'me'
              ? '/user/repos'
              : `/users/${owner}/repos`;
        const extra =
          kind === 'org' ? { type: 'all' } : kind === 'me' ? { affiliation: 'owner' } : {};
        const result = await listPage(
          WireRepositorySchema,
          { path, query: { ...extra, sort: 'full_name', per_page: params.per_page, page } },
          map,
        );
        return {
          items: result.items,
          nextCursor: result.nextCursor === null ? null : `${kind}:${result.nextCursor}`,
        };
      };
      if (tagged !== undefined) return fetch(tagged.tag);
      // One look at the account says which list holds its repositories.
      // https://docs.github.com/rest/users/users#get-a-user
      const { body: account } = await call(WireUserSchema, { path: `/users/${owner}` });
      if (account.type === 'Organization') return fetch('org');
      // An installation token has no viewer to compare with.
      if (auth.type === 'app') return fetch('user');
      return fetch((await viewer()) === account.login ? 'me' : 'user');
    },

    async getRepository(repo) {
      const { body } = await call(WireRepositorySchema, { path: repoPath(repo) });
      return mapRepository(body, context);
    },

    listBranches(repo, query) {
      return inRepo(repo, () =>
        listPage(
          WireBranchSchema,
          { path: repoPath(repo, '/branches'), query: pageParams(query) },
          (wire) => mapBranch(wire, context),
        ),
      );
    },

    listCommits(repo, query) {
      return inRepo(repo, () =>
        listPage(
          WireCommitSchema,
          {
            path: repoPath(repo, '/commits'),
            query: { ...pageParams(query), sha: query.branch },
          },
          (wire) => mapCommit(wire, context),
        ),
      );
    },

    getCommitDiff(repo, sha) {
      return inRepo(repo, async () => {
        const path = repoPath(repo, `/commits/${shaSegment(sha)}`);
        const { body, headers } = await call(WireCommitWithFilesSchema, { path });
        // Past 300 files GitHub pages the file list (up to 3000): the diff media type has them all.
        // https://docs.github.com/rest/commits/commits#get-a-commit
        const files = (body.files ?? []).map(mapDiffEntry);
        const complete = await completeDiff(files, nextPage(headers) !== null, path);
        return {
          ...base(body, context),
          sha: body.sha,
          baseSha: body.parents[0]?.sha ?? null,
          files: complete.files,
          truncated: complete.truncated,
        };
      });
    },

    listPullRequests(repo, query) {
      const filter = query.state ?? 'open';
      // GitHub's `closed` includes merged pull requests; core's `closed` means closed unmerged.
      const wireState = filter === 'merged' || filter === 'closed' ? 'closed' : filter;
      return inRepo(repo, async () => {
        const page = await listPage(
          WirePullRequestSchema,
          {
            path: repoPath(repo, '/pulls'),
            query: { state: wireState, sort: 'created', direction: 'desc', ...pageParams(query) },
          },
          (wire) => mapPullRequest(wire, context),
        );
        if (filter === 'all' || filter === 'open') return page;
        // A page may come back shorter than `limit` (or empty) but the cursor still advances.
        return { ...page, items: page.items.filter((pr) => pr.state === filter) };
      });
    },

    getPullRequestDiff(repo, number) {
      return inRepo(repo, async () => {
        const path = repoPath(repo, `/pulls/${numberSegment(number)}`);
        const { body: pr } = await call(
          WirePullRequestSchema.extend({ changed_files: z.number().optional() }),
          { path },
        );
        const files: Diff['files'] = [];
        let page: string | null = '1';
        for (let count = 0; page !== null && count < MAX_DIFF_FILE_PAGES; count++) {
          const { body, headers } = await call(z.array(WireDiffEntrySchema), {
            path: `${path}/files`,
            query: { per_page: 100, page },
          });
          files.push(...body.map(mapDiffEntry));
          page = nextPage(headers);
        }
        const truncatedList = page !== null || (pr.changed_files ?? 0) > files.length;
        const complete = await completeDiff(files, truncatedList, path);
        return {
          ...base(pr, context),
          sha: pr.head.sha,
          baseSha: pr.base.sha,
          files: complete.files,
          truncated: complete.truncated,
        };
      });
    },

    listContributors(repo, query) {
      return inRepo(repo, () =>
        listPage(
          WireContributorSchema,
          { path: repoPath(repo, '/contributors'), query: pageParams(query) },
          (wire) => mapContributor(wire, context),
        ),
      );
    },

    listTags(repo, query) {
      return inRepo(repo, () =>
        listPage(
          WireTagSchema,
          { path: repoPath(repo, '/tags'), query: pageParams(query) },
          (wire) => mapTag(wire, context),
        ),
      );
    },

    listReleases(repo, query) {
      return inRepo(repo, () =>
        listPage(
          WireReleaseSchema,
          { path: repoPath(repo, '/releases'), query: pageParams(query) },
          (wire) => mapRelease(wire, context),
        ),
      );
    },

    listChecks(repo, query) {
      return inRepo(repo, async () => {
        const cursor = parseTaggedCursor(query.cursor, ['r', 's'] as const) ?? {
          tag: 'r' as const,
          value: 1,
        };
        const { per_page } = pageParams({ limit: query.limit });
        if (cursor.value < 1) throw invalidCursor();
        const ref = refSegment(query.ref ?? query.branch ?? (await defaultBranch(repo)));
        // Check runs first, then commit statuses: one cursor walks both sources in turn.
        if (cursor.tag === 'r') {
          const { body, headers } = await call(WireCheckRunsSchema, {
            path: repoPath(repo, `/commits/${ref}/check-runs`),
            query: { per_page, page: cursor.value },
          });
          const items = body.check_runs.map((run) => mapCheckRun(run, context));
          const next = nextPage(headers);
          if (next !== null) return { items, nextCursor: `r:${next}` };
          if (items.length > 0) return { items, nextCursor: 's:1' };
        }
        const page = cursor.tag === 's' ? cursor.value : 1;
        // The combined status holds the latest status of each context (the plain list keeps
        // every update). https://docs.github.com/rest/commits/statuses#get-the-combined-status-for-a-specific-reference
        const { body, headers } = await call(WireCombinedStatusSchema, {
          path: repoPath(repo, `/commits/${ref}/status`),
          query: { per_page, page },
        });
        const next = nextPage(headers);
        return {
          items: body.statuses.map((status) => mapCommitStatus(status, body.sha, context)),
          nextCursor: next === null ? null : `s:${next}`,
        };
      });
    },

    listDeployments(repo, query) {
      return inRepo(repo, async () => {
        const { body, headers } = await call(z.array(WireDeploymentSchema), {
          path: repoPath(repo, '/deployments'),
          query: { ...pageParams(query), environment: query.environment },
        });
        // The list has no state: a deployment's state is its newest status (newest first).
        const deployments = await Promise.all(
          body.map(async (deployment) => {
            const { body: statuses } = await call(z.array(WireDeploymentStatusSchema), {
              path: repoPath(repo, `/deployments/${deployment.id}/statuses`),
              query: { per_page: 1 },
            });
            return mapDeployment(deployment, statuses[0], context);
          }),
        );
        return {
          // GitHub cannot filter deployments by state; a filtered page may come back short.
          items:
            query.state === undefined
              ? deployments
              : deployments.filter((deployment) => deployment.state === query.state),
          nextCursor: nextPage(headers),
        };
      });
    },

    listFileTree(repo, query) {
      return inRepo(repo, async () => {
        const { per_page: limit } = pageParams({ limit: query.limit });
        let treeRef: string;
        let offset = 0;
        if (query.cursor === undefined) {
          treeRef = refSegment(query.ref ?? query.branch ?? (await defaultBranch(repo)));
        } else {
          // The cursor pins the tree it started on, so a branch moving between pages cannot
          // shift the offsets.
          const match = TREE_CURSOR.exec(query.cursor);
          if (match === null) throw invalidCursor();
          treeRef = match[1] ?? '';
          offset = Number(match[2]);
        }
        const prefix = (query.path ?? '').replace(/^\/+|\/+$/g, '');
        const recursive = query.recursive === true;
        // Without recursion and path the root tree alone is enough; otherwise the recursive tree
        // is filtered to the path. https://docs.github.com/rest/git/trees#get-a-tree
        const whole = recursive || prefix !== '';
        const { body } = await call(WireTreeSchema, {
          path: repoPath(repo, `/git/trees/${treeRef}`),
          query: whole ? { recursive: 1 } : {},
        });
        const under = prefix === '' ? '' : `${prefix}/`;
        const entries = body.tree.filter((entry) => {
          if (!entry.path.startsWith(under)) return false;
          return recursive || !entry.path.slice(under.length).includes('/');
        });
        if (
          prefix !== '' &&
          entries.length === 0 &&
          !body.tree.some((entry) => entry.path === prefix)
        )
          throw new ScmError('RESOURCE_NOT_FOUND', {
            provider: GITHUB_PROVIDER_ID,
            message: 'No such path in the tree.',
          });
        const slice = entries.slice(offset, offset + limit);
        const end = offset + slice.length;
        return {
          items: slice.map((entry) => mapFileTreeEntry(entry, context)),
          nextCursor: end < entries.length ? `${body.sha}:${end}` : null,
        };
      });
    },

    listOrganizations(query) {
      return listPage(
        WireOrganizationSchema,
        { path: '/user/orgs', query: pageParams(query) },
        (wire) => mapOrganization(wire, { ...context, webUrl }),
      );
    },

    async searchPullRequests(query) {
      // https://docs.github.com/search-github/searching-on-github/searching-issues-and-pull-requests
      const state =
        query.state === 'open'
          ? 'is:open'
          : query.state === 'closed'
            ? 'is:closed is:unmerged'
            : query.state === 'merged'
              ? 'is:merged'
              : '';
      for (const value of [query.repo, query.author]) {
        if (value !== undefined && /[\s"]/.test(value))
          throw invalidInput('repo and author must not contain spaces or quotes');
      }
      const q = [
        'is:pr',
        state,
        query.repo === undefined ? '' : `repo:${query.repo}`,
        query.author === undefined ? '' : `author:${query.author}`,
      ]
        .filter((part) => part !== '')
        .join(' ');
      const { body, headers } = await call(WireSearchSchema(WireIssueSearchItemSchema), {
        path: '/search/issues',
        query: { q, sort: 'created', order: 'desc', ...pageParams(query) },
      });
      return {
        items: body.items.map((item) => mapIssueSearchItem(item, context)),
        nextCursor: nextPage(headers),
      };
    },

    async listSshKeys() {
      const keys = [];
      let page: string | null = '1';
      for (let count = 0; page !== null && count < SSH_KEY_PAGE_LIMIT; count++) {
        const { body, headers } = await call(z.array(WireKeySchema), {
          path: '/user/keys',
          query: { per_page: 100, page },
        });
        keys.push(...body.map((key) => mapSshKey(key, context)));
        page = nextPage(headers);
      }
      return keys;
    },

    async createWebhook(repo, input) {
      const { body } = await inRepo(repo, () =>
        call(WireHookSchema, {
          method: 'POST',
          path: repoPath(repo, '/hooks'),
          body: {
            name: 'web',
            active: input.active,
            events: input.events,
            config: {
              url: input.callbackUrl,
              content_type: 'json',
              insecure_ssl: '0',
              ...(input.secret === undefined ? {} : { secret: input.secret }),
            },
          },
        }),
      );
      return mapEventSubscription(body, repoName(repo), context);
    },

    async deleteWebhook(repo, id) {
      if (!NUMERIC_ID.test(id)) throw invalidInput('A GitHub webhook id is numeric');
      await inRepo(repo, () =>
        send({ method: 'DELETE', path: repoPath(repo, `/hooks/${id}`), responseType: 'text' }),
      );
    },

    async createComment(repo, input) {
      // Pull requests are issues: their conversation comments live on the issue.
      const { body } = await inRepo(repo, () =>
        call(WireIssueCommentSchema, {
          method: 'POST',
          path: repoPath(repo, `/issues/${numberSegment(input.number)}/comments`),
          body: { body: input.body },
        }),
      );
      return { id: String(body.id), webUrl: body.html_url ?? null };
    },

    async addLabels(repo, input) {
      const { body } = await inRepo(repo, () =>
        call(WireLabelsSchema, {
          method: 'POST',
          path: repoPath(repo, `/issues/${numberSegment(input.number)}/labels`),
          body: { labels: input.labels },
        }),
      );
      return { labels: body.map((label) => label.name) };
    },

    async setCommitStatus(repo, input) {
      const sha = shaSegment(input.sha);
      const { body } = await inRepo(repo, () =>
        call(WireStatusSchema, {
          method: 'POST',
          path: repoPath(repo, `/statuses/${sha}`),
          body: {
            state: input.state,
            context: input.context,
            description: input.description,
            target_url: input.targetUrl,
          },
        }),
      );
      return mapCommitStatus(body, sha, context);
    },

    webhooks: createGitHubWebhooks({ secrets: settings.webhookSecrets ?? [], clock }),
    oauth,

    close: async () => {
      await http.close();
      await oauth?.close();
      await credential.close();
    },
  };
  return provider;
}

import {
  createHttpClient,
  defineCapabilities,
  formatRepoRef,
  ScmError,
  systemClock,
  transportOptions,
  type Page,
  type HttpRequest,
  type RepoRef,
  type ScmProvider,
} from '@scm/core';
import type { z } from 'zod';
import { mapExampleError, unexpectedShape, unsupported } from './example-errors.js';
import { pageParams, toPage } from './example-pagination.js';
import {
  WireBranchSchema,
  WireChangeSchema,
  WireCheckSchema,
  WireCommentSchema,
  WireCommitSchema,
  WireContributorSchema,
  WireDeploymentSchema,
  WireDiffSchema,
  WireHookSchema,
  WireMeSchema,
  WireOrganizationSchema,
  WireReleaseSchema,
  WireRepositorySchema,
  WireTagSchema,
  WireTreeEntrySchema,
  wirePageSchema,
  type WirePage,
} from './example-schemas.js';
import { EXAMPLE_DEFAULT_BASE_URL, type ExampleProviderSettings } from './example-settings.js';
import { createExampleWebhooks } from './example-webhooks.js';
import { mapOrganization, mapViewer } from './map-account.js';
import { mapCheck, mapDeployment, mapEventSubscription } from './map-ci.js';
import { mapCommit, mapDiff } from './map-commit.js';
import { EXAMPLE_PROVIDER_ID, type MapContext } from './map-common.js';
import { mapFileTreeEntry } from './map-file-tree.js';
import { mapPullRequest } from './map-pull-request.js';
import { mapBranch, mapContributor, mapRelease, mapTag } from './map-refs.js';
import { mapRepository } from './map-repository.js';

export const exampleCapabilities = defineCapabilities({
  listSshKeys: {
    supported: false,
    notes: 'The example API has no endpoint for the user’s SSH keys.',
  },
  addLabels: { supported: false, notes: 'Labels are read-only in the example API.' },
});

const Pages = {
  organizations: wirePageSchema(WireOrganizationSchema),
  repositories: wirePageSchema(WireRepositorySchema),
  branches: wirePageSchema(WireBranchSchema),
  commits: wirePageSchema(WireCommitSchema),
  changes: wirePageSchema(WireChangeSchema),
  contributors: wirePageSchema(WireContributorSchema),
  tags: wirePageSchema(WireTagSchema),
  releases: wirePageSchema(WireReleaseSchema),
  checks: wirePageSchema(WireCheckSchema),
  deployments: wirePageSchema(WireDeploymentSchema),
  tree: wirePageSchema(WireTreeEntrySchema),
};

// A sha or a number goes into a path segment: refuse anything else instead of encoding it.
const SHA = /^[0-9a-f]{7,64}$/i;

function shaSegment(sha: string): string {
  if (!SHA.test(sha))
    throw new ScmError('INVALID_REQUEST', {
      provider: EXAMPLE_PROVIDER_ID,
      message: 'sha must be hexadecimal',
    });
  return sha;
}

function numberSegment(value: number): string {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new ScmError('INVALID_REQUEST', {
      provider: EXAMPLE_PROVIDER_ID,
      message: 'number must be a non-negative integer',
    });
  }
  return String(value);
}

/** The "example" provider: the template every real adapter follows (see CONTRIBUTING.md). */
export function createExampleProvider(settings: ExampleProviderSettings): ScmProvider {
  const clock = settings.clock ?? systemClock;
  const context: MapContext = { includeRaw: settings.includeRaw ?? false };
  const http = createHttpClient({
    ...transportOptions(settings),
    baseUrl: settings.baseUrl ?? EXAMPLE_DEFAULT_BASE_URL,
    provider: EXAMPLE_PROVIDER_ID,
    headers: { authorization: `Bearer ${settings.token}` },
    clock,
    mapError: mapExampleError,
  });

  async function call<S extends z.ZodType>(schema: S, request: HttpRequest): Promise<z.infer<S>> {
    const response = await http.request(request);
    const parsed = schema.safeParse(response.body);
    if (!parsed.success) throw unexpectedShape(request.path);
    return parsed.data;
  }

  async function listPage<W, T>(
    schema: z.ZodType<WirePage<W>>,
    request: HttpRequest,
    map: (wire: W, context: MapContext) => T,
  ): Promise<Page<T>> {
    return toPage(await call(schema, request), (wire) => map(wire, context));
  }

  const repoPath = (repo: RepoRef, rest = ''): string => `/repos/${formatRepoRef(repo)}${rest}`;
  const repoName = (repo: RepoRef): string => (repo.kind === 'path' ? repo.fullPath : repo.id);

  return {
    id: EXAMPLE_PROVIDER_ID,
    capabilities: exampleCapabilities,

    async getViewer() {
      const me = await call(WireMeSchema, { path: '/me' });
      return mapViewer(me.user, context);
    },

    async listRepositories(query) {
      return listPage(
        Pages.repositories,
        {
          path: '/repos',
          query: { ...pageParams(query), owner: query.owner, q: query.search },
        },
        mapRepository,
      );
    },

    async getRepository(repo) {
      return mapRepository(await call(WireRepositorySchema, { path: repoPath(repo) }), context);
    },

    async listBranches(repo, query) {
      return listPage(
        Pages.branches,
        {
          path: repoPath(repo, '/branches'),
          query: pageParams(query),
        },
        mapBranch,
      );
    },

    async listCommits(repo, query) {
      return listPage(
        Pages.commits,
        {
          path: repoPath(repo, '/commits'),
          query: { ...pageParams(query), branch: query.branch },
        },
        mapCommit,
      );
    },

    async getCommitDiff(repo, sha) {
      return mapDiff(
        await call(WireDiffSchema, { path: repoPath(repo, `/commits/${shaSegment(sha)}/diff`) }),
        context,
      );
    },

    async listPullRequests(repo, query) {
      return listPage(
        Pages.changes,
        {
          path: repoPath(repo, '/changes'),
          query: { ...pageParams(query), status: query.state ?? 'open' },
        },
        mapPullRequest,
      );
    },

    async getPullRequestDiff(repo, number) {
      return mapDiff(
        await call(WireDiffSchema, {
          path: repoPath(repo, `/changes/${numberSegment(number)}/diff`),
        }),
        context,
      );
    },

    async listContributors(repo, query) {
      return listPage(
        Pages.contributors,
        {
          path: repoPath(repo, '/contributors'),
          query: pageParams(query),
        },
        mapContributor,
      );
    },

    async listTags(repo, query) {
      return listPage(
        Pages.tags,
        {
          path: repoPath(repo, '/tags'),
          query: pageParams(query),
        },
        mapTag,
      );
    },

    async listReleases(repo, query) {
      return listPage(
        Pages.releases,
        {
          path: repoPath(repo, '/releases'),
          query: pageParams(query),
        },
        mapRelease,
      );
    },

    async listChecks(repo, query) {
      return listPage(
        Pages.checks,
        {
          path: repoPath(repo, '/checks'),
          query: { ...pageParams(query), ref: query.ref ?? query.branch },
        },
        mapCheck,
      );
    },

    async listDeployments(repo, query) {
      return listPage(
        Pages.deployments,
        {
          path: repoPath(repo, '/deployments'),
          query: { ...pageParams(query), environment: query.environment, state: query.state },
        },
        mapDeployment,
      );
    },

    async listFileTree(repo, query) {
      return listPage(
        Pages.tree,
        {
          path: repoPath(repo, '/tree'),
          query: {
            ...pageParams(query),
            ref: query.ref ?? query.branch,
            path: query.path,
            recursive: query.recursive === true ? 'true' : undefined,
          },
        },
        mapFileTreeEntry,
      );
    },

    async listOrganizations(query) {
      return listPage(
        Pages.organizations,
        { path: '/orgs', query: pageParams(query) },
        mapOrganization,
      );
    },

    async searchPullRequests(query) {
      return listPage(
        Pages.changes,
        {
          path: '/search/changes',
          query: {
            ...pageParams(query),
            status: query.state,
            repo: query.repo,
            author: query.author,
          },
        },
        mapPullRequest,
      );
    },

    listSshKeys() {
      return Promise.reject(unsupported('listSshKeys'));
    },

    async createWebhook(repo, input) {
      const hook = await call(WireHookSchema, {
        method: 'POST',
        path: repoPath(repo, '/hooks'),
        body: {
          url: input.callbackUrl,
          events: input.events,
          active: input.active,
          secret: input.secret,
        },
      });
      return mapEventSubscription(hook, repoName(repo), context);
    },

    async deleteWebhook(repo, id) {
      await http.request({
        method: 'DELETE',
        path: repoPath(repo, `/hooks/${encodeURIComponent(id)}`),
        responseType: 'text',
      });
    },

    async createComment(repo, input) {
      const comment = await call(WireCommentSchema, {
        method: 'POST',
        path: repoPath(repo, `/changes/${numberSegment(input.number)}/comments`),
        body: { body: input.body },
      });
      return { id: String(comment.id), webUrl: comment.web_url };
    },

    addLabels() {
      return Promise.reject(unsupported('addLabels'));
    },

    async setCommitStatus(repo, input) {
      const check = await call(WireCheckSchema, {
        method: 'POST',
        path: repoPath(repo, `/commits/${shaSegment(input.sha)}/statuses`),
        body: {
          state: input.state,
          context: input.context,
          description: input.description,
          target_url: input.targetUrl,
        },
      });
      return mapCheck(check, context);
    },

    webhooks: createExampleWebhooks({ secrets: settings.webhookSecrets ?? [], clock }),

    close: () => http.close(),
  };
}

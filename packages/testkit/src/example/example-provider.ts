import {
  createHttpClient,
  defineCapabilities,
  formatRepoRef,
  ScmError,
  systemClock,
  type HttpClientOptions,
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
  const options: HttpClientOptions = {
    baseUrl: settings.baseUrl ?? EXAMPLE_DEFAULT_BASE_URL,
    provider: EXAMPLE_PROVIDER_ID,
    headers: { authorization: `Bearer ${settings.token}` },
    clock,
    mapError: mapExampleError,
  };
  if (settings.dispatcher !== undefined) options.dispatcher = settings.dispatcher;
  if (settings.userAgent !== undefined) options.userAgent = settings.userAgent;
  if (settings.timeoutMs !== undefined) options.timeoutMs = settings.timeoutMs;
  if (settings.retry !== undefined) options.retry = settings.retry;
  if (settings.cache !== undefined) options.cache = settings.cache;
  if (settings.logger !== undefined) options.logger = settings.logger;
  const http = createHttpClient(options);

  async function call<S extends z.ZodType>(schema: S, request: HttpRequest): Promise<z.infer<S>> {
    const response = await http.request(request);
    const parsed = schema.safeParse(response.body);
    if (!parsed.success) throw unexpectedShape(request.path);
    return parsed.data;
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
      const page = await call(Pages.repositories, {
        path: '/repos',
        query: { ...pageParams(query), owner: query.owner, q: query.search },
      });
      return toPage(page, (wire) => mapRepository(wire, context));
    },

    async getRepository(repo) {
      return mapRepository(await call(WireRepositorySchema, { path: repoPath(repo) }), context);
    },

    async listBranches(repo, query) {
      const page = await call(Pages.branches, {
        path: repoPath(repo, '/branches'),
        query: pageParams(query),
      });
      return toPage(page, (wire) => mapBranch(wire, context));
    },

    async listCommits(repo, query) {
      const page = await call(Pages.commits, {
        path: repoPath(repo, '/commits'),
        query: { ...pageParams(query), branch: query.branch },
      });
      return toPage(page, (wire) => mapCommit(wire, context));
    },

    async getCommitDiff(repo, sha) {
      return mapDiff(
        await call(WireDiffSchema, { path: repoPath(repo, `/commits/${shaSegment(sha)}/diff`) }),
        context,
      );
    },

    async listPullRequests(repo, query) {
      const page = await call(Pages.changes, {
        path: repoPath(repo, '/changes'),
        query: { ...pageParams(query), status: query.state ?? 'open' },
      });
      return toPage(page, (wire) => mapPullRequest(wire, context));
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
      const page = await call(Pages.contributors, {
        path: repoPath(repo, '/contributors'),
        query: pageParams(query),
      });
      return toPage(page, (wire) => mapContributor(wire, context));
    },

    async listTags(repo, query) {
      const page = await call(Pages.tags, {
        path: repoPath(repo, '/tags'),
        query: pageParams(query),
      });
      return toPage(page, (wire) => mapTag(wire, context));
    },

    async listReleases(repo, query) {
      const page = await call(Pages.releases, {
        path: repoPath(repo, '/releases'),
        query: pageParams(query),
      });
      return toPage(page, (wire) => mapRelease(wire, context));
    },

    async listChecks(repo, query) {
      const page = await call(Pages.checks, {
        path: repoPath(repo, '/checks'),
        query: { ...pageParams(query), ref: query.ref ?? query.branch },
      });
      return toPage(page, (wire) => mapCheck(wire, context));
    },

    async listDeployments(repo, query) {
      const page = await call(Pages.deployments, {
        path: repoPath(repo, '/deployments'),
        query: { ...pageParams(query), environment: query.environment, state: query.state },
      });
      return toPage(page, (wire) => mapDeployment(wire, context));
    },

    async listFileTree(repo, query) {
      const page = await call(Pages.tree, {
        path: repoPath(repo, '/tree'),
        query: {
          ...pageParams(query),
          ref: query.ref ?? query.branch,
          path: query.path,
          recursive: query.recursive === true ? 'true' : undefined,
        },
      });
      return toPage(page, (wire) => mapFileTreeEntry(wire, context));
    },

    async listOrganizations(query) {
      const page = await call(Pages.organizations, { path: '/orgs', query: pageParams(query) });
      return toPage(page, (wire) => mapOrganization(wire, context));
    },

    async searchPullRequests(query) {
      const page = await call(Pages.changes, {
        path: '/search/changes',
        query: {
          ...pageParams(query),
          status: query.state,
          repo: query.repo,
          author: query.author,
        },
      });
      return toPage(page, (wire) => mapPullRequest(wire, context));
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

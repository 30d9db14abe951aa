import type { Operation } from '@scm/core';
import { z } from 'zod';
import type { Scope } from '../scopes.js';

// The unified API, declared once: the router registers its routes from this table, discovery
// (`/v1/platform/capabilities`) and the `/docs` page list it, and an OpenAPI document can be
// generated from it (summary, parameters, body, pagination). Table order is the order every
// listing shows.

export type HttpMethod = 'GET' | 'POST';

/**
 * How a response pages:
 * - `none`: one object (or `{ data }` without `page_info`);
 * - `cursor`: a collection `{ data, page_info }` walked with `limit` and `cursor`;
 * - `cursor-with-provider`: like `cursor` when `provider` is given; without it, one merged first
 *   page across the caller's connections (a `cursor` is refused).
 */
export type Pagination = 'none' | 'cursor' | 'cursor-with-provider';

export interface PathParam {
  name: string;
  description: string;
}

export interface UnifiedEndpoint {
  method: HttpMethod;
  /** An Express path; its `:name` segments are the `pathParams`, in order. */
  path: string;
  /** The adapter operation that serves it (per-provider support in capabilities). */
  operation: Operation;
  /** The scope the caller's token (and the customer's approval) must hold. */
  scope: Scope;
  summary: string;
  pathParams: readonly PathParam[];
  /**
   * The query it reads besides `limit` and `cursor`, each field `.describe()`d. Absent: the query is
   * not read. A `.strict()` schema refuses unknown parameters.
   */
  query?: z.ZodObject;
  /** The JSON body it reads. */
  body?: z.ZodObject;
  pagination: Pagination;
}

const optionalText = z.string().min(1).max(512).optional();
const booleanFlag = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1')
  .optional();

const PROVIDER: PathParam = {
  name: 'provider',
  description: 'A provider id, as `GET /v1/providers` lists them.',
};
const REPO_ID: PathParam = {
  name: 'repoId',
  description: "The repository's provider id, as the repository listing returns it.",
};
const REPO = [PROVIDER, REPO_ID] as const;
const REPOSITORY = '/v1/repositories/:provider/:repoId';

const noFilters = z.object({}).strip();
const branchFilter = optionalText.describe('A branch name; the default branch when absent.');
const refFilter = optionalText.describe('A commit sha, branch or tag.');

export const SubscribeBody = z.object({
  callbackUrl: z
    .url()
    .max(2048)
    .refine((value) => /^https?:/.test(value), 'must be an http(s) URL')
    .describe(
      'Where the gateway delivers the normalized events, signed with the answered signingSecret (Standard Webhooks).',
    ),
  events: z
    .array(z.string().min(1).max(64))
    .min(1)
    .max(32)
    .describe('The provider event names to subscribe to.'),
  active: z.boolean().default(true).describe('Whether the hook delivers at once.'),
  secret: z
    .string()
    .min(8)
    .max(256)
    .optional()
    .describe(
      "The secret the gateway signs its deliveries to callbackUrl with (Standard Webhooks): a `whsec_…` secret as given, any other keyed by its UTF-8 bytes (a verifier's raw mode). Without it the gateway makes one. Either way the answer's signingSecret is the key in `whsec_` form. (The provider's hook to the gateway always has a secret of the gateway's.)",
    ),
});

/** Every unified endpoint, keyed by its endpoint key (the usage log's `endpointKey`). */
export const UNIFIED_ENDPOINTS = {
  me: {
    method: 'GET',
    path: '/v1/me',
    operation: 'getViewer',
    scope: 'read:profile',
    summary: "The connected accounts' profiles, one per approved connection.",
    pathParams: [],
    query: z.object({
      provider: z.string().optional().describe('Only the connections of this provider.'),
    }),
    pagination: 'none',
  },
  'repositories.list': {
    method: 'GET',
    path: '/v1/repositories',
    operation: 'listRepositories',
    scope: 'read:repositories',
    summary: 'The repositories the customer approved.',
    pathParams: [],
    query: z
      .object({
        provider: z
          .string()
          .optional()
          .describe('One provider, walked with a cursor; without it, one merged first page.'),
        search: optionalText.describe('Only repositories whose name matches.'),
      })
      .strict(),
    pagination: 'cursor-with-provider',
  },
  'repositories.get': {
    method: 'GET',
    path: REPOSITORY,
    operation: 'getRepository',
    scope: 'read:repositories',
    summary: 'One repository.',
    pathParams: REPO,
    pagination: 'none',
  },
  'repositories.branches': {
    method: 'GET',
    path: `${REPOSITORY}/branches`,
    operation: 'listBranches',
    scope: 'read:branches',
    summary: "The repository's branches.",
    pathParams: REPO,
    query: noFilters,
    pagination: 'cursor',
  },
  'repositories.commits': {
    method: 'GET',
    path: `${REPOSITORY}/commits`,
    operation: 'listCommits',
    scope: 'read:commits',
    summary: 'The commit history of a branch, newest first.',
    pathParams: REPO,
    query: z.object({ branch: branchFilter }).strict(),
    pagination: 'cursor',
  },
  'repositories.commits.diff': {
    method: 'GET',
    path: `${REPOSITORY}/commits/:commitId/diff`,
    operation: 'getCommitDiff',
    scope: 'read:diffs',
    summary: "A commit's diff, through the firewall for platform tokens.",
    pathParams: [...REPO, { name: 'commitId', description: 'The commit sha (4–64 hex digits).' }],
    pagination: 'none',
  },
  'repositories.pull-requests': {
    method: 'GET',
    path: `${REPOSITORY}/pull-requests`,
    operation: 'listPullRequests',
    scope: 'read:pull-requests',
    summary: 'Pull (merge) requests, by state.',
    pathParams: REPO,
    query: z
      .object({
        state: z
          .enum(['open', 'closed', 'merged', 'all'])
          .default('open')
          .describe('Which pull requests: `open` (the default), `closed`, `merged` or `all`.'),
      })
      .strict(),
    pagination: 'cursor',
  },
  'repositories.pull-requests.diff': {
    method: 'GET',
    path: `${REPOSITORY}/pull-requests/:pullRequestId/diff`,
    operation: 'getPullRequestDiff',
    scope: 'read:diffs',
    summary: "A pull request's diff, through the firewall for platform tokens.",
    pathParams: [...REPO, { name: 'pullRequestId', description: 'The pull request number.' }],
    pagination: 'none',
  },
  'repositories.contributors': {
    method: 'GET',
    path: `${REPOSITORY}/contributors`,
    operation: 'listContributors',
    scope: 'read:authors',
    summary: "The repository's contributors.",
    pathParams: REPO,
    query: noFilters,
    pagination: 'cursor',
  },
  'repositories.tags': {
    method: 'GET',
    path: `${REPOSITORY}/tags`,
    operation: 'listTags',
    scope: 'read:tags',
    summary: "The repository's tags.",
    pathParams: REPO,
    query: noFilters,
    pagination: 'cursor',
  },
  'repositories.releases': {
    method: 'GET',
    path: `${REPOSITORY}/releases`,
    operation: 'listReleases',
    scope: 'read:releases',
    summary: "The repository's releases.",
    pathParams: REPO,
    query: noFilters,
    pagination: 'cursor',
  },
  'repositories.checks': {
    method: 'GET',
    path: `${REPOSITORY}/checks`,
    operation: 'listChecks',
    scope: 'read:checks',
    summary: 'CI check runs and statuses of a commit.',
    pathParams: REPO,
    query: z.object({ ref: refFilter, branch: branchFilter }).strict(),
    pagination: 'cursor',
  },
  'repositories.deployments': {
    method: 'GET',
    path: `${REPOSITORY}/deployments`,
    operation: 'listDeployments',
    scope: 'read:deployments',
    summary: "The repository's deployments.",
    pathParams: REPO,
    query: z
      .object({
        environment: optionalText.describe('Only deployments to this environment.'),
        state: optionalText.describe('Only deployments in this state.'),
      })
      .strict(),
    pagination: 'cursor',
  },
  'repositories.file-tree': {
    method: 'GET',
    path: `${REPOSITORY}/file-tree`,
    operation: 'listFileTree',
    scope: 'read:file-tree',
    summary: 'The file tree at a ref, minus the paths the firewall blocks for platform tokens.',
    pathParams: REPO,
    query: z
      .object({
        ref: refFilter,
        branch: branchFilter,
        path: optionalText.describe('A directory; the root when absent.'),
        recursive: booleanFlag.describe('`true` or `1`: every entry below, not one level.'),
      })
      .strict(),
    pagination: 'cursor',
  },
  'repositories.files.content': {
    method: 'GET',
    path: `${REPOSITORY}/files/content`,
    operation: 'getFileContent',
    // A file's content is code, as a diff is: the scope that shows code (read:diffs), not the one
    // that shows the tree's structure. The firewall applies as it does to diffs.
    scope: 'read:diffs',
    summary:
      "One file's content at a ref (text as UTF-8, binary as base64), through the firewall for platform tokens.",
    pathParams: REPO,
    query: z
      .object({
        path: z
          .string()
          .min(1)
          .max(4096)
          .describe("The file's path from the repository root, e.g. `src/index.ts`."),
        ref: refFilter.describe('A branch, tag or commit sha; the default branch when absent.'),
      })
      .strict(),
    pagination: 'none',
  },
  'repositories.events.subscribe': {
    method: 'POST',
    path: `${REPOSITORY}/events/subscribe`,
    operation: 'createWebhook',
    scope: 'events:subscribe',
    summary: 'Creates a webhook on the repository; revoking the authorization removes it.',
    pathParams: REPO,
    body: SubscribeBody,
    pagination: 'none',
  },
} as const satisfies Record<string, UnifiedEndpoint>;

export type EndpointKey = keyof typeof UNIFIED_ENDPOINTS;

/** The table as a list, in declaration order, each entry with its key. */
export const UNIFIED_ENDPOINT_LIST: readonly (UnifiedEndpoint & { key: EndpointKey })[] =
  Object.entries(UNIFIED_ENDPOINTS).map(([key, endpoint]) => ({
    ...(endpoint as UnifiedEndpoint),
    key: key as EndpointKey,
  }));

/** `GET /v1/me`: how capabilities and the docs name an endpoint. */
export function endpointLabel(endpoint: Pick<UnifiedEndpoint, 'method' | 'path'>): string {
  return `${endpoint.method} ${endpoint.path}`;
}

export interface EndpointParameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  description: string;
}

/** Every parameter of an endpoint (path, then query, then paging), e.g. for an OpenAPI document. */
export function endpointParameters(endpoint: UnifiedEndpoint): EndpointParameter[] {
  const shape: Record<string, z.ZodType> = endpoint.query?.shape ?? {};
  const query = Object.entries(shape).map(([name, schema]) => ({
    name,
    in: 'query' as const,
    required: !schema.safeParse(undefined).success,
    description: schema.description ?? '',
  }));
  const paging: EndpointParameter[] =
    endpoint.pagination === 'none'
      ? []
      : [
          {
            name: 'limit',
            in: 'query',
            required: false,
            description: 'Items per page, 1–100 (default 25).',
          },
          {
            name: 'cursor',
            in: 'query',
            required: false,
            description: "The previous page's `next_cursor`, unchanged.",
          },
        ];
  return [
    ...endpoint.pathParams.map((param) => ({ ...param, in: 'path' as const, required: true })),
    ...query,
    ...paging,
  ];
}

import {
  BranchSchema,
  CheckSchema,
  CommitSchema,
  ContributorSchema,
  DeploymentSchema,
  DiffSchema,
  FileContentSchema,
  FileTreeEntrySchema,
  PullRequestSchema,
  ReleaseSchema,
  RepositorySchema,
  TagSchema,
  ViewerSchema,
  type ScmErrorCode,
} from '@scm/core';
import { z } from 'zod';
import { PROVIDER_IDS } from '../../providers/catalogue.js';
import {
  UNIFIED_ENDPOINT_LIST,
  type EndpointKey,
  type UnifiedEndpoint,
} from '../../unified/endpoints.js';
import { collectionOf, PageQuery } from '../components.js';
import { UNIFIED_EXAMPLES } from '../examples.js';
import type { ResponseDoc, RouteDoc, RouteGroup } from '../route-doc.js';

// The unified read API, from its one table (src/unified/endpoints.ts): paths, summaries,
// parameters, bodies and paging come from there; only the answers' shapes are added here, from
// the normalized schemas of @scm/core (without `raw`: the router strips it from every item).

const Viewer = ViewerSchema.omit({ raw: true });
const Diff = DiffSchema.omit({ raw: true });

const SubscriptionCreated = z.object({
  id: z.string(),
  provider: z.string(),
  repositoryId: z.string(),
  providerSubscriptionId: z.string().nullable(),
  callbackUrl: z.string(),
  events: z.array(z.string()),
  active: z.boolean(),
  signingSecret: z
    .string()
    .describe('Shown once: deliveries to callbackUrl are signed with it (Standard Webhooks).'),
  createdAt: z.string(),
});

/** What each endpoint answers: one object, or the items of its collection. */
const ANSWERS: Record<EndpointKey, { item: z.ZodType } | { body: z.ZodType }> = {
  me: {
    body: z.object({
      data: z.array(Viewer.extend({ connectionId: z.string() })),
    }),
  },
  'repositories.list': { item: RepositorySchema.omit({ raw: true }) },
  'repositories.get': { body: RepositorySchema.omit({ raw: true }) },
  'repositories.branches': { item: BranchSchema.omit({ raw: true }) },
  'repositories.commits': { item: CommitSchema.omit({ raw: true }) },
  'repositories.commits.diff': { body: Diff },
  'repositories.pull-requests': { item: PullRequestSchema.omit({ raw: true }) },
  'repositories.pull-requests.diff': { body: Diff },
  'repositories.contributors': { item: ContributorSchema.omit({ raw: true }) },
  'repositories.tags': { item: TagSchema.omit({ raw: true }) },
  'repositories.releases': { item: ReleaseSchema.omit({ raw: true }) },
  'repositories.checks': { item: CheckSchema.omit({ raw: true }) },
  'repositories.deployments': { item: DeploymentSchema.omit({ raw: true }) },
  'repositories.file-tree': { item: FileTreeEntrySchema.omit({ raw: true }) },
  'repositories.files.content': { body: FileContentSchema.omit({ raw: true }) },
  'repositories.events.subscribe': { body: SubscriptionCreated },
};

/** Every unified call may meet these: the approval, the connection, and the provider. */
const UNIFIED_ERRORS: readonly ScmErrorCode[] = [
  'APPROVAL_REQUIRED',
  'APPROVAL_PENDING',
  'PROVIDER_ACCOUNT_NOT_CONNECTED',
  'ACCESS_BLOCKED_BY_POLICY',
  'UNSUPPORTED_PROVIDER',
  'UNSUPPORTED_ENDPOINT',
  'AUTH_EXPIRED',
  'RATE_LIMITED',
  'UPSTREAM_TIMEOUT',
  'UPSTREAM_UNAVAILABLE',
];
const REPOSITORY_ERRORS: readonly ScmErrorCode[] = [
  'REPOSITORY_NOT_APPROVED',
  'REPOSITORY_NOT_FOUND',
  'RESOURCE_NOT_FOUND',
];
const PAGING_ERRORS: readonly ScmErrorCode[] = [
  'INVALID_LIMIT',
  'INVALID_CURSOR',
  'CURSOR_EXPIRED',
];

function pathParams(endpoint: UnifiedEndpoint): z.ZodObject | undefined {
  if (endpoint.pathParams.length === 0) return undefined;
  return z.object(
    Object.fromEntries(
      endpoint.pathParams.map((param) => [
        param.name,
        param.name === 'provider'
          ? z.enum(PROVIDER_IDS).describe(param.description)
          : z.string().min(1).describe(param.description),
      ]),
    ),
  );
}

function query(endpoint: UnifiedEndpoint): z.ZodObject | undefined {
  if (endpoint.pagination === 'none') return endpoint.query;
  return endpoint.query === undefined ? PageQuery : endpoint.query.extend(PageQuery.shape);
}

function answer(key: EndpointKey, endpoint: UnifiedEndpoint): ResponseDoc {
  const shape = ANSWERS[key];
  const status = endpoint.method === 'POST' ? 201 : 200;
  const example = UNIFIED_EXAMPLES[key];
  const withExample = example === undefined ? {} : { example };
  if ('body' in shape)
    return {
      status,
      kind: 'json',
      description: endpoint.summary,
      schema: shape.body,
      ...withExample,
    };
  return {
    ...withExample,
    status,
    kind: 'json',
    description: `${endpoint.summary} One page: pass \`page_info.next_cursor\` back as \`cursor\` for the next.`,
    schema: collectionOf(shape.item),
  };
}

function routeOf(endpoint: UnifiedEndpoint & { key: EndpointKey }): RouteDoc {
  const params = pathParams(endpoint);
  const read = query(endpoint);
  const errors = [
    ...UNIFIED_ERRORS,
    ...(endpoint.pathParams.some((param) => param.name === 'repoId') ? REPOSITORY_ERRORS : []),
    ...(endpoint.pagination === 'none' ? [] : PAGING_ERRORS),
    ...(endpoint.pagination === 'cursor-with-provider'
      ? (['PAGINATION_NOT_SUPPORTED'] as const)
      : []),
  ];
  return {
    method: endpoint.method === 'POST' ? 'post' : 'get',
    path: endpoint.path,
    summary: endpoint.summary,
    description: `Operation \`${endpoint.operation}\` of the provider adapter; scope \`${endpoint.scope}\`.${
      endpoint.pagination === 'cursor-with-provider'
        ? ' With `provider`, pages are walked with `cursor`; without it, one merged first page across the connections (a `cursor` is refused with PAGINATION_NOT_SUPPORTED).'
        : ''
    }`,
    auth: { kind: 'accessToken', scope: endpoint.scope },
    ...(params === undefined ? {} : { params }),
    ...(read === undefined ? {} : { query: read }),
    ...(endpoint.body === undefined ? {} : { body: { schema: endpoint.body, type: 'json' } }),
    responses: [answer(endpoint.key, endpoint)],
    errors,
  };
}

export const UNIFIED_GROUP: RouteGroup = {
  name: 'Unified read API',
  audience: 'Authorization: Bearer ACCESS_TOKEN (one scope per route)',
  description:
    'One normalized read API over every connected provider. Collections are `{ data, page_info }`; walk them with `limit` and `cursor`.',
  routes: UNIFIED_ENDPOINT_LIST.map(routeOf),
};
